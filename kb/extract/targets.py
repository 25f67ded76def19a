"""Quantitative targets in sentences: "到2025年，单位地区生产总值能源消耗比2020年下降14.5%".

A target needs a number tied to a target year, stated in its clause or earlier in the passage
("到2030年，…。推进城市绿色照明，LED等高效能节能灯具使用占比100%" is a 2030 target). Only
limits (不高于/不低于/控制在) are kept without a year ("电能利用效率（PUE）不高于1.3").
Achievements are not targets: "“十三五”期间累计下降26.85%", "截至2020年底，已完成…".
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace

from ..data import target_verbs
from ..models import Document, Passage, Target
from .deadlines import dated_year, doc_year_of, five_year_plan, normalize_years
from .indicators import NUMBER, UNIT, clean_unit, distribute_names, indicator_key, list_parts, table_targets

log = logging.getLogger(__name__)

# A year a clause is about: 到2025年 / 2025年底前 / 力争2030年前 / 截至2020年底. "力争" before it is left
# in the text: it is the qualifier of the targets that follow.
TIME_MARK = re.compile(r"(截至|截止到?|到|至|在)?(20\d{2})年(?!度)(?:年?底|末)?(?:前|以前|之前)?")
# A five-year plan named as the time: “十四五”期间 / "十五五"时期 / “十三五”末
PLAN_MARK = re.compile(r"[“\"「]?十([一二三四五])五[”\"」]?(期间|时期|末|期末)?")
# A comparison base: 比2020年 / 较2020年 / 与2020年相比
# / 在2020年基础上
BASE_MARK = re.compile(r"(?:比|较|与|相较于?|相比)(20\d{2})年(?:相比|水平|基础上)?|在?(20\d{2})年(?:的)?(?:水平)?基础上")
# The level a target starts from, right before "提高到 / 下降到": 由15.9%提高到, 比2020年的15.9%提高到,
# 从2020年底的35%增加到 (the year, when written, is the base year)
BASE_LEVEL = re.compile(rf"(?:由|从|比|较)(?:(20\d{{2}})年(?:底|末)?的?)?({NUMBER})\s*(?:{UNIT})?"
                        r"(?=(?:提高|提升|增加|增长|上升|下降|降低|减少|压减)(?:到|至))")
# A year range or a date that is not a target time: 2018—2020年, 2020年的平均值
NOT_TIME = re.compile(r"\d{4}\s*[-—–－~～至]\s*$")
BOOK_TITLE = re.compile(r"《[^》]*》")
# Page numbers leaking into a sentence: "水资源刚性约束—24—制度" (国家 27)
PAGE_NUMBER = re.compile(r"[—－\-]\s*\d{1,3}\s*[—－\-]")

# Verbs before a value (the indicator is written before them: "电能利用效率（PUE）不高于1.3") and verbs
# whose object is the indicator ("新增天然气发电装机容量460万千瓦"), each with the direction it gives:
# kb/data/target_verbs.txt. The pattern tries longer verbs first; a verb starting with 争 is not read
# inside 力争 ("力争创建…": 创建, not 争创).
LEVEL_VERBS: tuple[tuple[str, str], ...] = target_verbs()["level"]
OBJECT_VERBS: tuple[tuple[str, str], ...] = target_verbs()["object"]
VERB = re.compile("|".join(("(?<!力)" if v.startswith("争") else "") + re.escape(v) + ("(?!区)" if v.endswith("成") else "")
                           for v, _ in sorted(LEVEL_VERBS + OBJECT_VERBS, key=lambda x: -len(x[0]))))
DIRECTION = dict(LEVEL_VERBS + OBJECT_VERBS)
OBJECT = {v for v, _ in OBJECT_VERBS}
# Words allowed between a verb and its value: "力争达到", "分别比…降低", "达到约"
GAP = re.compile(r"^(?:力争|确保|累计|分别|均|约|近|年均|平均|总计|共计|共|再|持续|基本|全部|稳定|提前|逐步|进一步|至少|以上)*$")
QUALIFIER = r"(?:及以上|及以下|以上|以下|以内|左右)"
# 力争 ("strive for") makes a target softer; it counts for the clause it stands in
STRIVE = "力争"
# A clause that only says by when one strives: "力争到2025年"
STRIVE_TIME = re.compile(r"力争(?:到|至|在|于)?20\d{2}年(?:底|末)?(?:前)?")
# A range: "0.6—1万人", "1至2个", "10%~15%": the value is its lower end, value_high the upper
RANGE_SEP = r"\s*[—–\-~～至]\s*"
# (a unit may be followed by anything, "1艘400吨级…"; a bare number not by a digit, letter or 年)
VALUE = re.compile(rf"(?<![\dA-Za-z./\-—第])({NUMBER})\s*({UNIT})?(?:{RANGE_SEP}({NUMBER})\s*({UNIT})?)?({QUALIFIER})?"
                   r"(?!(?<=[\d.])[\dA-Za-z年月日号期届])")
ONE_VALUE = rf"{NUMBER}\s*(?:{UNIT})?(?:{RANGE_SEP}{NUMBER}\s*(?:{UNIT})?)?{QUALIFIER}?"
VALUE_LIST = re.compile(rf"^{ONE_VALUE}(?:[和、及与]{ONE_VALUE})+")
YEAR_RANGE = re.compile(r"^(19|20)\d{2}$")
# A ratio noun lets a bare value be a target: "…使用占比100%"
RATIO_END = re.compile(r"(占比|比例|比重|覆盖率|利用率|达标率|普及率|率)为?$")
# Nouns that make "…5%以上的尖峰负荷响应能力" a measure, not a threshold ("…1万吨标准煤的数据中心")
MEASURE_END = re.compile(r"(能力|水平|比例|比重|占比|率|量|面积|规模|容量|强度)$")
# A value before what it counts: "90%以上的县级城市达到…", "新购车辆100%使用新能源汽车", "推动300家以上
# 企业开展清洁生产审核": who (optional), what they do, and to what
PRE_SUBJECT = re.compile(
    r"^的?(?P<who>[^，。；、\d]{0,20}?)(?P<does>达到|实现|使用|采用|创建为|建成|完成|开展|通过|纳入|具备|符合|执行|基本满足|满足)"
    r"(?P<what>[^，。；、（(]{1,20})")
# Units that count things (not sizes): "300家以上企业", not "5000平方米以上…公共建筑"
COUNT_UNIT = re.compile(r"^[万千百]?(个|家|座|所|条|处|台|套|辆|艘|项|名|人|户|种|批|株|棵|张|宗|部|只|栋|间|场|次|人次)$")
# Words that put a count before its subject: "推动300家以上企业…", "引导…"
CAUSATIVE_END = re.compile(r"(推动|引导|支持|带动|组织|鼓励|确保|力争|争取|督促|指导)$")
# Levels a list item may name alone: "创建国家装配式建筑产业基地2家、市级4家"
LEVEL_WORD = re.compile(r"^(国家级|国家|省级|省|市级|市|县级|县|区级|区)")
# A power unit says a capacity is meant: "新增核电132.5万千瓦"
POWER_UNIT = re.compile(r"^[万亿千]?(?:千瓦|兆瓦)$|^(?:GW|MW|kW)$")
CAPACITY_WORD = re.compile(r"装机|容量|规模|能力|功率|出力|负荷")
# Names that only say where, or only a generic measure: "市", "黄河流域", "累计装机容量"
PLACE_ONLY = re.compile(r"(全|各|我|本)?(省|市|区|县|州|城镇|农村|乡村|地区|城市|全域|全国)|[\u4e00-\u9fff]{1,4}(流域|地区)")
GENERIC_ALONE = re.compile(r"(累计|新增|年均|当年|全年|年)?(产业|行业|主营业务)?(装机容量|装机规模|规模|总量|数量|总面积|面积|长度|容量|能力|比例|比重|占比|"
                           r"总产值|产值|收入|营业收入|营收|投资|投资额|产量|任务|建设任务|建设|改造|创建|培育|新建|实施|受益人口|"
                           r"利用量|处理量|使用量|消费量|排放量|产生量|回收量)")
# A list item after the first target of a clause, sharing its verb: "、森林抚育300万亩", "、市级4家"
NEXT_ITEM = re.compile(r"^[和、及与](?P<noun>[\u4e00-\u9fff]{1,12})$")
# Short kinds listed at the opening of a clause: "城市、县城…"
KINDS = re.compile(r"^[\u4e00-\u9fff]{1,4}(?:、[\u4e00-\u9fff]{1,4})+(?=[\u4e00-\u9fff])")
# A clause that goes on with the list of the clause before: "，省级森林城市2个", "，其中国家级8个"
CLAUSE_ITEM = re.compile(r"^(?:其中)?(?P<noun>[\u4e00-\u9fff]{1,12})$")
# Words around an indicator that are not part of its name
# ("并逐年提高5个百分点": 逐年 says how often, never what is measured)
LEADING_WORDS = re.compile(r"^(严格控制|完成|有力支撑|有效支撑|支撑|起|开始|争取|并且|并|且|和|及|以及|其中|同时|使|让|推动|推进|实现|确保|力争|保持|促进|全面|基本|进一步|逐步|逐年|我市|本市|我省|本省|要|将|示范带动|带动|引导|等|至少|按照|根据|对|达到|[（(]\d{1,2}[）)]|\d{1,2}[.．、])+")
TRAILING_WORDS = re.compile(r"(争取|力争|确保|基本|要|平均|均|分别|稳定|全部|累计|累积|年均|约|提前|持续|将|需|应|可|能够|全面|总体|原则上|预期|进一步|逐步)+$")
# Examples a long name lists before 等: "钢铁、电解铝、水泥…等重点行业产能…" → 重点行业产能…
EXAMPLES = re.compile(r"^[^，。；]*?、[^，。；]*?等(?=[\u4e00-\u9fff]{4})")
FROM_VALUE = re.compile(r"(由|从)[\d.]+\S*$")
ATTRIBUTE_NOTE = re.compile(r"^[（(](约束性|预期性)[）)]")
LIST_DASH = ("——", "一一", "—")
HAN = re.compile(r"[\u4e00-\u9fff]")
# A measure word after an object verb makes the verb part of the name: "整治修复长度约400公里"
MEASURE_WORD = re.compile(r"面积|长度|规模|数量|总量|容量|里程|能力")
MAX_OBJECT = 25
BARE_RATIOS = ("占比", "比重", "比例")
# What a bare plan name qualifies when it is not a time: "“十四五”林业建设", "“十四五”节能减排目标"
PLAN_WORK = re.compile(r"^[\u4e00-\u9fff]{0,8}?(?:建设|发展|目标|考核|规划|任务|指标|方案|工作|行动|重点|项目|政策)")
# A state reported as of a year: "截至2020年底"
REPORTED_UNTIL = re.compile(r"截至(20\d{2})年")
# A date a document gives itself: "2021年10月", "2022年6月28日"
# A goals section's heading: "三、目标指标", "（一）总体目标。", "第三节 主要目标"
GOALS_HEADING = re.compile(r"^(?:第[一二三四五六七八九十]+[章节])?(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十]+[）)]|"
                           r"\d+[.．、])?(?:主要|总体|发展|工作|规划|行动|具体|基本)?(?:目标|指标)(?:指标|任务|要求)?[。.：:]?$")
# A period in a plan's title: "（2021-2023年）", "（2022—2025年）"
TITLE_PERIOD = re.compile(r"(20\d{2})\s*[-—–－~～至]\s*(20\d{2})年")
# Headings of sections about the past: "“十三五”工作取得积极进展", "生态环境保护取得突出成效"
HISTORY_HEADING = re.compile(r"十[一二三]五|取得|成效|进展|回顾|发展基础|现状")
# An aside inside a name: "建筑垃圾（不包括工程渣土、工程泥浆）排放量"
ASIDE = re.compile(r"[（(](?:不包括|包括|不含|含|不计|以下简称|即)[^（）()]*[）)]")
MAX_INDICATOR = 45
# A name that is only a measure and needs the sentence's subject in front: "利用率", "储备能力",
# "装机容量" ("…化肥农药使用量持续减少，利用率均达到43%": the 化肥农药 利用率)
GENERIC_NAME = re.compile(r"^[\u4e00-\u9fff]{0,2}(?:能力|容量|规模|利用率|处理率|覆盖率|达标率|普及率|使用率|回收率|配套率|抽查率|抽检率|保护率|保有率)$")
MAX_GENERIC = 4
# A rate of "facilities" that says not which: "…农村生活污水治理率达60%以上，设施稳定运行率达90%以上" (宁德 473 p.37)
WHOSE_FACILITY = re.compile(r"^设施[\u4e00-\u9fff]{0,6}率$")
# Two plan periods sharing one figure: "“十四五”、“十五五”期间分别新增水电装机容量4000万千瓦左右" (2 p.2)
# gives each period's own increase, which no single target year holds
PERIODS_EACH = re.compile(r"十[一二三四五六]五[”\"」]?[、和与及至][“\"「]?十[一二三四五六]五[”\"」]?(?:期间|时期)?(?:内)?分别")
# Where a subject ends and what is said about it begins: "天然气|年供应能力", "…化肥农药|使用量持续减少"
SUBJECT_END = re.compile(r"年?(?:供应|使用|利用|处理|储备|消费|排放|装机|集中|持续)")
# The names that end a list and say what kind: "推进老港、宝山等|湿垃圾…"
LIST_KIND = re.compile(r"^.*等")
# Names that measure something; a name without such an ending after a level verb is a part of the
# previous target ("…达到能效标杆水平的比例超过30%，平板玻璃超过20%": 平板玻璃 is which 比例)
MEASURE_NAME_END = re.compile(
    r"(率|比|例|重|量|力|容量|规模|面积|长度|里程|数|度|距|值|效|耗|放|功率|水平|价|时间|人口|收入|[A-Za-z0-9）)])$")
# Already done, not to do: "到2019年深圳市总用水量已增至21.06亿立方米"
ALREADY = ("已", "已经")
# A measure of water that names no water: "水质优良比例" (of the sea? of rivers?)
WHOSE_WATER = ("水质",)
QUALITY_TAIL = re.compile(r"(?:水?环境质量|环境|水质|水体)$")
# A clause opening with its value, the subject after it: "60%以上的绿色出行创建城市完成创建任务"
VALUE_FIRST = re.compile(r"^\d+(?:\.\d+)?%")
# A clause that opens with what to do has no subject to lend: "加强对工程机械的监督检查"
TASK_OPENINGS = ("加强", "推进", "推动", "开展", "实施", "建立", "完善", "强化", "深化", "加快", "严格")
# A place level alone: "乡（镇）", "县", "单位"
LEVEL_ONLY = re.compile(r"[省市县区乡镇村州盟旗]|单位|街道|社区")
# A flood standard's return period: "10—20年一遇", "50年一遇"
RETURN_PERIOD = re.compile(r"^(?:[—–\-~～至到]\d+)?年一遇")
# A yearly rate before its verb: "年均提高4个百分点" is each year's step, not the change by the target year
YEARLY = re.compile(r"(?:年均|年平均|平均每年|每年平均)(?:分别)?$")
# A size alone names nothing: "新建6个500千伏、25个220千伏输变电项目" (the 项目 are counted)
SIZE_ONLY = re.compile(r"[\d.]+[千万亿]?(?:伏|瓦|瓦时|吨|蒸吨|米|平方米|立方米|公里)")
# A forecast, not a target: "“十四五”期间新建建筑总规模预计可能达到10500万平方米"
FORECAST = re.compile(r"(?:预计|预测|估计|(?<!尽)可能)$")
# A value that is the first term of a ratio: "比例不低于1：8"
RATIO_VALUE = re.compile(r"^\s*[：:]\s*\d")
# The numerator of a fraction: "1/3"
FRACTION = re.compile(r"^\s*/\s*\d")


@dataclass
class YearContext:
    """The target year a passage has stated so far, and whether it speaks of the past."""

    year: int | None = None
    historical: bool = False
    outlook: bool = False  # the year came from "展望2035年": it does not hold beyond its passage


@dataclass
class Found:
    """A target read from one clause, before it gets its passage."""

    indicator: str
    value: float
    unit: str | None
    direction: str
    year: int | None
    base_year: int | None
    qualifier: str
    attribute: str | None
    sentence: str
    start: int = 0  # where the sentence starts in the prepared text
    end: int = 0
    whole: str = ""  # for a part ("…比例（平板玻璃）"): the name the sentence's next part shares
    base_value: float | None = None  # the level it starts from: 由15.9%提高到20% → 15.9
    value_high: float | None = None  # the upper end of a range ("1至2个")


@dataclass(frozen=True)
class TimeMark:
    """A year stated in a clause: where it was, and how far it holds (a year in brackets holds
    to the closing bracket: "比例达到70%以上（其中，2021年达到60%）")."""

    at: int
    until: int
    year: int
    historical: bool


@dataclass(frozen=True)
class Value:
    """One value of a list after a verb: "60%、70%以上" → (60, %, ""), (70, %, 以上)."""

    number: float
    unit: str | None
    qualifier: str
    high: float | None = None


def document_reference_year(doc: Document) -> int | None:
    """reference_year of the document; when its issue date is unknown, the latest date it gives
    itself ("2021年10月" on its cover or under its signature)."""
    year = reference_year(doc.meta)
    if year is None:
        dated = dated_year(doc.passages)
        # a report "截至2020年底…" was written after 2020
        years = [int(y) + 1 for p in doc.passages for y in REPORTED_UNTIL.findall(p.text)] + ([dated] if dated else [])
        year = max(years) if years else None
    return year


def reference_year(meta) -> int | None:
    """The first year a plan looks forward from; targets for earlier years are achievements.

    A "十四五" plan starts in 2021; otherwise the year of issue (a work plan for 2021 issued in
    2021 sets 2021 targets; "2020年底，全国森林覆盖率达到23.04%" in a 2021 white paper is a result).
    """
    m = PLAN_MARK.search(meta.title or "")
    if m:
        return five_year_plan(m.group(1))[0]
    return doc_year_of(meta.issue_date)


# An ASCII full stop ending a sentence ("…基本淘汰国三及以下汽车.全面落实…", 甘肃 320): a sentence's
# end, or its verb would carry into the next one; a decimal point stands between digits
HAN_FULL_STOP = re.compile(r"(?<=[\u4e00-\u9fff”）)%])\.(?=[\u4e00-\u9fff“（(]|$)")


def prepare(text: str) -> str:
    """Text as targets are read from it: no spaces, ASCII digits and %, no leaked page numbers."""
    text = normalize_years(text.replace("**", ""))
    text = text.translate(str.maketrans("０１２３４５６７８９％．", "0123456789%."))
    text = re.sub(r"\s+", "", text)
    text = HAN_FULL_STOP.sub("。", text)
    return PAGE_NUMBER.sub("", text)


def split_clauses(sentence: str) -> list[str]:
    """A sentence cut at its commas and colons, never inside brackets.

    >>> split_clauses("比例达到70%以上（其中，2021年达到60%），星级占比达到20%")
    ['比例达到70%以上（其中，2021年达到60%）', '星级占比达到20%']
    """
    out, depth, start = [], 0, 0
    for i, ch in enumerate(sentence):
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        elif ch in "，,：:" and depth == 0 and not (ch in "：:" and _between_digits(sentence, i)):
            out.append(sentence[start:i])
            start = i + 1
    out.append(sentence[start:])
    return out


def _between_digits(text: str, i: int) -> bool:
    """A colon of a ratio ("1：8"), not one ending a clause."""
    return 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()


def find_targets(text: str, context: YearContext | None = None, ref_year: int | None = None) -> list[Found]:
    """Targets stated in `text`; `context` carries the year on from earlier text and is updated.

    >>> found = find_targets("到2025年，单位地区生产总值能源消耗比2020年下降14.5%。")
    >>> [(f.indicator, f.value, f.unit, f.direction, f.base_year, f.year) for f in found]
    [('单位地区生产总值能源消耗', 14.5, '%', '下降', 2020, 2025)]
    >>> [(f.indicator, f.base_value, f.value, f.base_year) for f in find_targets("到2025年，非化石能源消费比重由2020年的15.9%提高到20%。")]
    [('非化石能源消费比重', 15.9, 20.0, 2020)]
    """
    context = context if context is not None else YearContext()
    text = prepare(text)
    out: list[Found] = []
    for m in re.finditer(r"[^。！？；;]+[。！？；;]?", text):
        sentence = m.group(0)
        last_indicator = ""
        last_unit: str | None = None
        last_verb = ""  # a list may go on in the next clause: "新增国家森林城市2个，省级森林城市2个"
        earlier: list[str] = []
        strive = False  # "力争到2025年，…": 力争 for every target of the sentence
        last: Found | None = None
        for clause in split_clauses(sentence):
            found, last_verb = _clause_targets(clause, context, ref_year, last_indicator, sentence, earlier, last_verb,
                                               last_unit)
            earlier.append(clause)
            strive = strive or bool(STRIVE_TIME.fullmatch(clause.strip()))
            # "力争新增国家森林城市2个，省级森林城市2个"; "力争70%的…机关建成…，60%以上的…城市完成…" (山西 495 p.9)
            goes_on = last is not None and (VERB.search(clause) is None or VALUE_FIRST.match(clause) is not None)
            for f in found:
                f.start, f.end = m.start(), m.end()
                if (strive or goes_on and STRIVE in last.qualifier) and STRIVE not in f.qualifier:
                    f.qualifier = _qualifier(True, f.qualifier)
                if last is not None and f.base_year is None and f.indicator == last.indicator and f.year != last.year:
                    f.base_year = last.base_year  # "比2020年下降20%，到2030年下降30%": the same base
            if found:
                last = found[-1]
                last_indicator = found[-1].whole or found[-1].indicator
                last_unit = found[-1].unit
            out.extend(found)
    return out


def _clause_targets(clause: str, context: YearContext, ref_year: int | None, last_indicator: str,
                    sentence: str, earlier: list[str] | tuple[str, ...] = (),
                    last_verb: str = "", last_unit: str | None = None) -> tuple[list[Found], str]:
    """The clause's targets, and the verb of its last one (a list may go on in the next clause)."""
    clause = BOOK_TITLE.sub("", clause)
    base_year = base_value = None
    level = BASE_LEVEL.search(clause)
    if level:  # "比2020年的15.9%提高到20%": the start is not a target of its own
        base_value = float(level.group(2))
        base_year = int(level.group(1)) if level.group(1) else None
        clause = clause[: level.start()] + clause[level.end():]
    m = BASE_MARK.search(clause)
    if m:
        base_year = base_year or int(m.group(1) or m.group(2))
        clause = clause[: m.start()] + clause[m.end():]
    if PERIODS_EACH.search(clause):
        return [], last_verb
    before_clause = YearContext(context.year, context.historical)
    clause, marks = _read_times(clause, context, ref_year)
    out: list[Found] = []
    used_until = 0
    for v in VALUE.finditer(clause):
        if v.start() < used_until:
            continue
        if _in_aside(clause, v.start(), marks):
            continue  # "大型商场（建筑面积达到10万平方米及以上）": a bracket that defines, not a target
        year, historical = _year_at(v.start(), marks, before_clause)
        found, next_until, last_verb = _value_target(clause, v, year, base_year, last_indicator, sentence,
                                                     used_until, last_verb, earlier, last_unit)
        used_until = max(used_until, next_until)
        if historical:
            continue
        for f in found:
            if f.year is None:
                continue  # a rule or a design limit with no target year is not a target
            out.append(f)
            last_indicator, last_unit = f.whole or f.indicator, f.unit
    if out and base_value is not None:
        out[0].base_value = base_value  # the value the clause changes from is the first target's
    return out, last_verb


