"""The store: the knowledge base's database, a desktop's SQLite file or a shared PostgreSQL server.

connection.py is the one place where the two engines' spellings differ; schema.py opens a KB and
keeps its schema current; write.py stores a file's documents (one transaction each) and
extraction results; read.py owns every SELECT and returns the typed rows of kb.models; search.py
holds a server KB's search index (its tables and queries); backup.py copies a KB to a file and
back. Nothing outside this package writes SQL.

    >>> db = open_db(Path("/tmp/kb/kb.sqlite"))               # doctest: +SKIP
    >>> db = open_db("postgresql://kb@server/policykb")       # doctest: +SKIP
    >>> [d.title for d in read.documents(db)]                 # doctest: +SKIP
    ['珠海市碳达峰实施方案']
"""
from . import read
from .connection import Store, database_errors, is_server, shown_location
from .schema import SCHEMA_VERSION, SchemaError, StoreError, is_read_only, open_db, write_transaction


def __getattr__(name: str):
    """write and backup are imported when first used: a program that only reads (a command-line
    search) does not pay for them."""
    if name in ("write", "backup"):
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["backup", "SCHEMA_VERSION", "SchemaError", "Store", "StoreError", "database_errors", "is_read_only",
           "is_server", "open_db", "read", "shown_location", "write", "write_transaction"]
