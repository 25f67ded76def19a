"""Acceptance tests over the real policy PDFs in ../shared/pdfs (skipped where it is absent)."""
from __future__ import annotations

import re

import pytest
from conftest import shared_pdf

from kb.ingest import parse_file

PAGE_NUMBER_IN_TEXT = re.compile(r"[—－-]\s*\d{1,3}\s*[—－-]")


@pytest.fixture(scope="module")
def parsed():
    cache = {}

    def get(prefix, ocr=False):  # OCR is measured in test_ocr.py: these read the text layers
        if (prefix, ocr) not in cache:
            cache[prefix, ocr] = parse_file(shared_pdf(prefix), ocr=ocr)
        return cache[prefix, ocr]

    return get


def test_shandong_lead_and_participants_parentheses_stay_whole_in_one_passage(parsed):
    (doc,) = parsed("13")
    texts = [p.text for p in doc.passages if p.kind == "text"]
    opened = [t for t in texts if "（省生态环境厅牵头" in t]
    assert len(opened) >= 10
    for text in opened:
        tail = text[text.index("（省生态环境厅牵头"):]
        assert "）" in tail, text[-80:]  # the parenthesis closes inside the same passage
        assert re.search(r"（省生态环境厅牵头[^）]*参与）", text) or "牵头）" in text or "负责）" in text


def test_no_page_number_inside_any_sentence_of_the_national_strategy(parsed):
    (doc,) = parsed("27")
    assert doc.meta.title == "国家适应气候变化战略2035"
    assert doc.meta.jurisdiction == "国家"
    bad = [p.text for p in doc.passages if PAGE_NUMBER_IN_TEXT.search(p.text)]
    assert bad == []
    joined = next(p for p in doc.passages if "水资源刚性约束" in p.text)
    assert "水资源刚性约束制度" in joined.text


def test_dezhou_lead_and_partner_units_stay_with_their_task(parsed):
    (doc,) = parsed("15")
    marked = [p for p in doc.passages if "牵头单位：" in p.text]
    assert len(marked) >= 40
    for p in marked:
        before = p.text[: p.text.index("牵头单位：")]
        assert len(before) > 10, p.text[:60]  # the task text is in the same passage
        assert p.clause_path, p.text[:40]


def test_image_only_scan_is_reported_as_needing_ocr(parsed):
    (doc,) = parsed("29")
    assert doc.passages == []
    assert set(doc.page_warnings) == set(range(1, 9))
    assert {w.message for w in doc.page_warnings.values()} == {"无文字层，需要OCR"}


def test_guangdong_indicator_table_comes_out_as_rows(parsed):
    (doc,) = parsed("07")
    assert doc.meta.title == "广东省应对气候变化“十四五”专项规划"
    table = next(t for t in doc.tables if "指标性质" in t.header)
    assert table.header == ("一级指标", "具体指标", "2020年", "2025年", "指标性质")
    first = table.rows[0]
    assert "单位地区生产总值二氧化碳排放降低" in first[1]
    assert first[2:] == ("[22.35]", "20.5", "约束性")
    assert len(table.rows) >= 15


def test_shenzhen_indicator_tables_come_out_as_rows(parsed):
    (doc,) = parsed("25")
    assert doc.meta.title == "深圳市近零碳排放区试点建设实施方案"
    indicator_tables = [t for t in doc.tables if any("碳排放总量下降率" in c for r in t.rows for c in r)]
    assert len(indicator_tables) >= 3
    row = next(r for t in indicator_tables for r in t.rows if "既有区域碳排放总量下降率" in r)
    assert "较2020年下降30%以上" in row and "核心指标" in row


def test_scanned_ocr_plan_is_kept_with_its_text_and_flagged(parsed):
    (doc,) = parsed("12")
    assert doc.meta.jurisdiction == "厦门市"
    assert 2 in doc.page_warnings and doc.page_warnings[2].message == "无文字层，需要OCR"
    assert len([p for p in doc.passages if p.kind == "text"]) > 50


@pytest.mark.parametrize("prefix", ["03", "07", "13", "15", "19", "25", "27"])
def test_every_real_plan_has_title_jurisdiction_and_clause_paths(parsed, prefix):
    (doc,) = parsed(prefix)
    assert doc.meta.title and doc.meta.jurisdiction
    texts = [p for p in doc.passages if p.kind == "text"]
    with_path = [p for p in texts if p.clause_path]
    assert len(with_path) / len(texts) > 0.7
    assert not any(PAGE_NUMBER_IN_TEXT.fullmatch(p.text.strip()) for p in doc.passages)
