"""Store: the knowledge base's SQLite file (sqlite-utils).

Every document of a file is written in one transaction: a file is stored whole or not at all.

    >>> db = open_db(Path("/tmp/kb/kb.sqlite"))   # doctest: +SKIP
    >>> [d["title"] for d in db["documents"].rows] # doctest: +SKIP
    ['珠海市碳达峰实施方案']
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils

from .models import Document, Obligation, Passage, Table, Target

SCHEMA_VERSION = 1


class SchemaError(Exception):
    pass


def open_db(path: Path) -> sqlite_utils.Database:
    """Open (creating if needed) the KB database, with the current schema."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
    db = sqlite_utils.Database(conn)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA foreign_keys=ON")
    _ensure_schema(db)
    return db


def _ensure_schema(db: sqlite_utils.Database) -> None:
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version == SCHEMA_VERSION:
        return
    if version > SCHEMA_VERSION:
        raise SchemaError(f"知识库版本（{version}）比本程序新（{SCHEMA_VERSION}），请升级PolicyKB")
    if version != 0:
        raise SchemaError(f"知识库版本{version}已过时，请用 --kb 指定新目录后重新导入")
    with db.conn:
        db.conn.executescript(SCHEMA)
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")


SCHEMA = """
CREATE TABLE files (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,       -- absolute path as ingested
    name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    pages INTEGER NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE INDEX files_sha ON files(sha256);
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,            -- order within the file (compilations hold several)
    title TEXT NOT NULL,
    doc_number TEXT NOT NULL,        -- 文号
    issuers TEXT NOT NULL,           -- JSON list
    issue_date TEXT NOT NULL,        -- ISO date or year-month, '' when unknown
    year INTEGER,
    jurisdiction TEXT NOT NULL,
    first_page INTEGER NOT NULL,
    last_page INTEGER NOT NULL,
    warnings TEXT NOT NULL,          -- JSON list of page-range warnings, in Chinese
    indexed INTEGER NOT NULL DEFAULT 0  -- 1 once the search index holds this document
);
CREATE TABLE pages (
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    warning TEXT,
    PRIMARY KEY (doc_id, number)
);
CREATE TABLE passages (
    id INTEGER PRIMARY KEY,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,              -- heading | text | table_row | toc
    clause_path TEXT NOT NULL,       -- JSON list
    clause TEXT NOT NULL,            -- the path joined with ' › '
    page INTEGER NOT NULL,
    pages TEXT NOT NULL,             -- JSON list
    text TEXT NOT NULL,
    table_index INTEGER,
    row_index INTEGER
);
CREATE INDEX passages_doc ON passages(doc_id, seq);
CREATE TABLE tables (
    id INTEGER PRIMARY KEY,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    title TEXT NOT NULL,
    clause TEXT NOT NULL,
    pages TEXT NOT NULL,             -- JSON list
    header TEXT NOT NULL,            -- JSON list of cells
    rows TEXT NOT NULL               -- JSON list of lists of cells
);
CREATE INDEX tables_doc ON tables(doc_id, idx);
CREATE TABLE obligations (
    id INTEGER PRIMARY KEY,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    passage_id INTEGER REFERENCES passages(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    clause TEXT NOT NULL,
    page INTEGER NOT NULL,
    pages TEXT NOT NULL,
    lead TEXT NOT NULL,              -- JSON lists of units, as the text names them
    co TEXT NOT NULL,
    responsible TEXT NOT NULL,
    deadline TEXT,                   -- first normalised deadline: 2025 | 2025-12-31 | 2021/2025 | ongoing
    deadline_text TEXT,
    deadlines TEXT NOT NULL,         -- JSON list of [value, text]
    deadline_sort TEXT,              -- the last day the deadline allows, for sorting and --due-before
    source TEXT NOT NULL
);
CREATE INDEX obligations_doc ON obligations(doc_id);
CREATE TABLE obligation_departments (
    obligation_id INTEGER NOT NULL REFERENCES obligations(id) ON DELETE CASCADE,
    department TEXT NOT NULL,        -- the unit as the text names it (prefix distributed)
    canonical TEXT NOT NULL,         -- jurisdiction + canonical alias: 珠海市发展改革委
    role TEXT NOT NULL               -- lead | co | responsible
);
CREATE INDEX obligation_departments_name ON obligation_departments(canonical);
CREATE TABLE targets (
    id INTEGER PRIMARY KEY,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    passage_id INTEGER REFERENCES passages(id) ON DELETE CASCADE,
    clause TEXT NOT NULL,
    page INTEGER NOT NULL,
    indicator TEXT NOT NULL,
    indicator_key TEXT NOT NULL,
    value REAL NOT NULL,
    unit TEXT,
    direction TEXT NOT NULL,
    qualifier TEXT NOT NULL,
    base_year INTEGER,
    year INTEGER,
    attribute TEXT,
    cumulative INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX targets_key ON targets(indicator_key);
"""


def find_file(db: sqlite_utils.Database, path: Path) -> dict | None:
    rows = list(db.query("SELECT * FROM files WHERE path = ?", [str(path)]))
    return rows[0] if rows else None


def file_with_content(db: sqlite_utils.Database, sha256: str) -> dict | None:
    rows = list(db.query("SELECT * FROM files WHERE sha256 = ?", [sha256]))
    return rows[0] if rows else None


