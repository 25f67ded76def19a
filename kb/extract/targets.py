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
from .deadlines import doc_year_of, five_year_plan, normalize_years
from .indicators import NUMBER, UNIT, clean_unit, distribute_names, indicator_key, table_targets

log = logging.getLogger(__name__)

# A year a clause is about: 到2025年 / 2025年底前 / 力争2030年前 / 截至2020年底
TIME_MARK = re.compile(r"(截至|截止到?|到|至|力争到|力争在|在)?(20\d{2})年(?:年?底|末)?(?:前|以前|之前)?")
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
# kb/data/target_verbs.txt. The pattern tries longer verbs first.
LEVEL_VERBS: tuple[tuple[str, str], ...] = target_verbs()["level"]
OBJECT_VERBS: tuple[tuple[str, str], ...] = target_verbs()["object"]
LIMITS = {"不高于", "不低于", "控制在", "低于"}
VERB = re.compile("|".join(re.escape(v) for v, _ in sorted(LEVEL_VERBS + OBJECT_VERBS, key=lambda x: -len(x[0]))))
DIRECTION = dict(LEVEL_VERBS + OBJECT_VERBS)
OBJECT = {v for v, _ in OBJECT_VERBS}
# Words allowed between a verb and its value: "力争达到", "分别比…降低", "达到约"
GAP = re.compile(r"^(?:力争|确保|累计|分别|均|约|近|年均|平均|总计|共计|共|再|持续|基本|全部|稳定|提前|逐步|进一步|至少|以上)*$")
QUALIFIER = r"(?:及以上|及以下|以上|以下|以内|左右)"
# Written before a level verb: the plan strives for the value ("力争达到20%"); kept in front of the
# qualifier after the value ("力争左右": 力争达到25%左右)
AIM = "力争"
VALUE = re.compile(rf"(?<![\dA-Za-z./\-—第])({NUMBER})\s*({UNIT})?({QUALIFIER})?(?![\dA-Za-z年月日号期届])")
VALUE_LIST = re.compile(rf"^({NUMBER})\s*({UNIT})?({QUALIFIER})?((?:[和、及与]{NUMBER}\s*(?:{UNIT})?{QUALIFIER}?)+)")
# A ratio noun lets a bare value be a target: "…使用占比100%"
RATIO_END = re.compile(r"(占比|比例|比重|覆盖率|利用率|达标率|普及率|率)为?$")
# Nouns that make "…5%以上的尖峰负荷响应能力" a measure, not a threshold ("…1万吨标准煤的数据中心")
MEASURE_END = re.compile(r"(能力|水平|比例|比重|占比|率|量|面积|规模|容量|强度)$")
# Words around an indicator that are not part of its name
# ("并逐年提高5个百分点": 逐年 says how often, never what is measured)
LEADING_WORDS = re.compile(r"^(起|开始|争取|并且|并|且|和|及|以及|其中|同时|使|让|推动|推进|实现|确保|力争|保持|促进|全面|基本|进一步|逐步|逐年|我市|本市|我省|本省|要|将)+")
TRAILING_WORDS = re.compile(r"(争取|力争|确保|基本|要|均|分别|稳定|全部|累计|年均|约|提前|持续|将|需|应|可|能够|全面|总体|原则上)+$")
FROM_VALUE = re.compile(r"(由|从)[\d.]+\S*$")
ATTRIBUTE_NOTE = re.compile(r"^[（(](约束性|预期性)[）)]")
LIST_DASH = ("——", "一一", "—")
HAN = re.compile(r"[\u4e00-\u9fff]")
# A measure word after an object verb makes the verb part of the name: "整治修复长度约400公里"
MEASURE_WORD = re.compile(r"面积|长度|规模|数量|总量|容量|里程|能力")
MAX_OBJECT = 25
BARE_RATIOS = ("占比", "比重", "比例")
# Headings of sections about the past: "“十三五”工作取得积极进展", "生态环境保护取得突出成效"
HISTORY_HEADING = re.compile(r"十[一二三]五|取得|成效|进展|回顾|发展基础|现状")
# An aside inside a name: "建筑垃圾（不包括工程渣土、工程泥浆）排放量"
ASIDE = re.compile(r"[（(](?:不包括|包括|不含|含|不计|以下简称|即)[^（）()]*[）)]")
MAX_INDICATOR = 45
# A name that is only a measure and needs the sentence's subject in front: "利用率", "储备能力",
# "装机容量" ("…化肥农药使用量持续减少，利用率均达到43%": the 化肥农药 利用率)
GENERIC_NAME = re.compile(r"^[\u4e00-\u9fff]{0,2}(?:能力|容量|率|规模)$")
MAX_GENERIC = 4
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


