"""Cross-plan comparison: one indicator's targets in every plan, side by side.

Plans name one indicator differently (单位GDP能耗 / 单位地区生产总值能源消耗降低), so a query matches
a target by its wording and by the normalised key kb.extract.indicators.indicator_key gives both.
"""
from __future__ import annotations

from collections.abc import Iterable

from ..extract.indicators import indicator_key
from ..models import TargetRow


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
        if kept is None or (not kept.attribute and row.attribute):
            found[same] = row
    return sorted(found.values(), key=lambda r: (r.indicator_key != key, r.indicator_key, r.year or 9999,
                                                 r.jurisdiction, r.document, r.page))


def _matches(row: TargetRow, query: str, key: str) -> bool:
    return any(query in n for n in (row.indicator, row.indicator_key)) or bool(key) and key in row.indicator_key