def _in_aside(clause: str, at: int, marks: list[TimeMark]) -> bool:
    """Whether position `at` is inside brackets that neither state a year of their own nor open
    with 其中 ("（其中，2021年达到60%）" and "（2021年到达10%）" are targets; "（建筑面积达到10万平方米及以上）"
    is not)."""
    depth, opened = 0, -1
    for i, ch in enumerate(clause[:at]):
        if ch in "（(":
            depth, opened = depth + 1, i
        elif ch in "）)":
            depth = max(0, depth - 1)
    if depth == 0:
        return False
    if clause[opened + 1:].startswith("其中"):
        return False
    return not any(opened < m.at <= at < m.until for m in marks)


def _year_at(at: int, marks: list[TimeMark], before: YearContext) -> tuple[int | None, bool]:
    """The year (and whether it is past) that holds at position `at` of a clause."""
    for mark in reversed(marks):
        if mark.at <= at < mark.until:
            return mark.year, mark.historical
    return before.year, before.historical


def _read_times(clause: str, context: YearContext, ref_year: int | None) -> tuple[str, list[TimeMark]]:
    """The clause without its time words, and where each year was stated; `context` takes the
    last year stated outside brackets (it holds for the clauses after this one)."""
    pieces: list[str] = []
    marks: list[TimeMark] = []
    last = 0
    at = 0  # position in the text without time words
    for m in sorted(list(TIME_MARK.finditer(clause)) + list(PLAN_MARK.finditer(clause)), key=lambda m: m.start()):
        if m.start() < last:
            continue
        if m.re is TIME_MARK:
            if NOT_TIME.search(clause[: m.start()]) or clause[m.end(): m.end() + 1] == "的" \
                    or clause[m.end():].startswith(("远景", "愿景")):
                continue  # "锚定2035年远景目标": the vision named, not a time
            year = int(m.group(2))
            past = bool(m.group(1) and m.group(1).startswith("截"))
        else:
            if m.group(2) is None and PLAN_WORK.match(clause[m.end():]):
                continue  # "围绕“十四五”林业建设和碳汇试点方向": the plan's work, not a time
            year = five_year_plan(m.group(1))[1]
            past = m.group(1) in "一二三"  # "“十三五”期间…": an earlier plan is the past
        historical = past or (ref_year is not None and year < ref_year)
        pieces.append(clause[last: m.start()])
        at += m.start() - last
        last = m.end()
        close = _closing_bracket(clause, m.start())
        until = at + (close - m.end()) if close is not None else 10 ** 6
        marks.append(TimeMark(at, until, year, historical))
        if close is None:
            context.year, context.historical = year, historical
            context.outlook = clause[max(0, m.start() - 2):m.start()] == "展望"
    pieces.append(clause[last:])
    return "".join(pieces), marks


