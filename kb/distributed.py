"""Ingest spread over Celery workers: a server KB's files read, parsed, extracted and stored by
any number of `policykb worker` processes, on any machines that reach the KB, the broker and
the files (a shared folder, at the same path everywhere).

    policykb worker --kb postgresql://kb@db/policykb --broker redis://queue:6379/0    # each worker machine
    policykb ingest /share/plans --kb postgresql://kb@db/policykb --broker redis://queue:6379/0

`ingest` (on a desktop) finds the files and hashes them, skips those the KB holds as they are,
and sends one task per file to the KB's own queue (named by the KB's id: workers of another KB
on the same broker never take it). A worker runs the desktop's stages on the file (kb.ingest:
read → parse → extract → store → index) and stores it in one transaction with its search rows:
the file is in the KB whole, or not at all. Tasks are acknowledged only when done
(acks_late) and given back when the worker process running them dies (reject_on_worker_lost),
so a worker killed mid-file leaves nothing written and another worker reads the file again; a
file that kills its worker MAX_ATTEMPTS times (a file built to exhaust memory) fails, alone.
Workers report each page read; `ingest` shows the progress and ends with the same per-file
summary as a desktop ingest. Celery and Redis are imported only here.
"""
from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from .index.server import ServerIndex
from .ingest import (
    FileResult,
    IngestReport,
    Progress,
    Stage,
    Status,
    consume,
    find,
    rederive,
    skip_unchanged,
)
from .read import ReadError, display_path, page_count, read_file
from .read.guard import guard_worker
from .store import Store, StoreError, open_db, read, shown_location

log = logging.getLogger(__name__)

TASK = "policykb.ingest_file"
QUEUE_PREFIX = "policykb-"
MAX_ATTEMPTS = 3  # a file whose worker died this many times fails (the next delivery does not read it)
WORKER_DIED = "读取时工作进程多次异常退出（超出内存限制或被终止）：文件可能是恶意构造的，已跳过"
# A task taken by a worker that then vanished (kill -9 of the whole worker, a machine lost) goes
# back to the queue after this many seconds; it must exceed the longest file's time.
VISIBILITY_TIMEOUT_S = int(os.environ.get("POLICYKB_VISIBILITY_TIMEOUT", "3600"))
WORKER_MAX_MB = 2000  # a worker process past this much memory is reading a bomb: it ends itself
TASKS_PER_PROCESS = 100  # a worker process is replaced after this many files (memory handed back)
POLL_S = 0.3  # how often `ingest` asks how the tasks go
WINDOW = 64  # tasks looked at per poll: the queue is first in, first out


def queue_name(db: Store) -> str:
    """The task queue of one server KB."""
    return QUEUE_PREFIX + read.kb_id(db)


def celery_app(broker: str):
    """A Celery app on `broker` (also the result backend: workers report progress there)."""
    from celery import Celery

    app = Celery("policykb", broker=broker, backend=broker, set_as_current=False)
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,  # a worker takes one file at a time: the others stay for idle workers
        task_serializer="json", result_serializer="json", accept_content=["json"],
        broker_transport_options={"visibility_timeout": VISIBILITY_TIMEOUT_S},
        result_backend_transport_options={"visibility_timeout": VISIBILITY_TIMEOUT_S},
        result_expires=24 * 3600,
        task_track_started=True,
        worker_max_tasks_per_child=TASKS_PER_PROCESS,
        worker_hijack_root_logger=False,
        broker_connection_retry_on_startup=True,
    )
    return app


def _broker_errors() -> tuple[type[Exception], ...]:
    from kombu.exceptions import OperationalError
    from redis.exceptions import RedisError

    return OperationalError, RedisError, OSError


# ----------------------------------------------------------------- worker ----
def run_worker(url: str, broker: str, concurrency: int = 1, loglevel: str = "INFO") -> None:
    """Run a Celery worker for the server KB at `url` until stopped (Ctrl-C, SIGTERM)."""
    db = open_db(url, rederive=rederive)  # brings the schema forward once, before any task
    try:
        queue = queue_name(db)
        ServerIndex(db)  # the search tables exist before the first task
    finally:
        db.close()
    app = celery_app(broker)

    @app.task(name=TASK, bind=True, acks_late=True, reject_on_worker_lost=True)
    def ingest_file(task, raw_path: str, digest: str, ocr: bool) -> dict:
        return run_task(task, url, raw_path, digest, ocr)

    from celery.signals import worker_process_init

    # each worker process is guarded as a desktop's readers are: it ends with the worker, and
    # past WORKER_MAX_MB (then the task goes back to the queue and is counted as an attempt)
    worker_process_init.connect(lambda **_: guard_worker(os.getppid(), WORKER_MAX_MB), weak=False)
    app.worker_main(["worker", f"--concurrency={concurrency}", "--pool=prefork", "-Q", queue,
                     f"--hostname=policykb-{os.getpid()}@%h", f"--loglevel={loglevel}",
                     "--without-gossip", "--without-mingle"])


def run_task(task, url: str, raw_path: str, digest: str, ocr: bool) -> dict:
    """One file, in a worker process: stored whole, or found unchanged, or failed (the result
    as a plain dict for the broker)."""
    path = Path(os.fsdecode(bytes.fromhex(raw_path)))
    attempt = _attempt(task)
    db = open_db(url, rederive=rederive)
    try:
        index = ServerIndex(db)
        with db.file_lock(display_path(path)):
            result = ingest_one(db, index, path, digest, ocr, attempt, _page_reporter(task))
    finally:
        db.close()
    return encode(result)


