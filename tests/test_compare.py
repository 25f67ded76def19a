"""Cross-plan comparison of one indicator: synonyms grouped, exported with a native Excel chart."""
from __future__ import annotations

import json
import re
import zipfile

import pytest
from conftest import GOLD, absent
from openpyxl import load_workbook

from kb.cli import main as cli_main
from kb.export import export_comparison
from kb.export.tables import comparison_charts
from kb.knowledge_base import KnowledgeBase
from kb.models import Filters
from render import pdf_text, render_pdf

COMPARISON_HEADERS = ["序号", "指标", "地区", "规划", "原文指标名称", "目标年", "目标", "基准", "属性", "可比", "说明", "页码",
                      "目标值", "单位", "基准值", "基准年"]
ONE_INDICATOR_HEADERS = [h for h in COMPARISON_HEADERS if h != "指标"]  # the title names it
JSON_FIELDS = {"jurisdiction", "document", "file", "page", "indicator", "indicator_key", "value", "unit", "direction",
               "base_year", "year", "attribute",
               # issue 14: what an honest comparison needs
               "region", "qualifier", "base_value", "comparable", "note"}


@pytest.fixture(scope="module")
def kb(corpus_kb_dir):
    with KnowledgeBase(corpus_kb_dir) as opened:
        yield opened


def gold_target(indicator: str) -> dict:
    path = GOLD / "002.targets.jsonl"
    if not path.is_file():
        pytest.skip(absent(GOLD))
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return next(r for r in rows if r["indicator"] == indicator)


def fact(row) -> tuple:
    """The target a gold line (dict) or a KB row (TargetRow) states."""
    get = row.get if isinstance(row, dict) else lambda key: getattr(row, key)
    return get("indicator"), get("value"), get("unit"), get("direction"), get("base_year"), get("year")


def test_short_name_finds_the_plan_that_spells_the_indicator_out(kb):
    # 珠海 writes 单位地区生产总值能源消耗; asking for 单位GDP能耗 must find it
    gold = gold_target("单位地区生产总值能源消耗")
    rows = kb.compare("单位GDP能耗")
    zhuhai = [r for r in rows if r.document == gold["doc"]]
    assert [fact(r) for r in zhuhai] == [fact(gold)]
    assert zhuhai[0].jurisdiction == "珠海市"


def test_every_way_of_writing_an_indicator_gives_the_same_rows(kb):
    names = ["单位GDP能耗", "单位地区生产总值能源消耗", "单位国内生产总值能源消耗降低", "万元GDP能耗"]
    results = [[(r.document, r.page, r.value) for r in kb.compare(name)] for name in names]
    assert results[0]
    assert all(result == results[0] for result in results)


def test_forest_cover_is_compared_across_plans_without_duplicates(kb):
    gold = gold_target("全市森林覆盖率")
    rows = kb.compare("森林覆盖率")
    assert {r.jurisdiction for r in rows} >= {"深圳市", "珠海市"}
    assert fact(gold) in [fact(r) for r in rows if r.document == gold["doc"]]
    assert all("森林覆盖率" in r.indicator_key for r in rows)
    distinct = {(r.document, r.indicator_key, r.value, r.year) for r in rows}
    assert len(distinct) == len(rows)
    # the group named exactly as asked comes first
    first_other = next((i for i, r in enumerate(rows) if r.indicator_key != "森林覆盖率"), len(rows))
    assert all(r.indicator_key == "森林覆盖率" for r in rows[:first_other])
    assert first_other >= 2


def test_a_broad_query_keeps_each_indicator_as_its_own_group(kb):
    rows = kb.compare("森林")
    keys = [r.indicator_key for r in rows]
    # rows of one key are next to each other
    assert len(keys) > len(set(keys)) >= 2
    assert all(keys.index(k) + keys.count(k) - 1 == max(i for i, x in enumerate(keys) if x == k) for k in set(keys))


def test_comparison_xlsx_has_the_rows_in_order_with_numbers_and_notes(kb, tmp_path):
    rows = kb.compare("森林")
    path = export_comparison(rows, tmp_path / "对比.xlsx", indicator="森林")

    ws = load_workbook(path)["指标对比"]
    assert ws["A1"].value == "“森林”指标跨规划对比"
    values = [list(r) for r in ws.iter_rows(values_only=True)]
    assert values[2] == COMPARISON_HEADERS
    assert len(values) - 3 == len(rows)
    for cells, row in zip(values[3:], rows):
        assert cells[1:7] == [row.indicator_key, row.jurisdiction or None, row.document, row.indicator, row.year, row.stated]
        assert cells[9] == ("是" if row.comparable else "否") and (cells[10] or "") == row.note
        assert isinstance(cells[12], (int, float)) and cells[12] == row.value
        assert [cells[11], cells[15]] == [row.page, row.base_year]
    assert ws.print_area is not None  # the spreadsheet's numbers (目标值 …) are not printed
    # 深圳's 2025 森林覆盖率 does not stand beside 珠海's 2030 one, nor in a chart with it
    forest = [r for r in rows if r.indicator_key == "森林覆盖率"]
    assert {r.year for r in forest} >= {2025, 2030} and not all(r.comparable for r in forest)
    assert all("目标年不同" in r.note for r in forest if not r.comparable)
    assert not any(c.title.startswith("森林覆盖率") for c in comparison_charts(rows))


