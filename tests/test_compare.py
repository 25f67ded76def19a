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

COMPARISON_HEADERS = ["序号", "指标", "地区", "文件", "原文指标名称", "变化方向", "目标值", "单位", "基准年", "目标年", "属性", "页码"]
JSON_FIELDS = {"jurisdiction", "document", "file", "page", "indicator", "indicator_key", "value", "unit", "direction",
               "base_year", "year", "attribute"}


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


def test_comparison_xlsx_has_the_rows_in_order_with_numbers_and_a_chart(kb, tmp_path):
    rows = kb.compare("森林")
    path = export_comparison(rows, tmp_path / "对比.xlsx", indicator="森林")

    ws = load_workbook(path)["指标对比"]
    assert ws["A1"].value == "“森林”指标跨规划对比"
    values = [list(r) for r in ws.iter_rows(values_only=True)]
    assert values[2] == COMPARISON_HEADERS
    assert len(values) - 3 == len(rows)
    for cells, row in zip(values[3:], rows):
        assert cells[1:5] == [row.indicator_key, row.jurisdiction or None, row.document, row.indicator]
        assert isinstance(cells[6], (int, float)) and cells[6] == row.value
        assert cells[8:12] == [row.base_year, row.year, row.attribute, row.page]
    charts = comparison_charts(rows)
    assert any(c.title.startswith("森林覆盖率") for c in charts), "深圳 and 珠海 both set a 森林覆盖率 level"
    data = load_workbook(path)["图表"]
    with zipfile.ZipFile(path) as z:
        drawn = sorted(n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
        assert len(drawn) == len(charts)
        for name, chart in zip(drawn, charts):
            xml = z.read(name).decode("utf-8")
            assert chart.title in xml
            # the bars are the numbers of the comparison, read from the cells the chart points at
            labels_ref, values_ref = re.findall(r"<f>'图表'!(\$A\$\d+:\$A\$\d+|\$B\$\d+:\$B\$\d+)</f>", xml)
            assert [c.value for (c,) in data[labels_ref.replace("$", "")]] == list(chart.labels)
            assert [c.value for (c,) in data[values_ref.replace("$", "")]] == list(chart.values)


def test_no_match_gives_an_empty_table_with_headers(kb, tmp_path):
    rows = kb.compare("火星殖民地人口")
    assert rows == []
    values = list(load_workbook(export_comparison(rows, tmp_path / "空.xlsx", indicator="火星殖民地人口")).worksheets[0]
                  .iter_rows(values_only=True))
    assert [list(v) for v in values[2:]] == [COMPARISON_HEADERS]


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
    assert cli_main(["compare", "--kb", str(corpus_kb_dir), "--indicator", "森林覆盖率", "-o", str(out)]) == 0
    assert capsys.readouterr().out.startswith("已导出")
    assert [c.value for c in load_workbook(out).worksheets[0][3]] == COMPARISON_HEADERS
