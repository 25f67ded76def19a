"""Sort keys computed from extracted values (used by the store and queries)."""
from __future__ import annotations

import calendar


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