# ------------------------------------------------- plans built for a comparison ----
PLANS = {  # three cities' plans: a level, a level from a stated base, a change in percentage points
    "江门市碳达峰实施方案": ["到2025年，非化石能源消费比重力争达到14%，森林覆盖率达到40.5%左右。", "到2030年，非化石能源消费比重达到20%。"],
    "佛山市碳达峰实施方案": ["到2025年，非化石能源消费比重由2020年的12.1%提高到14.5%，森林覆盖率达到41%。"],
    "惠州市碳达峰实施方案": ["到2025年，非化石能源消费比重提高4个百分点以上。"],
}


def built_plans(folder):
    import pdfgen

    folder.mkdir()
    for i, (title, paragraphs) in enumerate(PLANS.items()):
        pdfgen.paged_text_pdf(folder / f"plan_{i}.pdf", [title, "一、主要目标", *paragraphs])
    return folder


@pytest.fixture(scope="module")
def plans_kb(tmp_path_factory):
    directory = tmp_path_factory.mktemp("plans_kb")
    with KnowledgeBase(directory) as opened:
        assert not opened.ingest([built_plans(directory / "plans")]).failed
        yield opened


def test_targets_stated_otherwise_are_listed_not_compared_with_the_reason(plans_kb):
    rows = plans_kb.compare("非化石能源消费比重")
    by_plan = {(r.jurisdiction, r.year): r for r in rows}
    assert set(by_plan) == {("江门市", 2025), ("江门市", 2030), ("佛山市", 2025), ("惠州市", 2025)}
    points = by_plan[("惠州市", 2025)]
    assert (points.value, points.unit, points.comparable) == (4.0, "个百分点", False)
    assert "百分点" in points.note and "比重（%）" in points.note
    assert not by_plan[("江门市", 2030)].comparable and "目标年不同" in by_plan[("江门市", 2030)].note
    assert by_plan[("江门市", 2025)].comparable and by_plan[("江门市", 2025)].stated == "力争达到14%"
    foshan = by_plan[("佛山市", 2025)]
    assert foshan.comparable and (foshan.base_value, foshan.base_year, foshan.value) == (12.1, 2020, 14.5)

    for_2025 = plans_kb.compare("非化石能源消费比重", Filters(deadline_year=2025))
    assert {r.year for r in for_2025} == {2025} and len(for_2025) == 3
    assert [r.document for r in plans_kb.compare("非化石能源消费比重", Filters(jurisdiction="佛山市"))] == ["佛山市碳达峰实施方案"]


