"""Ingest: files → pipeline → extraction → store, with a report per file.

Pages are read by a pool of processes (both cores: reading is the slow part); everything after
that runs in this process, file by file, so each file is stored in one transaction.
"""
from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import pipeline, store
from .models import Document, Page
from .read import pdf

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
# Pages per job when a long PDF is read by several processes.
CHUNK_PAGES = 16
# Below this many pages in a batch, starting worker processes costs more than it saves.
POOL_MIN_PAGES = 48


@dataclass
class FileResult:
    path: Path
    status: str  # "stored" | "unchanged" | "failed"
    reason: str = ""
    documents: list[str] = field(default_factory=list)  # titles
    doc_ids: list[int] = field(default_factory=list)
    pages: int = 0
    warnings: list[str] = field(default_factory=list)

    def line(self) -> str:
        """One line for the user: 文件名: what happened."""
        if self.status == "failed":
            return f"失败 {self.path}: {self.reason}"
        if self.status == "unchanged":
            return f"未变 {self.path}"
        extra = f"（{'；'.join(self.warnings)}）" if self.warnings else ""
        return f"已存 {self.path}: {'、'.join(self.documents)} {self.pages}页{extra}"


@dataclass
class IngestReport:
    results: list[FileResult] = field(default_factory=list)
    cancelled: bool = False
    seconds: float = 0.0

    def by_status(self, status: str) -> list[FileResult]:
        return [r for r in self.results if r.status == status]

    @property
    def stored(self) -> list[FileResult]:
        return self.by_status("stored")

    @property
    def unchanged(self) -> list[FileResult]:
        return self.by_status("unchanged")

    @property
    def failed(self) -> list[FileResult]:
        return self.by_status("failed")

    def summary(self) -> str:
        text = f"已存 {len(self.stored)}，未变 {len(self.unchanged)}，失败 {len(self.failed)}"
        return text + ("（已取消）" if self.cancelled else "")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class _Reader:
    """Reads each file's pages, in a process pool when the batch is big enough."""

    def __init__(self, paths: Sequence[Path], workers: int):
        self.counts: dict[Path, int] = {}
        self.errors: dict[Path, str] = {}
        for path in paths:
            try:
                self.counts[path] = pdf.page_count(path) if path.suffix.lower() == ".pdf" else 1
            except pdf.PdfReadError as exc:
                self.errors[path] = str(exc)
            except OSError as exc:
                self.errors[path] = f"无法读取文件（{exc.strerror or exc}）"
        self.total_pages = sum(self.counts.values())
        self.pool = None
        self.jobs: dict[Path, list[Future]] = {}
        if workers > 1 and self.total_pages >= POOL_MIN_PAGES:
            # forkserver: forking a process that runs Qt threads is unsafe
            method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
            self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method))

    def submit(self, path: Path) -> None:
        if self.pool is None or path in self.errors or path.suffix.lower() != ".pdf":
            return
        count, step = self.counts[path], CHUNK_PAGES
        self.jobs[path] = [self.pool.submit(pdf.read_pages, path, a, min(a + step - 1, count)) for a in range(1, count + 1, step)]

    def pages(self, path: Path) -> list[Page]:
        if path in self.errors:
            raise pipeline.ParseError(self.errors[path])
        jobs = self.jobs.pop(path, None)
        if jobs is None:
            return pipeline.read_file(path)
        try:
            return [page for job in jobs for page in job.result()]
        except pdf.PdfReadError as exc:
            raise pipeline.ParseError(str(exc)) from exc

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def ingest(
    db,
    paths: Sequence[Path],
    extract: Callable[[Document], tuple[list, list]],
    after_store: Callable[[list[int], list[int]], None] | None = None,
    on_progress: Progress | None = None,
    should_cancel: Callable[[], bool] | None = None,
    workers: int | None = None,
) -> IngestReport:
    """Ingest files and folders (recursively). Each file ends stored, unchanged or failed.

    `extract` turns a document into (obligations, targets); `after_store` gets the new document
    ids and the replaced ones once the transaction committed (the facade updates the index there).
    """
    started = time.monotonic()
    report = IngestReport()
    missing: list[Path] = []
    files = pipeline.find_files([Path(p) for p in paths], on_missing=missing.append)
    todo: list[tuple[Path, str]] = []
    for path in files:
        path = path.resolve()
        try:
            digest = sha256_of(path)
        except OSError as exc:
            report.results.append(FileResult(path, "failed", f"无法读取文件（{exc.strerror or exc}）"))
            continue
        known = store.find_file(db, path) or store.file_with_content(db, digest)
        if known is not None and known["sha256"] == digest:
            report.results.append(FileResult(path, "unchanged", pages=known["pages"]))
            continue
        todo.append((path, digest))

    reader = _Reader([p for p, _ in todo], workers or os.cpu_count() or 1)
    total, done = max(reader.total_pages, 1), 0
    progress = on_progress or (lambda *_: None)
    progress(0, total, f"准备导入{len(todo)}个文件")
    try:
        for path, _ in todo:
            reader.submit(path)
        for path, digest in todo:
            if should_cancel is not None and should_cancel():
                report.cancelled = True
                break
            result = _ingest_one(db, reader, path, digest, extract, after_store)
            report.results.append(result)
            done += reader.counts.get(path, 1)
            progress(min(done, total), total, result.line())
    finally:
        reader.close()
    report.results.extend(FileResult(path, "failed", "文件或文件夹不存在") for path in missing)
    report.seconds = time.monotonic() - started
    return report


def _ingest_one(db, reader: _Reader, path: Path, digest: str, extract, after_store) -> FileResult:
    try:
        pages = reader.pages(path)
        if not pages:
            raise pipeline.ParseError("文件没有页面")
        docs = pipeline.parse_pages(pages, fallback_title=pipeline.file_title(path))
        extracted = [extract(doc) for doc in docs]
        ids, replaced = store.store_file(db, path, digest, len(pages), docs, extracted)
    except pipeline.ParseError as exc:
        log.warning("%s: %s", path, exc)
        return FileResult(path, "failed", str(exc))
    except Exception as exc:  # one bad file must not stop the batch
        log.exception("%s: unexpected error", path)
        return FileResult(path, "failed", f"内部错误：{exc.__class__.__name__}: {exc}")
    if after_store is not None:
        after_store(ids, replaced)
    warnings = [w for doc in docs for w in pipeline.describe_warnings(doc.page_warnings)]
    return FileResult(path, "stored", documents=[d.meta.title for d in docs], doc_ids=ids, pages=len(pages), warnings=warnings)