def _closing_bracket(text: str, at: int) -> int | None:
    """Where the bracket open at position `at` closes; None when `at` is not inside brackets."""
    depth = 0
    for ch in text[:at]:
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
    if depth == 0:
        return None
    for i in range(at, len(text)):
        if text[i] in "）)":
            depth -= 1
            if depth == 0:
                return i
    return len(text)


def _value_target(clause: str, v: re.Match[str], year: int | None, base_year: int | None,
                  last_indicator: str, sentence: str, since: int, last_verb: str,
                  earlier: list[str] | tuple[str, ...] = (), last_unit: str | None = None) -> tuple[list[Found], int, str]:
    """Targets for the value at `v` (a list of values after one verb gives several), where the
    values end, and the verb used. `since` is where the clause's previous target ended: words
    before it belong to that target ("回收利用率达到45%、资源化利用率达到85%"). `earlier` are the
    sentence's clauses before this one, where a bare "利用率" finds its subject."""
    before = clause[since: v.start()]
    values, length = _value_list(clause[v.start():])
    end = v.start() + length
    after = clause[end:]
    unit, qualifier = values[-1].unit, values[-1].qualifier
    none: tuple[list[Found], int, str] = ([], since, last_verb)
    if values[0].high is not None and YEAR_RANGE.match(str(int(values[0].number))) and unit is None:
        return none  # "2021—2023": a span of years
    if unit is None and VERB.match(after):
        return none  # a footnote mark: "全省森林覆盖率1达到58.9%"
    strive = STRIVE in clause[: v.start()]
    if "每年" in before:
        return none  # "全省每年建成15个森林城镇": a yearly figure, not the target's total
    if RATIO_VALUE.match(after) or FRACTION.match(after):
        return none  # "公共充电桩与电动汽车比例不低于1：8", "外受电比例达到1/3以上": not the number 1
    if after.startswith("级"):
        return none  # "提升30万千瓦级煤电机组深度调峰能力": a size class
    if RETURN_PERIOD.match(after):
        return none  # "主要河道防洪标准达到10—20年一遇" (河南 448 p.22): a design standard, not a count
    verb = _verb_for(before)
    if verb is not None and before[: verb.start()].endswith(ALREADY):
        return none  # "总用水量已增至21.06亿立方米": an achievement
    if verb is not None and before[: verb.start()].endswith("再") and base_year is None:
        return none  # "森林蓄积量再增加15亿立方米" (白皮书 38 p.4): a change to an earlier target, not a level
    if verb is not None and FORECAST.search(before[: verb.start()]):
        return none  # "新建建筑总规模预计可能达到10500万平方米": a forecast, not a target
    word = verb.group(0) if verb is not None else ""
    counts_after = verb is None and PRE_SUBJECT.match(after) is not None  # "90%以上的县级城市达到…"
    if qualifier in ("以下", "及以下", "以上", "及以上") and HAN.match(after) and not after.startswith("的") \
            and not counts_after:
        return none  # "淘汰3.2米及以下水泥粉磨生产线": a size class, not a target
    item = NEXT_ITEM.match(before) or (CLAUSE_ITEM.match(before) if since == 0 else None)
    if verb is None and last_verb and not counts_after and (re.fullmatch(r"[和、及与]?", before) or item):
        word = last_verb  # "建设10个重点实验室和5个绿色技术创新中心", "完成造林200万亩、森林抚育300万亩"
    qualifier_gap = ""
    part = ""  # which part of the previous target's whole this value is for
    if verb is None and word and item:
        if HAN.match(re.sub(r"^[（(][^（）()]*[）)]", "", after)) or after.startswith("的"):
            return none  # "力争大宗货物年货运量150万吨以上的大型工矿企业…" (甘肃 320 p.44): a class, not a list item
        indicator = _item_name(item.group("noun"), last_indicator)
        if word not in OBJECT and not MEASURE_NAME_END.search(indicator) or _is_generic(indicator):
            return none  # "湿地保有量310万亩，保护率55%" (宁夏 210 p.13): whose 保护率 is not said
    elif word in OBJECT:
        gap = before[verb.end():] if verb is not None else ""
        pre = _clean(before[: verb.start()]) if verb is not None else ""
        if unit is None or unit in ("%", "个百分点", "百分点") or len(gap) > MAX_OBJECT or re.search(r"\d|^等", gap):
            return none  # a count needs its measure word: "建设珠海9大森林公园"; "建设等4个方面设置9项" no count
        rest = re.sub(r"^[（(][^（）()]*[）)]", "", after)  # "65蒸吨/小时（不含）以下燃煤锅炉"
        if not COUNT_UNIT.match(unit) and (HAN.match(rest) or rest.startswith("的")):
            return none  # "淘汰10—35蒸吨/小时燃煤锅炉", "新建35蒸吨/小时以上的燃煤锅炉": sizes of what is built
        qualifier_gap = "左右" if gap.endswith("约") else ""
        if re.match(r"[和及与]", gap):
            gap = verb.group(0) + gap  # "新增和改造污水收集管网8万公里" (380 p.2): both verbs are the name's
        elif pre and len(pre) <= 20 and LEVEL_ONLY.fullmatch(re.sub(r"[（(][^（）()]*[）)]", "", gap)):
            # "全国森林康养基地试点建设乡（镇）15个以上" (湖北 151 p.20): 乡（镇） alone names nothing
            gap = pre + verb.group(0) + gap
        if gap.endswith("等") and "、" in gap:
            gap = ""  # "完成防城港、贵港…玉林等5个国家资源综合利用基地建设": examples; the count names what follows
        gap = _clean(gap)
        if pre and MEASURE_WORD.fullmatch(gap):
            indicator, word = pre + verb.group(0) + gap, "达到"  # "岸线整治修复长度约400公里"
        elif pre and _is_generic(gap):
            indicator = pre + gap  # "公共机构光伏项目新增装机容量5万千瓦": the project's 装机容量
        elif gap:
            indicator = _with_subject(gap, pre)
        else:
            indicator = _noun_after(after)
            if not indicator:
                return none
            end += after.find(indicator) + len(indicator) if indicator in after else 0
            if SIZE_ONLY.fullmatch(indicator):
                # "新建6个500千伏、25个220千伏输变电项目": the 500千伏 输变电项目 the list ends with
                shared = re.search(SIZE_ONLY.pattern + r"([\u4e00-\u9fff]{2,12})", after[len(indicator):])
                indicator = indicator + shared.group(1) if shared else indicator
    elif verb is not None:
        gap = before[verb.end():]
        pre = _clean(before[: verb.start()])
        if GAP.match(gap):
            qualifier_gap = "左右" if "约" in gap else ""
            noun = _measure_after(after)
            if noun is None:
                return none  # "超过1万吨标准煤的数据中心": a threshold, not a target
            if HAN.match(after) and unit not in (None, "%"):
                if len(pre) > 2:
                    return none  # "日清运量超过300吨地区…": a class of places, not a target
                pre = _noun_after(after)  # "推出不少于50家节能诊断服务机构"
            indicator = _clean(pre + noun) if noun else pre
            if _is_generic(indicator):
                # "城市生活污水收集率达到70%、处理率达到95%": the 污水 of the target before;
                # "…化肥农药使用量持续减少，利用率均达到43%": the subject of the clause before
                subject = _measure_stripped(last_indicator) or _subject(earlier)
                if not subject:
                    return none  # "…统防统治面积500万亩以上，覆盖率达到50%以上": whose 覆盖率 is not said
                indicator = subject + indicator
            elif indicator and last_indicator and not MEASURE_NAME_END.search(indicator) \
                    and not indicator.endswith("的") and clean_unit(unit) == last_unit \
                    and not _parallel(indicator, last_indicator):
                part = indicator  # "…的比例超过30%，平板玻璃超过20%": 平板玻璃's 比例 (a part has the whole's unit)
                indicator = ""
        elif gap.endswith("的") and len(gap) <= 20:
            indicator = f"{pre}占{gap[:-1]}的比例"  # "销售量力争达到乘用车新车销售量的30%以上"
        else:
            return none
    elif counts_after:
        subject = _pre_subject(before, after, unit, qualifier, earlier)
        if subject is None:
            return none  # "单体建筑面积5000平方米以上…公共建筑全部达到二星级": a size class
        indicator, word, grabbed = subject
        end += grabbed
    elif not RATIO_END.search(before) or year is None:
        return none
    else:
        indicator, word = _clean(re.sub(r"为$", "", before)), "达"  # "…使用占比100%", "…比例为0"
    if indicator.startswith(WHOSE_WATER):
        # "近岸海域环境质量持续稳定改善，水质优良（一、二类）比例达到65%" (江苏 436 p.8): the water the
        # clause before speaks of; with none, which water is not said
        water = QUALITY_TAIL.sub("", _subject(earlier))
        if not water:
            return none
        indicator = water + indicator
    direction = DIRECTION[word]
    if not indicator and "年均" in before and last_indicator:
        indicator = f"{last_indicator}年均{word}"  # "…下降12.5%，“十四五”期间年均下降2.6%"
    elif indicator and verb is not None and YEARLY.search(before[: verb.start()]) and "年均" not in indicator:
        indicator = f"{indicator}年均{word}"  # "城市生活污水集中收集率年均提高4个百分点" (江西 89 p.6): not the total
    if not indicator:
        indicator = last_indicator
    elif indicator in BARE_RATIOS and last_indicator:
        indicator = last_indicator + indicator  # "可再生能源装机容量达到390万千瓦，占比达到14%左右"
    if len(indicator) > MAX_INDICATOR:
        indicator = EXAMPLES.sub("", indicator)  # the examples go, what they are examples of stays
    if indicator.endswith("的") and unit == "%":
        indicator += "比例"  # "执法人员具有大专以上学历的达到90%以上"
    elif unit == "%" and indicator.endswith(("装机", "装机容量", "装机规模")):
        indicator += "占比"  # "绿色能源装机达到86%以上": the share of capacity
    if word in OBJECT and POWER_UNIT.match(unit or "") and not CAPACITY_WORD.search(indicator):
        indicator += "装机容量"  # "新增核电132.5万千瓦": the 核电 装机容量
    if not _names_something(indicator):
        return none
    every = len(values) == 1 and "均" in before and list_parts(indicator)
    if every:
        # "主要农作物化肥、农药利用率均达到43%以上": one value for each name of the list
        names = distribute_names(list_parts(indicator))
        values = values * len(names)
    elif len(values) > 1:
        parts = list_parts(indicator)
        if len(parts) != len(values):
            parts = [p for p in indicator.split("、") if p]  # "清洁能源及新能源公交车、出租车占比": 及 inside an item
        if len(parts) == len(values):
            names = distribute_names(parts)
        else:
            kinds = _kinds_before(earlier, len(values))  # "城市、县城生活污水…，污泥无害化处理率分别达到97%、95%"
            names = [f"{indicator}（{k}）" for k in kinds] if kinds else [indicator] * len(values)
    else:
        names = [indicator]
    attribute = ATTRIBUTE_NOTE.match(after)
    shared = values[-1].qualifier  # "分别达到60%、35%左右": 左右 for both
    out = [Found(f"{name}（{part}）" if part else name, value.number, clean_unit(value.unit), direction, year,
                 base_year, _qualifier(strive, value.qualifier or shared or qualifier_gap),
                 attribute.group(1) if attribute else None, sentence, whole=name if part else "",
                 value_high=value.high)
           for name, value in zip(names, values)]
    return out, end, word


