"""The same KB on both engines: a desktop's SQLite file and a shared PostgreSQL server.

Each test runs on both backends (the `backend` fixture): ingest, lists and filters, search with
its two tiers and exact recall, exports, remove, backup and restore, and the CLI with `--kb` a
folder or a postgresql:// URL. The last test asks both backends the same questions and wants
the same answers. Server tests are skipped, saying why, where no server is reachable.
"""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest
from conftest import ROOT, corpus_pdf
from kbrows import kb_rows

from kb.index import fold, parse_query
from kb.knowledge_base import KnowledgeBase
from kb.models import Filters
from kb.store import read


def cli(location, *args) -> tuple[int, str, str]:
    proc = subprocess.run([sys.executable, str(ROOT / "main.py"), *args, "--kb", str(location)],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    return proc.returncode, proc.stdout, proc.stderr


def searchable_texts(kb: KnowledgeBase) -> dict[tuple[int, int], str]:
    """(doc_id, passage_id) → folded text of every passage search looks at (all but the table of
    contents, of documents that are no copies), with the units of its tasks the text does not
    name after a line break (searched with it, never across it)."""
    out = {}
    for doc_id in read.all_document_ids(kb.db):
        for r in read.index_records(kb.db, doc_id):
            out[(r.doc_id, r.passage_id)] = fold(r.text) + ("\n" + fold(r.note) if r.note else "")
    return out


# ------------------------------------------------------------- ingest ----
def test_ingest_stores_each_file_once_and_a_bad_file_alone_fails(kb_at, tmp_path):
    broken = tmp_path / "坏文件.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    with KnowledgeBase(kb_at) as kb:
        report = kb.ingest([corpus_pdf("002"), broken])
        assert [r.status.value for r in report.results] == ["stored", "failed"]
        assert "坏文件.pdf" in report.results[1].line()
        assert kb.db.count("files") == 1 and kb.document_count() == 1
        again = kb.ingest([corpus_pdf("002")])
        assert again.summary() == "已存 0，未变 1，失败 0"
    with KnowledgeBase(kb_at) as kb:  # what was stored is there for the next program
        (doc,) = kb.documents()
        assert (doc.title, doc.doc_number, doc.pages) == ("珠海市碳达峰实施方案", "珠府〔2023〕39号", 31)
        assert kb.search("严格合理控制煤炭消费", exact=True)[0].title == "珠海市碳达峰实施方案"


# -------------------------------------------------------------- lists ----
def test_obligations_targets_and_departments_with_filters(corpus_kb_at):
    with KnowledgeBase(corpus_kb_at) as kb:
        everything = kb.obligations()
        assert len(everything) > 50
        by_alias = kb.obligations(Filters(department="发改委", jurisdiction="珠海市"))
        assert by_alias and all(any("发展改革" in unit for unit in o.lead + o.co + o.responsible) for o in by_alias)
        due_2025 = kb.obligations(Filters(deadline_year=2025))
        assert due_2025 and all(any(d.year == 2025 for d in o.deadlines) for o in due_2025)
        overdue = kb.obligations(Filters(due_before="2026-01-01"))
        assert overdue and all(o.deadline.sort_key < "2026-01-01" for o in overdue)
        one_plan = kb.obligations(Filters(doc="珠海"))
        assert one_plan and {o.document for o in one_plan} == {"珠海市碳达峰实施方案"}
        assert kb.obligations(Filters(doc="没有这个文件")) == []
        targets = kb.targets(Filters(indicator="森林覆盖率"))
        assert targets and all("森林覆盖率" in t.indicator for t in targets)
        assert any("发展改革" in d.name and d.total for d in kb.departments())
        buckets = kb.deadline_buckets(date(2024, 6, 1))
        assert sum(len(b.obligation_ids) for b in buckets) == len(everything)
        assert 2025 in kb.deadline_years() and "珠海市" in kb.jurisdictions()


# ------------------------------------------------------------- search ----
QUERIES = ["碳达峰", "市生态环境局", "发改委 光伏", "2025年底前", "碳", "%", "14.5%", "光伏 OR 风电", "碳达峰 -珠海",
           '"减污降碳"', "牵头"]


def test_the_exact_tier_finds_every_passage_that_holds_the_words(corpus_kb_at):
    with KnowledgeBase(corpus_kb_at) as kb:
        texts = searchable_texts(kb)
        # strings users type, and strings cut from the passages themselves: one, two, five characters
        samples = [text[i:i + n] for text in list(texts.values())[::53] for i, n in ((3, 1), (5, 2), (8, 5))
                   if len(text) > i + n and "\n" not in text[i:i + n]]
        assert len(samples) > 40
        for query in QUERIES + samples:
            parsed = parse_query(query)
            expected = {key for key, folded in texts.items() if parsed.matches_folded(folded)}
            found = kb.search(query, limit=None, exact=True)
            assert {(h.doc_id, h.passage_id) for h in found} == expected, query
            assert all(h.tier == "exact" for h in found)


def test_search_has_two_tiers_filters_and_marked_snippets(corpus_kb_at):
    with KnowledgeBase(corpus_kb_at) as kb:
        hits = kb.search("新能源汽车推广", limit=40)
        tiers = [h.tier for h in hits]
        assert "related" in tiers and tiers == sorted(tiers, key=["exact", "related"].index)
        phrase = kb.search("碳达峰 实施方案", limit=None, exact=True)
        side_by_side = ["碳达峰实施方案" in h.text.replace(" ", "") for h in phrase]
        assert side_by_side[0] and side_by_side == sorted(side_by_side, reverse=True)  # words together first
        hit = kb.search("减污降碳", limit=1)[0]
        assert "【减污降碳】" in hit.snippet and hit.text[hit.spans[0][0]:hit.spans[0][1]] == "减污降碳"
        tasks = kb.search("光伏", Filters(kind="obligation"), limit=None, exact=True)
        assert tasks and all(h.passage_id in {o.passage_id for o in kb.obligations()} for h in tasks)
        zhuhai = kb.search("碳达峰", Filters(jurisdiction="珠海市"), limit=None, exact=True)
        assert zhuhai and {h.title for h in zhuhai} == {"珠海市碳达峰实施方案"}
        lead = kb.search("碳", Filters(department="发改委"), limit=None, exact=True)
        assert lead and len(lead) < len(kb.search("碳", limit=None, exact=True))
        assert kb.search("", limit=10) == [] and kb.search("，。", limit=10) == []


def test_a_word_in_most_passages_is_ranked_over_its_most_substantive_passages(corpus_kb_at, backend, monkeypatch):
    # a server ranks at most RANK_POOL of a query's passages (a word in a third of a province's
    # archive would otherwise fetch hundreds of thousands to show fifty): made small here
    if backend == "sqlite":
        pytest.skip("a desktop ranks every passage")
    from kb.store import search

    with KnowledgeBase(corpus_kb_at) as kb:
        every = kb.search("碳", limit=None, exact=True)
        monkeypatch.setattr(search, "RANK_POOL", 30)
        assert len(every) > 100 and len(kb.search("碳", limit=None, exact=True)) == len(every)  # all asked: all given
        best = kb.search("碳", limit=10, exact=True)
        assert len(best) == 10 and all("碳" in h.text for h in best)
        assert not any(h.kind == "heading" for h in best)  # tasks and targets first, as unpooled


# ------------------------------------------------- remove, backup, check ----
def test_remove_backup_restore_and_check(corpus_kb_at, tmp_path):
    with KnowledgeBase(corpus_kb_at) as kb:
        before = kb_rows(kb.db)
        backup = kb.backup(tmp_path / "备份.sqlite")
        assert kb.remove("珠海") == ["珠海市碳达峰实施方案"]
        assert "珠海市碳达峰实施方案" not in {h.title for h in kb.search("珠海市", limit=None, exact=True)}
        assert kb.check().sound
        kb.restore(backup)
        assert kb_rows(kb.db) == before
        assert kb.search("严格合理控制煤炭消费", exact=True)[0].title == "珠海市碳达峰实施方案"
    with KnowledgeBase(tmp_path / "desktop") as desktop:  # a server's backup opens on a desktop
        desktop.restore(backup)
        assert kb_rows(desktop.db) == before


# ---------------------------------------------------------------- CLI ----
def test_every_reading_command_and_the_exports_work_with_kb_a_folder_or_a_url(corpus_kb_at, tmp_path):
    code, out, err = cli(corpus_kb_at, "docs", "--json")
    assert code == 0, err
    assert "珠海市碳达峰实施方案" in {json.loads(line)["title"] for line in out.splitlines()}
    for args in (["show", "珠海"], ["search", "碳达峰", "--json"], ["obligations", "--dept", "发改委"],
                 ["targets", "--indicator", "森林"], ["departments"], ["compare", "--indicator", "单位GDP能耗"],
                 ["check"]):
        code, out, err = cli(corpus_kb_at, *args)
        assert code == 0 and out, (args, err)
    for suffix in ("xlsx", "docx", "csv"):
        target = tmp_path / f"分工表.{suffix}"
        code, out, err = cli(corpus_kb_at, "export", "--doc", "珠海", "-o", str(target))
        assert code == 0 and target.stat().st_size > 1000, err
        assert out.startswith("已导出")
    code, _, err = cli(corpus_kb_at, "show", "没有这个文件")
    assert code == 1 and err.startswith("错误：") and "Traceback" not in err


def test_a_server_that_cannot_be_reached_is_one_clear_line(tmp_path):
    code, out, err = cli("postgresql://nobody:secret@127.0.0.1:9/none", "docs")
    assert code == 1 and err.startswith("错误：无法连接知识库服务器：postgresql://nobody@127.0.0.1:9/none")
    assert "secret" not in err and "Traceback" not in err


def test_workers_and_a_broker_are_for_a_server_kb_only(tmp_path):
    code, _, err = cli(tmp_path / "kb", "worker", "--broker", "redis://127.0.0.1:6379/0")
    assert code == 1 and err.startswith("错误：工作进程只用于共享知识库")
    code, _, err = cli(tmp_path / "kb", "ingest", str(corpus_pdf("002")), "--broker", "redis://127.0.0.1:6379/0")
    assert code == 1 and err.startswith("错误：任务队列（--broker）只用于共享知识库")


# ------------------------------------------------------ the same answers ----
def test_both_backends_give_the_same_answers(request):
    request.getfixturevalue("corpus_server_db")  # skipped here when no server is reachable
    from conftest import database_url

    def answers(location) -> dict:
        with KnowledgeBase(location) as kb:
            return {
                "rows": kb_rows(kb.db),
                "documents": [(d.title, d.pages, d.warnings, d.sources) for d in kb.documents()],
                "obligations": [(o.text, o.deadline, o.lead) for o in kb.obligations(order="deadline")],
                "targets": [(t.indicator, t.value, t.year) for t in kb.targets()],
                "departments": kb.departments(),
                "indicators": kb.indicators(),
                "exact": {q: sorted((h.title, h.page, h.text) for h in kb.search(q, limit=None, exact=True))
                          for q in QUERIES},
            }

    desktop = answers(request.getfixturevalue("corpus_kb_dir"))
    server = answers(database_url(request.getfixturevalue("corpus_server_db")))
    for key in desktop:
        assert server[key] == desktop[key], key
