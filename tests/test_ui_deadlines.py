"""The 时限 view's groups: which group a task's deadline puts it in, seen from a given day."""
from __future__ import annotations

from datetime import date

from ui.queries import deadline_group

TODAY = date(2026, 11, 21)


def test_a_deadline_before_today_is_overdue_even_within_this_year():
    assert deadline_group("2026-06-30", "2026-06-30", TODAY) == ("overdue", "")
    assert deadline_group("2025", "2025-12-31", TODAY) == ("overdue", "")


def test_this_year_and_later_years():
    assert deadline_group("2026", "2026-12-31", TODAY) == ("this_year", "")
    assert deadline_group("2026-12-31", "2026-12-31", TODAY) == ("this_year", "")
    assert deadline_group("2030", "2030-12-31", TODAY) == ("later", "2030年")


def test_five_year_plan_ranges_are_named_and_other_ranges_are_not():
    assert deadline_group("2021/2025", "2025-12-31", TODAY) == ("range", "2021–2025年（“十四五”期间）")
    assert deadline_group("2026/2030", "2030-12-31", TODAY) == ("range", "2026–2030年（“十五五”期间）")
    assert deadline_group("2023/2025", "2025-12-31", TODAY) == ("range", "2023–2025年")


def test_ongoing_and_missing_deadlines():
    assert deadline_group("ongoing", "9999-12-31", TODAY) == ("ongoing", "")
    assert deadline_group(None, None, TODAY) == ("none", "")
