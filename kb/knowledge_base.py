"""KnowledgeBase: the one object the app and the CLI talk to (like Anki's Collection).

It owns one KB: a directory (the SQLite store and the Whoosh search index), or a postgresql://
URL (a shared KB on a server, which holds its search index itself: kb.index.server). Each method is one user action
or one question, delegated to the stage that answers it (kb.ingest, kb.store.read, kb.index,
kb.export); rows come back as the typed dataclasses of kb.models.

    >>> kb = KnowledgeBase(Path("/tmp/kb"))                                 # doctest: +SKIP
    >>> kb.ingest([Path("corpus")]).summary()                               # doctest: +SKIP
    '已存 5，未变 0，失败 0'
    >>> [o.deadline.label for o in kb.obligations(Filters(department="发改委"))][:2]   # doctest: +SKIP
    ['2025年底前', '到2025年']
"""
from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .models import (
    DeadlineBucket,
    DepartmentSummary,
    Document,
    DocumentInfo,
    Filters,
    IndicatorSummary,
    ObligationRow,
    Passage,
    PassageView,
    Table,
    TargetRow,
)
from . import store
from .store import StoreError, is_read_only, is_server, open_db, read, shown_location

if TYPE_CHECKING:
    from .ingest import IngestReport, Progress

log = logging.getLogger(__name__)

ENV_DIR = "POLICYKB_DIR"
DB_NAME = "kb.sqlite"
INDEX_DIR = "index"
LOCK_POLL_S = 0.5  # how often a waiting writer looks again (and sees a cancel)
WAITING = "另一个导入正在进行，等待其完成…"
INDEX_REBUILT = "搜索索引缺失或损坏，已从数据库重建"


class Cancelled(Exception):
    """The user stopped an action before it began (while it waited for the writer lock)."""


@dataclass(frozen=True)
class CheckReport:
    """What `check` found: SQLite's integrity problems ([] when sound) and what it repaired."""

    problems: list[str]
    repaired: list[str]

    @property
    def sound(self) -> bool:
        return not self.problems


def default_kb_dir() -> Path | str:
    """$POLICYKB_DIR (a folder, or a shared KB's postgresql:// URL), else the user's data
    directory (~/.local/share/PolicyKB on Linux)."""
    if os.environ.get(ENV_DIR):
        value = os.environ[ENV_DIR]
        return value if is_server(value) else Path(value).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("PolicyKB", appauthor=False))


def _pipeline():
    """kb.ingest, imported when first needed: a search or a list needs none of the pipeline (its
    readers and extraction rules take a third of a second to import)."""
    from . import ingest

    return ingest


def _indexer():
    """kb.index.indexer, imported when first needed: bringing the index in step with the store
    needs the index stage only, not the pipeline."""
    from .index import indexer

    return indexer


def _rederive(db) -> None:
    _pipeline().rederive(db)


def kb_location(value: Path | str | None) -> Path | str:
    """What a --kb value names: a postgresql:// URL as it is, anything else a folder (the
    default folder when None).

    >>> kb_location("postgresql://kb@server/policykb"), kb_location("/tmp/kb")
    ('postgresql://kb@server/policykb', PosixPath('/tmp/kb'))
    """
    if value is None or value == "":
        return default_kb_dir()
    return value if is_server(value) else Path(value)


