"""Export: 分工表 (task-assignment tables), department ledgers and cross-plan target comparisons,
as .xlsx, .docx or .csv.

Functions take the rows KnowledgeBase.obligations() / .targets() / .compare() return, so the
app exports exactly what it shows:

    >>> rows = kb.obligations(Filters(doc="珠海"), order="document")            # doctest: +SKIP
    >>> export_tasks(rows, Path("分工表.xlsx"))                                  # doctest: +SKIP
    PosixPath('分工表.xlsx')
    >>> export_ledger(kb.obligations(Filters(department="市生态环境局")), Path("台账.docx"), department="市生态环境局",
    ...               options=TaskOptions(mark_overdue=True))                    # doctest: +SKIP
    >>> export_comparison(kb.compare("单位GDP能耗", Filters(deadline_year=2025)), Path("对比.xlsx"), indicator="单位GDP能耗")   # doctest: +SKIP

Every export raises ExportError (a Chinese message naming the path) when the file cannot be
written; an empty selection writes a table with its headers only.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from ..models import ObligationRow, TargetRow
from .compare import compared, matching_targets
from .files import FORMATS, ExportError, export_path, write_report
from .report import Column, Report, Sheet
from .tables import (
    COMPARISON_COLUMNS,
    OVERDUE,
    TASK_TITLE,
    TaskOptions,
    comparison_report,
    deadline_status,
    ledger_order,
    ledger_report,
    task_report,
)


def export_tasks(rows: Sequence[ObligationRow], path: Path | str, format: str | None = None, title: str = "",
                 group_by_document: bool = False, note: str = "", today: date | None = None,
                 options: TaskOptions = TaskOptions()) -> Path:
    """Write obligations as a 分工表: 序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限 (责任单位 where the
    plan names one), columns no task fills left out; a plan's own 分工表 as the plan has it.

    :param rows: KnowledgeBase.obligations(order="document") rows, in the order to show
    :param format: "xlsx" | "docx" | "csv"; None takes it from the file's suffix
    :param title: default 《plan》重点任务分工表 (重点任务分工表 for tasks of several plans)
    :param group_by_document: one sheet (.xlsx) or one table (.docx) per document
    :param options: the whole text of each task, 来源/页码 columns, overdue marks (TaskOptions)
    :returns: the path written
    """
    return write_report(task_report(rows, title, group_by_document, today, note, options), path, format)


def export_ledger(rows: Sequence[ObligationRow], path: Path | str, format: str | None = None, department: str = "",
                  note: str = "", today: date | None = None, options: TaskOptions = TaskOptions()) -> Path:
    """Write a department's tasks across plans, by deadline, each with its plan and page; with
    options.mark_overdue a 状态 column and 已逾期 rows in red.

    :param rows: the department's KnowledgeBase.obligations() rows (any order; sorted by deadline here)
    :param today: the day deadlines are compared with (default: today)
    """
    return write_report(ledger_report(rows, department, today, note, options), path, format)


def export_comparison(rows: Sequence[TargetRow], path: Path | str, format: str | None = None, indicator: str = "",
                      today: date | None = None) -> Path:
    """Write KnowledgeBase.compare() rows: each plan's target with its qualifier, base, attribute and
    whether it is comparable (and why not); the .xlsx also gets a bar chart of the comparable ones."""
    return write_report(comparison_report(rows, indicator or (rows[0].indicator_key if rows else ""), today),
                        path, format)


__all__ = [
    "ExportError", "FORMATS", "COMPARISON_COLUMNS", "OVERDUE", "TASK_TITLE", "TaskOptions",
    "export_tasks", "export_ledger", "export_comparison", "matching_targets", "compared",
    "deadline_status", "ledger_order", "export_path", "write_report", "Report", "Sheet", "Column",
]
