"""The reader pool: a batch's files read ahead of the later stages, in guarded processes.

Reading (pdfium, pdfplumber for ruled tables, OCR) is most of an ingest's work, so it runs in
reader processes while the importer parses, extracts and stores what was read before, and the
indexer indexes what was stored before that. The readers import only this stage (kb.read), not
the pipeline behind it: each starts in a fraction of the time.

    >>> with ReaderPool([Path("规划.pdf")], workers=2) as pool:      # doctest: +SKIP
    ...     pages = pool.pages(Path("规划.pdf"))
"""
from __future__ import annotations

import multiprocessing
import os
import queue
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from . import ReadCancelled, ReadError, page_count, read_file
from .guard import guard_worker

# Pages per job when a long PDF is read by several processes: a file is shared out between the
# readers, in jobs of MIN_CHUNK_PAGES to MAX_CHUNK_PAGES pages (each job opens the file again, and
# pdfplumber parses its fonts again: fewer, longer jobs cost less; the cap bounds the pages a job
# hands back at once). A scan's pages take seconds each to OCR, so it goes in smaller jobs (both
# cores on one scan, cancel within a page or two).
MIN_CHUNK_PAGES = 16
MAX_CHUNK_PAGES = 64
SCAN_CHUNK_PAGES = 2
# A PDF of more bytes a page than this is probably a scan (text pages weigh a few KB to ~100 KB).
SCAN_BYTES_PER_PAGE = 250_000
# How often (seconds) the importer looks at the readers' progress and the cancel flag.
POLL_S = 0.2
# Chunks submitted ahead per reader: enough to keep it busy, few enough to bound memory.
LOOKAHEAD_CHUNKS = 3
# Readers yield the cores to the importer and the indexer (Unix niceness, 0–19).
READER_NICENESS = 5
READER_DIED = "读取时超出内存限制或读取进程异常退出：文件可能是恶意构造的（如解压后极大），已跳过"


# A reader process's link to the pool: the cancel flag it checks and the queue it reports pages on.
_WORKER: tuple | None = None  # in a reader process: (stop event, page-report queue)


def _start_worker(parent_pid: int, stop, done) -> None:
    """Initialise a reader process: guarded (kb.read.guard), told how to stop and where to report."""
    global _WORKER
    guard_worker(parent_pid)
    if hasattr(os, "nice"):
        # the importer and the indexer come first: what is read waits for them anyway, and an
        # indexer left behind is a serial tail when the readers are done (measured: 5.7 → 5.5 s)
        os.nice(READER_NICENESS)
    _WORKER = (stop, done)
    # page reports are progress, not data: a reader may exit without waiting for the importer
    # to take its last ones off the queue (waiting could hang the pool's shutdown)
    done.cancel_join_thread()


def _read_chunk(path: Path, first: int, last: int, ocr: bool) -> list:
    """Pages first..last of a file, in a reader process: each page is reported as it is read
    (an OCR'd page takes seconds), and reading stops at the next page once the import is cancelled."""
    stop, done = _WORKER

    def on_page(page) -> None:
        done.put((str(path), page.number, page.ocr))
        if stop.is_set():
            raise ReadCancelled()

    return read_file(path, first, last, ocr=ocr, on_page=on_page)


