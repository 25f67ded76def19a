"""Indicator tables and indicator keys (kb/extract/indicators.py).

Rows are as the pipeline reads the real tables (file and page named at each).
"""
from __future__ import annotations

from kb.extract.indicators import indicator_key, parse_cell, table_targets
from kb.models import Document, DocumentMeta, Passage, Table


def doc_with(*tables: Table) -> Document:
    passages = []
    for ti, table in enumerate(tables):
        for r, row in enumerate(table.rows):
            passages.append(Passage(len(passages), "table_row", " | ".join(row), table.pages, table.clause_path, ti, r))
    return Document(DocumentMeta(title="测试规划"), passages, list(tables))


def facts(doc: Document):
    return [(t.indicator, t.value, t.unit, t.direction, t.year, t.base_year, t.qualifier, t.attribute, t.cumulative)
            for t in table_targets(doc)]


# 07_广东省应对气候变化“十四五”专项规划 p.15, 表1 (first rows, row 9, 12-14)
GUANGDONG = Table(
    (15,),
    (
        ("总体指标", "．1单位地区生产总值二氧化碳排放降低（%）", "[22.35]", "20.5", "约束性"),
        ("", "．3非化石能源占一次能源消费比重（%）", "30.3", "32", "预期性"),
        ("", "．9营运车辆单位运输周转量能耗、二氧化碳排放下降率（%）", "-", "4.0、3.5", "预期性"),
        ("", "．10规模以上工业用水重复利用率（%）", "82.4", "≥85", "预期性"),
        ("生态保护和适应气候变化", "．13森林蓄积量（亿立方米）", "5.84", "6.2", "约束性"),
        ("", "．14大陆自然岸线保有率（%）", "≥35", "国家下达指标", "约束性"),
    ),
    ("一级指标", "具体指标", "2020年", "2025年", "指标性质"),
    ("第三节主要目标",),
    "表1广东省“十四五”应对气候变化指标体系",
)


def test_guangdong_indicator_table():
    assert facts(doc_with(GUANGDONG)) == [
        ("单位地区生产总值二氧化碳排放降低", 20.5, "%", "下降", 2025, None, "", "约束性", False),
        ("非化石能源占一次能源消费比重", 32.0, "%", "达到", 2025, 2020, "", "预期性", False),
        ("营运车辆单位运输周转量能耗下降率", 4.0, "%", "下降", 2025, None, "", "预期性", False),
        ("营运车辆单位运输周转量二氧化碳排放下降率", 3.5, "%", "下降", 2025, None, "", "预期性", False),
        ("规模以上工业用水重复利用率", 85.0, "%", "不低于", 2025, 2020, "", "预期性", False),
        ("森林蓄积量", 6.2, "亿立方米", "达到", 2025, 2020, "", "约束性", False),
    ]
    first = table_targets(doc_with(GUANGDONG))[0]
    assert first.passage_seq == 0 and first.pages == (15,) and "20.5" in first.text
    assert first.indicator_key == "单位GDP二氧化碳排放"


def test_a_level_keeps_the_base_year_column_as_its_base_and_a_change_does_not():
    # the 2020年 column holds the level a level target starts from; beside a change (…降低) it holds
    # the last plan's five-year change ([22.35]), which is no base level
    bases = {t.indicator: (t.base_value, t.base_year) for t in table_targets(doc_with(GUANGDONG))}
    assert bases["非化石能源占一次能源消费比重"] == (30.3, 2020)
    assert bases["森林蓄积量"] == (5.84, 2020)
    assert bases["单位地区生产总值二氧化碳排放降低"] == (None, None)
    assert bases["营运车辆单位运输周转量能耗下降率"] == (None, None)  # "-": no value


def test_shandong_indicator_table_with_current_values():
    # 13_山东省“十四五”海洋生态环境保护规划 p.8, 表1 (empty spacer rows as read)
    table = Table(
        (8,),
        (("1", "近岸海域优良（一、二类）水质面积比例（%）", "86.8", "92"),
         ("3", "大陆自然岸线保有率（%）", "—", "≥35"),
         ("", "", "", ""),
         ("5", "滨海湿地生态修复面积（公顷）", "—", "9000")),
        ("序号", "指标类别", "现状值", "2025年"),
    )
    assert facts(doc_with(table)) == [
        ("近岸海域优良（一、二类）水质面积比例", 92.0, "%", "达到", 2025, None, "", None, False),
        ("大陆自然岸线保有率", 35.0, "%", "不低于", 2025, None, "", None, False),
        ("滨海湿地生态修复面积", 9000.0, "公顷", "达到", 2025, None, "", None, False),
    ]
    # the 现状值 column is each level's base (its year is not written); "—" is none
    assert [t.base_value for t in table_targets(doc_with(table))] == [86.8, None, None]


