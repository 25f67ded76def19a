"""KnowledgeBase: the one object the app and the CLI talk to (like Anki's Collection).

It owns one KB directory: the SQLite store and the search index. Each method is one user action
or one question, delegated to the stage that answers it (kb.ingest, kb.store.read, kb.index,
kb.export); rows come back as the typed dataclasses of kb.models.

    >>> kb = KnowledgeBase(Path("/tmp/kb"))                                 # doctest: +SKIP
    >>> kb.ingest([Path("corpus")]).summary()                               # doctest: +SKIP
    '已存 5，未变 0，失败 0'
    >>> [o.deadline.label for o in kb.obligations(Filters(department="发改委"))][:2]   # doctest: +SKIP
    ['2025年底前', '到2025年']
"""
from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from . import ingest as pipeline
from .ingest import IngestReport, Progress
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
from .store import open_db, read, write

log = logging.getLogger(__name__)

ENV_DIR = "POLICYKB_DIR"
DB_NAME = "kb.sqlite"
INDEX_DIR = "index"


def default_kb_dir() -> Path:
    """$POLICYKB_DIR, else the user's data directory (~/.local/share/PolicyKB on Linux)."""
    if os.environ.get(ENV_DIR):
        return Path(os.environ[ENV_DIR]).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("PolicyKB", appauthor=False))


class KnowledgeBase:
    def __init__(self, directory: Path | None = None):
        self.directory = Path(directory) if directory else default_kb_dir()
        self.directory.mkdir(parents=True, exist_ok=True)
        self.db = open_db(self.directory / DB_NAME, rederive=pipeline.rederive)
        self._index = None
        self.messages: list[str] = []  # things the user should be told (index rebuilt …)

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
            self._index = None
        self.db.conn.close()

    def __enter__(self) -> KnowledgeBase:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------ actions ----
    def ingest(self, paths: Sequence[Path], on_progress: Progress | None = None,
               should_cancel: Callable[[], bool] | None = None, workers: int | None = None,
               ocr: bool = True) -> IngestReport:
        """Read, extract, store and index files and folders (OCR'ing scanned pages unless `ocr`
        is False); see kb.ingest."""
        return pipeline.ingest(self.db, self.index, paths, on_progress, should_cancel, workers, ocr)

    def reextract(self, on_progress: Progress | None = None) -> int:
        """Run extraction again on the stored documents (after the rules changed); returns how many."""
        return pipeline.reextract(self.db, self.index, on_progress)

    def reindex(self, on_progress: Progress | None = None) -> int:
        """Rebuild the search index from the store; returns the number of passages indexed."""
        ids = read.all_document_ids(self.db)
        records = (record for doc_id in ids for record in read.index_records(self.db, doc_id))
        count = self.index.rebuild(records, on_progress)
        write.mark_indexed(self.db)
        return count

    def remove(self, doc_ref: str) -> list[str]:
        """Remove the files holding the documents `doc_ref` names (a document read from two files:
        both); returns their titles."""
        removed = []
        for info in self.find_documents(doc_ref):
            ids = [doc_id for path in info.sources for doc_id in write.remove_file(self.db, path)]
            if ids:
                changed = read.unindexed_document_ids(self.db)  # copies now standing in for a removed document
                pipeline.index_documents(self.db, self.index, changed, removed=[*ids, *changed])
                removed.append(info.title)
        return removed

    # ---------------------------------------------------------- documents ----
    def is_empty(self) -> bool:
        return read.document_count(self.db) == 0

    def document_count(self) -> int:
        return read.document_count(self.db)

    def documents(self) -> list[DocumentInfo]:
        return read.documents(self.db)

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

    def department_obligations(self, name: str, jurisdiction: str) -> list[ObligationRow]:
        return read.department_obligations(self.db, name, jurisdiction)

    def obligations_by_ids(self, ids: Sequence[int]) -> list[ObligationRow]:
        return read.obligations_by_ids(self.db, ids)

    def deadline_buckets(self, today: date | None = None) -> list[DeadlineBucket]:
        return read.deadline_buckets(self.db, today or date.today())

    def departments(self) -> list[DepartmentSummary]:
        return read.departments(self.db)

    # ----------------------------------------------------------- targets ----
    def targets(self, filters: Filters = Filters()) -> list[TargetRow]:
        return read.targets(self.db, filters)

    def targets_of_indicator(self, key: str) -> list[TargetRow]:
        return read.targets_of_indicator(self.db, key)

    def indicators(self) -> list[IndicatorSummary]:
        return read.indicators(self.db)

    def compare(self, indicator: str, filters: Filters = Filters()) -> list[TargetRow]:
        """One indicator's targets across plans, synonyms included (see kb.export.compare)."""
        from .export.compare import matching_targets

        return matching_targets(read.targets(self.db, filters), indicator)

    # ------------------------------------------------- choices for filters ----
    def jurisdictions(self) -> list[str]:
        return read.jurisdictions(self.db)

    def deadline_years(self) -> list[int]:
        return read.deadline_years(self.db)

    def department_names(self) -> list[str]:
        return read.department_names(self.db)

    def document_titles(self) -> list[tuple[int, str]]:
        return read.document_titles(self.db)

    # ------------------------------------------------------------ search ----
    def search(self, query: str, filters: Filters = Filters(), limit: int | None = 50):
        """Hits for a query, best first (kb.index.Hit); the filters mean what they mean for lists."""
        from .index import search_filters

        doc_ids = None
        if filters.doc is not None and filters.doc != "":
            doc_ids = read.document_ids(self.db, filters.doc)
            if not doc_ids:
                return []
        return self.index.search(query, limit=limit, **search_filters(filters, doc_ids))

    @property
    def index(self):
        """The search index, opened on first use (loading it is not free), rebuilt if broken and
        caught up with documents stored but not yet indexed (a crash, an interrupted ingest)."""
        if self._index is None:
            from .index import SearchIndex

            self._index = SearchIndex(self.directory / INDEX_DIR)
            if self._index.needs_rebuild and read.indexed_document_count(self.db):
                self.messages.append("搜索索引缺失或损坏，已从数据库重建")
                log.warning("%s: search index missing or corrupt, rebuilding", self.directory)
                self.reindex()
            pending = read.unindexed_document_ids(self.db)
            if pending:
                pipeline.index_documents(self.db, self._index, pending, removed=pending)
        return self._index

    def refresh_index(self) -> None:
        """Forget the open index so the next search sees what another connection wrote."""
        if self._index is not None:
            self._index.close()
            self._index = None


__all__ = ["KnowledgeBase", "default_kb_dir"]
