"""Ingest: the pipeline a file goes through, forward only, one named stage after the other:

    find → skip unchanged → read (pool) → parse → extract → store → index

read is kb.read (in kb.read.pool's reader processes, so both cores read while this process
parses and stores); parse is layout → outline → documents; extract is kb.extract; store is kb.store.write;
index is kb.index. A failure in any stage is raised once, as an IngestError naming the file, the
stage and the reason, and caught in one place (`_consume`): that file is reported failed and the
batch goes on. Each file is stored in one transaction: whole or not at all.

    >>> report = ingest(db, index, [Path("corpus")])      # doctest: +SKIP
    >>> report.summary()                                  # doctest: +SKIP
    '已存 5，未变 0，失败 0'
"""
from __future__ import annotations

import contextlib
import errno
import hashlib
import logging
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from . import documents, layout, outline
from .extract import extract_document
from .index import indexer
from .index.indexer import index_documents
from .models import Document, describe_ocr, describe_warnings
from .read import ReadCancelled, ReadError, display_path, file_title, is_supported, read_file
from .read.pool import ReaderPool
from .store import Store, database_errors, read, write, write_transaction

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
# Documents re-indexed per index commit when extraction runs again over the whole KB.
REINDEX_BATCH = 50
# Stored files are indexed in batches, one index transaction each (an index commit costs about
# as much again as the indexing of a short file): a batch goes to the indexer when it is idle, or
# at so many files or pages, whichever comes first. Records are read back from the store as the
# batch is indexed: the importer holds no batch's pages.
INDEX_BATCH_FILES = 50
INDEX_BATCH_PAGES = 1000


class Stage(StrEnum):
    """The stages of ingest, in the order a file goes through them."""

    FIND = "find"
    READ = "read"
    PARSE = "parse"
    EXTRACT = "extract"
    STORE = "store"
    INDEX = "index"

    @property
    def label(self) -> str:
        return {"find": "查找", "read": "读取", "parse": "解析", "extract": "抽取", "store": "保存", "index": "索引"}[self]


class IngestError(Exception):
    """A file that could not go through a stage; the reason is for users (Chinese)."""

    def __init__(self, path: Path, stage: Stage, reason: str):
        super().__init__(reason)
        self.path, self.stage, self.reason = path, stage, reason


class Status(StrEnum):
    STORED = "stored"
    UNCHANGED = "unchanged"
    FAILED = "failed"


@dataclass
class FileResult:
    path: Path
    status: Status
    reason: str = ""
    stage: Stage | None = None  # where a failed file stopped
    documents: list[str] = field(default_factory=list)  # titles
    doc_ids: list[int] = field(default_factory=list)
    pages: int = 0
    warnings: list[str] = field(default_factory=list)
    duplicate_of: list[int] = field(default_factory=list)  # documents already in the KB that this file repeats

    @property
    def shown_path(self) -> str:
        """The file's path as users read it (a GBK name from a Windows zip decoded)."""
        return display_path(self.path)

    def line(self) -> str:
        """One line for the user: 文件名: what happened."""
        if self.status == Status.FAILED:
            return f"失败 {self.shown_path}: {self.reason}"
        if self.status == Status.UNCHANGED:
            return f"未变 {self.shown_path}"
        extra = f"（{'；'.join(self.warnings)}）" if self.warnings else ""
        return f"已存 {self.shown_path}: {'、'.join(self.documents)} {self.pages}页{extra}"


@dataclass
class IngestReport:
    results: list[FileResult] = field(default_factory=list)
    cancelled: bool = False
    seconds: float = 0.0

    def by_status(self, status: Status) -> list[FileResult]:
        return [r for r in self.results if r.status == status]

    @property
    def stored(self) -> list[FileResult]:
        return self.by_status(Status.STORED)

    @property
    def unchanged(self) -> list[FileResult]:
        return self.by_status(Status.UNCHANGED)

    @property
    def failed(self) -> list[FileResult]:
        return self.by_status(Status.FAILED)

    def summary(self) -> str:
        text = f"已存 {len(self.stored)}，未变 {len(self.unchanged)}，失败 {len(self.failed)}"
        return text + ("（已取消）" if self.cancelled else "")


