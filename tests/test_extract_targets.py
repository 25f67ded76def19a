"""Quantitative targets in sentences (kb/extract/targets.py).

Sentences are verbatim from the real plans (file and page named at each).
"""
from __future__ import annotations

from kb.extract.targets import YearContext, find_targets, text_targets
from kb.models import Document, DocumentMeta, Passage


def rows(text, year=None, ref_year=2021):
    context = YearContext(year=year)
    return [(f.indicator, f.value, f.unit, f.direction, f.base_year, f.year, f.qualifier)
            for f in find_targets(text, context, ref_year)]


def test_a_decrease_against_a_base_year():
    # seed 002 (珠海碳达峰实施方案) 主要目标
    assert rows("到2025年，单位地区生产总值能源消耗比2020年下降14.5%，单位地区生产总值二氧化碳排放确保完成省下达指标。") == [
        ("单位地区生产总值能源消耗", 14.5, "%", "下降", 2020, 2025, "")]


def test_the_year_carries_on_through_the_passage():
    # seed 002 item 16: LED… has no year of its own; the paragraph's 到2030年 holds
    text = ("到2030年，大型公共建筑制冷能效比2020年提升20%，公共机构单位建筑面积能耗和人均综合能耗分别比2020年降低7%和8%。"
            "推进城市绿色照明，LED等高效能节能灯具使用占比100%。按省规划要求建成全市绿道网。")
    assert rows(text) == [
        ("大型公共建筑制冷能效", 20.0, "%", "提升", 2020, 2030, ""),
        ("公共机构单位建筑面积能耗", 7.0, "%", "下降", 2020, 2030, ""),
        ("公共机构人均综合能耗", 8.0, "%", "下降", 2020, 2030, ""),
        ("LED等高效能节能灯具使用占比", 100.0, "%", "达到", None, 2030, ""),
    ]


def test_a_second_year_in_one_sentence_and_an_omitted_indicator():
    # seed 002 item 25
    assert rows("到2025年，大宗工业固废年综合利用率达到93%，到2030年达到95%。") == [
        ("大宗工业固废年综合利用率", 93.0, "%", "达到", None, 2025, ""),
        ("大宗工业固废年综合利用率", 95.0, "%", "达到", None, 2030, ""),
    ]


def test_plan_periods_count_as_their_last_year():
    # seed 002 items 3 and 33
    assert rows("推动现役燃煤电厂向燃气电厂转型，“十四五”新增天然气发电装机容量460万千瓦。") == [
        ("天然气发电装机容量", 460.0, "万千瓦", "新增", None, 2025, "")]
    assert rows("“十四五”期间，高质量完成我市水源林建设任务42300亩。") == [
        ("水源林建设任务", 42300.0, "亩", "完成", None, 2025, "")]


def test_qualifiers_and_ratio_constructions():
    # seed 002 item 18
    assert rows("到2030年，当年新增新能源、清洁能源动力的交通工具比例达到40%左右，电动乘用车销售量力争达到乘用车新车销售量的30%以上。") == [
        ("当年新增新能源、清洁能源动力的交通工具比例", 40.0, "%", "达到", None, 2030, "左右"),
        ("电动乘用车销售量占乘用车新车销售量的比例", 30.0, "%", "达到", None, 2030, "以上"),
    ]
    # seed 002 item 4: the measure after 的 completes the name
    assert rows("到2030年，市级电网基本具备5%以上的尖峰负荷响应能力。") == [
        ("市级电网尖峰负荷响应能力", 5.0, "%", "达到", None, 2030, "以上")]


def test_limits_stand_without_a_year_but_levels_need_one():
    # seed 002 item 8: PUE has no year; the 1万吨 threshold and 4A级 are not targets
    text = ("加强新型基础设施用能管理，将年能耗量超过1万吨标准煤的数据中心纳入重点用能单位能耗在线监测系统，"
            "绿色低碳等级达到4A级以上，电能利用效率（PUE）不高于1.3。")
    assert rows(text) == [("电能利用效率（PUE）", 1.3, None, "不高于", None, None, "")]
    # seed 002 item 26: a share to keep, with no year stated, is not a target
    assert rows("发展以焚烧为主的垃圾处理方式，保持原生生活垃圾焚烧处理占比100%。") == []