def test_the_chart_shows_comparable_plans_by_name_on_a_scale_that_shows_a_half_point(plans_kb, tmp_path):
    rows = plans_kb.compare("非化石能源消费比重", Filters(deadline_year=2025))
    (chart,) = comparison_charts(rows)
    assert chart.labels == ("佛山市碳达峰实施方案", "江门市碳达峰实施方案（力争）")  # 惠州's 百分点 is not a share
    assert chart.values == (14.5, 14.0) and 0 < chart.axis_min <= 14.0  # 14 and 14.5 must not look alike
    assert "2025年" in chart.title

    path = export_comparison(rows, tmp_path / "对比.xlsx", indicator="非化石能源消费比重")
    data = load_workbook(path)["图表"]
    with zipfile.ZipFile(path) as z:
        (name,) = [n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
        xml = z.read(name).decode("utf-8")
    assert chart.title in xml and float(re.search(r'<(?:c:)?min val="([\d.]+)"', xml).group(1)) == chart.axis_min
    # the bars are the numbers of the comparison, read from the cells the chart points at
    labels_ref, values_ref = re.findall(r"<f>'图表'!(\$A\$\d+:\$A\$\d+|\$B\$\d+:\$B\$\d+)</f>", xml)
    assert [c.value for (c,) in data[labels_ref.replace("$", "")]] == list(chart.labels)
    assert [c.value for (c,) in data[values_ref.replace("$", "")]] == list(chart.values)
    table = [list(r) for r in load_workbook(path)["指标对比"].iter_rows(min_row=4, values_only=True)]
    assert [(r[2], r[8]) for r in table] == [(r.document, "是" if r.comparable else "否") for r in rows]


def test_a_comparison_in_word_keeps_each_year_on_one_line(plans_kb, tmp_path):
    """The .docx comparison printed: "2025" and "2020年" never wrap inside their cells (202/5)."""
    rows = plans_kb.compare("非化石能源消费比重")
    pdf = render_pdf(export_comparison(rows, tmp_path / "对比.docx", indicator="非化石能源消费比重"), tmp_path)
    text = pdf_text(pdf)
    assert text.count("2025") >= sum(1 for r in rows if r.year == 2025) and "2030" in text
    assert not re.search(r"20\d?\s*\n\s*\d?\d(?!\d)", text.replace("2020年：", "")), text


def test_no_match_gives_an_empty_table_with_headers(kb, tmp_path):
    rows = kb.compare("火星殖民地人口")
    assert rows == []
    values = list(load_workbook(export_comparison(rows, tmp_path / "空.xlsx", indicator="火星殖民地人口")).worksheets[0]
                  .iter_rows(values_only=True))
    assert [list(v) for v in values[2:]] == [ONE_INDICATOR_HEADERS]


def test_cli_compare_json_is_one_object_per_line_with_stable_fields(corpus_kb_dir, kb, capsys):
    assert cli_main(["compare", "--kb", str(corpus_kb_dir), "--indicator", "单位GDP能耗", "--json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    records = [json.loads(line) for line in lines]
    assert set(records[0]) >= JSON_FIELDS  # new fields may be added, none taken away
    expected = kb.compare("单位GDP能耗")
    assert [(r["document"], r["page"], r["value"], r["year"]) for r in records] == \
           [(r.document, r.page, r.value, r.year) for r in expected]


def test_cli_compare_exports_to_xlsx(corpus_kb_dir, tmp_path, capsys):
    out = tmp_path / "对比.xlsx"
    assert cli_main(["compare", "--kb", str(corpus_kb_dir), "--indicator", "森林蓄积量", "-o", str(out)]) == 0
    assert capsys.readouterr().out.startswith("已导出")
    assert [c.value for c in load_workbook(out).worksheets[0][3]] == ONE_INDICATOR_HEADERS


# ----------------------------------------------- the real plans, compared for 2025 ----
@pytest.fixture(scope="module")
def real_kb(tmp_path_factory):
    """上海 (03), 广东 (07) and 德州 (15) as published, and 惠州's plan built above (its 百分点 target)."""
    from conftest import shared_pdf

    pdfs = [shared_pdf(n) for n in ("03", "07", "15")]
    directory = tmp_path_factory.mktemp("real_kb")
    with KnowledgeBase(directory) as opened:
        assert not opened.ingest([*pdfs, built_plans(directory / "plans")]).failed
        yield opened


def test_the_2025_non_fossil_share_across_the_kb(real_kb, capsys):
    """Done when: every plan with its qualifier and base, non-comparable rows flagged, no 2030 row."""
    rows = real_kb.compare("非化石能源消费比重", Filters(deadline_year=2025))
    by_place = {r.jurisdiction: r for r in rows}
    assert {"上海市", "广东省", "德州市", "江门市", "佛山市", "惠州市"} <= set(by_place)
    assert all(r.year == 2025 for r in rows)  # 上海's and 江门's 2030 targets stay out
    assert by_place["上海市"].stated == "力争达到20%"  # 03 p.1: 非化石能源占能源消费总量比重力争达到20%
    assert by_place["德州市"].stated == "达到13%左右"
    guangdong = by_place["广东省"]  # 07 p.15 表1: 2020年 30.3 | 2025年 32 | 预期性
    assert (guangdong.value, guangdong.base_value, guangdong.base_year, guangdong.attribute) == (32.0, 30.3, 2020, "预期性")
    assert [r.jurisdiction for r in rows if not r.comparable] == ["惠州市"]
    assert all(r.comparable for r in rows if r.unit == "%")

    assert cli_main(["compare", "--kb", str(real_kb.directory), "--indicator", "非化石能源消费比重", "--year", "2025",
                     "--json"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert all(set(r) >= JSON_FIELDS for r in records)
    assert [(r["region"], r["qualifier"], r["base_value"], r["comparable"]) for r in records] == \
           [(r.jurisdiction, r.qualifier, r.base_value, r.comparable) for r in rows]
    assert next(r for r in records if r["region"] == "惠州市")["note"].startswith("以百分点表示")


def test_each_chart_prints_on_a_page_of_its_own(plans_kb, tmp_path):
    rows = plans_kb.compare("非化石能源消费比重") + plans_kb.compare("森林覆盖率")  # two indicators, two charts
    charts = comparison_charts(rows)
    assert len(charts) == 2
    ws = load_workbook(export_comparison(rows, tmp_path / "对比.xlsx", indicator="两个指标"))["图表"]
    assert (ws.page_setup.orientation, ws.page_setup.fitToWidth) == ("landscape", 1)
    titles = [r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value in {c.title for c in charts}]
    assert [b.id for b in ws.row_breaks.brk] == [titles[1] - 1]  # the second chart starts a page