def store_file(
    db: sqlite_utils.Database,
    path: Path,
    sha256: str,
    pages: int,
    docs: Sequence[Document],
    extracted: Sequence[tuple[Sequence[Obligation], Sequence[Target]]],
) -> tuple[list[int], list[int]]:
    """Replace whatever the KB held for `path` with these documents, in one transaction.

    Returns (new document ids, ids of the documents replaced).
    """
    ids = []
    with db.atomic():  # one transaction: commit at the end, roll back on any error
        old = [r[0] for r in db.execute("SELECT d.id FROM documents d JOIN files f ON f.id = d.file_id WHERE f.path = ?", [str(path)])]
        db.execute("DELETE FROM files WHERE path = ?", [str(path)])
        file_id = db["files"].insert(
            {
                "path": str(path),
                "name": path.name,
                "sha256": sha256,
                "size": path.stat().st_size,
                "pages": pages,
                "ingested_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            }
        ).last_pk
        for seq, (doc, (obligations, targets)) in enumerate(zip(docs, extracted)):
            doc_id = _insert_document(db, file_id, seq, doc)
            passage_ids = _insert_passages(db, doc_id, doc.passages)
            _insert_tables(db, doc_id, doc.tables)
            store_extraction(db, doc_id, doc, passage_ids, obligations, targets, commit=False)
            ids.append(doc_id)
    return ids, old


def _insert_document(db: sqlite_utils.Database, file_id: int, seq: int, doc: Document) -> int:
    from .pipeline import describe_warnings

    meta = doc.meta
    year = int(meta.issue_date[:4]) if meta.issue_date[:4].isdigit() else None
    doc_id = db["documents"].insert(
        {
            "file_id": file_id,
            "seq": seq,
            "title": meta.title,
            "doc_number": meta.doc_number,
            "issuers": json.dumps(list(meta.issuers), ensure_ascii=False),
            "issue_date": meta.issue_date,
            "year": year,
            "jurisdiction": meta.jurisdiction,
            "first_page": doc.first_page,
            "last_page": doc.last_page,
            "warnings": json.dumps(describe_warnings(doc.page_warnings), ensure_ascii=False),
            "indexed": 0,
        }
    ).last_pk
    db["pages"].insert_all(
        ({"doc_id": doc_id, "number": n, "warning": doc.page_warnings.get(n)} for n in range(doc.first_page, doc.last_page + 1)),
    )
    return doc_id


def _insert_passages(db: sqlite_utils.Database, doc_id: int, passages: Iterable[Passage]) -> dict[int, int]:
    seq_to_id = {}
    for p in passages:
        row_id = db["passages"].insert(
            {
                "doc_id": doc_id,
                "seq": p.seq,
                "kind": p.kind,
                "clause_path": json.dumps(list(p.clause_path), ensure_ascii=False),
                "clause": p.clause,
                "page": p.page,
                "pages": json.dumps(list(p.pages)),
                "text": p.text,
                "table_index": p.table_index,
                "row_index": p.row_index,
            }
        ).last_pk
        seq_to_id[p.seq] = row_id
    return seq_to_id


def _insert_tables(db: sqlite_utils.Database, doc_id: int, tables: Sequence[Table]) -> None:
    db["tables"].insert_all((
        {
            "doc_id": doc_id,
            "idx": i,
            "title": t.title,
            "clause": " › ".join(t.clause_path),
            "pages": json.dumps(list(t.pages)),
            "header": json.dumps(list(t.header), ensure_ascii=False),
            "rows": json.dumps([list(r) for r in t.rows], ensure_ascii=False),
        }
        for i, t in enumerate(tables)
    ))


def store_extraction(
    db: sqlite_utils.Database,
    doc_id: int,
    doc: Document,
    passage_ids: dict[int, int],
    obligations: Sequence[Obligation],
    targets: Sequence[Target],
    commit: bool = True,
) -> None:
    """(Re)write a document's obligations and targets."""
    from .extract.departments import canonical_department
    from .extract.deadlines import deadline_sort_key

    def write() -> None:
        db.execute("DELETE FROM obligations WHERE doc_id = ?", [doc_id])
        db.execute("DELETE FROM targets WHERE doc_id = ?", [doc_id])
        for o in obligations:
            first = o.deadlines[0] if o.deadlines else None
            oid = db["obligations"].insert(
                {
                    "doc_id": doc_id,
                    "passage_id": passage_ids.get(o.passage_seq),
                    "text": o.text,
                    "clause": " › ".join(o.clause_path),
                    "page": o.pages[0] if o.pages else 0,
                    "pages": json.dumps(list(o.pages)),
                    "lead": json.dumps(list(o.lead), ensure_ascii=False),
                    "co": json.dumps(list(o.co), ensure_ascii=False),
                    "responsible": json.dumps(list(o.responsible), ensure_ascii=False),
                    "deadline": first.value if first else None,
                    "deadline_text": first.text if first else None,
                    "deadlines": json.dumps([[d.value, d.text] for d in o.deadlines], ensure_ascii=False),
                    "deadline_sort": deadline_sort_key(first.value) if first else None,
                    "source": o.source,
                }
            ).last_pk
            db["obligation_departments"].insert_all((
                {"obligation_id": oid, "department": name, "canonical": canonical_department(name, doc.meta.jurisdiction), "role": role}
                for role, names in (("lead", o.lead), ("co", o.co), ("responsible", o.responsible))
                for name in names
            ))
        db["targets"].insert_all((
            {
                "doc_id": doc_id,
                "passage_id": passage_ids.get(t.passage_seq),
                "clause": " › ".join(t.clause_path),
                "page": t.pages[0] if t.pages else 0,
                "indicator": t.indicator,
                "indicator_key": t.indicator_key or t.indicator,
                "value": t.value,
                "unit": t.unit,
                "direction": t.direction,
                "qualifier": t.qualifier,
                "base_year": t.base_year,
                "year": t.year,
                "attribute": t.attribute,
                "cumulative": int(t.cumulative),
                "text": t.text,
            }
            for t in targets
        ))

    if commit:
        with db.atomic():
            write()
    else:
        write()