def _kinds_before(earlier, count: int) -> list[str] | None:
    """The `count` kinds an earlier clause of the sentence opens with, which a 分别 list speaks of:
    "2025年城市、县城生活污水基本全收集" → 城市, 县城.

    >>> _kinds_before(["2025年城市、县城生活污水基本全收集、全处理"], 2)
    ['城市', '县城']
    """
    for clause in reversed(list(earlier)):
        text = TIME_MARK.sub("", clause)
        m = KINDS.match(text)
        if m:
            kinds = m.group(0).split("、")
            kinds[-1] = kinds[-1][: max(len(k) for k in kinds[:-1])]  # the last runs on into the clause
            if len(kinds) == count:
                return kinds
    return None


def _qualifier(strive: bool, word: str) -> str:
    """The words that soften or bound a target, in one order: "力争、以上"."""
    word = {"及以上": "以上", "及以下": "以下"}.get(word, word)
    return "、".join(w for w in (STRIVE if strive else "", word) if w)


def _parallel(name: str, last: str) -> bool:
    """Whether `name` is a measure of its own beside `last`, not a part of it: it ends with the
    same thing ("风电装机…，生物质发电装机达到300万千瓦以上"; "辐射环境监测站点由227个增至248个，
    电磁辐射监测站点位由18个增至32个").

    >>> _parallel("生物质发电装机", "光伏发电装机"), _parallel("电磁辐射监测站点位", "辐射环境监测站点")
    (True, True)
    >>> _parallel("平板玻璃", "新建建筑中绿色建材应用比例"), _parallel("其他地区", "装配式建筑占新建建筑面积比例")
    (False, False)
    """
    return len(last) >= 2 and last[-2:] in name[-3:]