def test_shenzhen_reference_values_with_unit_column_and_type():
    # 25_深圳市近零碳排放区试点建设实施方案 p.11 表1 and p.12-13 表2 (a name broken over a page)
    table = Table(
        (11,),
        (("碳排放", "既有园区单位产值或单位工业增加值碳排放量下降", "%", "较2020年下降40%以上", "核心指标"),
         ("", "率", "", "", ""),
         ("", "区域人均碳排放量", "吨CO/（人•年）2", "≤3.5", "核心指标"),
         ("管理", "碳排放管理体系", "-", "建立", "核心指标")),
        ("一级指标", "指标名称", "单位", "参考值", "指标类型"),
    )
    assert facts(doc_with(table)) == [
        ("既有园区单位产值或单位工业增加值碳排放量下降率", 40.0, "%", "下降", None, 2020, "以上", "核心指标", False),
        ("区域人均碳排放量", 3.5, "吨CO2/（人•年）", "不高于", None, None, "", "核心指标", False),
    ]


def test_shenzhen_two_reference_columns_under_one_header():
    # 25_深圳 p.16 表4: 参考值 spans 中小学校 | 职高、高等院校
    table = Table(
        (16,),
        (("", "", "", "中小学校", "职高、高等院校", ""),
         ("碳排放", "校园人均碳排放量", "吨CO/2（人·年）", "≤1", "≤1.5", "核心指标"),
         ("建筑", "单位建筑面积综合能耗", "kWh/（m2·a）", "≤25", "高等学校≤45职业学校≤30", "一般指标")),
        ("一级指标", "指标名称", "单位", "参考值", "", "指标类型"),
    )
    assert [(t.indicator, t.value) for t in table_targets(doc_with(table))] == [
        ("校园人均碳排放量（中小学校）", 1.0),
        ("校园人均碳排放量（职高、高等院校）", 1.5),
        ("单位建筑面积综合能耗（中小学校）", 25.0),
        ("单位建筑面积综合能耗（高等学校）", 45.0),
        ("单位建筑面积综合能耗（职业学校）", 30.0),
    ]


def test_bracketed_values_are_cumulative():
    table = Table((12,), (("13", "单位地区生产总值能源消耗降低（%）", "［20.6］", "[14.5]", "约束性"),),
                  ("序号", "指标名称", "2020年", "2025年目标", "属性"))
    [t] = table_targets(doc_with(table))
    assert (t.value, t.cumulative, t.year, t.attribute, t.direction) == (14.5, True, 2025, "约束性", "下降")


def test_task_tables_are_not_indicator_tables():
    table = Table((30,), (("1", "能源绿色低碳转型行动", "严格合理控制煤炭消费。", "市发展改革局"),),
                  ("序号", "重点任务", "", "主要负责单位"))
    assert table_targets(doc_with(table)) == []


def test_parse_cell_forms():
    assert [(v.direction, v.value, v.unit, v.qualifier) for v in parse_cell("≥85")] == [("不低于", 85.0, None, "")]
    assert [(v.value, v.unit) for v in parse_cell("35%")] == [(35.0, "%")]
    assert [(v.value, v.cumulative) for v in parse_cell("[22.35]")] == [(22.35, True)]
    assert parse_cell("国家下达指标") == [] and parse_cell("-") == [] and parse_cell("建立") == []


def test_indicator_keys_compare_plans():
    key = indicator_key("单位GDP二氧化碳排放")
    assert indicator_key("单位地区生产总值二氧化碳排放") == key
    assert indicator_key("单位国内生产总值二氧化碳排放") == key
    assert indicator_key("．1单位地区生产总值二氧化碳排放降低（%）") == key
    assert indicator_key("单位地区生产总值能源消耗") == indicator_key("单位GDP能耗")
    assert indicator_key("非化石能源占一次能源消费比重") == indicator_key("非化石能源消费比重")
    assert indicator_key("全市森林覆盖率") == indicator_key("森林覆盖率")
    assert indicator_key("森林覆盖率") != indicator_key("森林蓄积量")


# 425、内江市“十四五”生态环境保护规划 p.13 (表1-1) and p.22 (表2-1), rows as read
NEIJIANG_REVIEW = Table(
    (13, 14),
    (
        ("环境质量", "1", "主城区空气质量达标天数比例（%）", "71.3", "75.4", "89.6", "完成", "约束性"),
        ("总量控制", "1", "化学需氧量排放量下降比例（%）", "53254吨", "13", "14.8", "完成", "约束性"),
    ),
    ("类别", "序号", "指标（单位）", "2015年现状", "2020年目标", "2020年情况", "完成情况", "指标属性"),
    ("第一章内江市生态环境保护形势", "第二节“十三五”规划指标完成情况"),
    "表1-1内江市“十三五”生态环境保护目标指标完成情况表",
)
NEIJIANG_TARGETS = Table(
    (22, 23, 24),
    (
        ("环境治理", "1", "空气质量优良天数比率（%）", "89.6", "≥91.1", "约束性"),
        ("", "2", "细颗粒物（PM）浓度（微克2.5/立方米）", "34.3", "≤30.7", "约束性"),
        ("", "3", "重污染天数比率（%）", "0", "基本消除", "约束性"),
    ),
    ("指标类别", "序号", "指标（单位）", "2020年现状值", "2025年目标值", "指标属性"),
    ("第二章总体要求", "第三节目标指标", "（二）主要指标"),
    "表2-1内江市生态环境保护目标指标体系",
)