def test_lists_of_values_after_one_verb():
    # 15_德州 p.21
    assert rows("到2025年，力争新能源发电装机突破800万千瓦，非化石能源发电装机比重和发电量比重分别达到60%、35%左右。") == [
        ("新能源发电装机", 800.0, "万千瓦", "超过", None, 2025, ""),
        ("非化石能源发电装机比重", 60.0, "%", "达到", None, 2025, ""),
        ("发电量比重", 35.0, "%", "达到", None, 2025, "左右"),
    ]
    # 19_青岛 p.9
    assert rows("到2023年，全市轨道交通营运里程达到310公里，年轨道交通客流量和平均运距较2020年分别提升30%和20%。") == [
        ("全市轨道交通营运里程", 310.0, "公里", "达到", None, 2023, ""),
        ("年轨道交通客流量", 30.0, "%", "提升", 2020, 2023, ""),
        ("平均运距", 20.0, "%", "提升", 2020, 2023, ""),
    ]


def test_counts_after_building_verbs():
    # seed 001 深圳减污降碳方案 / 03_上海 p.20
    assert rows("到2025年，建设10个碳中和相关领域的重点实验室和5个绿色技术创新中心。") == [
        ("碳中和相关领域的重点实验室", 10.0, "个", "建成", None, 2025, ""),
        ("绿色技术创新中心", 5.0, "个", "建成", None, 2025, ""),
    ]
    # seed 002 item 33: "9大" has no measure word
    assert rows("实施绿美珠海建设行动，建设珠海9大森林公园和城市公园精品工程。", year=2030) == []


def test_size_classes_and_thresholds_are_not_targets():
    # 19_青岛 p.5
    assert rows("到2023年，全面淘汰拆除3.2米及以下水泥粉磨生产线。") == []
    # 07_广东 p.22: the 300万 is who, not how much
    assert rows("到2025年，常住人口超过300万的粤东西北地级市中心城区达到30%以上。") == [
        ("常住人口超过300万的粤东西北地级市中心城区", 30.0, "%", "达到", None, 2025, "以上")]


def test_achievements_are_not_targets():
    # 15_德州 p.2: the year is before the plan
    assert rows("2020年，全市森林覆盖率达到11.7%。") == []
    # 27_国家适应气候变化战略2035 p.7
    assert rows("截至2020年底，已完成8亿亩高标准农田建设任务，森林覆盖率达到23.04%。", ref_year=2021) == []
    # seed 002 style: an earlier plan's result
    assert rows("“十三五”期间，全市单位地区生产总值能耗累计下降26.85%。") == []


def test_base_year_written_as_on_the_basis_of():
    # 03_上海 p.14
    assert rows("到2030年，主力运输船型新船设计能效水平在2020年基础上提高20%。") == [
        ("主力运输船型新船设计能效水平", 20.0, "%", "提升", 2020, 2030, "")]


def test_footnote_marks_are_not_values():
    # 07_广东 p.10: "全省森林覆盖率 1达到58.9%" (footnote 1)
    assert rows("到2025年，全省森林覆盖率1达到58.9%，森林蓄积量达到6.2亿立方米。") == [
        ("全省森林覆盖率", 58.9, "%", "达到", None, 2025, ""),
        ("森林蓄积量", 6.2, "亿立方米", "达到", None, 2025, ""),
    ]


def doc_of(items, title="测试规划", issue_date="2023-05-19") -> Document:
    passages = [Passage(i, kind, text, (page,), tuple(path)) for i, (kind, text, path, page) in enumerate(items)]
    return Document(DocumentMeta(title=title, issue_date=issue_date), passages, [])


