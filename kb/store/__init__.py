"""The store: the knowledge base's SQLite file.

schema.py opens it and keeps its schema current; write.py stores a file's documents (one
transaction each) and extraction results; read.py owns every SELECT and returns the typed rows of
kb.models. Nothing outside this package writes SQL.

    >>> db = open_db(Path("/tmp/kb/kb.sqlite"))               # doctest: +SKIP
    >>> [d.title for d in read.documents(db)]                 # doctest: +SKIP
    ['珠海市碳达峰实施方案']
"""
from . import backup, read, write
from .schema import SCHEMA_VERSION, SchemaError, StoreError, is_read_only, open_db, write_transaction

__all__ = ["backup", "SCHEMA_VERSION", "SchemaError", "StoreError", "is_read_only", "open_db", "read", "write", "write_transaction"]
