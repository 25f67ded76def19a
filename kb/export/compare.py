"""Cross-plan comparison: one indicator's targets in every plan, side by side.

Plans name one indicator differently (单位GDP能耗 / 单位地区生产总值能源消耗降低), so a query matches
a target by its wording and by the normalised key kb.extract.indicators.indicator_key gives both.
"""
from __future__ import annotations

from collections.abc import Iterable

from ..extract.indicators import indicator_key


def compare_indicator(kb, indicator: str) -> list[dict]:
    """Targets for an indicator across every plan in the KB, grouped by indicator_key.

    Rows are the dicts KnowledgeBase.targets() returns (document, jurisdiction, file, page, indicator,
    indicator_key, value, unit, direction, base_year, year, attribute …):

        >>> [(r["jurisdiction"], r["value"]) for r in compare_indicator(kb, "单位GDP能耗")]  # doctest: +SKIP
        [('珠海市', 14.5)]
    """
    return matching_targets(kb.targets(), indicator)


def matching_targets(rows: Iterable[dict], indicator: str) -> list[dict]:
    """The rows whose indicator or key contains the query or the query's key; one row per distinct
    target (a plan repeating a target in its text and its table counts once). Groups whose key is
    the query's key come first; inside a group by target year, jurisdiction, document.

    >>> rows = [{"indicator": "单位地区生产总值能源消耗", "indicator_key": "单位GDP能耗", "document": "珠海", "jurisdiction": "珠海市",
    ...          "value": 14.5, "unit": "%", "direction": "下降", "base_year": 2020, "year": 2025, "attribute": None, "page": 2}]
    >>> [r["document"] for r in matching_targets(rows, "单位国内生产总值能耗降低")]
    ['珠海']
    """
    query = "".join(indicator.split())
    if not query:
        return []
    key = indicator_key(query)
    found: dict[tuple, dict] = {}
    for row in rows:
        if not _matches(row, query, key):
            continue
        same = (row.get("doc_id", row["document"]), row["indicator_key"], row["value"], row.get("unit"),
                row["direction"], row.get("base_year"), row.get("year"))
        kept = found.get(same)
        if kept is None or (not kept.get("attribute") and row.get("attribute")):
            found[same] = row
    return sorted(found.values(), key=lambda r: (r["indicator_key"] != key, r["indicator_key"], r.get("year") or 9999,
                                                 r.get("jurisdiction") or "", r["document"], r.get("page") or 0))


def _matches(row: dict, query: str, key: str) -> bool:
    names = (row["indicator"], row["indicator_key"])
    return any(query in n for n in names) or bool(key) and key in row["indicator_key"]
