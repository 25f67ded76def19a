"""Ingest spread over Celery workers, for real: a PostgreSQL KB, a Redis broker and two
`policykb worker` processes (started by `bash scripts/servers.sh`, as CI does; skipped, saying
why, where they are not running).

Two workers ingesting ../shared/pdfs give the KB a desktop ingest gives, row by row; a worker
process killed in the middle of a file leaves nothing of it, and the file is read again.
"""
from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time

import pytest
from conftest import BROKER_URL, ROOT, SHARED_PDFS, absent, database_url
from kbrows import kb_rows

from kb.ingest import sha256_of
from kb.knowledge_base import KnowledgeBase

pytestmark = pytest.mark.skipif(not SHARED_PDFS.is_dir(), reason=absent(SHARED_PDFS))


def broker_reachable() -> None:
    try:
        import redis

        redis.Redis.from_url(BROKER_URL, socket_connect_timeout=2).ping()
    except Exception as error:
        pytest.skip(f"Redis is not reachable at {BROKER_URL} ({type(error).__name__}): start it with "
                    "`bash scripts/servers.sh`, or set POLICYKB_TEST_BROKER")


@contextlib.contextmanager
def workers(url: str, count: int):
    """`count` worker processes for the KB at `url`, stopped at the end."""
    procs = [subprocess.Popen([sys.executable, str(ROOT / "main.py"), "worker", "--kb", url, "--broker", BROKER_URL],
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                              start_new_session=True)
             for _ in range(count)]
    try:
        yield procs
    finally:
        for proc in procs:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture
def server_kb(test_databases) -> str:
    broker_reachable()
    url = database_url(test_databases.new())
    KnowledgeBase(url).close()  # the schema, before the workers start
    return url


def test_two_workers_give_the_kb_a_desktop_ingest_gives(server_kb, tmp_path):
    with KnowledgeBase(tmp_path / "desktop") as desktop:
        local = desktop.ingest([SHARED_PDFS], ocr=False)
        expected = kb_rows(desktop.db)
    with workers(server_kb, 2), KnowledgeBase(server_kb) as kb:
        seen = []
        report = kb.ingest([SHARED_PDFS], ocr=False, broker=BROKER_URL, on_progress=lambda *a: seen.append(a))
        assert [r.line() for r in report.results] == [r.line() for r in local.results]
        assert kb_rows(kb.db) == expected
        assert seen[-1][0] == seen[-1][1] and any("第" in note and "页" in note for _, _, note in seen[:-1])
        again = kb.ingest([SHARED_PDFS], ocr=False, broker=BROKER_URL)  # content hashes first: nothing is sent
        assert again.summary() == f"已存 0，未变 {len(local.results)}，失败 0"
        hits = kb.search("温室气体", limit=5)
        assert hits and all(h.tier == "exact" for h in hits)


def test_a_worker_killed_mid_file_leaves_nothing_and_the_file_is_read_again(server_kb):
    from kb import distributed

    longest = next(SHARED_PDFS.glob("15_*.pdf"))  # 92 pages: seconds to read
    with workers(server_kb, 1), KnowledgeBase(server_kb) as kb:
        app = distributed.celery_app(BROKER_URL)
        task = app.send_task(distributed.TASK, args=[os.fsencode(longest).hex(), sha256_of(longest), False],
                             queue=distributed.queue_name(kb.db))
        deadline = time.monotonic() + 120
        while not (task.state == "PROGRESS" and task.info.get("page", 0) >= 2):
            assert time.monotonic() < deadline, task.state
            time.sleep(0.05)
        pid = task.info["pid"]
        os.kill(pid, signal.SIGKILL)  # the process reading the file, mid-file
        assert kb.db.count("files") == 0 and kb.db.count("passages") == 0  # nothing half-written
        result = task.get(timeout=180)  # given back to the queue, read again by a new worker process
        assert result["status"] == "stored" and result["pages"] == 92
        assert int(app.backend.client.get(f"policykb:attempts:{task.id}")) == 2
        (doc,) = kb.documents()
        assert doc.title.startswith("德州市") and kb.db.count("files") == 1