def test_a_table_reviewing_the_previous_plan_gives_no_targets():
    doc = doc_with(NEIJIANG_REVIEW, NEIJIANG_TARGETS)
    assert [(t.indicator, t.value, t.unit, t.direction, t.year) for t in table_targets(doc, ref_year=2021)] == [
        ("空气质量优良天数比率", 91.1, "%", "不低于", 2025),
        ("细颗粒物（PM2.5）浓度", 30.7, "微克/立方米", "不高于", 2025),  # the subscript put back
    ]


def test_targets_for_years_before_the_plan_are_achievements():
    # a 2020 target column in a “十四五” plan's table
    old = Table((5,), (("", "森林覆盖率（%）", "35"),), ("类别", "指标", "2020年目标"), ("第一章",), "主要指标")
    assert table_targets(doc_with(old), ref_year=2021) == []


def test_a_numbered_group_heading_is_not_part_of_the_name():
    # 445、海西州“十四五”生态环境保护规划 p.25, 表2-1: "规划指标" spans a group column and a name column;
    # the numbered group "（3）水环境质量" heads the names below it, a row's own number names it
    table = Table(
        (25, 26),
        (
            ("（3）水环境质量", "县级以上城镇集中式饮用水水源水质达到或优于Ⅲ类的比例(%）", "100", "100", "约束性"),
            ("", "农村生活污水村庄治理率(%)", "15", "20", "预期性"),
            ("（12）危险废物利用处置率（%）", "", "-", "90以上", "预期性"),
        ),
        ("规划指标", "", "2020年", "2025年", "指标属性"),
        ("第二章总体要求", "第三节主要目标"),
        "表2-1海西州“十四五”生态环境保护主要指标表",
    )
    assert [(t.indicator, t.value) for t in table_targets(doc_with(table), ref_year=2021)] == [
        ("县级以上城镇集中式饮用水水源水质达到或优于Ⅲ类的比例", 100.0),
        ("农村生活污水村庄治理率", 20.0),
        ("危险废物利用处置率", 90.0),
    ]


def test_a_group_cell_the_name_repeats_is_not_part_of_it():
    # 81、湖南省“十四五”生态环境保护规划 p.6, 表2: "生活垃圾 | 城市生活垃圾资源化利用率"
    table = Table(
        (6,),
        (("28", "", "生活垃圾", "城市生活垃圾资源化利用率", "%", "—", "60", "预期性"),),
        ("序号", "", "指标", "", "单位", "2020年", "2025年", "指标属性"),
        ("二、“十四五”总体要求", "（三）主要目标"),
        "表2“十四五”生态环境保护规划指标体系",
    )
    assert [(t.indicator, t.value) for t in table_targets(doc_with(table), ref_year=2021)] == [
        ("城市生活垃圾资源化利用率", 60.0)]


def test_a_merged_category_column_under_the_name_header_is_not_part_of_the_name():
    # 436、江苏省“十四五”海洋生态环境保护规划 p.9: "指标" over 类别 | 名称, the 类别 cell merged down
    table = Table(
        (9,),
        (("1", "海洋环境质量", "近岸海域水质优良（一、二类）比例", "—①", "65%"),
         ("2", "", "主要入海河流水质优良（达到或者优于III类）比例", "69.2%②", "87%左右②"),
         ("8", "亲海环境品质", "推进美丽海湾建设数量", "—", "≥5个")),
        ("序号", "指标", "", "2020年", "2025年"),
        ("二、总体要求", "（三）主要指标"),
        "表1 江苏省“十四五”海洋生态环境保护主要指标",
    )
    assert [t.indicator for t in table_targets(doc_with(table), ref_year=2021)] == [
        "近岸海域水质优良（一、二类）比例", "主要入海河流水质优良（达到或者优于III类）比例", "推进美丽海湾建设数量"]


def test_a_table_whose_year_header_went_unread_gives_no_targets():
    # 320、甘肃省“十四五”生态环境保护规划 p.25: the headers read "年２０２５目标( )", full-width and out of order
    from kb.extract.targets import find_document_targets
    table = Table(
        (25,),
        (("指标类别", "序号", "指标名称", "", "指标属性", "年２０２０现状( )", "年２０２５目标( )"),
         ("环境治理", "２", "细颗粒物浓度３①(PM２５) (ug/m )", "", "约束性", "２６", "２５"),
         ("应对气候变化", "１４", "单位地区生产总值能源消耗降低(％)", "", "约束性", "[１４]", "[１３]")),
        ("专栏２:“十四五”生态环境保护主要指标", "", "", "", "", "", ""),
        ("第二章", "三、主要目标"),
        "",
    )
    assert table_targets(doc_with(table), ref_year=2021) and all(t.year is None for t in table_targets(doc_with(table)))
    assert find_document_targets(doc_with(table)) == []  # no year: not a target