@dataclass
class YearContext:
    """The target year a passage has stated so far, and whether it speaks of the past."""

    year: int | None = None
    historical: bool = False


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


def reference_year(meta) -> int | None:
    """The first year a plan looks forward from; earlier years are achievements.

    A "十四五" plan starts in 2021; otherwise the year before the issue date (plans name the
    year just past as a deadline, e.g. "2021年年底前" in a plan issued in April 2022).
    """
    m = PLAN_MARK.search(meta.title or "")
    if m:
        return five_year_plan(m.group(1))[0]
    year = doc_year_of(meta.issue_date)
    return year - 1 if year else None


def prepare(text: str) -> str:
    """Text as targets are read from it: no spaces, ASCII digits and %, no leaked page numbers."""
    text = normalize_years(text.replace("**", ""))
    text = text.translate(str.maketrans("０１２３４５６７８９％．", "0123456789%."))
    text = re.sub(r"\s+", "", text)
    return PAGE_NUMBER.sub("", text)


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
    for m in re.finditer(r"[^。！？；]+[。！？；]?", text):
        sentence = m.group(0)
        last_indicator = ""
        earlier: list[str] = []
        for clause in re.split(r"[，,：:]", sentence):
            found = _clause_targets(clause, context, ref_year, last_indicator, sentence, earlier)
            earlier.append(clause)
            if found:
                last_indicator = found[-1].whole or found[-1].indicator
            for f in found:
                f.start, f.end = m.start(), m.end()
            out.extend(found)
    return out


def _clause_targets(clause: str, context: YearContext, ref_year: int | None, last_indicator: str,
                    sentence: str, earlier: list[str] | tuple[str, ...] = ()) -> list[Found]:
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
    clause = _read_times(clause, context, ref_year)
    out: list[Found] = []
    used_until = 0
    last_verb = ""
    for v in VALUE.finditer(clause):
        if v.start() < used_until:
            continue
        found, next_until, last_verb = _value_target(clause, v, context, base_year, last_indicator, sentence,
                                                     used_until, last_verb, earlier)
        used_until = max(used_until, next_until)
        if context.historical:
            continue
        for f in found:
            if f.year is None and f.direction not in LIMITS:
                continue
            out.append(f)
            last_indicator = f.whole or f.indicator
    if out and base_value is not None:
        out[0].base_value = base_value  # the value the clause changes from is the first target's
    return out


def _read_times(clause: str, context: YearContext, ref_year: int | None) -> str:
    """The clause without its time words; `context` set from them."""
    pieces = []
    last = 0
    for m in sorted(list(TIME_MARK.finditer(clause)) + list(PLAN_MARK.finditer(clause)), key=lambda m: m.start()):
        if m.start() < last:
            continue
        if m.re is TIME_MARK:
            if NOT_TIME.search(clause[: m.start()]) or clause[m.end(): m.end() + 1] == "的":
                continue
            year = int(m.group(2))
            past = bool(m.group(1) and m.group(1).startswith("截"))
        else:
            year = five_year_plan(m.group(1))[1]
            past = False
        context.year = year
        context.historical = past or (ref_year is not None and year < ref_year)
        pieces.append(clause[last: m.start()])
        last = m.end()
    pieces.append(clause[last:])
    return "".join(pieces)


