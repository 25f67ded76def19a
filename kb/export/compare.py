"""Cross-plan comparison: one indicator's targets in every plan, side by side, honestly.

Plans name one indicator differently (单位GDP能耗 / 单位地区生产总值能源消耗降低), so a query matches
a target by its wording and by the normalised key kb.extract.indicators.indicator_key gives both.

Not every target of one indicator can stand beside the others: "提高5个百分点" is not a share,
"下降14.5%（比2015年）" is not a fall from 2020, a level (达到20%) is not a change (提高20%), a 2030
target is not a 2025 one. Each indicator's most common way of stating it is the reference;
a target stated otherwise stays in the list, marked not comparable, with a note saying why.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from ..extract.indicators import indicator_key
from ..models import TargetRow, number_text

# Directions stating a change from a base year; every other direction (达到, 不低于 …) states a level
CHANGE_DIRECTIONS = ("下降", "降低", "减少", "提升", "提高", "增长", "新增")
POINTS = "个百分点"


def matching_targets(rows: Iterable[TargetRow], indicator: str) -> list[TargetRow]:
    """The rows whose indicator or key contains the query or the query's key; one row per distinct
    target (a plan repeating a target in its text and its table counts once). Groups whose key is
    the query's key come first; inside a group by target year, jurisdiction, document.

    >>> rows = [TargetRow(indicator="单位地区生产总值能源消耗", indicator_key="单位GDP能耗", document="珠海", jurisdiction="珠海市",
    ...                   value=14.5, unit="%", direction="下降", base_year=2020, year=2025, page=2)]
    >>> [r.document for r in matching_targets(rows, "单位国内生产总值能耗降低")]
    ['珠海']
    """
    query = "".join(indicator.split())
    if not query:
        return []
    key = indicator_key(query)
    found: dict[tuple, TargetRow] = {}
    for row in rows:
        if not _matches(row, query, key):
            continue
        same = (row.doc_id or row.document, row.indicator_key, row.value, row.unit, row.direction, row.base_year, row.year)
        kept = found.get(same)
        if kept is None or _fuller(row, kept):
            found[same] = row
    return sorted(found.values(), key=lambda r: (r.indicator_key != key, r.indicator_key, r.year or 9999,
                                                 r.jurisdiction, r.document, r.page))


def _matches(row: TargetRow, query: str, key: str) -> bool:
    return any(query in n for n in (row.indicator, row.indicator_key)) or bool(key) and key in row.indicator_key


def _fuller(row: TargetRow, kept: TargetRow) -> bool:
    """Whether `row` says more about the same target than `kept` (its attribute, its base, its qualifier)."""
    said = lambda r: (bool(r.attribute), r.base_value is not None, bool(r.qualifier))  # noqa: E731
    return said(row) > said(kept)


@dataclass(frozen=True)
class Measure:
    """How a target is stated: what stands beside what in a comparison."""

    change: bool  # a change from a base (下降14.5%) rather than a level (达到20%)
    unit: str
    base_year: int | None  # for a change: the year it is measured from
    year: int | None
    cumulative: bool


def measure(row: TargetRow) -> Measure:
    change = row.direction in CHANGE_DIRECTIONS or row.unit == POINTS
    return Measure(change, row.unit or "", row.base_year if change else None, row.year, row.cumulative)


def compared(rows: Sequence[TargetRow]) -> list[TargetRow]:
    """The rows, each marked comparable or not with a note, indicator by indicator: the way most
    of an indicator's targets are stated is the reference. Within an indicator the comparable rows
    come first, in the order given, then the others.

    >>> row = lambda doc, value, unit="%", direction="达到", **kw: TargetRow(indicator="非化石能源消费比重",
    ...     indicator_key="非化石能源消费比重", document=doc, value=value, unit=unit, direction=direction, year=2025, **kw)
    >>> out = compared([row("上海", 20.0), row("广东", 32.0), row("河南", 5.0, "个百分点", "提升")])
    >>> [(r.document, r.comparable, r.note) for r in out]
    [('上海', True, ''), ('广东', True, ''), ('河南', False, '以百分点表示的提高幅度，不能与比重（%）直接比较')]
    """
    groups: dict[str, list[TargetRow]] = {}
    for row in rows:
        groups.setdefault(row.indicator_key or row.indicator, []).append(row)
    out = []
    for members in groups.values():
        reference = _reference(members)
        marked = []
        for row in members:
            reasons = _differences(row, measure(row), reference)
            marked.append(replace(row, comparable=not reasons, note="；".join(reasons) or _remark(row, reference)))
        out.extend(sorted(marked, key=lambda r: not r.comparable))  # those that compare first, the others after
    return out


def _reference(rows: Sequence[TargetRow]) -> Measure:
    """The most common way the rows state their target; on a tie levels before changes, shares (%)
    before other units, the nearest target year first."""
    counts = Counter(measure(r) for r in rows)
    return max(counts, key=lambda m: (counts[m], not m.change, m.unit == "%", -(m.year or 9999)))


def _differences(row: TargetRow, own: Measure, reference: Measure) -> list[str]:
    """Why `row` cannot stand beside targets stated as `reference` ([] when it can)."""
    reasons = []
    if own.unit == POINTS and reference.unit != POINTS:
        verb = "降低" if row.direction in ("下降", "降低", "减少") else "提高"
        reasons.append(f"以百分点表示的{verb}幅度，不能与{_unit_word(reference.unit)}直接比较")
    elif own.change != reference.change:
        reasons.append(f"{row.direction}幅度，不是目标水平" if own.change else "目标水平，不是变化幅度")
    elif own.unit != reference.unit:
        reasons.append(f"单位不同（{own.unit or '无单位'}，其余为{reference.unit or '无单位'}{_converted(row, reference.unit)}）")
    elif own.change and own.base_year and reference.base_year and own.base_year != reference.base_year:
        reasons.append(f"基准年不同（比{own.base_year}年，其余比{reference.base_year}年）")
    if own.year != reference.year:
        reasons.append(f"目标年不同（{_year(own.year)}，其余为{_year(reference.year)}）")
    if own.cumulative != reference.cumulative:
        reasons.append("累计值" if own.cumulative else "年度值，其余为累计值")
    return reasons


def _remark(row: TargetRow, reference: Measure) -> str:
    """What a comparable row's reader should still know: a change whose base year is not stated."""
    if reference.change and not row.base_year and reference.base_year:
        return f"未注明基准年（其余比{reference.base_year}年）"
    return ""


