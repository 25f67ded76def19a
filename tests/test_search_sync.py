"""The search index follows the knowledge base: ingest, replace, remove, and rebuild when broken."""
from __future__ import annotations

import shutil

from conftest import corpus_pdf

from kb.knowledge_base import KnowledgeBase
from kb.models import Filters


def test_replacing_and_removing_a_file_updates_search(tmp_path):
    pdf = tmp_path / "plan.pdf"
    shutil.copy(corpus_pdf("002"), pdf)
    with KnowledgeBase(tmp_path / "kb") as kb:
        kb.ingest([pdf])
        assert {h.title for h in kb.search('"珠海金湾机场"')} == {"珠海市碳达峰实施方案"}
        shutil.copy(corpus_pdf("001"), pdf)  # the same file now holds another plan
        kb.ingest([pdf])
        assert kb.search('"珠海金湾机场"', exact=True) == []
        assert {h.title for h in kb.search("减污降碳")} == {"深圳市减污降碳协同增效实施方案"}
        assert kb.remove("深圳市减污降碳") == ["深圳市减污降碳协同增效实施方案"]
        assert kb.search("减污降碳") == []
        assert kb.messages == []  # a new KB's empty index is no news to the user


def test_a_corrupt_index_is_rebuilt_from_the_database_with_a_message(tmp_path):
    with KnowledgeBase(tmp_path / "kb") as kb:
        kb.ingest([corpus_pdf("002")])
        expected = [(h.passage_id, h.page) for h in kb.search("生态环境局", limit=None)]
        assert expected
    for path in (tmp_path / "kb" / "index").iterdir():
        if path.is_file():
            path.write_bytes(b"\0garbage")
    with KnowledgeBase(tmp_path / "kb") as kb:
        assert [(h.passage_id, h.page) for h in kb.search("生态环境局", limit=None)] == expected
        assert kb.messages == ["搜索索引缺失或损坏，已从数据库重建"]


def test_search_finds_every_passage_containing_the_words(corpus_kb):
    rows = corpus_kb.db.query("SELECT id, text FROM passages WHERE kind != 'toc'")
    expected = {r["id"] for r in rows if "生态环境局" in r["text"].replace(" ", "")}
    hits = corpus_kb.search("生态环境局", limit=None, exact=True)
    assert {h.passage_id for h in hits} == expected
    assert len(expected) > 10


def test_search_and_lists_read_one_filter_the_same_way(corpus_kb):
    """--doc is an id, a file name, part of a title or a 文号 in search and in lists alike; a
    department filter matches aliases in both; a deadline year is any deadline's year in both."""
    for ref in ("珠海", "002_zhuhai", "珠府〔2023〕39号"):
        (doc,) = corpus_kb.find_documents(ref)
        hits = corpus_kb.search("碳达峰", Filters(doc=ref), limit=None)  # both tiers keep to the document
        assert hits and {h.doc_id for h in hits} == {doc.id}
        assert {o.doc_id for o in corpus_kb.obligations(Filters(doc=ref))} == {doc.id}
    assert corpus_kb.search("碳达峰", Filters(doc="知识库里没有的文件")) == []

    filters = Filters(department="发改委", deadline_year=2025)
    listed = corpus_kb.obligations(filters)
    assert listed and all(2025 in {d.year for d in o.deadlines} for o in listed)
    # every listed task's passage is found by a search with the same filters, and no other passage
    found = {h.passage_id for h in corpus_kb.search("的", Filters(department="发改委", deadline_year=2025, kind="obligation"),
                                                    limit=None, exact=True)}
    assert {o.passage_id for o in listed if "的" in corpus_kb.passage(o.passage_id).text} <= found
    assert found <= {o.passage_id for o in corpus_kb.obligations(Filters(deadline_year=2025))}
