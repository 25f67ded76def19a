"""Completion times normalised (kb/extract/deadlines.py)."""
from __future__ import annotations

import pytest

from kb.extract.deadlines import find_deadlines


def values(text: str, year: int | None = 2023) -> list[str]:
    return [d.value for d in find_deadlines(text, year)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("到2025年，单位地区生产总值能源消耗比2020年下降14.5%", ["2025"]),
        ("2025年底前，全市完整居住社区覆盖率显著提升", ["2025-12-31"]),  # seed 002 item 13
        ("2025年年底前，基本建立责任清晰、设置合理、管理规范的入海排污口长效监管机制", ["2025-12-31"]),  # 山东 13 p.9
        ("2023年6月底前完成排查", ["2023-06-30"]),
        ("完成时限：2025年12月", ["2025-12-31"]),
        ("“十四五”期间，高质量完成我市水源林建设任务42300亩", ["2021/2025"]),  # seed 002 item 33
        ("“十五五”期间油品消费力争进入平台期", ["2026/2030"]),  # seed 002 item 3
        ("\"十四五\"时期严格合理控制煤炭消费增长", ["2021/2025"]),
        ("“十四五”末", ["2025"]),
        ("确保2030年前实现碳达峰", ["2030"]),
        ("年内完成", ["2023"]),
        ("今年启动试点", ["2023"]),
        ("长期坚持", ["ongoing"]),
        ("持续推进", ["ongoing"]),
        ("展望二〇三五年，到二〇三五年基本建成", ["2035"]),
    ],
)
def test_deadline_forms(text, expected):
    assert values(text) == expected


def test_a_task_with_two_dates_keeps_both():
    # seed 002 item 18
    text = "2025年底前实现巡游车全面新能源化，2028年底前实现网约车全面电动化"
    assert values(text) == ["2025-12-31", "2028-12-31"]
    assert [d.text for d in find_deadlines(text, 2023)] == ["2025年底前", "2028年底前"]


def test_base_years_and_titles_are_not_deadlines():
    assert values("单位工业增加值能耗较2020年下降8.8%") == []  # 青岛 19 p.4
    # seed 002 item 33: a plan's period inside a title
    assert values("根据《广东省高质量水源林建设规划（2021-2025年）》") == []


def test_ongoing_only_as_a_whole_clause_and_this_year_needs_the_documents_year():
    assert values("持续推进清洁取暖，扩大集中供热范围") == []  # 德州 15 p.23: a verb, not a time
    assert values("年内完成", None) == []


def test_an_earlier_plan_named_is_not_a_deadline():
    # 德州 15 p.21: "推进华能、运达等“十三五”存量新能源发电项目建设"
    assert values("推进华能、运达等“十三五”存量新能源发电项目建设，力争到2022年年底前全部建成并网", 2021) == [
        "2022-12-31"]


def test_deadlines_written_in_other_ways():
    # full-width digits
    assert [d.value for d in find_deadlines("到２０２５年，全面完成")] == ["2025"]
    # 252、达州 p.2 and 55、江苏省2022年推动碳达峰碳中和工作计划 p.9: labelled deadlines, a month with no year
    assert [d.value for d in find_deadlines("2022年2月底前", 2022, labelled=True)] == ["2022-02-28"]
    assert [d.value for d in find_deadlines("12月底", 2022, labelled=True)] == ["2022-12-31"]
    # 分别于: every month of the list, in the year written before it
    assert [d.value for d in find_deadlines("分别于2022年6月底前、12月底前完成")] == ["2022-06-30", "2022-12-31"]
    # 517、长沙 p.5: a milestone year inside a task; a recurring time is no deadline
    assert [d.value for d in find_deadlines("到2022年，比例达到70%以上（其中，2021年达到60%）")] == ["2022", "2021"]
    assert find_deadlines("并将创建情况于每年10月底前报送市住房城乡建设局", 2021) == []
    # a plan's name before its targets is not a time (issue 12's shape: "严格“十四五”节能减排目标考核")
    assert find_deadlines("严格“十四五”节能减排目标考核", 2022) == []


def test_within_the_year_only_as_a_time():
    # 495、山西 p.5: "用户年内历史绿色电力消费占比" says which figures, not when
    assert [d.value for d in find_deadlines("根据用户年内历史绿色电力消费占比反向分配有序用电任务", 2022)] == []
    assert [d.value for d in find_deadlines("年内完成", 2022)] == ["2022"]


def test_a_plan_period_that_qualifies_a_quantity_is_not_a_deadline():
    # 311、甘肃省“十四五”节能减排综合工作方案 p.8: the years of the quantity an assessment leaves out
    assert find_deadlines("各地区“十四五”时期新增可再生能源电力消费量不纳入能源消费总量考核，原料用能不纳入能耗双控考核。",
                          2022) == []
    # a period of work starting near the plan's year still is one; the span of data long before is not
    assert [d.value for d in find_deadlines("2021—2025年完成改造", 2023)] == ["2021/2025"]
    assert find_deadlines("负责填报2010—2020年能源活动二氧化碳排放情况", 2021) == []
