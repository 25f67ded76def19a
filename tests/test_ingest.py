"""Ingest: stored whole or not at all, idempotent, bad input reported per file, batch goes on."""
from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pdfgen
from conftest import ROOT, corpus_pdf

from kb.knowledge_base import KnowledgeBase


def counts(kb: KnowledgeBase) -> dict[str, int]:
    return {t: kb.db.count(t) for t in ("files", "documents", "pages", "passages", "tables")}


def test_same_content_is_skipped_and_changed_content_replaced(tmp_path):
    pdf = tmp_path / "plan.pdf"
    shutil.copy(corpus_pdf("001"), pdf)
    with KnowledgeBase(tmp_path / "kb") as kb:
        first = kb.ingest([pdf])
        assert [r.status for r in first.results] == ["stored"]
        before = counts(kb)
        again = kb.ingest([pdf])
        assert [r.status for r in again.results] == ["unchanged"]
        assert counts(kb) == before
        shutil.copy(corpus_pdf("002"), pdf)  # same path, new content
        changed = kb.ingest([pdf])
        assert [r.status for r in changed.results] == ["stored"]
        assert [d.title for d in kb.documents()] == ["珠海市碳达峰实施方案"]
        assert kb.db.count("files") == 1


def test_bad_files_each_get_one_clear_line_and_the_batch_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    bad = {
        "empty.pdf": (pdfgen.empty_file, "文件为空"),
        "truncated.pdf": (pdfgen.truncated_pdf, "损坏或不完整"),
        "locked.pdf": (pdfgen.encrypted_pdf, "已加密"),
        "page.pdf": (pdfgen.html_as_pdf, "HTML"),
    }
    for name, (build, _) in bad.items():
        build(folder / name)
    shutil.copy(corpus_pdf("001"), folder / "good.pdf")
    pdfgen.image_only_pdf(folder / "scan.pdf", pages=3)
    with KnowledgeBase(tmp_path / "kb") as kb:
        report = kb.ingest([folder], ocr=False)  # with OCR off, a scan is stored and flagged
        by_name = {r.path.name: r for r in report.results}
        for name, (_, reason) in bad.items():
            result = by_name[name]
            assert result.status == "failed"
            assert reason in result.reason
            assert name in result.line() and reason in result.line()
        assert by_name["good.pdf"].status == "stored"
        assert by_name["scan.pdf"].status == "stored"
        assert by_name["scan.pdf"].warnings == ["第1–3页无文字层，需要OCR"]
        # nothing of the failed files is in the KB
        stored = {d.file for d in kb.documents()}
        assert stored == {"good.pdf", "scan.pdf"}
        assert kb.db.count("files") == 2


def test_a_failure_while_storing_leaves_nothing_half_written(tmp_path, monkeypatch):
    from kb.store import write as store

    with KnowledgeBase(tmp_path / "kb") as kb:
        kb.ingest([corpus_pdf("001")])
        before = counts(kb)

        def broken_tables(db, doc_id, tables):
            raise RuntimeError("disk full")

        monkeypatch.setattr(store, "_insert_tables", broken_tables)
        report = kb.ingest([corpus_pdf("002")])
        assert report.results[0].status == "failed"
        assert "disk full" in report.results[0].reason
        assert counts(kb) == before


def test_big_pdf_is_stored(tmp_path):
    big = pdfgen.big_pdf(tmp_path / "big.pdf", pages=500)
    with KnowledgeBase(tmp_path / "kb") as kb:
        report = kb.ingest([big])
        assert report.results[0].status == "stored"
        (doc,) = kb.documents()
        assert doc.pages == 500
        pages_with_text = {r["page"] for r in kb.db.query("SELECT DISTINCT page FROM passages WHERE doc_id = ?", [doc.id])}
        assert len(pages_with_text) > 450


def test_missing_path_is_reported(tmp_path):
    with KnowledgeBase(tmp_path / "kb") as kb:
        report = kb.ingest([tmp_path / "nope.pdf"])
        assert report.results[0].status == "failed"
        assert "不存在" in report.results[0].reason


def test_a_kill_during_ingest_leaves_the_kb_consistent(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(6):  # different lengths, so no two files have the same content
        pdfgen.big_pdf(folder / f"big{i}.pdf", pages=60 + i)
    kb_dir = tmp_path / "kb"
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "ingest", str(folder), "--kb", str(kb_dir)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True)
    db_file = kb_dir / "kb.sqlite"
    deadline = time.time() + 120
    while time.time() < deadline:  # kill once the first file is in, while others are being read
        if db_file.exists():
            try:
                with sqlite3.connect(db_file, timeout=1) as conn:
                    if conn.execute("SELECT COUNT(*) FROM files").fetchone()[0] >= 1:
                        break
            except sqlite3.Error:
                pass
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the ingest and its reader processes, as a crash or power cut would
    proc.wait()
    with KnowledgeBase(kb_dir) as kb:
        assert kb.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for doc in kb.documents():  # every stored file is whole
            expected = 60 + int(doc.file[3])
            assert doc.pages == expected
            assert kb.db.execute("SELECT COUNT(*) FROM pages WHERE doc_id = ?", [doc.id]).fetchone()[0] == expected
        stored = kb.db.count("files")
        assert 1 <= stored < 6
        report = kb.ingest([folder])  # the next run finishes the job
        assert sorted(r.status for r in report.results) == ["stored"] * (6 - stored) + ["unchanged"] * stored
        # the index caught up with the database: a phrase of the last file stored is found
        last = kb.documents()[-1]
        phrase = kb.passages(last.id)[-1].text[:8]
        assert any(hit.doc_id == last.id for hit in kb.search(f'"{phrase}"', limit=500))