def ingest_one(db: Store, index, path: Path, digest: str, ocr: bool, attempt: int = 1,
               on_page: Callable[[int, bool], None] | None = None) -> FileResult:
    """A file through the desktop's stages, in this process, unless the KB holds it as it is
    (another desktop may have sent it too) or it has killed its worker too often."""
    known = read.find_file(db, display_path(path))
    if known is not None and known.sha256 == digest:
        return FileResult(path, Status.UNCHANGED, pages=known.pages)
    if attempt > MAX_ATTEMPTS:
        return FileResult(path, Status.FAILED, WORKER_DIED, Stage.READ)

    def pages() -> list:
        count = 0

        def seen(page) -> None:
            nonlocal count
            count += 1
            if on_page is not None:
                on_page(count, page.ocr)

        found = read_file(path, ocr=ocr, on_page=seen)
        if not found:
            raise ReadError("文件没有页面")
        return found

    return consume(db, index, path, digest, pages)


def _attempt(task) -> int:
    """How many times this task has been started (a worker that died had started it before)."""
    try:
        client = task.app.backend.client
        key = f"policykb:attempts:{task.request.id}"
        attempt = client.incr(key)
        client.expire(key, 7 * 24 * 3600)
        return int(attempt)
    except Exception as error:  # no count: the task runs (the limit only guards against loops)
        log.warning("attempt count unavailable: %s", error)
        return 1


def _page_reporter(task) -> Callable[[int, bool], None]:
    def report(done: int, ocr: bool) -> None:
        try:
            task.update_state(state="PROGRESS", meta={"page": done, "ocr": ocr, "pid": os.getpid()})
        except Exception as error:  # progress is news, not data
            log.debug("progress not reported: %s", error)

    return report


def encode(result: FileResult) -> dict:
    return {"path": os.fsencode(result.path).hex(), "status": result.status.value, "reason": result.reason,
            "stage": result.stage.value if result.stage else None, "documents": result.documents,
            "doc_ids": result.doc_ids, "pages": result.pages, "warnings": result.warnings,
            "duplicate_of": result.duplicate_of}


def decode(value: dict) -> FileResult:
    return FileResult(Path(os.fsdecode(bytes.fromhex(value["path"]))), Status(value["status"]), value["reason"],
                      Stage(value["stage"]) if value["stage"] else None, value["documents"], value["doc_ids"],
                      value["pages"], value["warnings"], value["duplicate_of"])


# ----------------------------------------------------------------- client ----
def ingest(db: Store, broker: str, paths: Sequence[Path], on_progress: Progress | None = None,
           should_cancel: Callable[[], bool] | None = None, ocr: bool = True) -> IngestReport:
    """Send the files the KB does not hold to its workers and follow them to the end; the report
    lists every file as a desktop ingest does. Cancelling takes back the files not yet begun."""
    started = time.monotonic()
    report = IngestReport()
    missing: list[Path] = []
    todo = skip_unchanged(db, find(paths, on_missing=missing.append), report)
    progress = on_progress or (lambda *_: None)
    cancelled = should_cancel or (lambda: False)
    counts = {path: _pages(path) for path, _ in todo}
    total = max(sum(counts.values()), 1)
    app = celery_app(broker)
    try:
        queue = queue_name(db)
        sent = [(app.send_task(TASK, args=[os.fsencode(path).hex(), digest, ocr], queue=queue), path) for path, digest in todo]
    except _broker_errors() as error:
        raise StoreError(f"无法连接任务队列：{shown_location(broker)}（{error}）") from error
    progress(0, total, f"已提交{len(sent)}个文件，等待工作进程…")
    finished: dict[Path, FileResult] = {}
    done = 0
    pending = list(sent)
    try:
        while pending:
            if cancelled():
                app.control.revoke([result.id for result, _ in pending])
                report.cancelled = True
                break
            reading = 0
            for result, path in pending[:WINDOW]:
                state = result.state
                if state in ("SUCCESS", "FAILURE", "REVOKED"):
                    finished[path] = _outcome(result, path)
                    done += counts[path]
                    progress(min(done, total), total, finished[path].line())
                    result.forget()
                elif state == "PROGRESS":
                    reading += min((result.info or {}).get("page", 0), counts[path] - 1)
            pending = [(result, path) for result, path in pending if path not in finished]
            if pending:
                progress(min(done + reading, total), total, f"工作进程导入中：剩余{len(pending)}个文件")
                time.sleep(POLL_S)
    except _broker_errors() as error:
        raise StoreError(f"任务队列连接中断：{shown_location(broker)}（{error}）") from error
    report.results += [finished[path] for _, path in sent if path in finished]
    report.results += [FileResult(path, Status.FAILED, "文件或文件夹不存在", Stage.FIND) for path in missing]
    report.seconds = time.monotonic() - started
    return report


def _pages(path: Path) -> int:
    try:
        return page_count(path)
    except ReadError:
        return 1  # the worker says why it cannot be read


def _outcome(result, path: Path) -> FileResult:
    """The FileResult a finished task gives (a task that raised: failed, saying why)."""
    if result.state == "SUCCESS":
        return decode(result.result)
    if result.state == "REVOKED":
        return FileResult(path, Status.FAILED, "已取消", None)
    error = result.result
    reason = f"工作进程出错：{type(error).__name__}: {(str(error).splitlines() or [''])[0][:200]}"
    return FileResult(path, Status.FAILED, reason, None)


__all__ = ["MAX_ATTEMPTS", "TASK", "celery_app", "decode", "encode", "ingest", "ingest_one", "queue_name", "run_worker"]
