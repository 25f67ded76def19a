"""The knowledge base's database: opening it, its schema, and moving older KBs forward.

A desktop KB is a SQLite file, used the way systems that trust it use it: WAL (readers never wait
for the writer), a busy timeout (a second writer waits instead of failing), every write in a
`BEGIN IMMEDIATE` transaction (a writer takes the lock before it reads what it will change), and
the schema created in one transaction, so two programs opening a new KB at once cannot both
create it. A shared KB is a PostgreSQL database with the same tables (kb.store.connection
translates the few spellings that differ); its schema is created and migrated the same way,
under a transaction advisory lock. The migrations are one list for both.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from ..models import PageWarning
from .connection import (
    Store,
    connect_postgres,
    connect_sqlite,
    connect_sqlite_read_only,
    is_server,
    shown_location,
)

SCHEMA_VERSION = 6


class StoreError(Exception):
    """A KB that cannot be used as asked; the message (Chinese) names the KB and the way out."""


class SchemaError(StoreError):
    """The KB was written by a version of PolicyKB this one cannot read or bring forward."""


def open_db(location: Path | str, rederive: Callable[[Store], None] | None = None) -> Store:
    """Open (creating if needed) the KB at `location` with the current schema: a SQLite file's
    path, or a postgresql:// URL.

    A KB written by an older version is brought forward; `rederive(db)` then recomputes what
    extraction derives from the stored passages (called inside the migration's transaction).
    A KB on a read-only disk (or one that may not be written) opens for reading. Raises
    StoreError for a file that is not a KB, or is damaged, or a server that cannot be reached.
    """
    if is_server(location):
        return _open_server(location, rederive)
    path = Path(location)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = connect_sqlite(path)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA foreign_keys=ON")
            ensure_schema(db, rederive)
        except sqlite3.OperationalError as error:
            db.close()
            if not _read_only_error(error):
                raise
            return _open_read_only(path)
        except BaseException:
            db.close()
            raise
        return db
    except sqlite3.DatabaseError as error:
        raise StoreError(damaged_message(path, error)) from error
    except OSError as error:
        raise StoreError(f"无法打开知识库：{path}（{error.strerror or error}）") from error


def _open_server(url: str, rederive) -> Store:
    """A PostgreSQL KB; its schema is created or brought forward unless this user may only read."""
    import psycopg

    try:
        db = connect_postgres(url)
    except psycopg.Error as error:
        reason = (str(error).strip().splitlines() or [type(error).__name__])[-1]
        raise StoreError(f"无法连接知识库服务器：{shown_location(url)}（{reason}）") from error
    try:
        if is_read_only(db):
            _check_version(db, shown_location(url))
        else:
            ensure_schema(db, rederive)
    except psycopg.Error as error:
        db.close()
        raise StoreError(f"知识库服务器出错：{shown_location(url)}（{error}）") from error
    except BaseException:
        db.close()
        raise
    return db


def damaged_message(path: Path, error: Exception) -> str:
    return (f"知识库文件已损坏：{path}（{error}）。可用 policykb restore 从备份恢复，"
            f"或把它移开后用 policykb ingest 从原文件重建")


def _read_only_error(error: sqlite3.OperationalError) -> bool:
    text = str(error).lower()
    return "readonly" in text or "read-only" in text or "unable to open" in text


def _open_read_only(path: Path) -> Store:
    """The KB for reading only: on a read-only disk SQLite cannot make its WAL index, so the file
    is opened as immutable (nothing else can write it there either)."""
    if not path.is_file():
        raise StoreError(f"知识库不存在，且无法在只读位置创建：{path}")
    db = connect_sqlite_read_only(path)
    try:
        _check_version(db, path)
    except BaseException:
        db.close()
        raise
    return db


def _check_version(db: Store, where) -> None:
    """A KB opened for reading must already have the current schema."""
    version = _version(db)
    if version == SCHEMA_VERSION:
        return
    if version > SCHEMA_VERSION:
        raise SchemaError(_newer_message(version))
    if version == 0:
        raise StoreError(f"知识库不存在，且无法在只读位置创建：{where}")
    raise SchemaError(f"知识库（版本{version}）需要升级才能使用，但它所在的位置只读：{where}")


def is_read_only(db: Store) -> bool:
    """Whether this connection may not write (a KB on a read-only disk; a server account that
    may only read, or a standby server)."""
    if db.server:
        return not db.scalar("SELECT NOT pg_is_in_recovery() AND CASE WHEN to_regclass('files') IS NULL "
                             "THEN has_schema_privilege('public', 'CREATE') ELSE has_table_privilege('files', 'INSERT') END")
    if db.scalar("PRAGMA query_only"):
        return True
    try:
        db.conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        if _read_only_error(error):
            return True
        raise
    db.conn.execute("ROLLBACK")
    return False


def _newer_message(version: int) -> str:
    return f"知识库版本（{version}）比本程序支持的版本（{SCHEMA_VERSION}）新，请升级PolicyKB"


def write_transaction(db: Store):
    """One write transaction: committed at the end, rolled back on any error (see Store.transaction).

    BEGIN IMMEDIATE takes the write lock first (waiting up to the busy timeout), so a transaction
    never fails half-way with "database is locked". Inside another transaction it nests as a
    savepoint.
    """
    return db.transaction()


def _version(db: Store) -> int:
    if db.server:
        if db.scalar("SELECT to_regclass('policykb_meta')") is None:
            return 0
        return int(db.scalar("SELECT value FROM policykb_meta WHERE name = 'schema_version'") or 0)
    return db.scalar("PRAGMA user_version")


def _set_version(db: Store, version: int) -> None:
    if db.server:
        db.execute("INSERT INTO policykb_meta (name, value) VALUES ('schema_version', ?) "
                   "ON CONFLICT (name) DO UPDATE SET value = excluded.value", [str(version)])
    else:
        db.execute(f"PRAGMA user_version={int(version)}")


def ensure_schema(db: Store, rederive) -> None:
    """Create the schema in a new KB, or bring an older one forward; one transaction."""
    if _version(db) == SCHEMA_VERSION:
        return
    with write_transaction(db):
        version = _version(db)  # again, under the lock: another program may have just created it
        if version == SCHEMA_VERSION:
            return
        if version > SCHEMA_VERSION:
            raise SchemaError(_newer_message(version))
        if version == 0:
            for statement in _statements(SCHEMA + (SERVER_SCHEMA if db.server else "")):
                db.execute(statement)
        else:
            _migrate(db, version, rederive)
        _set_version(db, SCHEMA_VERSION)


def _migrate(db: Store, version: int, rederive) -> None:
    """Bring a KB of `version` to the current schema, one version at a time. What extraction
    derives from the stored passages is not migrated: if any step changed it, the derived tables
    are made anew from the current schema and `rederive(db)` fills them, once."""
    stale = False
    for step in range(version, SCHEMA_VERSION):
        stale = MIGRATIONS[step](db) or stale
    if stale:
        if rederive is None:
            raise SchemaError(f"知识库版本{version}需要升级，请用 policykb 打开一次以完成升级")
        for table in DERIVED_TABLES:
            db.execute(f"DROP TABLE {table}")
        for statement in _statements(DERIVED_SCHEMA):
            db.execute(statement)
        rederive(db)


def _statements(script: str) -> list[str]:
    """The statements of a schema script (executescript() would commit the open transaction)."""
    return [s.strip() for s in script.split(";") if s.strip()]


SCHEMA = """
CREATE TABLE files (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,       -- absolute path as ingested, as users read it (kb.text.display_path)
    raw_path BLOB,                   -- the path's bytes when they are not UTF-8 (a GBK name from a Windows zip)
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
    version TEXT NOT NULL DEFAULT '',  -- a hash of what the document holds (passages, extraction): the
                                     -- search index records the version it indexed, so a difference shows
    text_hash TEXT NOT NULL DEFAULT '',  -- of its words alone (kb.documents.text_hash)
    duplicate_of INTEGER REFERENCES documents(id) ON DELETE SET NULL  -- the document it repeats
);
CREATE INDEX documents_text_hash ON documents(text_hash);
CREATE INDEX documents_duplicate_of ON documents(duplicate_of);
CREATE TABLE pages (
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    warning TEXT,                    -- a kb.models.PageWarning code: no_text_layer, garbled …
    ocr INTEGER NOT NULL DEFAULT 0,  -- 1 when its text was recognised from the page's image
    ocr_confidence REAL,             -- the mean confidence of the recognised characters (0–1)
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
    blanket TEXT NOT NULL DEFAULT '[]',  -- JSON list: units an earlier blanket note makes responsible
    number TEXT NOT NULL DEFAULT '', -- the row's 序号 in the plan's own 分工表 ('' for tasks read from prose)
    name TEXT NOT NULL DEFAULT ''    -- the task's name as a 分工表 lists it: its heading or first sentence
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
    -- the upper end of a range ("1至2个": value 1, value_high 2)
    value_high REAL,
    -- the level in the base year: 比2020年的15.9%提高到20% → 15.9
    base_value REAL
);
CREATE INDEX targets_key ON targets(indicator_key);
"""
# What extraction derives from stored passages: a migration may drop and re-derive it.
DERIVED_SCHEMA = SCHEMA[SCHEMA.index("CREATE TABLE obligations ("):]
DERIVED_TABLES = ("obligation_departments", "obligations", "targets")
# A server KB's own bookkeeping: its schema version (a desktop file keeps it in PRAGMA user_version),
# and an id of its own (its workers' task queue is named by it).
SERVER_SCHEMA = """
CREATE TABLE policykb_meta (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO policykb_meta (name, value) VALUES ('kb_id', md5(random()::text || clock_timestamp()::text))
"""

# Version 1 stored page warnings as the sentences users read.
_V1_WARNINGS = {
    "无文字层，需要OCR": PageWarning.NO_TEXT_LAYER,
    "乱码：字体缺少Unicode映射，文字不可信": PageWarning.GARBLED,
    "文字顺序错乱（提取顺序异常），文字不可信": PageWarning.SCRAMBLED,
    "OCR识别文字，可能有错字": PageWarning.OCR_NOISE,
}


def _from_v1(db: Store) -> bool:
    """Version 1 → 2: page warnings become codes; documents lose their warning sentences (they
    are read from the pages); obligations get every deadline's year (derived: extracted again)."""
    for sentence, code in _V1_WARNINGS.items():
        db.execute("UPDATE pages SET warning = ? WHERE warning = ?", [code.value, sentence])
    db.execute("UPDATE pages SET warning = NULL WHERE warning NOT IN (%s)" % ",".join("?" * len(PageWarning)),
               [w.value for w in PageWarning])
    db.execute("ALTER TABLE documents DROP COLUMN warnings")
    return True


def _from_v2(db: Store) -> bool:
    """Version 2 → 3: files keep the bytes of a path that is not UTF-8; documents carry a version
    the index compares with, instead of a flag saying they were indexed (the versions are set
    when extraction runs again)."""
    db.execute("ALTER TABLE files ADD COLUMN raw_path BLOB")
    db.execute("ALTER TABLE documents ADD COLUMN version TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE documents DROP COLUMN indexed")
    return True


def _from_v3(db: Store) -> bool:
    """Version 3 → 4: pages say whether their text came from OCR (and how confident it was);
    documents get the hash of their words and point at the document they repeat."""
    from ..documents import text_hash
    from .write import link_duplicates

    db.execute("ALTER TABLE pages ADD COLUMN ocr INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE pages ADD COLUMN ocr_confidence REAL")
    db.execute("ALTER TABLE documents ADD COLUMN text_hash TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE documents ADD COLUMN duplicate_of INTEGER REFERENCES documents(id) ON DELETE SET NULL")
    db.execute("CREATE INDEX documents_text_hash ON documents(text_hash)")
    db.execute("CREATE INDEX documents_duplicate_of ON documents(duplicate_of)")
    ids = [r[0] for r in db.execute("SELECT id FROM documents ORDER BY id")]
    for doc_id in ids:
        texts = [r[0] for r in db.execute("SELECT text FROM passages WHERE doc_id = ? ORDER BY seq", [doc_id])]
        db.execute("UPDATE documents SET text_hash = ? WHERE id = ?", [text_hash(texts), doc_id])
    link_duplicates(db, ids)
    return False


def _from_v4(db: Store) -> bool:
    """Version 4 → 5: obligations say which units a blanket note added (blanket), targets keep the
    upper end of a range (value_high); extraction runs again (its rules changed)."""
    return True  # the derived tables are made anew from the current schema, and re-derived


def _from_v5(db: Store) -> bool:
    """Version 5 → 6: targets keep their base-year level (base_value), tasks their name (name) and,
    read from a plan's own 分工表, its 序号 (number). All are extracted: the derived tables are made again."""
    return True


# version → the step that brings it to the next; True when derived data must be extracted again
MIGRATIONS = {1: _from_v1, 2: _from_v2, 3: _from_v3, 4: _from_v4, 5: _from_v5}