def _names_something(name: str) -> bool:
    """A name says what is measured: not empty, not too long, not only a place or a level
    ("市", "黄河流域"), not only a generic measure ("累计装机容量")."""
    if not name or len(name) > MAX_INDICATOR or len(name) < 2:
        return False
    if PLACE_ONLY.fullmatch(name) or LEVEL_WORD.fullmatch(name) or SIZE_ONLY.fullmatch(name):
        return False
    return not GENERIC_ALONE.fullmatch(name)


def _item_name(noun: str, last_indicator: str) -> str:
    """The name of a list item sharing the previous target's verb: a level alone takes the
    previous name's thing ("国家装配式建筑产业基地2家、市级4家" → 市级装配式建筑产业基地).

    >>> _item_name("市级", "国家装配式建筑产业基地"), _item_name("森林抚育", "造林")
    ('市级装配式建筑产业基地', '森林抚育')
    """
    level = LEVEL_WORD.fullmatch(noun)
    if level and last_indicator:
        return noun + LEVEL_WORD.sub("", last_indicator, count=1)
    return _clean(noun)


def _pre_subject(before: str, after: str, unit: str | None, qualifier: str,
                 earlier) -> tuple[str, str, int] | None:
    """(name, verb, characters used after the value) for a value written before what it counts:
    "90%以上的县级城市达到…" → the 比例 of 县级城市 that 达到…; "推动300家以上企业开展清洁生产审核" →
    the number of 企业 that 开展清洁生产审核. None when the value is not such.

    >>> _pre_subject("新购车辆", "使用新能源汽车", "%", "", [])
    ('新购车辆使用新能源汽车的比例', '达到', 7)
    >>> _pre_subject("推动", "企业开展清洁生产审核", "家", "以上", [])
    ('开展清洁生产审核的企业', '达到', 10)
    """
    plain = re.sub(r"[（(][^（）()]*[）)]", "", after)  # "40%以上大型商场（建筑面积达到…）基本满足…": the aside goes
    m = PRE_SUBJECT.match(plain)
    if m is None or unit is None:
        return None
    who = _clean(m.group("who"))
    does = m.group("does") + m.group("what")
    if does.count("“") != does.count("”"):
        return None  # "基本建成“水清滩净、鱼鸥翔集…”的美丽海湾": the quote is cut
    if unit == "%":
        if not who:
            who = _clean(before) or _subject(earlier)
        if not who or len(_clean(before)) > 12:
            return None
        return f"{who}{does}的比例", "达到", m.end() + len(after) - len(plain)
    counted = qualifier in ("以上", "及以上") or CAUSATIVE_END.search(before)
    if not who or not counted or not COUNT_UNIT.match(unit):
        return None
    return f"{does}的{who}", "达到", m.end() + len(after) - len(plain)


