"""Rows from the KnowledgeBase turned into Reports: the 分工表, the department ledger, the comparison.

The rows are the ObligationRow / TargetRow values KnowledgeBase.obligations() and .targets()
return, so the app exports exactly the rows it shows.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ..models import ObligationRow, Role, TargetRow
from .report import Cell, Chart, Column, Report, Sheet

TASK_COLUMNS = (
    Column("序号", 8, "center"),
    Column("重点任务", 60),
    Column(Role.LEAD.label, 18),
    Column(Role.CO.label, 18),
    Column(Role.RESPONSIBLE.label, 22),
    Column("完成时限", 14, "center"),
    Column("来源", 30),
)
STATUS_COLUMN = Column("状态", 11, "center")
# The ledger adds 状态 after 完成时限 so the overdue mark sits next to the date it is about
LEDGER_COLUMNS = (*TASK_COLUMNS[:6], STATUS_COLUMN, TASK_COLUMNS[6])

COMPARISON_COLUMNS = (
    Column("序号", 8, "center"),
    Column("指标", 22),
    Column("地区", 10, "center"),
    Column("文件", 34),
    Column("原文指标名称", 30),
    Column("变化方向", 10, "center"),
    Column("目标值", 10, "center"),
    Column("单位", 12, "center"),
    Column("基准年", 8, "center"),
    Column("目标年", 8, "center"),
    Column("属性", 9, "center"),
    Column("页码", 7, "center"),
)

OVERDUE = "已逾期"
NOT_DUE = "未到期"
ONGOING = "长期"


def date_line(today: date) -> str:
    """The date line under a title.

    >>> date_line(date(2026, 11, 21))
    '导出日期：2026年11月21日'
    """
    return f"导出日期：{today.year}年{today.month}月{today.day}日"


# ------------------------------------------------------------------ tasks ----
def task_report(rows: Sequence[ObligationRow], title: str, group_by_document: bool = False, today: date | None = None,
                note: str = "") -> Report:
    """A 分工表 of obligations, in the order given: one sheet, or one per document.

    >>> from kb.models import Deadline
    >>> row = ObligationRow(text="完成调查报告。", responsible=("市机管局",), deadlines=(Deadline("2022-12-31", "到2022年底之前"),),
    ...                     document="行动方案", clause="二、基础工程", page=23)
    >>> task_report([row], "重点任务分工表", today=date(2026, 11, 21)).sheets[0].rows[0]
    (1, '完成调查报告。', '', '', '市机管局', '到2022年底之前', '《行动方案》\\n二、基础工程\\n第23页')
    """
    today = today or date.today()
    if group_by_document and rows:
        sheets = tuple(
            Sheet(name, TASK_COLUMNS, tuple(_task_cells(i, r) for i, r in enumerate(part, 1)), caption=f"《{name}》")
            for name, part in _by_document(rows)
        )
    else:
        sheets = (Sheet("分工表", TASK_COLUMNS, tuple(_task_cells(i, r) for i, r in enumerate(rows, 1))),)
    return Report(title, date_line(today), sheets, note)


def _task_cells(number: int, row: ObligationRow) -> tuple[Cell, ...]:
    deadline = row.deadline.label if row.deadline else ""
    return (number, row.text, _units(row.lead), _units(row.co), _units(row.responsible), deadline, source_label(row))


def _by_document(rows: Sequence[ObligationRow]) -> list[tuple[str, list[ObligationRow]]]:
    """Rows split by document, documents in the order they first appear."""
    parts: dict[str, list[ObligationRow]] = {}
    for row in rows:
        parts.setdefault(row.document or row.file or "未命名文件", []).append(row)
    return list(parts.items())


def _units(names: Sequence[str]) -> str:
    return "、".join(names)


def source_label(row: ObligationRow | TargetRow) -> str:
    """Where a fact comes from: document, clause, page on separate lines.

    >>> source_label(ObligationRow(text="", document="珠海市碳达峰实施方案", clause="三、重点任务", page=10))
    '《珠海市碳达峰实施方案》\\n三、重点任务\\n第10页'
    """
    parts = [f"《{row.document}》" if row.document else row.file, row.clause]
    if row.page:
        parts.append(f"第{row.page}页")
    return "\n".join(p for p in parts if p)


# ----------------------------------------------------------------- ledger ----
def deadline_status(row: ObligationRow, today: date) -> str:
    """已逾期 when the last day the first deadline allows is before today; 长期 for ongoing work.

    >>> from kb.models import Deadline
    >>> today = date(2026, 11, 21)
    >>> deadline_status(ObligationRow(text="", deadlines=(Deadline("2025"),)), today), deadline_status(ObligationRow(text=""), today)
    ('已逾期', '')
    """
    deadline = row.deadline
    if deadline is None:
        return ""
    if deadline.ongoing:
        return ONGOING
    return OVERDUE if deadline.overdue(today) else NOT_DUE


def ledger_order(rows: Sequence[ObligationRow]) -> list[ObligationRow]:
    """Rows by deadline (earliest first; ongoing, then none last), then document and page."""
    return sorted(rows, key=lambda r: (r.deadline is None, r.deadline.sort_key if r.deadline else "", r.document, r.page))


def ledger_report(rows: Sequence[ObligationRow], department: str, today: date | None = None, note: str = "") -> Report:
    """All of a department's tasks across plans, sorted by deadline, overdue rows marked.

    >>> from kb.models import Deadline
    >>> rows = [ObligationRow(text="建立台账。", lead=("市生态环境局",), deadlines=(Deadline("2025", "2025年底前"),),
    ...                       document="方案", page=3)]
    >>> report = ledger_report(rows, "市生态环境局", today=date(2026, 11, 21))
    >>> report.title, report.sheets[0].rows[0][5:7], report.sheets[0].marked
    ('市生态环境局重点任务台账', ('2025年底前', '已逾期'), frozenset({0}))
    """
    today = today or date.today()
    ordered = ledger_order(rows)
    statuses = [deadline_status(r, today) for r in ordered]
    cells = tuple((*_task_cells(i, r)[:6], s, source_label(r)) for i, (r, s) in enumerate(zip(ordered, statuses), 1))
    marked = frozenset(i for i, s in enumerate(statuses) if s == OVERDUE)
    note = "　".join(p for p in (f"单位：{department}" if department else "", note) if p)
    title = f"{department}重点任务台账" if department else "重点任务台账"
    return Report(title, date_line(today), (Sheet("任务台账", LEDGER_COLUMNS, cells, marked=marked),), note,
                  remark=f"其中已逾期{len(marked)}项" if marked else "")


# ------------------------------------------------------------- comparison ----
def comparison_report(rows: Sequence[TargetRow], indicator: str, today: date | None = None) -> Report:
    """Every plan's target for an indicator side by side, plus one chart per comparable group.

    >>> rows = [TargetRow(indicator_key="森林覆盖率", jurisdiction="深圳市", document="深圳方案", indicator="全市森林覆盖率",
    ...                   direction="不低于", value=37.4, unit="%", year=2025, page=6)]
    >>> comparison_report(rows, "森林覆盖率", today=date(2026, 11, 21)).sheets[0].rows[0]
    (1, '森林覆盖率', '深圳市', '深圳方案', '全市森林覆盖率', '不低于', 37.4, '%', None, 2025, '', 6)
    """
    today = today or date.today()
    cells = tuple(_comparison_cells(i, r) for i, r in enumerate(rows, 1))
    sheet = Sheet("指标对比", COMPARISON_COLUMNS, cells)
    return Report(f"“{indicator}”指标跨规划对比", date_line(today), (sheet,), charts=comparison_charts(rows))


def _comparison_cells(number: int, row: TargetRow) -> tuple[Cell, ...]:
    direction = row.direction + (f"（{row.qualifier}）" if row.qualifier else "")
    if row.cumulative:
        direction += "（累计）"
    return (number, row.indicator_key or row.indicator, row.jurisdiction, row.document, row.indicator, direction,
            _number(row.value), row.unit or "", row.base_year, row.year, row.attribute or "", row.page)


def _number(value: float) -> int | float:
    # 100.0 is written as 100 so the .xlsx and .csv show (and read back) the same thing
    return int(value) if float(value).is_integer() else value


# Directions stating a change from a base year; every other direction (达到, 不低于 …) states a level
CHANGE_DIRECTIONS = ("下降", "降低", "减少", "提升", "提高", "增长")


def comparison_charts(rows: Sequence[TargetRow]) -> tuple[Chart, ...]:
    """One chart per indicator and unit that at least two targets share, levels (达到/不低于 37.4%)
    apart from changes (下降14.5%): only values measured the same way stand side by side.

    >>> row = TargetRow(indicator="森林蓄积量", indicator_key="森林蓄积量", unit="万立方米", jurisdiction="深圳市", value=573.0,
    ...                 year=2025, direction="不低于")
    >>> zhuhai = TargetRow(indicator="森林蓄积量", indicator_key="森林蓄积量", unit="万立方米", jurisdiction="珠海市", value=249.0,
    ...                    year=2030, direction="达到")
    >>> comparison_charts([row, zhuhai])
    (Chart(title='森林蓄积量（万立方米）', labels=('深圳市2025年', '珠海市2030年'), values=(573.0, 249.0), axis_title='万立方米'),)
    """
    groups: dict[tuple[str, str, str], list[TargetRow]] = {}
    for row in rows:
        measure = row.direction if row.direction in CHANGE_DIRECTIONS else ""
        groups.setdefault((row.indicator_key or row.indicator, row.unit or "", measure), []).append(row)
    charts = []
    for (key, unit, measure), members in groups.items():
        if len(members) < 2:
            continue
        axis = "".join((f"{measure}幅度" if measure else "", f"（{unit}）" if measure and unit else unit))
        labels = tuple(_chart_label(r) for r in members)
        charts.append(Chart(f"{key}（{axis}）" if axis else key, labels, tuple(float(r.value) for r in members), axis))
    return tuple(charts)


def _chart_label(row: TargetRow) -> str:
    place = row.jurisdiction or row.document[:8]
    return f"{place}{row.year}年" if row.year else place
