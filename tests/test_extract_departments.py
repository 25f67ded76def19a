"""Department lists as plans write them, split into units (kb/extract/departments.py)."""
from __future__ import annotations

import pytest

from kb.extract.departments import canonical_department, is_generic, is_unit_name, split_units


@pytest.mark.parametrize(
    ("text", "jurisdiction", "units"),
    [
        # shared/gold/FORMAT.md: a shared prefix distributed
        ("市、区机管局", "", ["市机管局", "区机管局"]),
        ("市发展改革局、工业和信息化局", "珠海市", ["市发展改革局", "市工业和信息化局"]),
        # seed 002 重点任务分工表 row 1: 珠海供电局 names its own place; 各区人民政府（管委会） stays whole
        ("市发展改革局、工业和信息化局、住房城乡建设局、交通运输局、珠海供电局，各区人民政府（管委会）", "珠海市",
         ["市发展改革局", "市工业和信息化局", "市住房城乡建设局", "市交通运输局", "珠海供电局", "各区人民政府（管委会）"]),
        # seed 004 (上海市公共机构绿色低碳循环发展行动方案) p.1 prints "市市级机关工作党委": 市级 already says 市
        ("市机管局、市市级机关工作党委、市发展改革委", "上海市", ["市机管局", "市级机关工作党委", "市发展改革委"]),
        # row 5: 市场监督管理局 is not 市 + 场…, so it takes the list's 市
        ("市发展改革局、农业农村局、市场监督管理局，各区人民政府（管委会）", "珠海市",
         ["市发展改革局", "市农业农村局", "市市场监督管理局", "各区人民政府（管委会）"]),
        # row 20: 市委 carries to 网信办; the 市 of 市发展改革局 carries over the comma; 团市委 stands alone
        ("市委宣传部、网信办、文明办，市发展改革局、生态环境局，教育局，团市委、市妇联，各区政府（管委会）", "珠海市",
         ["市委宣传部", "市委网信办", "市委文明办", "市发展改革局", "市生态环境局", "市教育局", "团市委", "市妇联",
          "各区政府（管委会）"]),
        # row 28: an office and the group's member units
        ("市碳达峰碳中和工作领导小组办公室及各成员单位，各区政府（管委会）", "珠海市",
         ["市碳达峰碳中和工作领导小组办公室", "市碳达峰碳中和工作领导小组各成员单位", "各区政府（管委会）"]),
        # row 26/27: bodies outside the city government keep their names
        ("市金融工作局、财政局、珠海银保监分局、人民银行珠海市中心支行", "珠海市",
         ["市金融工作局", "市财政局", "珠海银保监分局", "人民银行珠海市中心支行"]),
        ("市财政局、发展改革局、珠海市税务局", "珠海市", ["市财政局", "市发展改革局", "珠海市税务局"]),
        # 山东 13 p.9: "等" dropped
        ("省生态环境厅、省住房城乡建设厅、省农业农村厅、省畜牧局等", "山东省",
         ["省生态环境厅", "省住房城乡建设厅", "省农业农村厅", "省畜牧局"]),
        ("省交通运输厅、山东海事局", "山东省", ["省交通运输厅", "山东海事局"]),
        # 德州 15 p.15: a note on counties keeps its inner 、
        ("各县（市、区）政府（管委会）", "德州市", ["各县（市、区）政府（管委会）"]),
        # 青岛 19 p.2: 各区、市政府 = the district and county-level city governments
        ("市生态环境局，市委组织部，各区、市政府", "青岛市", ["市生态环境局", "市委组织部", "各区政府", "各市政府"]),
        # 青岛 19 p.3
        ("市生态环境局，人民银行青岛市中心支行，西海岸新区管委", "青岛市",
         ["市生态环境局", "人民银行青岛市中心支行", "西海岸新区管委"]),
        # 上海 03 (bare 各区 before a department is the districts themselves)
        ("各区、市发展改革委、市经济信息化委", "上海市", ["各区", "市发展改革委", "市经济信息化委"]),
        # seed 004 上海公共机构方案: a kind of body takes no prefix; a named district keeps its own
        ("市、区机管局，市、区财政局，公共机构节能主管部门", "上海市",
         ["市机管局", "区机管局", "市财政局", "区财政局", "公共机构节能主管部门"]),
        ("市机管局、青浦区机管局", "上海市", ["市机管局", "青浦区机管局"]),
        # seed 002 body: 市、区党校（行政学院）
        ("市、区党校（行政学院）", "珠海市", ["市党校（行政学院）", "区党校（行政学院）"]),
        # 青岛 19 p.10: a page number broken into a note
        ("市生态环境－10－局", "青岛市", ["市生态环境局"]),
    ],
)
def test_split_units(text, jurisdiction, units):
    assert split_units(text, jurisdiction) == units


