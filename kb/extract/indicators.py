"""Indicator tables (主要指标表: 指标名称 | 单位 | 2025年目标 | 属性) and indicator names.

indicator_key gives one name per indicator so plans can be compared:
单位GDP二氧化碳排放 ≈ 单位地区生产总值二氧化碳排放 ≈ 单位国内生产总值二氧化碳排放降低（%）.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import zip_longest

from ..data import indicator_synonyms
from ..models import Document, Passage, Table, Target
from .deadlines import five_year_plan

NUMBER = r"\d+(?:\.\d+)?"
# Units a value is measured in: 14.5%, 355万千瓦, 300吨/万平方米, 3个百分点, 130万吨/日
UNIT = (
    r"(?:个百分点|百分点|%|‰|倍|(?:[万亿千百])?(?:千瓦时|千瓦|兆瓦时|兆瓦|千伏安|吨标准煤|吨标煤|吨二氧化碳|蒸吨|吨|立方米|平方米|"
    r"克标准煤|克标煤|方(?=/)|"
    r"平方公里|平方千米|公里|千米|公顷|亩|元|辆|人次|人|户|台|套|个|座|家|条|处|所|次|艘|项|株|棵|张|宗|批|种|片|部|名|"
    r"标准箱|米|天|单位(?=[，。；、）)]|$))"
    r"(?:/[万亿千]?(?:(?![及以左])[\u4e00-\u9fff]){1,4})?|毫米|厘米|mg/L|μg/m3|微克/立方米|毫克/升|kWh|GW|MW|[万亿]?m[³²3](?:/(?:d|h|a|日|天|年))?|[万亿](?=[的以左，。；、）)]|$))"
)
UNIT_ONLY = re.compile(rf"^{UNIT}$")
# Units in Latin letters written into a name: "（μg/m³）", "（mg/L）", "（kWh/m2）"
LATIN_UNIT = re.compile(r"[μµ]?[A-Za-z]{1,4}[23²³]?/[A-Za-z\u4e00-\u9fff]{1,4}[?？³²23]?|kWh|MW|GW|km|kg|mg|[万亿千]?[\u4e00-\u9fff]{1,4}/[\u4e00-\u9fffA-Za-z·•]{1,6}")
# Footnote marks after a name or a value: "入海排污口整治完成率（%）①", "18②"
FOOTNOTE_MARKS = re.compile(r"[①②③④⑤⑥⑦⑧⑨⑩]+")
# "（%）", "(亿立方米)" closing an indicator name: the unit written into the name
NAME_UNIT = re.compile(r"[（(]\s*([^（）()]{1,12}?)\s*[）)]\s*[*＊★]?$")
# "．1单位地区…" / "1．单位…" / "12 森林覆盖率": the row number in front of a name
NAME_NUMBER = re.compile(r"^[\s．.、]*(?:[（(]\d{1,2}[）)]|\d{1,2})\s*[．.、]?\s*(?=[^\dA-Za-z])")
ATTRIBUTES = {"约束性": "约束性", "约束": "约束性", "预期性": "预期性", "预期": "预期性",
              "核心指标": "核心指标", "一般指标": "一般指标", "引导性": "引导性", "指导性": "指导性"}

# Names of one indicator in different plans (万元国内生产总值 → 单位GDP), replaced in order, longest
# first: kb/data/indicator_synonyms.txt
KEY_SYNONYMS: tuple[tuple[str, str], ...] = indicator_synonyms()
# Words around a name that do not change what is measured
KEY_DROP_START = re.compile(r"^(全市|全省|全国|全区|我市|我省|本市|本省|市级|省级)")
KEY_DROP_END = re.compile(r"(下降率|降低率|下降幅度|降低幅度|降低|下降|减少|提升|提高|增长率|增长)$")


def indicator_key(name: str) -> str:
    """A comparable key for an indicator name.

    >>> indicator_key("单位地区生产总值二氧化碳排放降低（%）")
    '单位GDP二氧化碳排放'
    >>> indicator_key("单位国内生产总值二氧化碳排放") == indicator_key("单位GDP二氧化碳排放")
    True
    """
    key = re.sub(r"\s+", "", name)
    key = NAME_UNIT.sub("", key)
    key = NAME_NUMBER.sub("", key)
    key = key.replace("（", "(").replace("）", ")").strip("*＊★ ")
    for variant, canonical in KEY_SYNONYMS:
        key = key.replace(variant, canonical)
    key = KEY_DROP_START.sub("", key)
    key = KEY_DROP_END.sub("", key)
    if key.startswith("单位GDP") and key.endswith("强度"):
        key = key[:-2]
    return key


def clean_indicator_name(name: str) -> tuple[str, str | None]:
    """(name, unit written in it): "．13森林蓄积量（亿立方米）" → ("森林蓄积量", "亿立方米").

    >>> clean_indicator_name("．1单位地区生产总值二氧化碳排放降低（%）")
    ('单位地区生产总值二氧化碳排放降低', '%')
    >>> clean_indicator_name("入海排污口整治完成率（%）①")  # a footnote mark after the unit
    ('入海排污口整治完成率', '%')
    >>> clean_indicator_name("细颗粒物（PM2.5）浓度（μg/m?）*")  # 德州 15 表1: ³ lost by the font
    ('细颗粒物（PM2.5）浓度', 'μg/m³')
    """
    name = FOOTNOTE_MARKS.sub("", re.sub(r"\s+", "", name)).strip("*＊★")
    name = NAME_NUMBER.sub("", _restore_subscript(name))
    unit = None
    m = NAME_UNIT.search(name)
    if m and (UNIT_ONLY.match(m.group(1).replace(" ", "")) or LATIN_UNIT.fullmatch(m.group(1))):
        unit = re.sub(r"(?<=/m)[?？3](?=$)", "³", m.group(1).replace(" ", ""))
        name = name[: m.start()]
    name = re.sub(r"(?<=[\u4e00-\u9fff])\d$", "", name)  # "农村生活污水治理率3": a footnote mark
    return name.strip("*＊★ "), unit


def _restore_subscript(name: str) -> str:
    """A subscript the PDF printed apart put back: "细颗粒物（PM）浓度（微克2.5/立方米）" →
    "细颗粒物（PM2.5）浓度（微克/立方米）" (内江 425 表2-1).

    >>> _restore_subscript("主城区（PM）年均浓度（μg/m3）2.5")
    '主城区（PM2.5）年均浓度（μg/m3）'
    """
    m = re.search(r"PM(?=[）)])", name)
    if m is None:
        return name
    stray = re.search(r"(?<![\d.])(2\.5|10)(?![\d.])", name[m.end():])
    if stray is None:
        return name
    at = m.end() + stray.start()
    rest = name[: at] + name[at + len(stray.group(1)):]
    return rest[: m.end()] + stray.group(1) + rest[m.end():]


# ------------------------------------------------------------ values ----
@dataclass
class CellValue:
    """One value read from a target cell: "较2020年下降40%以上" → 下降 40 % base 2020 以上."""

    value: float
    direction: str
    unit: str | None = None
    qualifier: str = ""
    base_year: int | None = None
    cumulative: bool = False
    label: str = ""  # "城市社区" in "城市社区：≤0.65"


COMPARATORS = {"≥": "不低于", "＞": "超过", ">": "超过", "≤": "不高于", "＜": "低于", "<": "低于",
               "不低于": "不低于", "不高于": "不高于", "不少于": "不低于", "不超过": "不高于"}
# "较2020年下降30%以上" (深圳 25 表1)
CHANGE_CELL = re.compile(rf"^(?:较|比)(20\d{{2}})年(下降|降低|减少|提升|提高|增长)\s*({NUMBER})\s*({UNIT})?(以上|以下|左右)?$")
# "≥35", "[22.35]", "35%", "≤0.15", "100"
PLAIN_CELL = re.compile(rf"^(≥|≤|＞|＜|>|<|不低于|不高于|不少于|不超过)?\s*([\[［]?)\s*({NUMBER})\s*([\]］]?)\s*({UNIT})?(以上|以下|左右)?$")
# "城市社区：≤0.65农村社区：≤0.5" / "高等学校≤45职业学校≤30"
LABELLED = re.compile(r"([\u4e00-\u9fff]{2,8})[：:]?\s*(?=[≥≤＞＜<>\d\[［])")


def parse_cell(cell: str) -> list[CellValue]:
    """Values a table cell states.

    >>> [(v.direction, v.value, v.base_year, v.qualifier) for v in parse_cell("较2020年下降30%以上")]
    [('下降', 30.0, 2020, '以上')]
    >>> [(v.label, v.direction, v.value) for v in parse_cell("城市社区：≤0.65农村社区：≤0.5")]
    [('城市社区', '不高于', 0.65), ('农村社区', '不高于', 0.5)]
    """
    cell = FOOTNOTE_MARKS.sub("", re.sub(r"\s+", "", cell or "").replace("％", "%"))
    if not cell:
        return []
    one = _parse_one(cell)
    if one is not None:
        return [one]
    parts = [p for p in re.split(r"[、,，/;；]", cell) if p]
    if len(parts) > 1:
        values = [_parse_one(p) for p in parts]
        if all(values):
            return values  # "4.0、3.5": one value for each indicator a name lists
    out = []
    labels = list(LABELLED.finditer(cell))
    for i, m in enumerate(labels):
        end = labels[i + 1].start() if i + 1 < len(labels) else len(cell)
        v = _parse_one(cell[m.end():end])
        if v is None:
            return []
        v.label = m.group(1)
        out.append(v)
    return out


def _parse_one(text: str) -> CellValue | None:
    m = CHANGE_CELL.match(text)
    if m:
        direction = "下降" if m.group(2) in ("下降", "降低", "减少") else "提升"
        return CellValue(float(m.group(3)), direction, m.group(4), m.group(5) or "", int(m.group(1)))
    m = PLAIN_CELL.match(text)
    if m:
        if bool(m.group(2)) != bool(m.group(4)):
            return None
        direction = COMPARATORS.get(m.group(1) or "", "")
        return CellValue(float(m.group(3)), direction, m.group(5), m.group(6) or "", cumulative=bool(m.group(2)))
    return None


# ------------------------------------------------------------ tables ----
@dataclass
class IndicatorColumns:
    """Where an indicator table keeps each thing."""

    name: int
    targets: list[tuple[int, int | None]]  # (column, year or None for 参考值)
    unit: int | None = None
    attribute: int | None = None
    labels: dict[int, str] = field(default_factory=dict)  # sub-header under a merged 参考值
    first_row: int = 0  # rows before it are more header (a header over several rows)
    name_more: int | None = None  # a second column of the name (its header spans both)
    base: tuple[int, int | None] | None = None  # (column, year) of the base level: 2020年 | 现状值


TARGET_HEADER = re.compile(r"目标|参考值|规划值|预期值")
# An outlook beyond the plan's target year is a projection, not a target: "2026年展望"
OUTLOOK_HEADER = re.compile(r"展望")
# A table about how an earlier plan went
REVIEW_WORDS = re.compile(r"完成情况|实现情况|完成值|执行情况|进展情况")
PAST_PLAN = re.compile(r"十[一二三]五")
BASE_HEADER = re.compile(r"现状|基准|基期|基数|现值")
ATTRIBUTE_HEADER = re.compile(r"属性|类型|性质")
NAME_HEADER = re.compile(r"指标")
YEAR_IN = re.compile(r"(20\d{2})")
PLAN_IN = re.compile(r"十([一二三四五])五")


def indicator_columns(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> IndicatorColumns | None:
    """Column roles of an indicator table, or None when the table is not one.

    >>> header = ("一级指标", "具体指标", "2020年", "2025年", "指标性质")
    >>> c = indicator_columns(header, [("总体指标", "．2单位地区生产总值能源消耗降低（%）", "[17.1]", "14", "约束性")])
    >>> c.name, c.targets, c.attribute, c.base
    (1, [(3, 2025)], 4, (2, 2020))
    """
    cells = [re.sub(r"\s+", "", h or "") for h in header]
    if not any("指标" in h for h in cells):
        return None
    attribute = next((i for i, h in enumerate(cells) if ATTRIBUTE_HEADER.search(h) and "指标类别" != h), None)
    if attribute is None:
        attribute = _column_of_attributes(rows, len(cells))
    unit = next((i for i, h in enumerate(cells) if h == "单位" or h == "计量单位"), None)
    years = [(i, int(YEAR_IN.search(h).group(1))) for i, h in enumerate(cells)
             if YEAR_IN.search(h) and not BASE_HEADER.search(h) and not OUTLOOK_HEADER.search(h)]
    explicit = [(i, y) for i, y in years if TARGET_HEADER.search(cells[i])]
    targets: list[tuple[int, int | None]] = explicit or (years[1:] if len(years) > 1 and not
                                                         any(BASE_HEADER.search(h) for h in cells) else years)
    if not targets:
        targets = [(i, None) for i, h in enumerate(cells) if TARGET_HEADER.search(h)]
    if not targets:
        return None
    taken = {unit, attribute, *(c for c, _ in targets)}
    candidates = [i for i, h in enumerate(cells) if NAME_HEADER.search(h) and i not in taken]
    if not candidates:
        return None
    name = max(candidates, key=lambda i: _mean_length(rows, i))
    if _mostly_numbers(rows, name):
        # "指标" heads the row numbers; the names stand in a column of their own (内蒙古 67 专栏)
        others = [i for i in range(len(cells)) if i not in taken and not _mostly_numbers(rows, i)]
        if not others:
            return None
        name = max(others, key=lambda i: _mean_length(rows, i))
    columns = IndicatorColumns(name, targets, unit, attribute, base=_base_column(cells, targets))
    if name + 1 < len(cells) and not cells[name + 1] and name + 1 not in taken and not _mostly_numbers(rows, name + 1):
        columns.name_more = name + 1  # "指标名称" over two columns: 氮氧化物 | 重点工程减排量（吨）
    _merged_target_columns(columns, cells, rows)
    return columns


def table_columns(table: Table) -> IndicatorColumns | None:
    """The column roles of an indicator table whose header may run over several rows:
    "指标 / 2020年 / 序号 指标名称 属性 2025年目标 / 类别 现状" (德州 15 表1) reads as one header
    "指标类别 | 序号 | 指标名称 | 指标属性 | 2020年现状 | 2025年目标".

    >>> t = Table((12,), (("指标", "", "", "2020年", ""), ("", "序号", "指标名称", "", "2025年目标"),
    ...                   ("类别", "", "", "现状", ""), ("环境治理", "1", "空气质量优良天数比率（%）", "60.1", "72")),
    ...           ("", "", "指标", "", ""))
    >>> c = table_columns(t)
    >>> c.name, c.targets, c.first_row
    (2, [(4, 2025)], 3)
    """
    rows = list(table.rows)
    columns = indicator_columns(table.header, rows)
    if columns is not None:
        return columns
    header = list(table.header)
    k = 0
    while k < min(3, len(rows)) and not _has_data(rows[k]):
        header = [(h or "") + (c or "") for h, c in zip_longest(header, rows[k], fillvalue="")]
        k += 1
    columns = indicator_columns(tuple(header), rows[k:]) if k else None
    if columns is not None:
        columns.first_row = k
    return columns


def _has_data(row: tuple[str, ...]) -> bool:
    """A row of values, not of headings: a number that is not a year heading, or a long cell."""
    return any(re.fullmatch(r"[\d.≥≤%［\[\]］\s]+", c or "") and not re.fullmatch(r"20\d{2}", (c or "").strip())
               or len(c or "") > 16 for c in row)


def _base_column(cells: list[str], targets: list[tuple[int, int | None]]) -> tuple[int, int | None] | None:
    """The column holding the base level, before the targets' columns: one headed 现状/基准 (its
    year when it names one), else the last year column (2020年 before 2025年).

    >>> _base_column(["指标", "单位", "2020年", "2025年"], [(3, 2025)])
    (2, 2020)
    >>> _base_column(["序号", "指标类别", "现状值", "2025年"], [(3, 2025)])
    (2, None)
    """
    first = min(c for c, _ in targets)
    year_of = {i: int(YEAR_IN.search(h).group(1)) for i, h in enumerate(cells[:first]) if YEAR_IN.search(h)}
    named = [i for i, h in enumerate(cells[:first]) if BASE_HEADER.search(h)]
    target_years = [y for _, y in targets if y]
    if named:
        return named[-1], year_of.get(named[-1])
    if not year_of:
        return None
    column = max(year_of)
    return (column, year_of[column]) if not target_years or year_of[column] < min(target_years) else None


def _column_of_attributes(rows: list[tuple[str, ...]], width: int) -> int | None:
    # 厦门 12: the 约束性/预期性 column is headed 指标类别
    for c in range(width):
        values = [re.sub(r"\s+", "", r[c]) for r in rows if c < len(r) and r[c].strip()]
        if values and sum(v in ATTRIBUTES for v in values) >= max(2, len(values) * 0.6):
            return c
    return None


def _mostly_numbers(rows: list[tuple[str, ...]], c: int) -> bool:
    cells = [re.sub(r"\s+", "", r[c]) for r in rows if c < len(r) and r[c].strip()]
    return bool(cells) and sum(bool(re.fullmatch(r"[\d.、．（）()\[\]%≥≤-]+", x)) for x in cells) > len(cells) / 2


def _mean_length(rows: list[tuple[str, ...]], c: int) -> float:
    values = [len(r[c]) for r in rows if c < len(r) and r[c].strip()]
    return sum(values) / len(values) if values else 0.0


def _merged_target_columns(columns: IndicatorColumns, cells: list[str], rows: list[tuple[str, ...]]) -> None:
    """A 参考值 header over two columns (中小学校 | 职高、高等院校): both are targets, each labelled
    by the sub-header row under it (深圳 25 表4)."""
    if not rows:
        return
    sub = rows[0]
    first, year = columns.targets[0]
    c = first + 1
    while c < len(cells) and not cells[c] and c not in (columns.unit, columns.attribute, columns.name):
        columns.targets.append((c, year))
        c += 1
    if len(columns.targets) > 1 and columns.name < len(sub) and not sub[columns.name].strip():
        columns.labels = {c: re.sub(r"\s+", "", sub[c]) for c, _ in columns.targets if c < len(sub)}


def _is_label_row(row: tuple[str, ...], columns: IndicatorColumns) -> bool:
    return bool(columns.labels) and not row[columns.name].strip() and all(
        re.sub(r"\s+", "", row[c]) == columns.labels.get(c, "") for c, _ in columns.targets if c < len(row))


@dataclass
class _Row:
    index: int
    name: str
    unit_cell: str
    attribute: str
    values: dict[int, str]
    base: str = ""  # the base-year cell


def _logical_rows(table: Table, columns: IndicatorColumns) -> list[_Row]:
    """Rows with their page-break continuations folded in: ("", "率", "", "") adds to the name
    above; ("", "", "", "农村社区：≥10") adds to the value above (深圳 25 表2, 表3)."""
    out: list[_Row] = []
    for r, row in enumerate(table.rows):
        if r < columns.first_row or len(row) <= columns.name or _is_label_row(row, columns):
            continue
        cell = lambda c: re.sub(r"\s+", "", row[c]) if c is not None and c < len(row) else ""  # noqa: E731
        name = cell(columns.name) + cell(columns.name_more)
        if _heads_a_group(table.rows, r, columns):
            name = cell(columns.name_more)  # "（3）水环境质量 | 县级以上…水质达到或优于Ⅲ类的比例(%）": a group's heading
        values = {c: cell(c) for c, _ in columns.targets}
        if not name and not any(values.values()):
            continue
        if not name and _numbered(row, columns):
            continue  # a row of its own (it has a number) whose name the reader lost: no guessing
        base = cell(columns.base[0]) if columns.base else ""
        if out and (not name or (not any(values.values()) and len(name) <= 4)):
            prev = out[-1]
            prev.name += name
            for c, v in values.items():
                prev.values[c] = prev.values.get(c, "") + v
            prev.base += base
            continue
        out.append(_Row(r, name, cell(columns.unit), cell(columns.attribute), values, base))
    return out


def _heads_a_group(rows, r: int, columns: IndicatorColumns) -> bool:
    """Whether the first name cell of row `r` is a numbered group heading over the second name
    cells of the rows below (海西 445 表2-1: "（3）水环境质量" over five indicators), not the
    subject of a measure ("氮氧化物 | 重点工程减排量（吨）").

    >>> c = IndicatorColumns(0, [(2, 2025)], name_more=1)
    >>> rows = (("（3）水环境质量", "城镇集中式饮用水水源水质达到或优于Ⅲ类的比例(%）", "100"), ("", "城乡黑臭水体比例（%）", "0"))
    >>> _heads_a_group(rows, 0, c), _heads_a_group(rows[:1], 0, c)
    (True, False)
    >>> _heads_a_group((("生活垃圾", "城市生活垃圾资源化利用率", "60"),), 0, c)
    True
    """
    if columns.name_more is None:
        return False
    cell = lambda row, c: re.sub(r"\s+", "", row[c]) if c < len(row) else ""  # noqa: E731
    group, name = GROUP_NUMBER.sub("", cell(rows[r], columns.name)), cell(rows[r], columns.name_more)
    if len(group) >= 2 and group[:4] in name:
        return True  # "生活垃圾 | 城市生活垃圾资源化利用率" (湖南 81 p.6): the name says it again
    if CATEGORY_END.search(group) and name and any(not cell(row, columns.name) and cell(row, columns.name_more)
                                                   for row in rows):
        return True  # "海洋环境质量 | 近岸海域水质优良（一、二类）比例" (江苏 436 p.9): a merged 类别 cell
    if r + 1 >= len(rows):
        return False
    below = rows[r + 1]
    return bool(GROUP_NUMBER.match(cell(rows[r], columns.name)) and name
                and not cell(below, columns.name) and cell(below, columns.name_more))


# How the name of a category of indicators ends (环境质量, 亲海环境品质, 环境风险防控, 应对气候变化); no
# subject of a measure ends so ("氮氧化物 | 重点工程减排量")
CATEGORY_END = re.compile(r"(?:质量|品质|治理|保护|修复|防控|变化|领域|方面|类)$")
# The number of a group heading: "（3）", "(3)", "3."
GROUP_NUMBER = re.compile(r"^(?:[（(]\d{1,2}[）)]|\d{1,2}[.．、])")


def _numbered(row: tuple[str, ...], columns: IndicatorColumns) -> bool:
    own = {columns.name, columns.name_more, columns.unit, columns.attribute, *(c for c, _ in columns.targets)}
    return any(re.fullmatch(r"\d{1,3}", re.sub(r"\s+", "", cell or "")) for c, cell in enumerate(row) if c not in own)


def table_targets(doc: Document, ref_year: int | None = None) -> list[Target]:
    """Targets from every indicator table in the document. A table reviewing an earlier plan
    ("“十三五”…目标指标完成情况表") and targets for years before `ref_year` are achievements, not targets."""
    rows_at = {(p.table_index, p.row_index): p for p in doc.passages if p.kind == "table_row"}
    out: list[Target] = []
    for ti, table in enumerate(doc.tables):
        if is_review_table(table):
            continue
        columns = table_columns(table)
        if columns is None:
            continue
        title_year = _title_year(table)
        for row in _logical_rows(table, columns):
            passage = rows_at.get((ti, row.index))
            out.extend(t for t in _row_targets(table, columns, row, passage, title_year)
                       if ref_year is None or t.year is None or t.year >= ref_year)
    return out


def is_review_table(table: Table) -> bool:
    """A table that reports how an earlier plan went: its title or header says 完成情况 / 实现情况,
    or its title names an earlier five-year plan.

    >>> is_review_table(Table((13,), (), ("类别", "指标（单位）", "2020年目标", "2020年情况", "完成情况"), (), "表1-1"))
    True
    """
    header = "".join(re.sub(r"\s+", "", h or "") for h in table.header)
    title = re.sub(r"\s+", "", table.title or "")
    return bool(REVIEW_WORDS.search(title + header) or PAST_PLAN.search(title))


def _title_year(table: Table) -> int | None:
    # "表1 广东省“十四五”应对气候变化指标体系" → 2025
    text = table.title + " ".join(table.clause_path[-1:])
    m = PLAN_IN.search(text)
    return five_year_plan(m.group(1))[1] if m else None


def _row_targets(table: Table, columns: IndicatorColumns, row: _Row, passage: Passage | None,
                 title_year: int | None) -> list[Target]:
    name, name_unit = clean_indicator_name(row.name)
    if not name:
        return []
    attribute = ATTRIBUTES.get(row.attribute, row.attribute or None)
    unit_cell = row.unit_cell if row.unit_cell not in ("", "-", "—", "/") else None
    base_value, base_year = _base_level(row, columns)
    out = []
    for c, year in columns.targets:
        values = parse_cell(row.values.get(c, ""))
        names = _names_for(name, len(values))
        for v, one_name in zip(values, names):
            label = v.label or columns.labels.get(c, "")
            indicator = f"{one_name}（{label}）" if label else one_name
            direction = v.direction or _direction_from_name(one_name)
            # a level has a base level; beside a change (…降低) the base column holds the last plan's change
            level = len(values) == 1 and direction not in CHANGES
            out.append(Target(
                passage_seq=passage.seq if passage else -1,
                pages=passage.pages if passage else table.pages,
                clause_path=table.clause_path,
                indicator=indicator,
                value=v.value,
                unit=clean_unit(v.unit or name_unit or unit_cell),
                direction=direction,
                year=year if year is not None else title_year,
                base_year=v.base_year or (base_year if level and base_value is not None else None),
                base_value=base_value if level else None,
                qualifier=v.qualifier,
                attribute=attribute,
                cumulative=v.cumulative,
                text=passage.text if passage else " | ".join(r for r in (row.name, row.values.get(c, ""))),
                indicator_key=indicator_key(one_name),
            ))
    return out


def _base_level(row: _Row, columns: IndicatorColumns) -> tuple[float | None, int | None]:
    """(value, year) of the row's base-year cell when it states one level; a cumulative figure
    ("[17.1]": the last plan's five-year fall) is no level.

    >>> columns = IndicatorColumns(1, [(3, 2025)], base=(2, 2020))
    >>> _base_level(_Row(0, "非化石能源消费比重", "%", "", {3: "20"}, "15.9"), columns)
    (15.9, 2020)
    >>> _base_level(_Row(0, "单位GDP能耗降低", "%", "", {3: "14"}, "[17.1]"), columns)
    (None, None)
    """
    found = parse_cell(row.base) if columns.base else []
    if len(found) != 1 or found[0].cumulative:
        return None, None
    return found[0].value, columns.base[1]


def _names_for(name: str, count: int) -> list[str]:
    """One name per value: "营运车辆单位运输周转量能耗、二氧化碳排放下降率" with two values gives
    "营运车辆单位运输周转量能耗下降率" and "营运车辆单位运输周转量二氧化碳排放下降率"."""
    if count <= 1:
        return [name] * count
    parts = [p for p in re.split(r"[、和]", name) if p]
    if len(parts) != count:
        return [name] * count
    return distribute_names(parts)


# Words that open a measure: 单位建筑面积能耗, 人均综合能耗, 年均增速
MEASURE_HEADS = ("单位", "人均", "年均", "平均", "万元")
# "营运车辆单位运输周转量" in "营运车辆单位运输周转量能耗": a per-unit base shared by a list
PER_UNIT_BASE = re.compile(r"^(.+?单位[\u4e00-\u9fff]*?(?:周转量|面积|产值|增加值|生产总值|产品|产量))")
# Measure words a list shares at its end: "…能耗、二氧化碳排放下降率"
# and "…核电发电装机容量" ("新增风电、光伏、核电发电装机容量约2000万千瓦、2000万千瓦、240万千瓦")
SHARED_TAIL = re.compile(r"(下降率|降低率|增长率|比重|比例|占比|利用率|发电装机容量|装机容量|装机规模)$")
# Where the measure a list shares begins in its last item: "挥发性有机物|重点工程减排量",
# "农药|利用率", "油墨|使用比例"
SHARED_MEASURE = re.compile(r"重点工程|综合利用|利用|使用|排放|减排|处理|治理|覆盖|发电|装机|消费|浓度|达标|"
                            r"比例|比重|占比|产量|面积|长度|规模|能力|能耗|强度")
# A first item that is a whole name already: "城镇污水集中处理率、农村生活污水治理率"
WHOLE_NAME_END = re.compile(r"(利用率|处理率|治理率|覆盖率|达标率|比例|比重|占比|能耗|消耗|排放量|浓度|容量|面积|长度|"
                            r"规模|能力|指数|强度|装机)$")
NUMERAL = re.compile(r"^[一二三四五六七八九十\d]$")


def list_parts(name: str) -> list[str]:
    """The items of a name that lists several things, "" items dropped.

    >>> list_parts("主要农作物化肥、农药利用率")
    ['主要农作物化肥', '农药利用率']
    """
    return [p for p in re.split(r"[、和及与]", name) if p]


def distribute_names(parts: list[str]) -> list[str]:
    """Names of a list completed from its first and last items: the subject of the first, the
    measure of the last.

    >>> distribute_names(["公共机构单位建筑面积能耗", "人均综合能耗"])
    ['公共机构单位建筑面积能耗', '公共机构人均综合能耗']
    >>> distribute_names(["营运车辆单位运输周转量能耗", "二氧化碳排放下降率"])
    ['营运车辆单位运输周转量能耗下降率', '营运车辆单位运输周转量二氧化碳排放下降率']
    >>> distribute_names(["化学需氧量", "氨氮重点工程减排量"])
    ['化学需氧量重点工程减排量', '氨氮重点工程减排量']
    >>> distribute_names(["主要农作物化肥", "农药利用率"])
    ['主要农作物化肥利用率', '主要农作物农药利用率']
    >>> distribute_names(["主要污染物氮氧化物", "挥发性有机物", "氨氮排放总量"])[1:]
    ['挥发性有机物排放总量', '氨氮排放总量']
    >>> distribute_names(["获得绿色建筑一", "二星级评价标识的建筑项目中绿色建材比例"])
    ['获得绿色建筑一星级评价标识的建筑项目中绿色建材比例', '获得绿色建筑二星级评价标识的建筑项目中绿色建材比例']
    """
    if len(parts) < 2:
        return list(parts)
    if all(NUMERAL.match(p) for p in parts[1:-1]) and NUMERAL.match(parts[-1][:1]) and NUMERAL.match(parts[0][-1:]):
        prefix, suffix = parts[0][:-1], parts[-1][1:]  # "一、二星级…": numbered kinds of one thing
        return [prefix + item + suffix for item in (parts[0][-1], *parts[1:-1], parts[-1][0])]
    heads = _with_measure_heads(parts)
    if heads != list(parts):
        return _with_shared_tail(heads, parts[-1])
    return _with_shared_measure(parts) or _with_shared_tail(list(parts), parts[-1])


def _with_measure_heads(parts: list[str]) -> list[str]:
    first = parts[0]
    out = [first]
    for part in parts[1:]:
        if part.startswith(MEASURE_HEADS):
            k = min((first.find(h) for h in MEASURE_HEADS if first.find(h) > 0), default=-1)
            if k > 0 and not part.startswith(first[:k]):
                part = first[:k] + part
        else:
            m = PER_UNIT_BASE.match(first)
            if m and not part.startswith(m.group(1)) and len(part) < len(first) + 4:
                part = m.group(1) + part
        out.append(part)
    return out


def _with_shared_tail(names: list[str], last: str) -> list[str]:
    tail = SHARED_TAIL.search(last)
    if tail:
        return [p if _has_tail(p, tail.group(1)) else p + tail.group(1) for p in names]
    return names


def _with_shared_measure(parts: list[str]) -> list[str] | None:
    """prefix + item + measure for each item, when only the last item carries the measure and
    the first may carry a subject: "主要农作物化肥、农药利用率"; None when the items are whole names."""
    first, last = parts[0], parts[-1]
    m = next((m for m in SHARED_MEASURE.finditer(last) if m.start() >= 1), None)
    if m is None or WHOLE_NAME_END.search(first) or _shared_start(first, last) >= 4:
        return None
    item, measure = last[: m.start()].rstrip("等"), last[m.start():]  # "社会车辆等|能耗强度"
    item, measure = _parallel_item(first, item, measure)
    longest = max(len(i) for i in (*parts[1:-1], item))  # how long an item may be ("氮氧化物、挥发性有机物、…和氨氮")
    prefix = first[: -len(item)] if len(first) >= 2 * longest + 2 else ""
    items = [first[len(prefix):], *parts[1:-1], item]
    return [prefix + i + measure for i in items]


def _parallel_item(first: str, item: str, measure: str) -> tuple[str, str]:
    """The last item cut as long as its kind, when the measure found is only the end of the shared
    one: "城市、县城污水处理率" → 县城 | 污水处理率 (甘肃 320 p.51), "高速公路、普通国省干线公路废旧沥青
    路面材料循环利用率" → 普通国省干线公路 | 废旧沥青路面材料循环利用率 (陕西 106 p.6).

    >>> _parallel_item("城市", "县城污水", "处理率"), _parallel_item("化肥", "农药", "利用率")
    (('县城', '污水处理率'), ('农药', '利用率'))
    >>> _parallel_item("营运车辆", "船舶单位运输周转量二氧化碳", "排放")
    ('船舶', '单位运输周转量二氧化碳排放')
    """
    if len(item) <= len(first) + 1:
        return item, measure
    kind_end = item.find(first[-2:]) if len(first) >= 3 else -1
    per_unit = item.find("单位") if "单位" not in first else -1
    if per_unit > 0:
        cut = per_unit  # "营运车辆和船舶单位运输周转量二氧化碳排放" (青岛 471 p.16): the per-unit measure is shared
    elif kind_end > 0:
        cut = kind_end + 2  # the last item ends as the first does: 高速公路 … 干线公路
    elif len(first) <= 3:
        cut = len(first)  # kinds of one length: 城市 / 县城, 城镇 / 农村
    else:
        return item, measure
    return item[:cut], item[cut:] + measure


def _shared_start(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _has_tail(name: str, tail: str) -> bool:
    # "风电装机容量" needs no "发电装机容量" added
    return name.endswith(tail) or ("装机" in tail and name.endswith(("装机容量", "装机规模")))


def clean_unit(unit: str | None) -> str | None:
    """Units as printed, with a CO₂ subscript put back: "吨CO/（人•年）2" → "吨CO2/（人•年）"."""
    if not unit:
        return unit
    unit = re.sub(r"CO/2", "CO2/", unit)
    return re.sub(r"CO/(.+)2$", r"CO2/\1", unit)


CHANGES = ("下降", "提升")  # the directions _direction_from_name and parse_cell give a change


def _direction_from_name(name: str) -> str:
    if re.search(r"下降|降低|减少|削减", name):
        return "下降"
    if re.search(r"提升|提高|增长", name):
        return "提升"
    return "达到"