def _value_target(clause: str, v: re.Match[str], context: YearContext, base_year: int | None,
                  last_indicator: str, sentence: str, since: int, last_verb: str,
                  earlier: list[str] | tuple[str, ...] = ()) -> tuple[list[Found], int, str]:
    """Targets for the value at `v` (a list of values after one verb gives several), where the
    values end, and the verb used. `since` is where the clause's previous target ended: words
    before it belong to that target ("回收利用率达到45%、资源化利用率达到85%"). `earlier` are the
    sentence's clauses before this one, where a bare "利用率" finds its subject."""
    before = clause[since: v.start()]
    values, length = _value_list(clause[v.start():])
    end = v.start() + length
    after = clause[end:]
    unit, qualifier = values[-1][1], values[-1][2]
    none: tuple[list[Found], int, str] = ([], since, last_verb)
    if unit is None and VERB.match(after):
        return none  # a footnote mark: "全省森林覆盖率1达到58.9%"
    if qualifier in ("以下", "及以下", "以上", "及以上") and HAN.match(after) and not after.startswith("的"):
        return none  # "淘汰3.2米及以下水泥粉磨生产线": a size class, not a target
    verb = _verb_for(before)
    if verb is not None and before[: verb.start()].endswith(ALREADY):
        return none  # "总用水量已增至21.06亿立方米": an achievement
    word = verb.group(0) if verb is not None else ""
    if verb is None and last_verb in OBJECT and re.fullmatch(r"[和、及与]?", before):
        word = last_verb  # "建设10个重点实验室和5个绿色技术创新中心": the second count
    qualifier_gap = aim = ""
    part = ""  # which part of the previous target's whole this value is for
    if word in OBJECT:
        gap = before[verb.end():] if verb is not None else ""
        pre = _clean(before[: verb.start()]) if verb is not None else ""
        if unit is None or unit in ("%", "个百分点") or len(gap) > MAX_OBJECT:
            return none  # a count needs its measure word: "建设珠海9大森林公园"
        qualifier_gap = "左右" if gap.endswith("约") else ""
        gap = _clean(gap)
        if pre and MEASURE_WORD.fullmatch(gap):
            indicator, word = pre + verb.group(0) + gap, "达到"  # "岸线整治修复长度约400公里"
        elif pre and _is_generic(gap):
            indicator = pre + gap  # "公共机构光伏项目新增装机容量5万千瓦": the project's 装机容量
        elif gap:
            indicator = gap
        else:
            indicator = _noun_after(after)
            if not indicator:
                return none
            end += after.find(indicator) + len(indicator) if indicator in after else 0
    elif verb is not None:
        gap = before[verb.end():]
        pre = _clean(before[: verb.start()])
        if GAP.match(gap):
            qualifier_gap = "左右" if "约" in gap else ""
            # "比重力争达到20%": a target the plan strives for, not one it commits to
            aim = AIM if before[: verb.start()].endswith(AIM) or AIM in gap else ""
            noun = _measure_after(after)
            if noun is None:
                return none  # "超过1万吨标准煤的数据中心": a threshold, not a target
            if HAN.match(after) and unit not in (None, "%"):
                if len(pre) > 2:
                    return none  # "日清运量超过300吨地区…": a class of places, not a target
                pre = _noun_after(after)  # "推出不少于50家节能诊断服务机构"
            indicator = _clean(pre + noun) if noun else pre
            if _is_generic(indicator):
                indicator = _subject(earlier) + indicator  # "…化肥农药使用量持续减少，利用率均达到43%"
            elif indicator and last_indicator and not MEASURE_NAME_END.search(indicator):
                part = indicator  # "…的比例超过30%，平板玻璃超过20%": 平板玻璃's 比例
                indicator = ""
        elif gap.endswith("的") and len(gap) <= 20:
            indicator = f"{pre}占{gap[:-1]}的比例"  # "销售量力争达到乘用车新车销售量的30%以上"
        else:
            return none
    else:
        if not RATIO_END.search(before) or context.year is None:
            return none
        indicator, word = _clean(before), "达"
    direction = DIRECTION[word]
    if not indicator:
        indicator = last_indicator
    elif indicator in BARE_RATIOS and last_indicator:
        indicator = last_indicator + indicator  # "可再生能源装机容量达到390万千瓦，占比达到14%左右"
    if not indicator or len(indicator) > MAX_INDICATOR:
        return none
    names = [p for p in re.split(r"[和、及与]", indicator) if p] if len(values) > 1 else [indicator]
    names = distribute_names(names) if len(names) == len(values) else [indicator] * len(values)
    attribute = ATTRIBUTE_NOTE.match(after)
    out = [Found(f"{name}（{part}）" if part else name, value, clean_unit(u), direction, context.year, base_year,
                 aim + (q or qualifier_gap), attribute.group(1) if attribute else None, sentence,
                 whole=name if part else "")
           for name, (value, u, q) in zip(names, values)]
    return out, end, word


