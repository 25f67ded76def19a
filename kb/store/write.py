"""Writing to the KB: a file's documents in one transaction, extraction results, removals.

Every function that changes several rows runs in one transaction (`write_transaction`): a file is
stored whole or not at all.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path

from ..documents import same_text, words
from ..models import Document, Extraction, Passage, Role, Table
from ..text import display_path
from . import read
from .connection import Store
from .schema import write_transaction


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def store_file(
    db: Store,
    path: Path,
    sha256: str,
    pages: int,
    docs: Sequence[Document],
    extractions: Sequence[Extraction],
) -> tuple[list[int], list[int], list[int]]:
    """Replace whatever the KB held for `path` with these documents, in one transaction.

    Returns (new document ids, ids of the documents replaced, ids of documents elsewhere that
    became or stopped being copies of others).
    """
    ids = []
    shown = display_path(path)
    with write_transaction(db):
        old = read.file_document_ids(db, shown)
        orphans = read.duplicates_of(db, old)
        db.execute("DELETE FROM files WHERE path = ?", [shown])
        file_id = db.insert("files", {
            "path": shown,
            "raw_path": os.fsencode(path) if shown != str(path) else None,
            "name": display_path(path.name),
            "sha256": sha256,
            "size": path.stat().st_size,
            "pages": pages,
            "ingested_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        })
        for seq, (doc, extraction) in enumerate(zip(docs, extractions, strict=True)):
            doc_id = _insert_document(db, file_id, seq, doc)
            passage_ids = _insert_passages(db, doc_id, doc.passages)
            _insert_tables(db, doc_id, doc.tables)
            store_extraction(db, doc_id, passage_ids, extraction)
            ids.append(doc_id)
        changed = link_duplicates(db, [*orphans, *ids])
    return ids, old, changed


def _insert_document(db: Store, file_id: int, seq: int, doc: Document) -> int:
    meta = doc.meta
    year = int(meta.issue_date[:4]) if meta.issue_date[:4].isdigit() else None
    doc_id = db.insert("documents", {
        "file_id": file_id,
        "seq": seq,
        "title": meta.title,
        "doc_number": meta.doc_number,
        "issuers": _json(list(meta.issuers)),
        "issue_date": meta.issue_date,
        "year": year,
        "jurisdiction": meta.jurisdiction,
        "first_page": doc.first_page,
        "last_page": doc.last_page,
        "text_hash": doc.text_hash,
    })
    warnings = doc.page_warnings
    db.insert_all("pages", (
        {"doc_id": doc_id, "number": n, "warning": warnings[n].value if n in warnings else None,
         "ocr": int(n in doc.ocr_pages), "ocr_confidence": doc.ocr_pages.get(n)}
        for n in range(doc.first_page, doc.last_page + 1)
    ))
    return doc_id


def _insert_passages(db: Store, doc_id: int, passages: Iterable[Passage]) -> dict[int, int]:
    seq_to_id = {}
    for p in passages:
        seq_to_id[p.seq] = db.insert("passages", {
            "doc_id": doc_id,
            "seq": p.seq,
            "kind": p.kind,
            "clause_path": _json(list(p.clause_path)),
            "clause": p.clause,
            "page": p.page,
            "pages": _json(list(p.pages)),
            "text": p.text,
            "table_index": p.table_index,
            "row_index": p.row_index,
        })
    return seq_to_id


def _insert_tables(db: Store, doc_id: int, tables: Sequence[Table]) -> None:
    db.insert_all("tables", ({
        "doc_id": doc_id,
        "idx": i,
        "title": t.title,
        "clause": " › ".join(t.clause_path),
        "pages": _json(list(t.pages)),
        "header": _json(list(t.header)),
        "rows": _json([list(r) for r in t.rows]),
    } for i, t in enumerate(tables)))


def document_version(doc_id: int, passage_ids: Mapping[int, int], extraction: Extraction) -> str:
    """A hash of what a stored document holds: its passages' row ids and what was extracted.

    The search index keeps the version it indexed; any difference (a file replaced, extraction
    run again, an index write lost) shows when the two are compared.
    """
    digest = hashlib.sha256(repr((doc_id, sorted(passage_ids.items()), extraction)).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:16]


def store_extraction(db: Store, doc_id: int, passage_ids: Mapping[int, int], extraction: Extraction) -> None:
    """(Re)write a document's obligations and targets; `passage_ids` maps passage seq → row id."""
    with write_transaction(db):
        db.execute("UPDATE documents SET version = ? WHERE id = ?", [document_version(doc_id, passage_ids, extraction), doc_id])
        db.execute("DELETE FROM obligations WHERE doc_id = ?", [doc_id])
        db.execute("DELETE FROM targets WHERE doc_id = ?", [doc_id])
        for o in extraction.obligations:
            first = o.deadlines[0] if o.deadlines else None
            oid = db.insert("obligations", {
                "doc_id": doc_id,
                "passage_id": passage_ids.get(o.passage_seq),
                "text": o.text,
                "clause": " › ".join(o.clause_path),
                "page": o.pages[0] if o.pages else 0,
                "pages": _json(list(o.pages)),
                "lead": _json(list(o.lead)),
                "co": _json(list(o.co)),
                "responsible": _json(list(o.responsible)),
                "deadlines": _json([[d.value, d.text] for d in o.deadlines]),
                "deadline_sort": first.sort_key if first else None,
                "due_years": _json(sorted({d.year for d in o.deadlines if d.year})),
                "source": o.source,
                "blanket": _json(list(o.blanket)),
                "number": o.number,
                "name": o.name,
            })
            db.insert_all("obligation_departments", (
                {"obligation_id": oid, "department": name, "canonical": extraction.bodies.get(name, name), "role": role.value}
                for role, names in ((Role.LEAD, o.lead), (Role.CO, o.co), (Role.RESPONSIBLE, o.responsible))
                for name in names
            ))
        db.insert_all("targets", ({
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
            "value_high": t.value_high,
            "base_value": t.base_value,
        } for t in extraction.targets))


def remove_file(db: Store, path: str) -> tuple[list[int], list[int]]:
    """Remove a file and everything read from it; returns the ids of its documents and those of
    the documents whose standing changed (a copy of one of them in another file becomes the
    document in its place)."""
    path = display_path(path)
    with write_transaction(db):
        ids = read.file_document_ids(db, path)
        orphans = read.duplicates_of(db, ids)
        db.execute("DELETE FROM files WHERE path = ?", [path])
        changed = link_duplicates(db, orphans)
    return ids, changed


def link_duplicates(db: Store, doc_ids: Iterable[int]) -> list[int]:
    """Point each of these documents at the earlier document it repeats, if any: the same words
    (text hash), or the same title or 文号 and nearly the same text (the PDF and the .docx of one
    plan). Returns the documents whose standing changed: they leave or enter the search index."""
    changed = []
    with write_transaction(db):
        for doc_id in sorted(doc_ids):
            original = _original(db, doc_id)
            if original != read.duplicate_of(db, doc_id):
                db.execute("UPDATE documents SET duplicate_of = ? WHERE id = ?", [original, doc_id])
                changed.append(doc_id)
    return changed


def _original(db: Store, doc_id: int) -> int | None:
    """The earliest document, of another file and itself no copy, that `doc_id` repeats."""
    same_hash, similar = read.duplicate_candidates(db, doc_id)
    if same_hash:
        return same_hash[0]
    mine = words(read.passage_texts(db, doc_id))
    return next((other for other in similar if same_text(mine, words(read.passage_texts(db, other)))), None)