# ----------------------------------------------------------------- ingest ----
def ingest(
    db: Store,
    index,
    paths: Sequence[Path],
    on_progress: Progress | None = None,
    should_cancel: Callable[[], bool] | None = None,
    workers: int | None = None,
    ocr: bool = True,
) -> IngestReport:
    """Ingest files and folders (recursively) into the store and the search index (a
    kb.index.SearchIndex, or None to leave indexing to later). Each file ends stored, unchanged
    or failed; `on_progress(pages done, pages in all, note)` follows the pages as they are read.
    Pages without a text layer are OCR'd unless `ocr` is False. Cancelling stops within a page or
    two of OCR; the file being read then is not stored at all."""
    started = time.monotonic()
    report = IngestReport()
    missing: list[Path] = []
    files = find(paths, on_missing=missing.append)
    todo = skip_unchanged(db, files, report)
    progress = on_progress or (lambda *_: None)
    cancelled = should_cancel or (lambda: False)
    with IndexBatch(db, index if todo and index is not None and not index.in_store else None) as batch, \
            ReaderPool([path for path, _ in todo], workers or os.cpu_count() or 1, ocr=ocr) as reader:
        batch.start()
        total, done = max(reader.total_pages, 1), 0
        progress(0, total, f"准备导入{len(todo)}个文件")
        for path, digest in todo:
            if cancelled():
                report.cancelled = True
                break
            count = reader.counts.get(path, 1)
            on_page = _page_progress(progress, path, count, done, total)
            try:
                result = consume(db, index, path, digest, lambda: reader.pages(path, on_page, cancelled), batch)
            except ReadCancelled:
                report.cancelled = True
                break
            report.results.append(result)
            done += count
            progress(min(done, total), total, result.line())
        batch.flush(last=True, wait=False)  # then the readers stop while it is indexed
    report.results.extend(FileResult(path, Status.FAILED, "文件或文件夹不存在", Stage.FIND) for path in missing)
    report.seconds = time.monotonic() - started
    return report


def _page_progress(progress: Progress, path: Path, count: int, before: int, total: int) -> Callable[[int, bool], None]:
    """Progress while a file is read: "OCR识别 扫描件.pdf 第3/8页". The file's last page counts
    once the file is stored, so the bar never runs ahead of what the KB holds."""

    def page_read(n: int, ocr_page: bool) -> None:
        if n < count:
            action = "OCR识别" if ocr_page else "读取"
            progress(min(before + n, total), total, f"{action} {path.name} 第{n}/{count}页")

    return page_read


def consume(db: Store, index, path: Path, digest: str, read_pages: Callable[[], list],
            batch: IndexBatch | None = None) -> FileResult:
    """One file through read → parse → extract → store → index: the one place failures are caught.
    `read_pages()` reads the file (in a reader pool, or here). A cancel while the file is read
    (ReadCancelled) passes through: nothing of it is stored. With a `batch` (a desktop ingest)
    the file's documents join the index batch, which an indexer process of its own writes; an
    index that lives in the store (a server KB's) is written in the file's transaction: the file
    is stored and searchable, or neither."""
    stored: tuple[list[int], list[int], list[int]] | None = None
    together = index is not None and index.in_store
    batched = batch is not None and batch.index is not None  # never a server's index (ingest gives it none)
    docs: list[Document] = []
    pages = 0
    try:
        with _stage(path, Stage.READ):
            found = read_pages()
            pages = len(found)
        with _stage(path, Stage.PARSE):
            docs = parse(found, file_title(path) or display_path(path.stem))
        with _stage(path, Stage.EXTRACT):
            extractions = [extract_document(doc) for doc in docs]
        with write_transaction(db) if together else contextlib.nullcontext():
            with _stage(path, Stage.STORE):
                stored = write.store_file(db, path, digest, pages, docs, extractions)
            with _stage(path, Stage.INDEX):
                if index is not None and not batched:
                    # with the file's documents, those that became or stopped being copies of others
                    new, replaced, changed = stored
                    index_documents(db, index, [*new, *changed], removed=replaced)
    except IngestError as error:
        if stored is None or together:
            log.warning("%s: %s failed: %s", path, error.stage, error.reason)
            return FileResult(path, Status.FAILED, error.reason, error.stage)
        # stored but not searchable yet: the index catches up when the KB is next opened
        log.warning("%s: stored, index not updated: %s", path, error.reason)
        return _stored(db, path, docs, stored[0], pages, [f"搜索索引未更新（{error.reason}），下次打开知识库时补建"])
    result = _stored(db, path, docs, stored[0], pages, [])
    if batched:  # the indexer indexes it with the files stored meanwhile
        batch.add(result, stored, pages)
    return result


