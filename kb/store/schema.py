"""The knowledge base's SQLite file: opening it, its schema, and moving older files forward.

SQLite is used the way systems that trust it use it: WAL (readers never wait for the writer), a
busy timeout (a second writer waits instead of failing), every write in a `BEGIN IMMEDIATE`
transaction (a writer takes the lock before it reads what it will change), and the schema
created in one transaction, so two programs opening a new KB at once cannot both create it.
"""
from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import sqlite_utils

from ..models import PageWarning

SCHEMA_VERSION = 3
BUSY_TIMEOUT_S = 30


class SchemaError(Exception):
    """The KB file cannot be used by this version of PolicyKB; the message says why (Chinese)."""


def open_db(path: Path, rederive: Callable[[sqlite_utils.Database], None] | None = None) -> sqlite_utils.Database:
    """Open (creating if needed) the KB database at `path`, with the current schema.

    A KB written by an older version is brought forward; `rederive(db)` then recomputes what
    extraction derives from the stored passages (called inside the migration's transaction).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, check_same_thread=False, isolation_level=None)
    db = sqlite_utils.Database(conn)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA foreign_keys=ON")
    try:
        _ensure_schema(db, rederive)
    except BaseException:
        conn.close()
        raise
    return db


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One write transaction: committed at the end, rolled back on any error.

    BEGIN IMMEDIATE takes the write lock first (waiting up to the busy timeout), so a transaction
    never fails half-way with "database is locked". Inside another transaction it nests as a
    savepoint (sqlite-utils' atomic()).
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("COMMIT")


def _version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def _ensure_schema(db: sqlite_utils.Database, rederive) -> None:
    if _version(db) == SCHEMA_VERSION:
        return
    with write_transaction(db):
        version = _version(db)  # again, under the lock: another program may have just created it
        if version == SCHEMA_VERSION:
            return
        if version > SCHEMA_VERSION:
            raise SchemaError(f"知识库版本（{version}）比本程序支持的版本（{SCHEMA_VERSION}）新，请升级PolicyKB")
        if version == 0:
            for statement in _statements(SCHEMA):
                db.execute(statement)
        else:
            MIGRATIONS[version](db, rederive)
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")


def _statements(script: str) -> list[str]:
    """The statements of a schema script (executescript() would commit the open transaction)."""
    return [s.strip() for s in script.split(";") if s.strip()]


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
    indexed INTEGER NOT NULL DEFAULT 0  -- 1 once the search index holds this document
);
CREATE TABLE pages (
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    warning TEXT,                    -- a kb.models.PageWarning code: no_text_layer, garbled …
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
""" + """
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
    deadlines TEXT NOT NULL,         -- JSON list of [value, text]: kb.models.Deadline
    deadline_sort TEXT,              -- the last day the first deadline allows (9999-12-31: ongoing)
    due_years TEXT NOT NULL,         -- JSON list of the years its deadlines fall due
    source TEXT NOT NULL,
    blanket TEXT NOT NULL DEFAULT '[]'  -- JSON list: units an earlier blanket note makes responsible
);
CREATE INDEX obligations_doc ON obligations(doc_id);
CREATE TABLE obligation_departments (
    obligation_id INTEGER NOT NULL REFERENCES obligations(id) ON DELETE CASCADE,
    department TEXT NOT NULL,        -- the unit as the text names it (prefix distributed)
    canonical TEXT NOT NULL,         -- the body it names: jurisdiction + canonical alias
    role TEXT NOT NULL               -- a kb.models.Role: lead | co | responsible
);
CREATE INDEX obligation_departments_name ON obligation_departments(canonical);
CREATE INDEX obligation_departments_obligation ON obligation_departments(obligation_id);
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
    text TEXT NOT NULL,
    value_high REAL                  -- the upper end of a range ("1至2个": value 1, value_high 2)
);
CREATE INDEX targets_key ON targets(indicator_key);
"""
# What extraction derives from stored passages: a migration may drop and re-derive it.
DERIVED_SCHEMA = SCHEMA[SCHEMA.index("CREATE TABLE obligations ("):]
DERIVED_TABLES = ("obligation_departments", "obligations", "targets")

# Version 1 stored page warnings as the sentences users read.
_V1_WARNINGS = {
    "无文字层，需要OCR": PageWarning.NO_TEXT_LAYER,
    "乱码：字体缺少Unicode映射，文字不可信": PageWarning.GARBLED,
    "文字顺序错乱（提取顺序异常），文字不可信": PageWarning.SCRAMBLED,
    "OCR识别文字，可能有错字": PageWarning.OCR_NOISE,
}


def _from_v1(db: sqlite_utils.Database, rederive) -> None:
    """Version 1 → 2: page warnings become codes; documents lose their warning sentences (they
    are read from the pages); obligations get every deadline's year; extraction runs again."""
    if rederive is None:
        raise SchemaError("知识库版本1需要升级，请用 policykb 打开一次以完成升级")
    for sentence, code in _V1_WARNINGS.items():
        db.execute("UPDATE pages SET warning = ? WHERE warning = ?", [code.value, sentence])
    db.execute("UPDATE pages SET warning = NULL WHERE warning NOT IN (%s)" % ",".join("?" * len(PageWarning)),
               [w.value for w in PageWarning])
    db.execute("ALTER TABLE documents DROP COLUMN warnings")
    for table in DERIVED_TABLES:
        db.execute(f"DROP TABLE {table}")
    for statement in _statements(DERIVED_SCHEMA):
        db.execute(statement)
    db.execute("UPDATE documents SET indexed = 0")  # index records carry derived facts
    rederive(db)


def _columns(db: sqlite_utils.Database, table: str) -> set[str]:
    return {r[1] for r in db.execute(f"PRAGMA table_info({table})").fetchall()}


def _from_v2(db: sqlite_utils.Database, rederive) -> None:
    """Version 2 → 3: obligations say which units a blanket note added (blanket), targets keep the
    upper end of a range (value_high); extraction runs again (its rules changed) when it can."""
    if "value_high" in _columns(db, "targets"):
        return  # the derived tables were just made afresh (a version 1 file) and re-derived
    db.execute("ALTER TABLE obligations ADD COLUMN blanket TEXT NOT NULL DEFAULT '[]'")
    db.execute("ALTER TABLE targets ADD COLUMN value_high REAL")
    if rederive is not None:
        db.execute("UPDATE documents SET indexed = 0")  # index records carry derived facts
        rederive(db)


MIGRATIONS = {1: _from_v1, 2: _from_v2}
