"""A KB's rows, comparable between two KBs: every table's rows with row ids replaced by what
they stand for (a file by its path, a document by its file and place in it, a passage by its
document and place), and what differs by nature left out (when a file was ingested, the version
hashes made of row ids). Two KBs hold the same when `kb_rows` of both are equal."""
from __future__ import annotations

from collections import defaultdict


def kb_rows(db) -> dict[str, list[tuple]]:
    files = {r["id"]: r["path"] for r in db.query("SELECT id, path FROM files")}
    docs = {r["id"]: (files[r["file_id"]], r["seq"]) for r in db.query("SELECT id, file_id, seq FROM documents")}
    passages = {r["id"]: (docs[r["doc_id"]], r["seq"]) for r in db.query("SELECT id, doc_id, seq FROM passages")}
    obligations = _ordinals(db, "obligations", docs)
    out = {
        "files": _rows(db, "files", drop={"id", "ingested_at"}),
        "documents": _rows(db, "documents", drop={"id", "version"}, swap={
            "file_id": files.get, "duplicate_of": lambda v: docs.get(v)}),
        "pages": _rows(db, "pages", swap={"doc_id": docs.get}),
        "passages": _rows(db, "passages", drop={"id"}, swap={"doc_id": docs.get}),
        "tables": _rows(db, "tables", drop={"id"}, swap={"doc_id": docs.get}),
        "obligations": _rows(db, "obligations", swap={"id": obligations.get, "doc_id": docs.get,
                                                      "passage_id": lambda v: passages.get(v)}),
        "obligation_departments": _rows(db, "obligation_departments", swap={"obligation_id": obligations.get}),
        "targets": _rows(db, "targets", drop={"id"}, swap={"doc_id": docs.get, "passage_id": lambda v: passages.get(v)}),
    }
    return out


def _ordinals(db, table: str, docs: dict) -> dict[int, tuple]:
    """Row id → (its document, its place among the document's rows)."""
    seen: dict[tuple, int] = defaultdict(int)
    out = {}
    for r in db.query(f"SELECT id, doc_id FROM {table} ORDER BY doc_id, id"):
        key = docs[r["doc_id"]]
        out[r["id"]] = (key, seen[key])
        seen[key] += 1
    return out


def _rows(db, table: str, drop: set[str] = frozenset(), swap: dict | None = None) -> list[tuple]:
    swap = swap or {}
    rows = []
    for r in db.query(f"SELECT * FROM {table}"):
        rows.append(tuple(sorted((k, swap[k](v) if k in swap else _plain(v)) for k, v in r.items() if k not in drop)))
    return sorted(rows, key=repr)


def _plain(value):
    """Values as both engines give them back (bytes for BLOB/bytea)."""
    return bytes(value) if isinstance(value, memoryview) else value