class ReaderPool:
    """Reads the files' pages ahead of the later stages, in guarded reader processes
    (kb.read.guard): both cores read while this process parses and stores; long PDFs go in chunks
    of up to MAX_CHUNK_PAGES pages and scans in chunks of SCAN_CHUNK_PAGES (both cores OCR one scan); only a
    few files are read ahead (memory stays bounded whatever the batch); readers report each page
    as they read it (progress), stop within a page when the import is cancelled, and a file that
    exhausts a reader's memory or crashes it fails alone. Pages without a text layer are OCR'd
    unless `ocr` is False."""

    def __init__(self, paths: Sequence[Path], workers: int, ocr: bool = True):
        self.ocr = ocr
        self.workers = max(1, min(workers, len(paths)))
        # spawn, not fork: forking a process that runs Qt threads is unsafe, and a forkserver
        # would outlive a killed parent
        self.context = multiprocessing.get_context("spawn")
        self.pool = self._start() if paths else None
        for _ in range(self.workers if paths else 0):  # the readers start (and import) while the pages are counted
            self.pool.submit(int)
        self.counts: dict[Path, int] = {}
        self.errors: dict[Path, ReadError] = {}
        for path in paths:
            try:
                self.counts[path] = page_count(path)
            except ReadError as error:
                self.errors[path] = error
        self.total_pages = sum(self.counts.values())
        self.queue = [path for path in paths if path not in self.errors]  # not yet submitted
        self.jobs: dict[Path, list[Future]] = {}
        self.read: dict[str, dict[int, bool]] = {}  # path → page number → OCR'd, as reported by readers
        self._fill()

    def _start(self) -> ProcessPoolExecutor:
        """New readers (with a new stop flag and report queue: a reader that died may have held
        the old queue's lock)."""
        self.stop, self.done = self.context.Event(), self.context.Queue()
        return ProcessPoolExecutor(self.workers, mp_context=self.context, initializer=_start_worker,
                                   initargs=(os.getpid(), self.stop, self.done))

    def _submit(self, path: Path, whole: bool = False) -> None:
        count = self.counts[path]
        step = count if whole else SCAN_CHUNK_PAGES if self.ocr and _looks_scanned(path, count) else chunk_pages(count, self.workers)
        self.jobs[path] = [self.pool.submit(_read_chunk, path, a, min(a + step - 1, count), self.ocr)
                           for a in range(1, count + 1, step)]

    def _fill(self) -> None:
        """Submit files until enough chunks are on their way to keep every reader busy."""
        while self.queue and sum(len(jobs) for jobs in self.jobs.values()) < LOOKAHEAD_CHUNKS * self.workers:
            self._submit(self.queue.pop(0))

    def pages(self, path: Path, on_page: Callable[[int, bool], None] | None = None,
              should_cancel: Callable[[], bool] | None = None) -> list:
        """The file's pages; ReadError when it cannot be read, ReadCancelled when `should_cancel()`
        turns true while it is read. `on_page(pages read, last one OCR'd)` follows the reading."""
        if path in self.errors:
            raise self.errors[path]
        if path not in self.jobs:  # asked out of turn
            self.queue.remove(path)
            self._submit(path)
        try:
            found = self._collect(path, on_page, should_cancel)
        except BrokenProcessPool:
            found = self._read_alone(path, on_page, should_cancel)
        finally:
            self._fill()
        if not found:
            raise ReadError("文件没有页面")
        return found

    def _collect(self, path: Path, on_page, should_cancel) -> list:
        """Wait for a file's chunks, passing on the pages the readers report meanwhile."""
        jobs = self.jobs.pop(path)
        reported = 0
        while True:
            finished = all(job.done() for job in jobs) or not wait(jobs, timeout=POLL_S).not_done
            self._drain()
            pages = self.read.get(str(path), {})
            if on_page is not None and len(pages) != reported:
                reported = len(pages)
                on_page(reported, pages[max(pages)] if pages else False)
            if finished:
                break
            if should_cancel is not None and should_cancel():
                self.cancel()
                raise ReadCancelled()
        self.read.pop(str(path), None)
        return [page for job in jobs for page in job.result()]

    def _read_alone(self, path: Path, on_page, should_cancel) -> list:
        """A reader died. It may have been reading another file: start new readers, read this
        file alone, and only if that kills its reader too is this file the cause."""
        self.queue[:0] = list(self.jobs)
        self.jobs.clear()
        self._restart()
        self._submit(path, whole=True)
        try:
            return self._collect(path, on_page, should_cancel)
        except BrokenProcessPool:
            self._restart()
            raise ReadError(READER_DIED) from None

    def _restart(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.read.clear()
        self.pool = self._start()

    def _drain(self) -> None:
        while True:
            try:
                name, number, ocr = self.done.get_nowait()
            except (queue.Empty, OSError, EOFError):
                return
            self.read.setdefault(name, {})[number] = ocr

    def cancel(self) -> None:
        """Stop the readers: queued chunks are dropped, running ones stop after their current page."""
        if self.pool is not None:
            self.stop.set()
            self.pool.shutdown(wait=False, cancel_futures=True)

    def __enter__(self) -> ReaderPool:
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            if exc[0] is not None:
                self.stop.set()
            self._drain()
            self.pool.shutdown(wait=True, cancel_futures=True)


def chunk_pages(pages: int, workers: int) -> int:
    """Pages per job for a file of so many pages: one job a reader, within the bounds.

    >>> chunk_pages(10, 2), chunk_pages(92, 2), chunk_pages(500, 2)
    (16, 46, 64)
    """
    return min(MAX_CHUNK_PAGES, max(MIN_CHUNK_PAGES, -(-pages // workers)))


def _looks_scanned(path: Path, pages: int) -> bool:
    """A PDF whose pages weigh like images (a scan): read it in small chunks so that both cores
    OCR it and progress moves page by page. Only a guess about work sharing; reading decides."""
    try:
        return path.suffix.lower() == ".pdf" and path.stat().st_size / max(pages, 1) > SCAN_BYTES_PER_PAGE
    except OSError:
        return False


__all__ = ["READER_DIED", "ReaderPool", "chunk_pages"]
