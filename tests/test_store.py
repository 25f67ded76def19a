"""The store as users meet it: a KB written by the first version opens and keeps its documents,
a newer KB is refused with a clear message, programs opening a new KB together never collide."""
from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys

from conftest import FIXTURES, ROOT, corpus_pdf

from kb.knowledge_base import KnowledgeBase
from kb.models import Filters, PageWarning
from kb.store import SCHEMA_VERSION


def test_a_first_version_kb_is_brought_forward_with_everything_it_held(tmp_path):
    # tests/fixtures/kb_v1.sqlite: corpus 002 and 000 ingested by PolicyKB's first version (schema 1),
    # which stored page warnings as sentences and no deadline years
    old = tmp_path / "old"
    old.mkdir()
    shutil.copy(FIXTURES / "kb_v1.sqlite", old / "kb.sqlite")
    with KnowledgeBase(tmp_path / "fresh") as fresh:
        fresh.ingest([corpus_pdf("002"), corpus_pdf("000")])
        expected_docs = [(d.title, d.doc_number, d.pages, d.warnings) for d in fresh.documents()]
        expected_tasks = [(o.text, o.lead, o.co, o.responsible, o.deadlines) for o in fresh.obligations()]
        expected_targets = [(t.indicator, t.value, t.year) for t in fresh.targets()]
        expected_hits = {(h.title, h.page) for h in fresh.search("市生态环境局", limit=None, exact=True)}
        due_2030 = [o.text for o in fresh.obligations(Filters(deadline_year=2030))]

    with KnowledgeBase(old) as kb:
        assert kb.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert [(d.title, d.doc_number, d.pages, d.warnings) for d in kb.documents()] == expected_docs
        scrambled = next(d for d in kb.documents() if d.warnings)
        assert {w for _, w in scrambled.page_warnings} == {PageWarning.SCRAMBLED}
        assert [(o.text, o.lead, o.co, o.responsible, o.deadlines) for o in kb.obligations()] == expected_tasks
        assert [(t.indicator, t.value, t.year) for t in kb.targets()] == expected_targets
        # deadline years are stored only since version 2
        assert due_2030 and [o.text for o in kb.obligations(Filters(deadline_year=2030))] == due_2030
        assert {(h.title, h.page) for h in kb.search("市生态环境局", limit=None, exact=True)} == expected_hits


def test_a_fourth_version_kb_gains_blanket_units_and_range_ends(tmp_path):
    # schema 4 had no obligations.blanket and no targets.value_high: a KB written then is made by
    # taking them away again; opening it adds them back and extracts again with today's rules
    kb_dir = tmp_path / "kb"
    with KnowledgeBase(kb_dir) as kb:
        kb.ingest([corpus_pdf("002")])
        expected = [(t.indicator, t.value, t.value_high, t.qualifier) for t in kb.targets()]
    with sqlite3.connect(kb_dir / "kb.sqlite") as conn:
        conn.execute("ALTER TABLE obligations DROP COLUMN blanket")
        conn.execute("ALTER TABLE targets DROP COLUMN value_high")
        conn.execute("UPDATE targets SET qualifier = ''")  # what the rules of version 2 stored
        conn.execute("PRAGMA user_version = 4")
    with KnowledgeBase(kb_dir) as kb:
        assert kb.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert [(t.indicator, t.value, t.value_high, t.qualifier) for t in kb.targets()] == expected
        assert any(t.qualifier for t in kb.targets())
        assert all(o.blanket == () for o in kb.obligations())


def test_a_kb_from_a_newer_version_is_refused_in_one_line(tmp_path):
    kb = tmp_path / "kb"
    kb.mkdir()
    with sqlite3.connect(kb / "kb.sqlite") as conn:
        conn.execute("PRAGMA user_version = 99")
    proc = subprocess.run([sys.executable, str(ROOT / "main.py"), "docs", "--kb", str(kb)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert proc.stderr.strip() == f"错误：知识库版本（99）比本程序支持的版本（{SCHEMA_VERSION}）新，请升级PolicyKB"


def test_programs_opening_a_new_kb_at_once_all_succeed(tmp_path):
    script = "import sys; from kb.knowledge_base import KnowledgeBase; KnowledgeBase(sys.argv[1]).close(); print('ok')"
    procs = [subprocess.Popen([sys.executable, "-c", script, str(tmp_path / "kb")], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(4)]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, [err for _, err in results]
    with sqlite3.connect(tmp_path / "kb" / "kb.sqlite") as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_version_2_kb_learns_which_documents_repeat_others(tmp_path):
    # tests/fixtures/kb_v2.sqlite: schema 2, holding the .docx and the PDF of one plan (两份同一文件)
    # and corpus 001; version 3 adds OCR per page, a text hash per document and duplicate links
    kb_dir = tmp_path / "kb"
    kb_dir.mkdir()
    shutil.copy(FIXTURES / "kb_v2.sqlite", kb_dir / "kb.sqlite")
    with KnowledgeBase(kb_dir) as kb:
        assert kb.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert kb.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 3
        titles = sorted(d.title for d in kb.documents())
        assert titles == ["某市碳达峰实施方案", "深圳市减污降碳协同增效实施方案"]
        plan = next(d for d in kb.documents() if d.title == "某市碳达峰实施方案")
        assert sorted(p.rsplit("/", 1)[-1] for p in plan.sources) == ["方案.docx", "方案.pdf"]
        assert kb.document_count() == 2 and all(d.ocr_pages == () for d in kb.documents())
        hits = kb.search('"严格合理控制煤炭消费"', limit=100, exact=True)
        assert hits and {h.doc_id for h in hits} == {plan.id}


def test_a_version_5_kb_gets_task_names_numbers_and_base_levels_when_opened(tmp_path):
    # version 5 had no obligations.number / .name nor targets.base_value: made here by dropping them
    with KnowledgeBase(tmp_path / "kb") as kb:
        kb.ingest([corpus_pdf("002")])
        expected = [(o.text, o.number, o.name) for o in kb.obligations(order="document")]
    assert any(number for _, number, _ in expected) and all(name for _, _, name in expected)
    with sqlite3.connect(tmp_path / "kb" / "kb.sqlite") as conn:
        for table, column in (("obligations", "number"), ("obligations", "name"), ("targets", "base_value")):
            conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        conn.execute("PRAGMA user_version = 5")

    with KnowledgeBase(tmp_path / "kb") as kb:
        assert kb.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 6
        assert [(o.text, o.number, o.name) for o in kb.obligations(order="document")] == expected
        assert "base_value" in kb.db.columns("targets")