def test_a_sentence_broken_over_two_passages_is_read_whole():
    # seed 002 item 14: the page break falls inside the sentence
    path = ["二、重点任务", "14.推广绿色建筑设计"]
    doc = doc_of([
        ("text", "14.推广绿色建筑设计。到2025年，城镇新建建筑全面建成绿色建筑，", path, 12),
        ("text", "星级绿色建筑占比达到95%以上，单体建筑面积5000平方米以上财政性资金投资的公共建筑全部达到二星级以上。", path, 13),
    ])
    [t] = text_targets(doc)
    assert (t.indicator, t.value, t.year, t.qualifier) == ("星级绿色建筑占比", 95.0, 2025, "以上")
    assert (t.pages, t.passage_seq) == ((12, 13), 0)  # the sentence starts on page 12
    assert t.text.startswith("到2025年，城镇新建建筑全面建成绿色建筑，星级绿色建筑占比")


def test_dash_items_after_a_colon_keep_the_stated_period():
    # 13_山东 p.7: "“十四五”时期…的主要目标是：" then one paragraph per goal
    path = ["（三）目标指标"]
    doc = doc_of([
        ("text", "锚定2035年远景目标，“十四五”时期山东省海洋生态环境保护的主要目标是：", path, 7),
        ("text", "——近岸海域环境质量持续改善，优良（一、二类）水质面积比例不低于92%，主要入海河流国控断面实现消劣。", path, 7),
        ("text", "——海洋生态破坏趋势得到根本遏制，大陆自然岸线保有率不低于35%。", path, 8),
    ], title="山东省“十四五”海洋生态环境保护规划", issue_date="2022-04")
    assert [(t.indicator, t.value, t.year, t.pages) for t in text_targets(doc)] == [
        ("优良（一、二类）水质面积比例", 92.0, 2025, (7,)),
        ("大陆自然岸线保有率", 35.0, 2025, (8,)),
    ]


def test_sections_about_the_past_give_no_targets():
    # 07_广东 p.5: 第一节 “十三五”工作取得积极进展
    doc = doc_of([("text", "气象灾害风险管理能力提升，气象灾害损失占GDP的比重控制在0.19%。",
                   ["第一章 开启应对气候变化新征程", "第一节 “十三五”工作取得积极进展"], 5)])
    assert text_targets(doc) == []


# ---------------------------------------------------- names that are only a tail ----
def test_a_bare_measure_takes_the_subject_of_the_clause_before():
    # seed 004 (重点海域综合治理攻坚战行动方案) p.1: "利用率" alone says nothing
    text = "到2025年，沿海地市主要农作物化肥农药使用量持续减少，利用率均达到43%，畜禽规模养殖场粪污处理设施装备配套率稳定在97%以上。"
    assert [r[0] for r in rows(text)] == ["沿海地市主要农作物化肥农药利用率", "畜禽规模养殖场粪污处理设施装备配套率"]


def test_a_bare_measure_after_another_target_takes_its_subject():
    # 03_上海市碳达峰实施方案 p.3: 储备能力 is the 天然气's
    assert [r[:2] for r in rows("到2025年，天然气年供应能力达到137亿立方米左右，储备能力达到20天；")] == [
        ("天然气年供应能力", 137.0), ("天然气储备能力", 20.0)]


def test_a_bare_measure_takes_the_kind_a_list_ends_with():
    # 03_上海市碳达峰实施方案 p.17
    text = "推进老港、宝山等湿垃圾集中资源化利用设施建设及分散处理设施达标改造，力争利用能力达到1.1万吨/日，打通湿垃圾资源化产品利用出路。"
    assert [r[:3] for r in rows(text, year=2025)] == [("湿垃圾利用能力", 1.1, "万吨/日")]


def test_a_bare_measure_after_new_keeps_what_is_built():
    # seed 004 (上海市公共机构绿色低碳循环发展行动方案) p.1
    assert rows("到2023年全市公共机构光伏项目新增装机容量5万千瓦，相关经费按照事权和支出责任相一致的原则予以保障。") == [
        ("全市公共机构光伏项目装机容量", 5.0, "万千瓦", "新增", None, 2023, "")]


def test_a_list_shares_the_measure_it_ends_with():
    # 07_广东省应对气候变化“十四五”专项规划 p.20: one 装机容量 for each of the three
    text = "“十四五”期间，新增风电、光伏、核电发电装机容量约2000万千瓦、2000万千瓦、240万千瓦，西电输入规模增加到4500万千瓦。"
    assert [r[:2] for r in rows(text)][:3] == [
        ("风电发电装机容量", 2000.0), ("光伏发电装机容量", 2000.0), ("核电发电装机容量", 240.0)]