class IndexBatch:
    """Stored files waiting to be indexed together: one index transaction for the files stored
    while the indexer indexed the batch before (at most INDEX_BATCH_FILES files or
    INDEX_BATCH_PAGES pages), and one for what is left when the ingest ends (or is cancelled),
    which the ingest waits for. The index is written by an indexer process of its own
    (it reads the records from the store), so this process goes on storing files meanwhile and
    both cores stay busy; batches are indexed one at a time, in order. Until its batch is indexed a file is in
    the store but not found by a search; a program stopped in between leaves the index a batch
    behind, and the index catches up when the KB is next opened (it holds each document's
    version). A batch the index cannot take (a full disk) leaves its files stored, each told so."""

    def __init__(self, db: Store, index, files: int = INDEX_BATCH_FILES,
                 pages: int = INDEX_BATCH_PAGES):
        self.db, self.index, self.max_files, self.max_pages = db, index, files, pages
        self.results: list[FileResult] = []
        self.added: list[int] = []
        self.removed: list[int] = []
        self.pages = 0
        self.indexer: ProcessPoolExecutor | None = None
        self.running: list[tuple[Future, list[FileResult]]] = []  # batches handed to the indexer

    def start(self) -> None:
        """Start the indexer now (a pool starts its process for its first job): it loads the
        jieba dictionary while the readers read the first files."""
        if self.index is not None and self.indexer is None:
            self.indexer = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                               initializer=indexer.start,
                                               initargs=(os.getpid(), _database_file(self.db), str(self.index.directory)))
            self.indexer.submit(int)

    def add(self, result: FileResult, stored: tuple[list[int], list[int], list[int]], pages: int) -> None:
        """A stored file: its documents, with those that became or stopped being copies of others."""
        if self.index is None:
            return
        new, replaced, changed = stored
        self.results.append(result)
        self.added += [*new, *changed]
        self.removed += replaced
        self.pages += pages
        self._collect(wait=False)
        if not self.running or len(self.results) >= self.max_files or self.pages >= self.max_pages:
            self.flush(last=False)

    def flush(self, last: bool = True, wait: bool | None = None) -> None:
        """Hand the batch to the indexer (which indexes batches one after the other, in the order
        given); the last one merges the index's segments, and every batch is waited for (unless
        `wait` is False: the importer has something else to do meanwhile)."""
        if self.results:
            results, added, removed = self.results, list(dict.fromkeys(self.added)), list(dict.fromkeys(self.removed))
            self.results, self.added, self.removed, self.pages = [], [], [], 0
            self.start()
            self.running.append((self.indexer.submit(indexer.index_batch, added, removed, last), results))
        wait = last if wait is None else wait
        self._collect(wait=wait)
        if wait and last and self.index is not None:
            self.index.refresh()  # the indexer wrote it: this process's searches see what it wrote

    def _collect(self, wait: bool) -> None:
        """Take the indexed batches' outcomes (all of them when `wait`): a batch the index could
        not take is said on its files."""
        while self.running and (wait or self.running[0][0].done()):
            job, results = self.running.pop(0)
            try:
                with _stage(results[0].path, Stage.INDEX):
                    try:
                        job.result()
                    except BrokenProcessPool:  # the indexer died: the next batch starts another
                        self.indexer = None
                        raise
            except IngestError as error:  # stored, not searchable yet: the index catches up when the KB is next opened
                for result in results:
                    log.warning("%s: stored, index not updated: %s", result.path, error.reason)
                    result.warnings.append(f"搜索索引未更新（{error.reason}），下次打开知识库时补建")

    def __enter__(self) -> IndexBatch:
        return self

    def __exit__(self, *exc) -> None:
        try:
            if exc[0] is None:
                self.flush()
        finally:
            if self.indexer is not None:
                self.indexer.shutdown(wait=exc[0] is None, cancel_futures=True)


def _database_file(db: Store) -> str:
    """The file of the store's main database."""
    return next(row[2] for row in db.execute("PRAGMA database_list").fetchall() if row[1] == "main")


def _stored(db, path: Path, docs: Sequence[Document], ids: list[int], pages: int, extra: list[str]) -> FileResult:
    warnings = [w for doc in docs for w in describe_warnings(doc.page_warnings)]
    warnings += [note for doc in docs for note in describe_ocr(doc.ocr_pages)]
    copies = [info for info in read.documents(db, ids) if info.duplicate_of is not None]
    originals = {info.id: info for info in read.documents(db, [c.duplicate_of for c in copies])}
    same = [f"{originals[c.duplicate_of].file}（{originals[c.duplicate_of].title}）" for c in copies]
    if same:
        warnings.append(f"与已有文件内容相同：{'、'.join(same)}")
    return FileResult(path, Status.STORED, documents=[d.meta.title for d in docs], doc_ids=ids, pages=pages,
                      warnings=warnings + extra, duplicate_of=[c.duplicate_of for c in copies])