MULTIPLES = {"十": 10, "百": 100, "千": 1_000, "万": 10_000, "亿": 100_000_000}


def _converted(row: TargetRow, unit: str) -> str:
    """The value in the reference's unit when the two differ only by 万/亿: '；即62000万立方米'.

    >>> _converted(TargetRow(indicator="森林蓄积量", value=6.2, unit="亿立方米"), "万立方米")
    '；即62000万立方米'
    """
    (mine, base), (theirs, other) = _multiple(row.unit or ""), _multiple(unit)
    if not base or base != other:
        return ""
    return f"；即{number_text(round(row.value * mine / theirs, 6))}{unit}"


def _multiple(unit: str) -> tuple[int, str]:
    """'亿立方米' → (100000000, '立方米'); '吨' → (1, '吨')."""
    if len(unit) > 1 and unit[0] in MULTIPLES:
        return MULTIPLES[unit[0]], unit[1:]
    return 1, unit


def _unit_word(unit: str) -> str:
    return "比重（%）" if unit == "%" else f"以“{unit}”计的值" if unit else "无单位的值"


def _year(year: int | None) -> str:
    return f"{year}年" if year else "未注明"


def chart_axis_min(values: Sequence[float]) -> float:
    """Where a bar chart's value axis starts: at zero, unless the values are close together (the
    smallest over half the largest), when it starts a step below the smallest so that the
    differences show (14% and 14.5% must not look the same).

    >>> chart_axis_min([13, 20, 24, 32]), chart_axis_min([14, 14.5, 15]), chart_axis_min([92, 95, 96.5])
    (0.0, 13.5, 90.0)
    """
    low, high = min(values, default=0.0), max(values, default=0.0)
    if low <= 0 or low <= high / 2:
        return 0.0
    step = _nice_step((high - low) / 4 or high / 10)
    return max(0.0, round((low // step - 1) * step, 6))


def _nice_step(span: float) -> float:
    """1, 2 or 5 times a power of ten, at least `span`: 0.37 → 0.5, 3.2 → 5."""
    power = 10.0 ** int(f"{span:e}".split("e")[1])
    return next(m * power for m in (1, 2, 5, 10) if m * power >= span)

