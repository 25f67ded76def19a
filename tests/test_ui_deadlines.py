"""The 时限 view's groups: which group a task's deadline puts it in, seen from a given day."""
from __future__ import annotations

from datetime import date

from kb.models import Deadline, deadline_group

TODAY = date(2026, 11, 21)


def group(value: str | None) -> tuple[str, str]:
    return deadline_group(Deadline(value) if value else None, TODAY)


def test_a_deadline_before_today_is_overdue_even_within_this_year():
    assert group("2026-06-30") == ("overdue", "")
    assert group("2025") == ("overdue", "")


def test_this_year_and_later_years():
    assert group("2026") == ("this_year", "")
    assert group("2026-12-31") == ("this_year", "")
    assert group("2030") == ("later", "2030年")


def test_five_year_plan_ranges_are_named_and_other_ranges_are_not():
    assert group("2021/2025") == ("range", "2021–2025年（“十四五”期间）")
    assert group("2026/2030") == ("range", "2026–2030年（“十五五”期间）")
    assert group("2023/2025") == ("range", "2023–2025年")


def test_ongoing_and_missing_deadlines():
    assert group("ongoing") == ("ongoing", "")
    assert group(None) == ("none", "")
