"""Backups of the KB: a consistent copy while the KB is in use, and restoring one. The search
index is not backed up: it is rebuilt from the restored rows.

A backup is always a desktop KB file. A SQLite KB is copied with SQLite's online backup; a server
KB's rows are copied, in one snapshot, into a new KB file — which any desktop can open, and
which `restore` loads into a server KB as well as into a file. (A server's administrator also has
pg_dump and base backups; this is the copy users make and move.)
"""
from __future__ import annotations

import os
import secrets
import shutil
import sqlite3
import tempfile
from pathlib import Path

from .connection import Store
from .schema import SCHEMA_VERSION, StoreError, damaged_message, ensure_schema, open_db, write_transaction

# The KB's tables in an order that satisfies their references (a copy points at an earlier document).
TABLES = ("files", "documents", "pages", "passages", "tables", "obligations", "obligation_departments", "targets")
ORDER = {"pages": "doc_id, number", "obligation_departments": "obligation_id, role, department"}


def backup(db: Store, target: Path) -> Path:
    """Write a consistent copy of the KB to `target` (replaced whole, never half-written)."""
    target = Path(target)
    if target.is_dir():
        raise StoreError(f"无法备份到“{target}”：这是一个文件夹，请给出文件名")
    if not target.parent.is_dir():
        raise StoreError(f"无法备份到“{target}”：文件夹“{target.parent}”不存在")
    temp = target.with_name(f".~{target.name}.{secrets.token_hex(4)}")
    try:
        if db.server:
            copy = open_db(temp)
            try:
                with db.snapshot(), copy.transaction():
                    copy_rows(db, copy)
                copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            finally:
                copy.close()
        else:
            copy = sqlite3.connect(str(temp))
            try:
                db.conn.backup(copy)
            finally:
                copy.close()
        os.replace(temp, target)
    except (OSError, *db.dialect.errors) as error:
        raise StoreError(f"无法写入备份“{target}”：{getattr(error, 'strerror', None) or error}") from error
    finally:
        temp.unlink(missing_ok=True)
        for suffix in ("-wal", "-shm"):
            Path(f"{temp}{suffix}").unlink(missing_ok=True)
    return target


def restore(db: Store, source: Path, rederive=None) -> None:
    """Replace the KB's content with a backup's, after checking the backup is a sound KB; a backup
    from an older version is brought forward (see kb.store.schema.ensure_schema)."""
    source = Path(source)
    if not source.is_file():
        raise StoreError(f"找不到备份文件：{source}")
    try:
        backup_db = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            version = backup_db.execute("PRAGMA user_version").fetchone()[0]
            problems = [r[0] for r in backup_db.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                raise StoreError(damaged_message(source, "; ".join(problems[:3])))
            if not 0 < version <= SCHEMA_VERSION:
                raise StoreError(f"“{source}”不是本程序能恢复的知识库备份（版本{version}，本程序为版本{SCHEMA_VERSION}）")
            if not db.server:
                backup_db.backup(db.conn)
        finally:
            backup_db.close()
        if db.server:
            _restore_rows(db, source, rederive)
        else:
            ensure_schema(db, rederive)
    except sqlite3.DatabaseError as error:
        raise StoreError(damaged_message(source, error)) from error


def _restore_rows(db: Store, source: Path, rederive) -> None:
    """Load a backup file into a server KB: the file is brought to the current schema on a
    temporary copy, then its rows replace the server's in one transaction."""
    with tempfile.TemporaryDirectory(prefix="policykb-restore-") as folder:
        copy_path = Path(folder) / "kb.sqlite"
        shutil.copyfile(source, copy_path)
        copy = open_db(copy_path, rederive)
        try:
            with write_transaction(db):
                db.execute("DELETE FROM files")  # everything else hangs from files
                copy_rows(copy, db)
                db.reset_ids(t for t in TABLES if t not in ORDER)
        finally:
            copy.close()


def copy_rows(source: Store, target: Store, batch: int = 2000) -> None:
    """Every row of the KB's tables from one store to another, ids kept (the target is empty)."""
    for table in TABLES:
        columns = [c for c in source.columns(table) if c in set(target.columns(table))]
        rows = source.stream(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {ORDER.get(table, 'id')}")
        chunk: list[dict] = []
        for row in rows:
            chunk.append(dict(zip(columns, row)))
            if len(chunk) >= batch:
                target.insert_all(table, chunk)
                chunk = []
        target.insert_all(table, chunk)


__all__ = ["backup", "copy_rows", "restore"]