def test_industries_after_a_target_are_parts_of_it():
    # 07_广东省应对气候变化“十四五”专项规划 p.22: 平板玻璃 and 合成氨 are which 比例, not indicators
    text = ("到2025年，全省单位地区生产总值能耗较2020年下降14%，全省钢铁、水泥、炼油、乙烯、电石等重点行业产能和数据中心"
            "达到能效标杆水平的比例超过30%，平板玻璃超过20%，合成氨超过15%。")
    share = "全省钢铁、水泥、炼油、乙烯、电石等重点行业产能和数据中心达到能效标杆水平的比例"
    assert [r[:2] for r in rows(text)][1:] == [(share, 30.0), (f"{share}（平板玻璃）", 20.0), (f"{share}（合成氨）", 15.0)]


def test_regions_after_a_target_are_parts_of_it():
    # 07_广东省应对气候变化“十四五”专项规划 p.22 and p.24
    text = ("珠三角城市群装配式建筑占新建建筑面积比例达到35%以上，常住人口超过300万的粤东西北地级市中心城区达到30%以上，"
            "其他地区达到20%以上。")
    share = "珠三角城市群装配式建筑占新建建筑面积比例"
    assert [r[:2] for r in rows(text, year=2025)] == [
        (share, 35.0), (f"{share}（常住人口超过300万的粤东西北地级市中心城区）", 30.0), (f"{share}（其他地区）", 20.0)]
    text = "到2025年，全省新能源汽车保有量达到100万台，新能源汽车在新车销量中占比达到20%以上，其中广州和深圳市达到40%左右。"
    assert [r[0] for r in rows(text)][-1] == "新能源汽车在新车销量中占比（广州和深圳市）"


def test_an_adverb_is_never_an_indicator():
    # 07_广东省应对气候变化“十四五”专项规划 p.24: 逐年 says how often the 比例 rises
    text = "粤东粤西粤北地区新增（含更新部分）比例不低于80%并逐年提高5个百分点（含节能车）。"
    assert [r[:4] for r in rows(text, year=2025)] == [
        ("粤东粤西粤北地区新增比例", 80.0, "%", "不低于"), ("粤东粤西粤北地区新增比例", 5.0, "个百分点", "提升")]


def test_what_has_already_happened_is_not_a_target():
    # seed 003 (深圳 p.1): "已增至" reports a figure of 2019
    assert rows("到2019年深圳市总用水量已增至21.06亿立方米，随之开始出现下降态势。", ref_year=2019) == []


def base_levels(text, year=None):
    return [(f.indicator, f.base_value, f.base_year, f.value, f.qualifier)
            for f in find_targets(text, YearContext(year=year), 2021)]


def test_the_level_a_target_starts_from_is_its_base_not_a_target():
    # the form plans use for a level raised over the period (the issue's example, 广东/上海 style)
    assert base_levels("到2025年，非化石能源消费比重比2020年的15.9%提高到20%左右。") == [
        ("非化石能源消费比重", 15.9, 2020, 20.0, "左右")]
    assert base_levels("到2025年，城镇新建居住建筑建筑能效由65%提升至75%，竣工绿色建筑占比达到98%。") == [
        ("城镇新建居住建筑建筑能效", 65.0, None, 75.0, ""), ("竣工绿色建筑占比", None, None, 98.0, "")]
    # a change has a base year but no base level
    assert base_levels("到2025年，单位地区生产总值能源消耗比2020年下降14.5%。") == [
        ("单位地区生产总值能源消耗", None, 2020, 14.5, "")]


def test_a_target_striven_for_says_so():
    # 03_上海市碳达峰实施方案 p.1 主要目标
    assert rows("到2025年，单位生产总值能源消耗比2020年下降14%，非化石能源占能源消费总量比重力争达到20%。") == [
        ("单位生产总值能源消耗", 14.0, "%", "下降", 2020, 2025, ""),
        ("非化石能源占能源消费总量比重", 20.0, "%", "达到", None, 2025, "力争")]
    assert rows("到2030年，森林覆盖率力争达到21%左右。")[0][-1] == "力争左右"
