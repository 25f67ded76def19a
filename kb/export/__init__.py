"""Export: 分工表 (task-assignment tables), department ledgers and cross-plan target comparisons,
as .xlsx, .docx or .csv.

Functions take the rows KnowledgeBase.obligations() / .targets() / .compare() return, so the
app exports exactly what it shows:

    >>> rows = kb.obligations(Filters(doc="珠海"), order="document")            # doctest: +SKIP
    >>> export_tasks(rows, Path("分工表.xlsx"), title="珠海市碳达峰实施方案重点任务分工表")  # doctest: +SKIP
    PosixPath('分工表.xlsx')
    >>> export_ledger(kb.obligations(Filters(department="市生态环境局")), Path("台账.docx"), department="市生态环境局")  # doctest: +SKIP
    >>> export_comparison(kb.compare("单位GDP能耗"), Path("对比.xlsx"), indicator="单位GDP能耗")   # doctest: +SKIP

Every export raises ExportError (a Chinese message naming the path) when the file cannot be
written; an empty selection writes a table with its headers only.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from ..models import ObligationRow, TargetRow
from .compare import matching_targets
from .files import FORMATS, ExportError, export_path, write_report
from .report import Column, Report, Sheet
from .tables import (
    COMPARISON_COLUMNS,
    LEDGER_COLUMNS,
    OVERDUE,
    TASK_COLUMNS,
    comparison_report,
    deadline_status,
    ledger_order,
    ledger_report,
    task_report,
)

TASK_TITLE = "重点任务分工表"


def export_tasks(rows: Sequence[ObligationRow], path: Path | str, format: str | None = None, title: str = TASK_TITLE,
                 group_by_document: bool = False, note: str = "", today: date | None = None) -> Path:
    """Write obligations as a 分工表: 序号, 重点任务, 牵头单位, 配合单位, 责任单位, 完成时限, 来源.

    :param rows: KnowledgeBase.obligations() rows, in the order to show
    :param format: "xlsx" | "docx" | "csv"; None takes it from the file's suffix
    :param group_by_document: one sheet (.xlsx) or one table (.docx) per document
    :param note: the filters used, shown under the title (文件：珠海；完成时限早于：2026-01-01)
    :returns: the path written
    """
    report = task_report(rows, title or TASK_TITLE, group_by_document, today, note)
    return write_report(report, path, format)


def export_ledger(rows: Sequence[ObligationRow], path: Path | str, format: str | None = None, department: str = "",
                  note: str = "", today: date | None = None) -> Path:
    """Write a department's tasks across plans, by deadline, with a 状态 column (已逾期 in red).

    :param rows: the department's KnowledgeBase.obligations() rows (any order; sorted by deadline here)
    :param today: the day deadlines are compared with (default: today)
    """
    return write_report(ledger_report(rows, department, today, note), path, format)


def export_comparison(rows: Sequence[TargetRow], path: Path | str, format: str | None = None, indicator: str = "",
                      today: date | None = None) -> Path:
    """Write KnowledgeBase.compare() rows: 指标, 地区, 文件, 原文指标名称, 变化方向, 目标值, 单位, 基准年, 目标年,
    属性, 页码; the .xlsx also gets a bar chart per group of targets measured the same way."""
    return write_report(comparison_report(rows, indicator or (rows[0].indicator_key if rows else ""), today),
                        path, format)


__all__ = [
    "ExportError", "FORMATS", "TASK_COLUMNS", "LEDGER_COLUMNS", "COMPARISON_COLUMNS", "OVERDUE",
    "export_tasks", "export_ledger", "export_comparison", "matching_targets",
    "deadline_status", "ledger_order", "export_path", "write_report", "Report", "Sheet", "Column",
]
