"""KnowledgeBase: the one object the app and the CLI talk to.

It owns the SQLite file and the search index of one KB directory and offers the user's
actions as methods: ingest, documents, search, obligations, targets, departments, export.

    >>> kb = KnowledgeBase(Path("/tmp/kb"))          # doctest: +SKIP
    >>> kb.ingest([Path("corpus")]).summary()        # doctest: +SKIP
    '已存 5，未变 0，失败 0'
"""
from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import store
from .ingest import IngestReport, Progress, ingest
from .models import Deadline, Document, DocumentMeta, Obligation, Passage, Table, Target

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


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    title: str
    doc_number: str
    issuers: tuple[str, ...]
    issue_date: str
    year: int | None
    jurisdiction: str
    first_page: int
    last_page: int
    warnings: tuple[str, ...]
    file: str
    path: str

    @property
    def pages(self) -> int:
        return self.last_page - self.first_page + 1


class KnowledgeBase:
    def __init__(self, directory: Path | None = None):
        self.directory = Path(directory) if directory else default_kb_dir()
        self.directory.mkdir(parents=True, exist_ok=True)
        self.db = store.open_db(self.directory / DB_NAME)
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

    # ------------------------------------------------------------ ingest ----
    def ingest(
        self,
        paths: Sequence[Path],
        on_progress: Progress | None = None,
        should_cancel: Callable[[], bool] | None = None,
        workers: int | None = None,
    ) -> IngestReport:
        """Read, extract, store and index files and folders; see IngestReport."""
        from .extract import extract_document

        def update_index(new_ids: list[int], replaced_ids: list[int]) -> None:
            self._unindex_documents(replaced_ids)
            self._index_documents(new_ids)

        return ingest(self.db, paths, extract_document, update_index, on_progress, should_cancel, workers)

    def is_empty(self) -> bool:
        return self.db["documents"].count == 0

    # --------------------------------------------------------- documents ----
    def documents(self) -> list[DocumentInfo]:
        sql = """SELECT d.*, f.name AS file, f.path AS path FROM documents d JOIN files f ON f.id = d.file_id
                 ORDER BY d.jurisdiction, d.issue_date DESC, d.title"""
        return [_document_info(row) for row in self.db.query(sql)]

    def find_documents(self, ref: str) -> list[DocumentInfo]:
        """Documents matching an id, a file name or part of a title."""
        docs = self.documents()
        if ref.isdigit():
            exact = [d for d in docs if d.id == int(ref)]
            if exact:
                return exact
        return [d for d in docs if ref in d.title or ref in d.file or ref == d.path or ref in d.doc_number]

    def passages(self, doc_id: int) -> list[dict]:
        return [
            {**row, "clause_path": json.loads(row["clause_path"]), "pages": json.loads(row["pages"])}
            for row in self.db.query("SELECT * FROM passages WHERE doc_id = ? ORDER BY seq", [doc_id])
        ]

    def tables(self, doc_id: int) -> list[dict]:
        return [
            {**row, "pages": json.loads(row["pages"]), "header": json.loads(row["header"]), "rows": json.loads(row["rows"])}
            for row in self.db.query("SELECT * FROM tables WHERE doc_id = ? ORDER BY idx", [doc_id])
        ]

    def load_document(self, doc_id: int) -> Document:
        """The stored document as pipeline dataclasses (extraction reruns on these)."""
        info = next(d for d in self.documents() if d.id == doc_id)
        meta = DocumentMeta(info.title, info.doc_number, info.issuers, info.issue_date, info.jurisdiction)
        passages = [
            Passage(p["seq"], p["kind"], p["text"], tuple(p["pages"]), tuple(p["clause_path"]), p["table_index"], p["row_index"])
            for p in self.passages(doc_id)
        ]
        tables = [
            Table(tuple(t["pages"]), tuple(tuple(r) for r in t["rows"]), tuple(t["header"]), tuple(t["clause"].split(" › ")) if t["clause"] else (), t["title"])
            for t in self.tables(doc_id)
        ]
        warnings = {r["number"]: r["warning"] for r in self.db.query("SELECT * FROM pages WHERE doc_id = ? AND warning IS NOT NULL", [doc_id])}
        return Document(meta, passages, tables, info.first_page, info.last_page, warnings)

    def reextract(self, on_progress: Progress | None = None) -> int:
        """Run extraction again on stored passages (after the rules changed); returns documents done."""
        from .extract import extract_document

        docs = self.documents()
        for i, info in enumerate(docs):
            doc = self.load_document(info.id)
            obligations, targets = extract_document(doc)
            seq_to_id = {r["seq"]: r["id"] for r in self.db.query("SELECT id, seq FROM passages WHERE doc_id = ?", [info.id])}
            store.store_extraction(self.db, info.id, doc, seq_to_id, obligations, targets)
            if on_progress:
                on_progress(i + 1, len(docs), info.title)
        self._index_documents([d.id for d in docs])
        return len(docs)

    # ------------------------------------------------------------ search ----
    @property
    def index(self):
        """The search index, opened on first use (loading it is not free); rebuilt if broken."""
        if self._index is None:
            self._open_index()
        return self._index

    def _open_index(self) -> None:
        from .index import SearchIndex

        self._index = SearchIndex(self.directory / INDEX_DIR)
        if self._index.needs_rebuild and self._has_indexed_documents():
            self.messages.append("搜索索引缺失或损坏，已从数据库重建")
            log.warning("%s: search index missing or corrupt, rebuilding", self.directory)
            self.reindex()
            return
        pending = [r["id"] for r in self.db.query("SELECT id FROM documents WHERE indexed = 0")]
        if pending:  # a new KB, or a crash between the database commit and the index commit
            self._index_documents(pending)

    def _has_indexed_documents(self) -> bool:
        return self.db.execute("SELECT COUNT(*) FROM documents WHERE indexed = 1").fetchone()[0] > 0

    def reindex(self, on_progress: Progress | None = None) -> int:
        """Rebuild the search index from SQLite; returns the number of records indexed."""
        index = self.index
        ids = [r["id"] for r in self.db.query("SELECT id FROM documents")]
        records = [rec for doc_id in ids for rec in self._records(doc_id)]
        index.rebuild(records, on_progress)
        with self.db.atomic():
            self.db.execute("UPDATE documents SET indexed = 1")
        return len(records)

    def refresh_index(self) -> None:
        """Forget the open index so the next search sees what another connection wrote."""
        if self._index is not None:
            self._index.close()
            self._index = None

    def search(self, query: str, **filters):
        """Hits for a query, best first; see kb.index.SearchIndex.search for the filters."""
        return self.index.search(query, **filters)

    def _index_documents(self, doc_ids: Sequence[int]) -> None:
        index = self.index  # opening it may already have indexed what was pending
        done = {r[0] for r in self.db.execute("SELECT id FROM documents WHERE indexed = 1")}
        for doc_id in (d for d in doc_ids if d not in done):
            index.replace_document(doc_id, list(self._records(doc_id)))
            with self.db.atomic():
                self.db.execute("UPDATE documents SET indexed = 1 WHERE id = ?", [doc_id])

    def _unindex_documents(self, doc_ids: Sequence[int]) -> None:
        if doc_ids:
            for doc_id in doc_ids:
                self.index.remove_document(doc_id)

    def remove(self, doc_ref: str) -> list[str]:
        """Remove the files holding the matching documents; returns removed titles."""
        removed = []
        for info in self.find_documents(doc_ref):
            ids = [r["id"] for r in self.db.query("SELECT d.id FROM documents d JOIN files f ON f.id = d.file_id WHERE f.path = ?", [info.path])]
            with self.db.atomic():
                self.db.execute("DELETE FROM files WHERE path = ?", [info.path])
            self._unindex_documents(ids)
            removed.append(info.title)
        return removed

    def _records(self, doc_id: int) -> Iterator:
        from .index import IndexRecord

        doc = self.db.execute(
            "SELECT d.title, d.jurisdiction, d.year, f.name FROM documents d JOIN files f ON f.id = d.file_id WHERE d.id = ?",
            [doc_id],
        ).fetchone()
        title, jurisdiction, year, file = doc
        departments: dict[int, set[str]] = {}
        deadline_years: dict[int, set[int]] = {}
        flags: dict[int, set[str]] = {}
        for row in self.db.query(
            """SELECT o.passage_id, o.deadline_sort, od.department, od.canonical FROM obligations o
               LEFT JOIN obligation_departments od ON od.obligation_id = o.id WHERE o.doc_id = ?""",
            [doc_id],
        ):
            pid = row["passage_id"]
            flags.setdefault(pid, set()).add("obligation")
            if row["department"]:
                departments.setdefault(pid, set()).update({row["department"], row["canonical"]})
            if row["deadline_sort"] and not row["deadline_sort"].startswith("9999"):
                deadline_years.setdefault(pid, set()).add(int(row["deadline_sort"][:4]))
        for row in self.db.query("SELECT passage_id FROM targets WHERE doc_id = ?", [doc_id]):
            flags.setdefault(row["passage_id"], set()).add("target")
        for p in self.db.query("SELECT id, kind, text, clause, page FROM passages WHERE doc_id = ? AND kind != 'toc'", [doc_id]):
            pid = p["id"]
            yield IndexRecord(
                doc_id=doc_id,
                passage_id=pid,
                kind=p["kind"],
                text=p["text"],
                title=title,
                file=file,
                clause=p["clause"],
                page=p["page"],
                jurisdiction=jurisdiction,
                year=year,
                departments=tuple(sorted(departments.get(pid, ()))),
                deadline_years=tuple(sorted(deadline_years.get(pid, ()))),
                flags=tuple(sorted(flags.get(pid, ()))),
            )

    # ------------------------------------------------------- obligations ----
    def obligations(
        self, dept: str | None = None, doc: str | None = None, due_before: str | None = None, order: str = "deadline"
    ) -> list[dict]:
        """Obligations with document, page, clause, units and deadline.

        order="deadline" (soonest first) suits a ledger; order="document" keeps each plan's own
        order, as a 重点任务分工表 lists its tasks.
        """
        from .extract.departments import canonical_department

        where, args = [], []
        if doc:
            ids = [d.id for d in self.find_documents(doc)] or [-1]
            where.append(f"o.doc_id IN ({','.join('?' * len(ids))})")
            args.extend(ids)
        if due_before:
            where.append("o.deadline_sort IS NOT NULL AND o.deadline_sort < ?")
            args.append(due_before)
        if dept:
            from .aliases import variants

            names = set(variants(dept)) | {canonical_department(dept)}
            marks = ",".join("?" * len(names))
            where.append(
                f"""o.id IN (SELECT od.obligation_id FROM obligation_departments od
                    WHERE od.department IN ({marks}) OR od.canonical IN ({marks}) OR od.canonical LIKE ?)"""
            )
            args.extend([*names, *names, f"%{canonical_department(dept)}"])
        sql = f"""SELECT o.*, d.title AS document, d.jurisdiction, f.name AS file, f.path AS path FROM obligations o
                  JOIN documents d ON d.id = o.doc_id JOIN files f ON f.id = d.file_id
                  {'WHERE ' + ' AND '.join(where) if where else ''}
                  ORDER BY {ORDERS[order]}"""
        out = []
        for row in self.db.query(sql, args):
            for key in ("lead", "co", "responsible", "pages", "deadlines"):
                row[key] = json.loads(row[key])
            out.append(row)
        return out

    def targets(self, indicator: str | None = None, doc: str | None = None) -> list[dict]:
        where, args = [], []
        if indicator:
            where.append("(t.indicator LIKE ? OR t.indicator_key LIKE ?)")
            args.extend([f"%{indicator}%", f"%{indicator}%"])
        if doc:
            ids = [d.id for d in self.find_documents(doc)] or [-1]
            where.append(f"t.doc_id IN ({','.join('?' * len(ids))})")
            args.extend(ids)
        sql = f"""SELECT t.*, d.title AS document, d.jurisdiction, f.name AS file, f.path AS path FROM targets t
                  JOIN documents d ON d.id = t.doc_id JOIN files f ON f.id = d.file_id
                  {'WHERE ' + ' AND '.join(where) if where else ''}
                  ORDER BY t.indicator_key, d.jurisdiction, t.year, t.id"""
        return list(self.db.query(sql, args))

    def departments(self) -> list[dict]:
        """Every unit named in an obligation, with its jurisdiction, aliases and counts by role."""
        from .aliases import variants

        sql = """SELECT od.canonical, d.jurisdiction, od.role, COUNT(DISTINCT od.obligation_id) AS n,
                        GROUP_CONCAT(DISTINCT od.department) AS names
                 FROM obligation_departments od JOIN obligations o ON o.id = od.obligation_id
                 JOIN documents d ON d.id = o.doc_id GROUP BY od.canonical, d.jurisdiction, od.role"""
        merged: dict[tuple[str, str], dict] = {}
        for row in self.db.query(sql):
            key = (row["canonical"], row["jurisdiction"])
            entry = merged.setdefault(
                key, {"name": row["canonical"], "jurisdiction": row["jurisdiction"], "aliases": set(), "lead": 0, "co": 0, "responsible": 0}
            )
            entry[row["role"]] += row["n"]
            entry["aliases"].update(n for n in (row["names"] or "").split(",") if n and n != row["canonical"])
        out = []
        for entry in merged.values():
            entry["aliases"] = sorted(entry["aliases"] | set(variants(entry["name"])[1:]))
            entry["total"] = entry["lead"] + entry["co"] + entry["responsible"]
            out.append(entry)
        out.sort(key=lambda e: (e["jurisdiction"], -e["total"], e["name"]))
        return out


ORDERS = {
    "deadline": "o.deadline_sort IS NULL, o.deadline_sort, d.title, o.page, o.id",
    "document": "d.id, o.id",  # obligations are stored in reading order
}


def _document_info(row: dict) -> DocumentInfo:
    return DocumentInfo(
        id=row["id"],
        title=row["title"],
        doc_number=row["doc_number"],
        issuers=tuple(json.loads(row["issuers"])),
        issue_date=row["issue_date"],
        year=row["year"],
        jurisdiction=row["jurisdiction"],
        first_page=row["first_page"],
        last_page=row["last_page"],
        warnings=tuple(json.loads(row["warnings"])),
        file=row["file"],
        path=row["path"],
    )


__all__ = ["KnowledgeBase", "DocumentInfo", "default_kb_dir", "Deadline", "Obligation", "Target"]
