"""Sort and match keys computed from extracted values (used by the store and queries)."""
from __future__ import annotations

import calendar
import re

from .aliases import canonical_stem

# The level prefix a unit name starts with: 市生态环境局, 省发展改革委, 区财政局
LEVEL_PREFIX = re.compile(r"^(市|省|区|县)(?![委政])")


def deadline_sort_key(value: str | None) -> str | None:
    """The last day a normalised deadline allows, as an ISO date (ongoing sorts last).

    >>> deadline_sort_key("2025"), deadline_sort_key("2023-06"), deadline_sort_key("2021/2025")
    ('2025-12-31', '2023-06-30', '2025-12-31')
    """
    if not value:
        return None
    if value == "ongoing":
        return "9999-12-31"
    last = value.split("/")[-1]
    parts = last.split("-")
    if len(parts) == 1:
        return f"{int(parts[0]):04d}-12-31"
    year, month = int(parts[0]), int(parts[1])
    day = int(parts[2]) if len(parts) > 2 else calendar.monthrange(year, month)[1]
    return f"{year:04d}-{month:02d}-{day:02d}"


def department_key(name: str, jurisdiction: str = "") -> str:
    """A unit's name made comparable across plans: level prefix resolved, alias canonical.

    In a 珠海市 plan "市发改局" is 珠海市's 发展改革委:
    >>> department_key("市发改委", "珠海市")
    '珠海市发展改革委'
    """
    name = canonical_stem(re.sub(r"\s+", "", name))
    if jurisdiction and LEVEL_PREFIX.match(name) and jurisdiction.endswith(name[0]):
        return jurisdiction + name[1:]
    return name