def _with_subject(gap: str, pre: str) -> str:
    """The object of a verb, with the subject written before the verb when the object is only
    a measure ("沿海各市新增污水处理能力130万吨/日": 沿海各市's 污水处理能力)."""
    if pre and 2 <= len(pre) <= 8 and MEASURE_NAME_END.search(gap) and HAN.match(pre):
        return pre + gap
    return gap


def _is_generic(name: str) -> bool:
    return len(name) <= MAX_GENERIC and bool(GENERIC_NAME.match(name)) or bool(WHOSE_FACILITY.match(name))


def _measure_stripped(name: str) -> str:
    """What a rate measures: "城市生活污水收集率" → "城市生活污水"; "" for a name that is no rate."""
    stripped = MEASURE_TAIL.sub("", name or "")
    return stripped if stripped != name and len(stripped) >= 2 else ""


# The measure at the end of a rate's name: "收集率", "比例"
MEASURE_TAIL = re.compile(r"[\u4e00-\u9fff]{0,2}(?:率|比例|比重|占比)$")


def _subject(earlier: list[str]) -> str:
    """The subject the nearest earlier clause speaks of, "" when none.

    >>> _subject(["到2025年", "沿海地市主要农作物化肥农药使用量持续减少"])
    '沿海地市主要农作物化肥农药'
    >>> _subject(["推进老港、宝山等湿垃圾集中资源化利用设施建设及分散处理设施达标改造"])
    '湿垃圾'
    >>> _subject(["全区城镇污水收集率平均达到65%"])
    '全区城镇污水'
    """
    for clause in reversed(list(earlier)):
        text = LIST_KIND.sub("", TIME_MARK.sub("", BOOK_TITLE.sub("", clause)))
        end = SUBJECT_END.search(text)
        verb = VERB.search(text)
        cut = min(m.start() for m in (end, verb) if m is not None) if end or verb else len(text)
        subject = _clean(text[:cut])
        subject = MEASURE_TAIL.sub("", subject)  # "城镇污水收集率…，处理率…"
        if "每" in subject or subject.startswith(TASK_OPENINGS):
            continue  # "重点管控区域每半年至少抽查一次": how often, not whose; "加强对…的监督检查": a task, no subject
        if 2 <= len(subject) <= 15 and all(HAN.match(c) for c in subject):
            return subject
    return ""


