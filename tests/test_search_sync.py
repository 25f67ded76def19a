"""The search index follows the knowledge base: ingest, replace, remove, and rebuild when broken."""
from __future__ import annotations

import shutil

from conftest import corpus_pdf

from kb.knowledge_base import KnowledgeBase


def test_replacing_and_removing_a_file_updates_search(tmp_path):
    pdf = tmp_path / "plan.pdf"
    shutil.copy(corpus_pdf("002"), pdf)
    with KnowledgeBase(tmp_path / "kb") as kb:
        kb.ingest([pdf])
        assert {h.title for h in kb.search('"珠海金湾机场"')} == {"珠海市碳达峰实施方案"}
        shutil.copy(corpus_pdf("001"), pdf)  # the same file now holds another plan
        kb.ingest([pdf])
        assert kb.search('"珠海金湾机场"') == []
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
    hits = corpus_kb.search("生态环境局", limit=None)
    assert {h.passage_id for h in hits} == expected
    assert len(expected) > 10
