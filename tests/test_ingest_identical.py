"""Ingest made faster holds exactly what it held before, on real policy PDFs (../shared/pdfs).

The old way is rebuilt here: one file after the other in this process, characters read with one
pdfium call per question per character and pdfplumber asked about every page that draws two rules
(tests/reference_reader.py keeps that reader), each file stored and then indexed on its own. The
new way is `KnowledgeBase.ingest`: reader processes, characters read in bulk, the ruling test
before pdfplumber, indexing in batches by an indexer process. Both KBs are compared table by table,
row by row (every column but the time of ingest), and the search indexes record by record.
OCR is off in both: a scan's pages are flagged the same way, and OCR is not what changed.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT
from reference_reader import reference_reading

from kb.extract import extract_document
from kb.ingest import find, index_documents, parse, sha256_of
from kb.knowledge_base import KnowledgeBase
from kb.read import display_path, file_title, read_file
from kb.store import write

PDFS = ROOT.parent / "shared" / "pdfs"
TABLES = {  # table → its columns in a stable order (ingested_at is when, not what)
    "files": "id, path, raw_path, name, sha256, size, pages",
    "documents": "*",
    "pages": "*",
    "passages": "*",
    "tables": "*",
    "obligations": "*",
    "obligation_departments": "*",
    "targets": "*",
}

pytestmark = pytest.mark.skipif(not PDFS.is_dir(), reason="../shared/pdfs is not here")


def old_way(kb_dir: Path, files: list[Path]) -> None:
    with KnowledgeBase(kb_dir) as kb, reference_reading():
        index = kb.index  # made (empty) before the first file, as ingest does
        for path in files:
            pages = read_file(path, ocr=False)
            docs = parse(pages, file_title(path) or display_path(path.stem))
            extractions = [extract_document(doc) for doc in docs]
            new, replaced, changed = write.store_file(kb.db, path, sha256_of(path), len(pages), docs, extractions)
            index_documents(kb.db, index, [*new, *changed], removed=replaced)


def rows(kb: KnowledgeBase, table: str) -> list[tuple]:
    return [tuple(row) for row in kb.db.execute(f"SELECT {TABLES[table]} FROM {table} ORDER BY rowid").fetchall()]


def index_records(kb: KnowledgeBase) -> list[tuple]:
    with kb.index._index.searcher() as searcher:
        return sorted(tuple(sorted(fields.items())) for fields in searcher.all_stored_fields())


def test_a_kb_built_the_new_way_holds_what_the_old_way_built(tmp_path):
    files = [path.resolve() for path in find([PDFS])]
    old_way(tmp_path / "old", files)
    with KnowledgeBase(tmp_path / "new") as kb:
        report = kb.ingest([PDFS], ocr=False)
        assert report.summary() == f"已存 {len(files)}，未变 0，失败 0"
    with KnowledgeBase(tmp_path / "old") as old, KnowledgeBase(tmp_path / "new") as new:
        for table in TABLES:
            before, after = rows(old, table), rows(new, table)
            assert before, f"{table}: the old way stored nothing"
            for n, (was, now) in enumerate(zip(before, after)):
                assert now == was, f"{table} row {n + 1} differs"
            assert len(after) == len(before), f"{table}: {len(before)} rows before, {len(after)} now"
        assert index_records(new) == index_records(old)
        assert new.index.versions() == old.index.versions()
        for query in ("碳达峰", "牵头 2025年", "海洋生态"):  # and the answers come in the same order
            assert [(h.doc_id, h.passage_id, h.score) for h in new.search(query)] == \
                [(h.doc_id, h.passage_id, h.score) for h in old.search(query)]
