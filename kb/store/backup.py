"""Backups of the KB file: a consistent copy while the KB is in use (SQLite's online backup), and
restoring one. The search index is not backed up: it is rebuilt from the restored file.
"""
from __future__ import annotations

import os
import secrets
import sqlite3
from pathlib import Path

import sqlite_utils

from .schema import SCHEMA_VERSION, StoreError, damaged_message, ensure_schema


def backup(db: sqlite_utils.Database, target: Path) -> Path:
    """Write a consistent copy of the KB to `target` (replaced whole, never half-written)."""
    target = Path(target)
    if target.is_dir():
        raise StoreError(f"无法备份到“{target}”：这是一个文件夹，请给出文件名")
    if not target.parent.is_dir():
        raise StoreError(f"无法备份到“{target}”：文件夹“{target.parent}”不存在")
    temp = target.with_name(f".~{target.name}.{secrets.token_hex(4)}")
    try:
        copy = sqlite3.connect(str(temp))
        try:
            db.conn.backup(copy)
        finally:
            copy.close()
        os.replace(temp, target)
    except (OSError, sqlite3.Error) as error:
        raise StoreError(f"无法写入备份“{target}”：{getattr(error, 'strerror', None) or error}") from error
    finally:
        temp.unlink(missing_ok=True)
    return target


def restore(db: sqlite_utils.Database, source: Path, rederive=None) -> None:
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
            backup_db.backup(db.conn)
        finally:
            backup_db.close()
        ensure_schema(db, rederive)
    except sqlite3.DatabaseError as error:
        raise StoreError(damaged_message(source, error)) from error