class KnowledgeBase:
    def __init__(self, location: Path | str | None = None):
        self.location = kb_location(location)
        self.server = is_server(self.location)
        # a desktop KB's folder (its file, index and lock live there); None for a server KB
        self.directory = None if self.server else self.location
        self.db = open_db(self.location if self.server else self.directory / DB_NAME, rederive=_rederive)
        self.read_only = is_read_only(self.db)
        self._lock = None  # the writer lock, made when first taken (see `_writer_lock`)
        self._index = None
        self.messages: list[str] = []  # things the user should be told (index rebuilt …)

    @property
    def shown(self) -> str:
        """The KB as users read its name: a folder, or a server URL without its password."""
        return shown_location(self.location)

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
            self._index = None
        self.db.close()

    def __enter__(self) -> KnowledgeBase:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------ writing ----
    @contextlib.contextmanager
    def writing(self, on_wait: Callable[[str], None] | None = None,
                should_cancel: Callable[[], bool] | None = None) -> Iterator[None]:
        """Hold the KB's writer lock: one program (or window) changes a KB at a time.

        Waits while another one writes, telling `on_wait` why; `should_cancel` stops the wait
        (raising Cancelled). A read-only KB refuses every change.
        """
        lock = self._writer_lock()
        if lock is None:
            raise StoreError(f"知识库是只读的：{self.shown}。可以查看和搜索，不能导入或修改")
        from filelock import Timeout

        try:
            lock.acquire(timeout=0)
        except Timeout:
            if on_wait is not None:
                on_wait(WAITING)
            while True:
                if should_cancel is not None and should_cancel():
                    raise Cancelled(WAITING)
                try:
                    lock.acquire(timeout=LOCK_POLL_S)
                    break
                except Timeout:
                    continue
        try:
            yield
        finally:
            lock.release()

    def _writer_lock(self):
        """The KB's writer lock (a file lock beside the KB, a server's advisory lock), made on
        first use: a program that only reads never loads the lock's code; None when read-only."""
        if self._lock is None and not self.read_only:
            self._lock = self.db.writer_lock()
        return self._lock

    def ingest(self, paths: Sequence[Path], on_progress: Progress | None = None,
               should_cancel: Callable[[], bool] | None = None, workers: int | None = None,
               ocr: bool = True, broker: str | None = None) -> IngestReport:
        """Read, extract, store and index files and folders (OCR'ing scanned pages unless `ocr`
        is False); see kb.ingest. With a `broker` (a server KB's redis:// URL) the files go to
        the KB's workers instead (kb.distributed), who store them while others write too."""
        if broker:
            if not self.server:
                raise StoreError("任务队列（--broker）只用于共享知识库：请用 --kb postgresql://… 指定服务器上的知识库")
            if self.read_only:
                raise StoreError(f"知识库是只读的：{self.shown}。可以查看和搜索，不能导入或修改")
            from . import distributed

            return distributed.ingest(self.db, broker, paths, on_progress, should_cancel, ocr)
        on_wait = (lambda note: on_progress(0, 0, note)) if on_progress else None
        try:
            with self.writing(on_wait, should_cancel):
                return _pipeline().ingest(self.db, self.index, paths, on_progress, should_cancel, workers, ocr)
        except Cancelled:
            return _pipeline().IngestReport(cancelled=True)

    def reextract(self, on_progress: Progress | None = None) -> int:
        """Run extraction again on the stored documents (after the rules changed); returns how many."""
        with self.writing():
            return _pipeline().reextract(self.db, self.index, on_progress)

    def reindex(self, on_progress: Progress | None = None) -> int:
        """Rebuild the search index from the store; returns the number of passages indexed."""
        with self.writing():
            return self._rebuild_index(self.index, on_progress)

    def _rebuild_index(self, index, on_progress: Progress | None = None) -> int:
        ids = read.all_document_ids(self.db)
        records = (record for doc_id in ids for record in read.index_records(self.db, doc_id))
        return index.rebuild(records, on_progress, versions=read.document_versions(self.db))

    def remove(self, doc_ref: str) -> list[str]:
        """Remove the files holding the documents `doc_ref` names (a document read from two files:
        both); returns their titles."""
        removed = []
        with self.writing():
            for info in self.find_documents(doc_ref):
                changed = []
                for path in info.sources:
                    ids, promoted = store.write.remove_file(self.db, path)
                    changed += [*ids, *promoted]
                if changed:
                    # a copy in another file now stands in for a removed document
                    _indexer().index_documents(self.db, self.index, changed, removed=changed)
                    removed.append(info.title)
        return removed

    def check(self) -> CheckReport:
        """Check the KB file (SQLite's integrity check) and make the search index hold exactly what
        the file holds, saying what was repaired."""
        problems = read.integrity_problems(self.db)
        with self.writing():
            said = len(self.messages)
            index = self.index  # opening it already catches it up with the store, saying so
            try:
                repaired = self.messages[said:] + self._repair_index(index)
            except OSError as error:
                raise StoreError(f"无法修复搜索索引：{error.strerror or error}") from error
            del self.messages[said:]
        return CheckReport(problems, repaired)

    def backup(self, target: Path) -> Path:
        """Write a consistent copy of the KB file to `target` (the index is rebuilt from it)."""
        return store.backup.backup(self.db, target)

    def restore(self, source: Path) -> None:
        """Replace the KB with a backup made by `backup`; the search index follows."""
        with self.writing():
            store.backup.restore(self.db, source, rederive=_rederive)
            self._repair_index(self.index)

    # ------------------------------------------------------------- index ----
    def _sync_index(self, index) -> None:
        """On opening: repair the index if no one else is writing (then they keep it current).
        An index in step with the store, the usual case, is left as it is without taking the
        writer lock (a search from the command line then starts without loading the lock's code)."""
        if not index.needs_rebuild and not index.leftovers() and not any(self._out_of_step(index)):
            return
        lock = self._writer_lock()
        if lock is None:
            if index.needs_rebuild and read.document_count(self.db):
                self.messages.append(f"搜索索引缺失或损坏，知识库只读，无法重建：{self.shown}")
            return
        from filelock import Timeout

        try:
            lock.acquire(timeout=0)
        except Timeout:
            return
        try:
            self.messages.extend(self._repair_index(index))
        except OSError as error:  # a full disk: searching what the index holds still works
            log.warning("%s: index not repaired: %s", self.shown, error)
            self.messages.append(f"搜索索引未能与数据库核对（{error.strerror or error}），搜索结果可能不全")
        finally:
            lock.release()

    def _out_of_step(self, index) -> tuple[list[int], list[int]]:
        """(documents stored in another version than the index holds, documents the index holds
        that are no longer stored)."""
        stored, held = read.document_versions(self.db), index.versions()
        stale = [doc_id for doc_id, version in stored.items() if held.get(doc_id) != version]
        gone = [doc_id for doc_id in held if doc_id not in stored]
        return stale, gone

    def _repair_index(self, index) -> list[str]:
        """Make the index hold each stored document's current version and nothing else; returns
        what was done, in words (nothing when the two already agree)."""
        index.remove_leftovers()
        if index.needs_rebuild:
            if not read.document_count(self.db):
                index.rebuild([], versions={})
                return []  # a new KB: an empty index is no news
            log.warning("%s: search index missing or corrupt, rebuilding", self.shown)
            self._rebuild_index(index)
            return [INDEX_REBUILT]
        stale, gone = self._out_of_step(index)
        if not stale and not gone:
            return []
        _indexer().index_documents(self.db, index, stale, removed=[*gone, *stale])
        log.info("%s: index caught up: %d documents indexed, %d removed", self.shown, len(stale), len(gone))
        return [f"搜索索引已与数据库核对：补建{len(stale)}个文件，移除{len(gone)}个文件"]

    # ---------------------------------------------------------- documents ----
    def is_empty(self) -> bool:
        return read.document_count(self.db) == 0

    def document_count(self) -> int:
        return read.document_count(self.db)

    def documents(self, filters: Filters = Filters()) -> list[DocumentInfo]:
        """Stored documents; the filters' document part (jurisdiction, year of issue) narrows them."""
        return read.filtered_documents(self.db, filters) if filters else read.documents(self.db)

    def find_documents(self, ref: int | str) -> list[DocumentInfo]:
        """The documents a reference names: an id, a file name, part of a title, or a 文号."""
        ids = read.document_ids(self.db, ref)
        return read.documents(self.db, ids) if ids else []

    def passages(self, doc_id: int) -> list[Passage]:
        return read.passages(self.db, doc_id)

    def tables(self, doc_id: int) -> list[Table]:
        return read.tables(self.db, doc_id)

    def passage(self, passage_id: int) -> PassageView | None:
        return read.passage_view(self.db, passage_id)

    def load_document(self, doc_id: int) -> Document:
        return read.load_document(self.db, doc_id)

    # ------------------------------------------------------- obligations ----
    def obligations(self, filters: Filters = Filters(), order: str = "deadline") -> list[ObligationRow]:
        """Obligations the filters let through: order="deadline" (soonest first) suits a ledger,
        order="document" keeps each plan's own order, as a 重点任务分工表 lists its tasks."""
        return read.obligations(self.db, filters, order)

    def department_obligations(self, key: str, jurisdiction: str, filters: Filters = Filters()) -> list[ObligationRow]:
        """The tasks of one body of departments() (its `key`), narrowed by the filters."""
        return read.department_obligations(self.db, key, jurisdiction, filters)

    def obligations_by_ids(self, ids: Sequence[int]) -> list[ObligationRow]:
        return read.obligations_by_ids(self.db, ids)

    def deadline_buckets(self, today: date | None = None, filters: Filters = Filters()) -> list[DeadlineBucket]:
        return read.deadline_buckets(self.db, today or date.today(), filters)

    def departments(self, filters: Filters = Filters()) -> list[DepartmentSummary]:
        """Units per jurisdiction with their task counts; a department filter matches any alias."""
        return read.departments(self.db, filters)

    # ----------------------------------------------------------- targets ----
    def targets(self, filters: Filters = Filters()) -> list[TargetRow]:
        return read.targets(self.db, filters)

    def targets_of_indicator(self, key: str, filters: Filters = Filters()) -> list[TargetRow]:
        return read.targets_of_indicator(self.db, key, filters)

    def indicators(self, filters: Filters = Filters()) -> list[IndicatorSummary]:
        """Indicators with their counts; an indicator filter matches synonyms (单位地区生产总值能源消耗 = 单位GDP能耗)."""
        return read.indicators(self.db, filters)

    def comparison(self, key: str, filters: Filters = Filters()) -> list[TargetRow]:
        """One indicator's targets (by its key, as indicators() lists it), each marked comparable or not."""
        from .export.compare import compared

        return compared(read.targets_of_indicator(self.db, key, filters))

    @staticmethod
    def charts(rows: Sequence[TargetRow]) -> tuple:
        """Bar charts of the comparable targets among compared rows, one per indicator (kb.export.Chart)."""
        from .export.tables import comparison_charts

        return comparison_charts(rows)

    def compare(self, indicator: str, filters: Filters = Filters()) -> list[TargetRow]:
        """One indicator's targets across plans, synonyms included, each marked comparable or not
        with a note saying why (see kb.export.compare); `filters.deadline_year` is the target year."""
        from .export.compare import compared, matching_targets

        return compared(matching_targets(read.targets(self.db, filters), indicator))

    # ------------------------------------------------- choices for filters ----
    def jurisdictions(self) -> list[str]:
        return read.jurisdictions(self.db)

    def deadline_years(self) -> list[int]:
        return read.deadline_years(self.db)

    def department_names(self, filters: Filters = Filters()) -> list[str]:
        return read.department_names(self.db, filters)

    def document_titles(self) -> list[tuple[int, str]]:
        return read.document_titles(self.db)

    # ------------------------------------------------------------ search ----
    def search(self, query: str, filters: Filters = Filters(), limit: int | None = 50, exact: bool = False):
        """Hits for a query (kb.index.Hit): the passages with the words as typed, best first, then
        unless `exact` the best related ones; the filters mean what they mean for lists."""
        from .index import search_filters

        doc_ids = None
        if filters.doc is not None and filters.doc != "":
            doc_ids = read.document_ids(self.db, filters.doc)
            if not doc_ids:
                return []
        return self.index.search(query, limit=limit, exact=exact, **search_filters(filters, doc_ids))

    @property
    def index(self):
        """The search index, opened on first use (loading it is not free) and checked against the
        store: rebuilt if broken, caught up if a program stopped between the two."""
        if self._index is None:
            if self.server:
                from .index.server import ServerIndex

                index = ServerIndex(self.db)
            else:
                from .index import SearchIndex

                index = SearchIndex(self.directory / INDEX_DIR)
            self._sync_index(index)
            self._index = index
        return self._index

    def refresh_index(self) -> None:
        """Forget the open index so the next search sees what another connection wrote."""
        if self._index is not None:
            self._index.close()
            self._index = None


__all__ = ["Cancelled", "CheckReport", "KnowledgeBase", "default_kb_dir", "kb_location"]