@contextlib.contextmanager
def _stage(path: Path, stage: Stage) -> Iterator[None]:
    """Raise whatever goes wrong in a stage as one IngestError naming the file and the stage."""
    try:
        yield
    except (IngestError, ReadCancelled):
        raise
    except ReadError as error:
        raise IngestError(path, stage, str(error)) from error
    except MemoryError as error:
        raise IngestError(path, stage, f"{stage.label}时内存不足") from error
    except (OSError, *database_errors()) as error:
        if _disk_full(error):
            raise IngestError(path, stage, f"磁盘空间不足，无法{stage.label}（请清理磁盘后重新导入）") from error
        log.exception("%s: error in %s", path, stage)
        raise IngestError(path, stage, f"{stage.label}失败：{getattr(error, 'strerror', None) or error}") from error
    except Exception as error:  # one bad file must not stop the batch
        log.exception("%s: unexpected error in %s", path, stage)
        first_line = (str(error).splitlines() or [""])[0][:200]  # the log has the rest; a message is one line
        raise IngestError(path, stage, f"内部错误（{stage.label}）：{error.__class__.__name__}: {first_line}") from error


def _disk_full(error: Exception) -> bool:
    return getattr(error, "errno", None) == errno.ENOSPC or "disk is full" in str(error) or "No space left" in str(error)


# ------------------------------------------------------------------- find ----
def find(paths: Iterable[Path], on_missing: Callable[[Path], None] | None = None) -> list[Path]:
    """The files to ingest: the given files, and supported files found in folders (recursively);
    `on_missing` hears of each path that does not exist."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and is_supported(p)))
        elif path.exists():
            found.append(path)
        elif on_missing is not None:
            on_missing(path)
    return list(dict.fromkeys(found))


def skip_unchanged(db: Store, files: Iterable[Path], report: IngestReport) -> list[tuple[Path, str]]:
    """(path, content hash) of the files the KB does not hold as they are. A copy of a stored
    file under another name is read too: it is kept as another source of the same document."""
    todo = []
    for path in files:
        path = path.resolve()
        try:
            digest = sha256_of(path)
        except OSError as exc:
            report.results.append(FileResult(path, Status.FAILED, f"无法读取文件（{exc.strerror or exc}）", Stage.FIND))
            continue
        known = read.find_file(db, str(path))
        if known is not None and known.sha256 == digest:
            report.results.append(FileResult(path, Status.UNCHANGED, pages=known.pages))
            continue
        todo.append((path, digest))
    return todo


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# ------------------------------------------------------------------ parse ----
def parse(pages: Sequence, fallback_title: str = "") -> list[Document]:
    """The documents in a file's pages: layout → outline → documents."""
    return documents.documents(outline.outline(layout.flow(pages), fallback_title), pages)


def parse_file(path: Path, ocr: bool = True) -> list[Document]:
    """read → parse for one file, in this process (tests, benchmarks). Raises ReadError."""
    pages = read_file(path, ocr=ocr)
    if not pages:
        raise ReadError("文件没有页面")
    return parse(pages, file_title(path) or path.stem)


# ---------------------------------------------------------- extract again ----
def reextract(db: Store, index, on_progress: Progress | None = None) -> int:
    """Run extract → store → index again on every stored document (after the rules changed),
    without reading the files; returns the number of documents done."""
    ids = read.all_document_ids(db)
    batch: list[int] = []
    for i, doc_id in enumerate(ids, 1):
        title = extract_stored(db, doc_id)
        batch.append(doc_id)
        if index is not None and (len(batch) >= REINDEX_BATCH or i == len(ids)):
            index_documents(db, index, batch, removed=batch)  # the passages now state other facts
            batch = []
        if on_progress:
            on_progress(i, len(ids), title)
    return len(ids)


def extract_stored(db: Store, doc_id: int) -> str:
    """Extract a stored document again and store the result; returns its title."""
    doc = read.load_document(db, doc_id)
    write.store_extraction(db, doc_id, read.passage_ids(db, doc_id), extract_document(doc))
    return doc.meta.title


def rederive(db: Store) -> None:
    """Extract every stored document again (an older KB's derived tables were rebuilt)."""
    for doc_id in read.all_document_ids(db):
        extract_stored(db, doc_id)


__all__ = ["FileResult", "IndexBatch", "IngestError", "IngestReport", "ReaderPool", "Stage", "Status", "consume", "find",
           "index_documents", "ingest", "parse", "parse_file", "reextract", "rederive", "sha256_of", "skip_unchanged"]