def _is_generic(name: str) -> bool:
    return len(name) <= MAX_GENERIC and bool(GENERIC_NAME.match(name))


def _subject(earlier: list[str]) -> str:
    """The subject the nearest earlier clause speaks of, "" when none.

    >>> _subject(["到2025年", "沿海地市主要农作物化肥农药使用量持续减少"])
    '沿海地市主要农作物化肥农药'
    >>> _subject(["推进老港、宝山等湿垃圾集中资源化利用设施建设及分散处理设施达标改造"])
    '湿垃圾'
    """
    for clause in reversed(list(earlier)):
        text = LIST_KIND.sub("", TIME_MARK.sub("", BOOK_TITLE.sub("", clause)))
        end = SUBJECT_END.search(text)
        verb = VERB.search(text)
        cut = min(m.start() for m in (end, verb) if m is not None) if end or verb else len(text)
        subject = _clean(text[:cut])
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


def _value_list(text: str) -> tuple[list[tuple[float, str | None, str]], int]:
    """Values starting at the front of `text`: "7%和8%" → [(7, %), (8, %)], and where they end."""
    m = VALUE_LIST.match(text)
    if m:
        items = re.findall(rf"({NUMBER})\s*({UNIT})?({QUALIFIER})?", m.group(0))
        units = [u for _, u, _ in items if u]
        shared = units[-1] if units else None
        return [(float(n), u or shared, q) for n, u, q in items], m.end()
    v = VALUE.match(text)
    return [(float(v.group(1)), v.group(2), v.group(3) or "")], v.end()


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
    for _ in range(3):
        name = LEADING_WORDS.sub("", name)
        name = TRAILING_WORDS.sub("", name)
    # a footnote mark: "森林覆盖率1", "全省森林1覆盖率"
    name = re.sub(r"(?<=[\u4e00-\u9fff])\d(?=[\u4e00-\u9fff]|$)", "", name)
    return name.strip("“”\"'、 ")


# ----------------------------------------------------------- document ----
def text_targets(doc: Document) -> list[Target]:
    """Targets from the document's body text, the year carried through each passage.

    Passages that break a sentence (a page break the layout could not undo) are read as one
    run, and each target cites the passages its sentence lies on.
    """
    ref_year = reference_year(doc.meta)
    out: list[Target] = []
    context = YearContext()
    for run in _runs(doc.passages):
        if not run.continues:
            context = YearContext()
        if any(HISTORY_HEADING.search(h) for h in run.passages[0].clause_path):
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
            ))
    return out


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
    for t in table_targets(doc) + text_targets(doc):
        key = (t.indicator_key, t.value, t.year, t.direction)
        if key not in kept:
            kept[key] = len(out)
            out.append(t)
            continue
        # the same target stated twice (indicator table and text): keep the first, with what the
        # second adds ("较2020年" in the text, 约束性 in the table)
        first = out[kept[key]]
        out[kept[key]] = replace(first, base_year=first.base_year or t.base_year,
                                 attribute=first.attribute or t.attribute, unit=first.unit or t.unit,
                                 base_value=first.base_value if first.base_value is not None else t.base_value)
    out.sort(key=lambda t: t.passage_seq)
    log.debug("%s: %d targets", doc.meta.title, len(out))
    return out