def test_canonical_department_adds_the_jurisdiction_and_the_canonical_alias():
    assert canonical_department("市生态环境局", "珠海市") == "珠海市生态环境局"
    # 珠海's 发展改革局 is not a 发展改革委: names of one body only are joined
    assert canonical_department("市发展改革局", "珠海市") == "珠海市发展改革局"
    assert canonical_department("市发展和改革局", "珠海市") == "珠海市发展改革局"
    assert canonical_department("市发改委", "珠海市") == canonical_department("市发展和改革委员会", "珠海市")
    assert canonical_department("省应急厅", "山东省") == "山东省应急管理厅"
    assert canonical_department("各区人民政府（管委会）", "珠海市") == canonical_department("各区政府（管委会）", "珠海市")


def test_canonical_department_leaves_ministries_and_other_levels_alone():
    assert canonical_department("生态环境部", "国家") == "生态环境部"
    assert canonical_department("省生态环境厅", "德州市") == "省生态环境厅"
    assert canonical_department("珠海供电局", "珠海市") == "珠海供电局"


def test_unit_names_and_vague_subjects():
    assert is_unit_name("市碳达峰碳中和工作领导小组成员单位")
    assert is_unit_name("市党校（行政学院）")
    assert not is_unit_name("国有企业")
    assert not is_unit_name("新建大型和超大型数据中心全部达到绿色数据中心要求")
    assert is_generic("市各有关部门") and is_generic("各级政府") and not is_generic("各地市政府")


@pytest.mark.parametrize(
    ("text", "jurisdiction", "units"),
    [
        # 373、城市绿色货运配送示范工程管理办法 p.2: a shared ending distributed like a shared prefix
        ("公安、商务主管部门", "国家", ["公安主管部门", "商务主管部门"]),
        # issue 12: "武昌区、青山区、蔡甸区、江夏区人民政府" named every district, "各市、州、县人民政府" every level
        ("武昌区、青山区、蔡甸区、江夏区人民政府", "武汉市", ["武昌区人民政府", "青山区人民政府", "蔡甸区人民政府", "江夏区人民政府"]),
        ("各市、州、县人民政府", "湖北省", ["各市人民政府", "各州人民政府", "各县人民政府"]),
        # 373 p.1: an article number; issue 12: a label kept, a clause before 由
        ("第五条交通运输部", "国家", ["交通运输部"]),
        ("推进单位：市住建局", "武汉市", ["市住建局"]),
        # issue 12: 人行, 民航 and banks are not the province's bodies (no "省人行武汉分行", "省民航…")
        ("省发展改革委、人行武汉分行、民航湖北监管局", "湖北省", ["省发展改革委", "人行武汉分行", "民航湖北监管局"]),
        ("各相关部门按分工", "", ["各相关部门"]),
    ],
)
def test_split_units_issue_12(text, jurisdiction, units):
    assert split_units(text, jurisdiction) == units


def test_names_are_never_renamed_into_another_body():
    # 03_上海市碳达峰实施方案 p.19 (责任单位：市科委、市教委、市发展改革委、市经济信息化委、市气象局)
    assert canonical_department("市教委", "上海市") == "上海市教委"  # 上海市教育委员会, not an 教育局
    assert canonical_department("市经济信息化委", "上海市") == "上海市经济信息化委"
    assert canonical_department("市教育委员会", "上海市") == canonical_department("市教委", "上海市")
    # a unit is its jurisdiction and its name: two 市机管局 are two units
    assert canonical_department("市机管局", "天津市") != canonical_department("市机管局", "上海市")
    # obvious duplicates merge (15_德州 p.58 writes 德州海关); no prefix is invented
    assert canonical_department("德州市海关", "德州市") == canonical_department("德州海关", "德州市") == "德州海关"
    assert canonical_department("民航华东地区管理局", "上海市") == "民航华东地区管理局"


def test_kinds_of_bodies_and_words_that_only_look_like_one():
    assert is_unit_name("各地交通运输主管部门") and is_unit_name("各级财政部门")
    assert not is_unit_name("各有关部门") and not is_unit_name("行业主管部门") and not is_unit_name("领导干部")


def test_a_thing_and_its_own_body_are_two_items():
    # 303、中国清洁发展机制基金管理办法（2022）p.6: "基金与基金管理中心应当分别建账" — the fund is no body
    assert split_units("基金与基金管理中心") == ["基金", "基金管理中心"]
    assert not is_unit_name("基金")
    # names with 与/和 inside stay whole
    assert split_units("海洋与渔业局、工业和信息化局") == ["海洋与渔业局", "工业和信息化局"]
