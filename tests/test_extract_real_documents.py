"""Extraction through the real pipeline (kb.ingest.parse_file) on the shared seed and PDFs.

Seed 002 is checked row by row against the hand-checked answers in shared/gold; the PDFs
against facts read off their pages. Skipped where ../shared is absent.
"""
from __future__ import annotations

import json
import re

import pytest
from conftest import SHARED, absent

from kb.extract import extract_document
from kb.ingest import parse_file

needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=absent(SHARED))


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def gold(kind: str) -> list[dict]:
    path = SHARED / "gold" / f"002.{kind}.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def seed_002():
    [path] = (SHARED / "seeds").glob("002_*.txt")
    [doc] = parse_file(path)
    found = extract_document(doc)
    return found.obligations, found.targets


@pytest.fixture(scope="module")
def pdf_docs():
    cache = {}

    def load(prefix: str):
        if prefix not in cache:
            [path] = (SHARED / "pdfs").glob(f"{prefix}_*.pdf")
            [doc] = parse_file(path)
            found = extract_document(doc)
            cache[prefix] = (doc, found.obligations, found.targets)
        return cache[prefix]

    return load


@needs_shared
@pytest.mark.parametrize("row", gold("obligations"), ids=lambda g: g["where"] + ":" + g["anchor"][:10])
def test_seed_002_obligation(seed_002, row):
    obligations, _ = seed_002
    source = "prose" if row["where"] == "body" else "table"
    found = [o for o in obligations if compact(row["anchor"]) in compact(o.text) and o.source == source]
    assert len(found) == 1, f"{len(found)} obligations hold the anchor"
    ob = found[0]
    assert set(ob.lead) == set(row["lead"])
    assert set(ob.co) == set(row["co"])
    assert set(ob.responsible) == set(row["responsible"])
    assert [d.value for d in ob.deadlines] == ([row["deadline"]] if row["deadline"] else [])


@needs_shared
def test_seed_002_has_no_obligation_beyond_the_gold(seed_002):
    obligations, _ = seed_002
    anchors = [compact(g["anchor"]) for g in gold("obligations")]
    extra = [o.text[:30] for o in obligations if not any(a in compact(o.text) for a in anchors)]
    assert extra == []


# The indicator is the subject of an earlier clause ("新建大型和超大型数据中心全部达到…，电能利用效率（PUE）
# 不高于1.3"); the extractor names only what its own clause says.
KNOWN_TARGET_MISSES = {"电能利用效率（PUE）不高于1.3"}


def target_params():
    for g in gold("targets"):
        marks = [pytest.mark.xfail(strict=True, reason="subject of an earlier clause")] \
            if g["anchor"] in KNOWN_TARGET_MISSES else []
        yield pytest.param(g, marks=marks, id=f"{g['indicator'][:12]}-{g['value']}")


@needs_shared
@pytest.mark.parametrize("row", list(target_params()))
def test_seed_002_target(seed_002, row):
    _, targets = seed_002
    found = [t for t in targets if compact(row["anchor"]) in compact(t.text) and abs(t.value - row["value"]) < 1e-9
             and t.year == row["year"]]
    assert [compact(t.indicator) for t in found] == [compact(row["indicator"])]
    t = found[0]
    assert (t.direction, t.unit, t.base_year, t.attribute) == (row["direction"], row["unit"], row["base_year"],
                                                                row["attribute"])


@needs_shared
def test_shandong_notes_after_every_task(pdf_docs):
    # 13_山东省“十四五”海洋生态环境保护规划: 52 notes "（…牵头，…参与）"
    doc, obligations, _ = pdf_docs("13")
    assert len(obligations) == 52 and {o.source for o in obligations} == {"paren"}
    first = obligations[0]
    assert first.text.startswith("强化入海排污口溯源整治与规范管理。") and first.pages == (8, 9)
    assert first.lead == ("省生态环境厅",)
    assert first.co == ("省住房城乡建设厅", "省农业农村厅", "省交通运输厅", "省畜牧局")
    assert [d.value for d in first.deadlines] == ["2021-12-31", "2023-12-31", "2025-12-31"]
    fishing = next(o for o in obligations if o.text.startswith("强化渔港渔船综合整治"))
    assert (fishing.lead, fishing.co, fishing.pages) == (("省农业农村厅",), ("省生态环境厅",), (12,))


@needs_shared
def test_shandong_indicator_table(pdf_docs):
    # 13_山东 p.8 表1 主要指标
    _, _, targets = pdf_docs("13")
    table = [(t.indicator, t.value, t.unit, t.direction, t.year) for t in targets if t.pages == (8,) and "|" in t.text]
    assert table == [
        ("近岸海域优良（一、二类）水质面积比例", 92.0, "%", "达到", 2025),
        ("入海河流国控断面消除劣V类水质比例", 100.0, "%", "达到", 2025),
        ("大陆自然岸线保有率", 35.0, "%", "不低于", 2025),
        ("岸线生态修复长度", 58.0, "公里", "达到", 2025),
        ("滨海湿地生态修复面积", 9000.0, "公顷", "达到", 2025),
        ("基本建成“美丽海湾”数量", 5.0, "个", "不低于", 2025),
    ]


@needs_shared
def test_guangdong_indicator_table_and_no_past_targets(pdf_docs):
    # 07_广东省应对气候变化“十四五”专项规划 p.15 表1: 16 rows; row 14 has no number for 2025
    # (国家下达指标), row 9 has two (4.0、3.5)
    _, _, targets = pdf_docs("07")
    table = [t for t in targets if t.pages == (15,) and "|" in t.text]
    assert len(table) == 16
    assert {(t.indicator_key, t.value, t.attribute) for t in table} >= {
        ("单位GDP二氧化碳排放", 20.5, "约束性"), ("单位GDP能耗", 14.0, "约束性"), ("森林覆盖率", 58.9, "约束性"),
        ("低碳示范试点数量", 5.0, "预期性")}
    assert all(t.year is None or t.year >= 2021 for t in targets)  # nothing from “十三五”工作取得积极进展


@needs_shared
def test_qingdao_responsible_units(pdf_docs):
    # 19_青岛市温室气体减排和大气污染治理协同控制三年行动计划: 28 "（责任单位：…）"
    _, obligations, _ = pdf_docs("19")
    assert len(obligations) == 28
    assert obligations[1].responsible == ("市生态环境局", "市委组织部", "各区政府", "各市政府")
    investment = next(o for o in obligations if o.text.startswith("加快推进气候投融资试点建设"))
    assert investment.responsible == ("市生态环境局", "人民银行青岛市中心支行", "西海岸新区管委")


def test_scrambled_pages_yield_no_obligations_or_targets():
    """The corpus's scrambled plan (seed 000) reads as nonsense: nothing is extracted from it."""
    from conftest import corpus_pdf

    from kb.extract import extract_document

    (doc,) = parse_file(corpus_pdf("000"))
    found = extract_document(doc)
    obligations, targets = found.obligations, found.targets
    clean_pages = set(range(doc.first_page, doc.last_page + 1)) - set(doc.page_warnings)
    assert all(set(o.pages) <= clean_pages for o in obligations)
    assert all(set(t.pages) <= clean_pages for t in targets)
    assert len(targets) < 10