def _verb_for(before: str) -> re.Match[str] | None:
    """The verb a value belongs to: the level verb nearest it ("…推广面积达250万平方米"), else the
    first object verb ("完成我市水源林建设任务42300亩": 完成, not the 建设 inside the name)."""
    verbs = list(VERB.finditer(before))
    level = [m for m in verbs if m.group(0) not in OBJECT]
    objects = [m for m in verbs if m.group(0) in OBJECT]
    if level and (not objects or level[-1].start() > objects[0].start()):
        return level[-1]
    return objects[0] if objects else None


def _value_list(text: str) -> tuple[list[Value], int]:
    """Values starting at the front of `text`, and where they end: "7%和8%" → 7 %, 8 %; a unit
    written once serves the values before it ("0.6—1万人": 0.6 to 1 万人).

    >>> values, end = _value_list("1至2个重点项目")
    >>> [(v.number, v.high, v.unit) for v in values], end
    ([(1.0, 2.0, '个')], 4)
    """
    m = VALUE_LIST.match(text)
    matches = list(VALUE.finditer(m.group(0))) if m else [VALUE.match(text)]
    values = [_one_value(v) for v in matches]
    units = [v.unit for v in values if v.unit]
    if units:
        values = [v if v.unit else Value(v.number, units[-1], v.qualifier, v.high) for v in values]
    return values, (m.end() if m else matches[0].end())


def _one_value(v: re.Match[str]) -> Value:
    low, low_unit, high, high_unit, qualifier = v.groups()
    return Value(float(low), low_unit or high_unit, qualifier or "", float(high) if high else None)


def _measure_after(after: str) -> str | None:
    """"" when nothing follows the value; the measure noun of "…的尖峰负荷响应能力"; None for a
    threshold ("…的数据中心纳入…")."""
    if not after.startswith("的"):
        return ""
    noun = re.split(r"[，。；、和]", after[1:], maxsplit=1)[0]
    return noun if MEASURE_END.search(noun) and len(noun) <= 15 else None


def _noun_after(after: str) -> str:
    # "建设50个减污降碳协同控制标杆项目" → "减污降碳协同控制标杆项目"
    noun = re.split(r"[，。；（(]|[和、及与](?=\d)", after, maxsplit=1)[0]
    return _clean(noun) if 2 <= len(noun) <= 30 else ""


def _clean(name: str) -> str:
    """An indicator name without the words around it: "力争风电和光伏发电装机容量" → "风电和光伏发电装机容量"."""
    name = FROM_VALUE.sub("", name)
    name = ASIDE.sub("", name)
    if name.count("（") > name.count("）"):
        name = name[name.rindex("（") + 1:]  # "…清洁能源通道（可再生能源电量比例原则上"
    if name.count("(") > name.count(")"):
        name = name[name.rindex("(") + 1:]
    if name.count("“") > name.count("”"):
        name = name[name.rindex("“") + 1:]  # "我国已经明确“非化石能源占一次能源消费比重": the quote's words
    for _ in range(3):
        name = LEADING_WORDS.sub("", name)
        name = TRAILING_WORDS.sub("", name)
    # a footnote mark: "森林覆盖率1", "全省森林1覆盖率"
    # (a count before its classifier stays: "…废玻璃等9种主要再生资源", 2 p.6; so does a span of hours:
    # "臭氧日最大8小时滑动平均第90百分位浓度", 内江 425 p.34)
    name = re.sub(r"(?<=[\u4e00-\u9fff])\d(?=(?![种类项大个家批]|小时)[\u4e00-\u9fff]|$)", "", name)
    return name.strip("“”\"'、，,；;：: ")


# ----------------------------------------------------------- document ----
def text_targets(doc: Document) -> list[Target]:
    """Targets from the document's body text, the year carried through each passage, and through
    a goals section (主要目标): a year stated once there holds for the section's later passages;
    where the section states none, a plan's period (“十四五”, 2021—2023年) gives its last year.

    Passages that break a sentence (a page break the layout could not undo) are read as one
    run, and each target cites the passages its sentence lies on.
    """
    ref_year = document_reference_year(doc)
    plan_end = plan_end_year(doc.meta.title)
    out: list[Target] = []
    context = YearContext()
    goals_path: tuple[str, ...] | None = None
    for run in _runs(doc.passages):
        path = run.passages[0].clause_path
        goals = is_goals_section(path)
        if not run.continues and not (goals and path == goals_path) or context.outlook:
            context = YearContext(plan_end if goals else None)  # an outlook ("展望2035年") holds for its passage
        goals_path = path if goals else None
        if any(HISTORY_HEADING.search(h) for h in path):
            continue  # "第一节 “十三五”工作取得积极进展": achievements, not targets
        texts = [prepare(p.text) for p in run.passages]
        bounds, at = [], 0
        for t in texts:
            bounds.append((at, at + len(t)))
            at += len(t)
        for f in find_targets("".join(texts), context, ref_year):
            on = [p for p, (a, b) in zip(run.passages, bounds) if a < f.end and f.start < b] or run.passages[:1]
            out.append(Target(
                passage_seq=on[0].seq,
                pages=tuple(dict.fromkeys(n for p in on for n in p.pages)),
                clause_path=on[0].clause_path,
                indicator=f.indicator,
                value=f.value,
                unit=f.unit,
                direction=f.direction,
                year=f.year,
                base_year=f.base_year,
                qualifier=f.qualifier,
                attribute=f.attribute,
                text=f.sentence,
                indicator_key=indicator_key(f.indicator),
                base_value=f.base_value,
                value_high=f.value_high,
            ))
    return out


def is_goals_section(path: tuple[str, ...]) -> bool:
    """Whether a clause is a plan's goals section, by its heading: "（一）总体目标。", "三、目标指标".

    >>> is_goals_section(("第二章总体要求", "第三节目标指标", "（一）总体目标。")), is_goals_section(("（三）强化目标考核",))
    (True, False)
    """
    return bool(path) and bool(GOALS_HEADING.match(re.sub(r"\s+", "", path[-1])))


def plan_end_year(title: str) -> int | None:
    """The last year of the period a plan's title names: "“十四五”…规划" → 2025,
    "…行动计划（2021-2023年）" → 2023; None when it names none."""
    m = PLAN_MARK.search(title or "")
    if m:
        return five_year_plan(m.group(1))[1]
    m = TITLE_PERIOD.search(title or "")
    return int(m.group(2)) if m else None


@dataclass
class _Run:
    passages: list[Passage]
    continues: bool  # the year stated before this run still holds


def _runs(passages: list[Passage]) -> list[_Run]:
    """Text passages grouped into runs of unbroken sentences. A run continues the one before
    (keeps its year) for the dash items after "主要目标是：" (山东 13 p.7)."""
    runs: list[_Run] = []
    prev: Passage | None = None
    list_mode = False
    for p in passages:
        if p.kind != "text":
            if p.kind == "heading":
                prev, list_mode = None, False
            continue
        same_clause = prev is not None and prev.clause_path == p.clause_path
        prev_text = prepare(prev.text) if prev is not None else ""
        if same_clause and not prev_text.endswith(("。", "！", "？", "；", "：", ":")):
            runs[-1].passages.append(p)  # a sentence broken over two passages
        else:
            if not same_clause:
                list_mode = False
            elif prev_text.endswith(("：", ":")):
                list_mode = True
            continues = same_clause and list_mode and prepare(p.text).startswith(LIST_DASH)
            runs.append(_Run([p], continues))
        prev = p
    return runs


def find_document_targets(doc: Document) -> list[Target]:
    """Targets from indicator tables and body text, each (indicator, value, year) once."""
    kept: dict[tuple, int] = {}
    out: list[Target] = []
    from_table: list[bool] = []  # per target of out
    # a table target with no year is none: its year header went unread (甘肃 320 p.25, "年２０２５目标( )")
    tables = [t for t in table_targets(doc, document_reference_year(doc)) if t.year is not None]
    for i, t in enumerate(tables + text_targets(doc)):
        key = (t.indicator_key, t.value, t.year, t.direction)
        if key not in kept:
            kept[key] = len(out)
            out.append(t)
            from_table.append(i < len(tables))
            continue
        # the same target stated twice (indicator table and text): keep the first, with what the
        # second adds ("较2020年" in the text, 约束性 in the table); a table cell's bare "13" takes
        # the text's "13%左右", but text keeps its own words (达到39% on p.20, 39%以上 on p.30)
        first = out[kept[key]]
        table_then_text = from_table[kept[key]] and i >= len(tables)
        out[kept[key]] = replace(first, base_year=first.base_year or t.base_year,
                                 attribute=first.attribute or t.attribute, unit=first.unit or t.unit,
                                 qualifier=first.qualifier or (t.qualifier if table_then_text else ""),
                                 base_value=first.base_value if first.base_value is not None else t.base_value)
    out.sort(key=lambda t: t.passage_seq)
    log.debug("%s: %d targets", doc.meta.title, len(out))
    return out
