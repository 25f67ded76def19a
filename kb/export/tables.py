"""Rows from the KnowledgeBase turned into Reports: the 分工表, the department ledger, the comparison.

The rows are the ObligationRow / TargetRow values KnowledgeBase.obligations() and .targets()
return, so the app exports exactly the rows it shows. A 分工表 looks like the ones plans attach:
序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限 (责任单位 where the plan names one responsible unit),
the columns no task fills left out, 重点任务 the task's name (its heading, or its first sentence);
a plan that has its own 分工表 is that table, in its order, with its numbering.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ..models import ObligationRow, Role, TargetRow, attribute_name
from .compare import CHANGE_DIRECTIONS, chart_axis_min
from .report import Cell, Chart, Column, Report, Sheet, cell_text, display_width

NUMBER = Column("序号", 6, "center")
TASK = Column("重点任务", 40)
TASK_FULL = Column("重点任务", 80)  # the whole text of each task (--full-text)
UNIT_COLUMNS = {Role.LEAD: Column(Role.LEAD.label, 24), Role.CO: Column(Role.CO.label, 30),
                Role.RESPONSIBLE: Column(Role.RESPONSIBLE.label, 30)}
DEADLINE = Column("完成时限", 17, "center")
SOURCE = Column("来源", 26)
PAGE = Column("页码", 7, "center")
STATUS = Column("状态", 9, "center")
# Excel character units across an A4 landscape page printed at 100% (10 mm margins; LibreOffice's
# substitute for Calibri is wider than Excel's own, and the sheet must fit both):
# columns are widened to this, so the sheet prints at a readable size
PAGE_WIDTH = 110

OVERDUE = "已逾期"
NOT_DUE = "未到期"
ONGOING = "长期"
TASK_TITLE = "重点任务分工表"


@dataclass(frozen=True)
class TaskOptions:
    """What a 分工表 or a ledger shows besides the five standard columns.

    full_text: 重点任务 holds each task's whole text instead of its name;
    source: 来源 (the plan, when the rows come from several) and 页码 columns;
    mark_overdue: a 状态 column, rows past their deadline in red (the tool cannot know what is done).
    """

    full_text: bool = False
    source: bool = False
    mark_overdue: bool = False


def date_line(today: date) -> str:
    """The date line under a title.

    >>> date_line(date(2026, 11, 21))
    '导出日期：2026年11月21日'
    """
    return f"导出日期：{today.year}年{today.month}月{today.day}日"


# ---------------------------------------------------------------- 分工表 ----
def plan_table_rows(rows: Sequence[ObligationRow]) -> list[ObligationRow]:
    """The rows of each plan as its 分工表 lists them: a plan that has its own table is that table,
    in its order (its tasks read from prose repeat the table's, or are not in it); others as given."""
    tabled = {r.doc_id or r.document for r in rows if r.source == "table"}
    return [r for r in rows if r.source == "table" or (r.doc_id or r.document) not in tabled]


def task_report(rows: Sequence[ObligationRow], title: str = "", group_by_document: bool = False,
                today: date | None = None, note: str = "", options: TaskOptions = TaskOptions()) -> Report:
    """A 分工表 of obligations, in the order given (a plan's own table as the plan has it): one
    sheet, or one per document. Only the title stands above it, as on the plans' own.

    >>> from kb.models import Deadline
    >>> row = ObligationRow(text="完成调查报告。", responsible=("市机管局",), deadlines=(Deadline("2022-12-31", "到2022年底之前"),),
    ...                     document="行动方案", name="开展公共机构节能降碳情况调查", page=23)
    >>> report = task_report([row], today=date(2026, 11, 21))
    >>> report.title, report.sheets[0].headers, report.sheets[0].rows[0]
    ('《行动方案》重点任务分工表', ['序号', '重点任务', '责任单位', '完成时限'], (1, '开展公共机构节能降碳情况调查', '市机管局', '到2022年底之前'))
    """
    today = today or date.today()
    rows = plan_table_rows(rows)
    parts = _by_document(rows) if group_by_document and rows else [("", list(rows))]
    sheets = tuple(_task_sheet(name or "分工表", part, options, len({r.document for r in part}) > 1,
                               caption=f"《{name}》" if name else "")
                   for name, part in parts)
    return Report(title or default_title(rows), date_line(today), sheets, note, show_info=False)


def default_title(rows: Sequence[ObligationRow]) -> str:
    """《plan》重点任务分工表 when the rows come from one plan."""
    documents = {r.document for r in rows if r.document}
    return f"《{documents.pop()}》{TASK_TITLE}" if len(documents) == 1 else TASK_TITLE


def _task_sheet(name: str, rows: Sequence[ObligationRow], options: TaskOptions, several: bool, caption: str = "",
                today: date | None = None) -> Sheet:
    """One table of tasks: the standard columns the rows fill, the options' columns after them."""
    texts = [r.text if options.full_text else r.title for r in rows]
    numbers = _numbers(rows)
    roles = [role for role in Role if any(r.units(role) for r in rows)] or [Role.RESPONSIBLE]
    columns = [NUMBER, TASK_FULL if options.full_text else TASK, *(UNIT_COLUMNS[role] for role in roles)]
    dated = sum(1 for r in rows if r.deadline)
    # a plan's own table without a 完成时限 column: the odd date read from a task's text is in the text
    with_deadline = dated > len(rows) / 2 if rows and all(r.source == "table" for r in rows) else dated > 0
    if with_deadline:
        columns.append(DEADLINE)
    if options.mark_overdue:
        columns.append(STATUS)
    if options.source:
        columns.extend([SOURCE, PAGE] if several else [PAGE])
    cells = []
    for number, text, row in zip(numbers, texts, rows):
        line: list[Cell] = [number, text, *("、".join(row.units(role)) for role in roles)]
        if with_deadline:
            line.append(row.deadline.label if row.deadline else "")
        if options.mark_overdue:
            line.append(deadline_status(row, today or date.today()))
        if options.source:
            line.extend([f"《{row.document}》", row.page or ""] if several else [row.page or ""])
        cells.append(tuple(line))
    marked = frozenset(i for i, c in enumerate(cells) if options.mark_overdue and OVERDUE in c)
    return Sheet(name, fit_to_page(_sized_to_text(columns, cells)), tuple(cells), caption=caption, marked=marked,
                 sections=_sections(rows) if not several else ())


def _sized_to_text(columns: Sequence[Column], cells: Sequence[Sequence[Cell]]) -> list[Column]:
    """Text columns weighted by how much their cells hold, so no column runs many lines while
    another stays empty: a row is as tall as its fullest cell (a long list of units beside a short
    task name gets the room). A column keeps at least 4/5 of its usual width.

    >>> [c.width for c in _sized_to_text([NUMBER, TASK, UNIT_COLUMNS[Role.LEAD]], [(1, "一" * 10, "一" * 40)])]
    [6, 32, 80]
    """
    out = []
    for i, column in enumerate(columns):
        if column.align == "center" or not cells:
            out.append(column)
            continue
        mean = sum(display_width(cell_text(row[i])) for row in cells) / len(cells)
        out.append(Column(column.header, max(round(column.width * 0.8), round(mean)), column.align, column.printed))
    return out


def _numbers(rows: Sequence[ObligationRow]) -> list[int | str]:
    """The plan's own numbering when every row comes from its 分工表 with a 序号, else 1, 2, 3 …"""
    if rows and all(r.source == "table" and r.number for r in rows):
        return [int(r.number) if r.number.isdigit() else r.number for r in rows]
    return list(range(1, len(rows) + 1))


def _sections(rows: Sequence[ObligationRow]) -> tuple[tuple[int, str], ...]:
    """Headings a 分工表 groups its tasks under: a plan's own table's categories (the last part of
    a table row's clause), else each task's chapter (the first part); none when all share one."""
    def group(row: ObligationRow) -> str:
        parts = row.clause.split(" › ") if row.clause else [""]
        return parts[-1] if row.source == "table" else parts[0]

    groups = [group(r) for r in rows]
    if len(set(groups)) < 2:
        return ()
    return tuple((i, g) for i, g in enumerate(groups) if g and (i == 0 or g != groups[i - 1]))


def fit_to_page(columns: Sequence[Column]) -> tuple[Column, ...]:
    """The columns with the text columns sized so the table spans an A4 landscape page.

    >>> [c.width for c in fit_to_page([NUMBER, TASK, UNIT_COLUMNS[Role.RESPONSIBLE], DEADLINE])]
    [6, 50, 37, 17]
    """
    fixed = sum(c.width for c in columns if c.align == "center" and c.printed)
    text = sum(c.width for c in columns if c.align != "center" and c.printed)
    if not text or fixed >= PAGE_WIDTH:
        return tuple(columns)
    scale = (PAGE_WIDTH - fixed) / text  # widened, or narrowed when the text columns ask for more
    return tuple(c if c.align == "center" or not c.printed else Column(c.header, round(c.width * scale), c.align)
                 for c in columns)


def _by_document(rows: Sequence[ObligationRow]) -> list[tuple[str, list[ObligationRow]]]:
    """Rows split by document, documents in the order they first appear."""
    parts: dict[str, list[ObligationRow]] = {}
    for row in rows:
        parts.setdefault(row.document or row.file or "未命名文件", []).append(row)
    return list(parts.items())


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


def ledger_report(rows: Sequence[ObligationRow], department: str, today: date | None = None, note: str = "",
                  options: TaskOptions = TaskOptions()) -> Report:
    """All of a department's tasks across plans, by deadline, each with its plan and page; overdue
    rows marked only when asked (options.mark_overdue).

    >>> from kb.models import Deadline
    >>> rows = [ObligationRow(text="建立台账。", lead=("市生态环境局",), deadlines=(Deadline("2025", "2025年底前"),),
    ...                       document="方案", page=3)]
    >>> report = ledger_report(rows, "市生态环境局", today=date(2026, 11, 21), options=TaskOptions(mark_overdue=True))
    >>> report.title, report.sheets[0].headers, report.sheets[0].rows[0][3:], report.sheets[0].marked
    ('市生态环境局重点任务台账', ['序号', '重点任务', '牵头单位', '完成时限', '状态', '来源', '页码'], ('2025年底前', '已逾期', '《方案》', 3), frozenset({0}))
    """
    today = today or date.today()
    ordered = ledger_order(rows)
    # a ledger's rows come from several plans: where each is written always shows
    sheet = _task_sheet("任务台账", ordered, TaskOptions(options.full_text, True, options.mark_overdue), several=True,
                        today=today)
    note = "　".join(p for p in (f"单位：{department}" if department else "", note) if p)
    title = f"{department}重点任务台账" if department else "重点任务台账"
    overdue = len(sheet.marked)
    return Report(title, date_line(today), (sheet,), note, remark=f"其中已逾期{overdue}项" if overdue else "")


# ------------------------------------------------------------- comparison ----
COMPARISON_COLUMNS = (  # printed columns first: the numbers for a spreadsheet follow, outside the print area
    Column("序号", 6, "center"),
    Column("指标", 16),
    Column("地区", 8, "center"),
    Column("规划", 22),
    Column("原文指标名称", 20),
    Column("目标年", 9, "center"),
    Column("目标", 16),
    Column("基准", 14),
    Column("属性", 9, "center"),
    Column("可比", 7, "center"),
    Column("说明", 22),
    Column("页码", 7, "center"),
    Column("目标值", 9, "center", printed=False),
    Column("单位", 8, "center", printed=False),
    Column("基准值", 9, "center", printed=False),
    Column("基准年", 9, "center", printed=False),
)


def comparison_report(rows: Sequence[TargetRow], indicator: str, today: date | None = None) -> Report:
    """Every plan's target for an indicator side by side, with its qualifier (力争达到20%左右), base,
    attribute and whether it can be compared (and why not), plus one chart per indicator of the
    comparable ones.

    >>> rows = [TargetRow(indicator_key="森林覆盖率", jurisdiction="深圳市", document="深圳方案", indicator="全市森林覆盖率",
    ...                   direction="不低于", value=37.4, unit="%", year=2025, page=6, base_value=37.0, base_year=2020)]
    >>> comparison_report(rows, "森林覆盖率", today=date(2026, 11, 21)).sheets[0].rows[0]
    (1, '深圳市', '深圳方案', '全市森林覆盖率', 2025, '不低于37.4%', '2020年：37%', '', '是', '', 6, 37.4, '%', 37, 2020)
    """
    today = today or date.today()
    cells = [_comparison_cells(i, r) for i, r in enumerate(rows, 1)]
    columns = COMPARISON_COLUMNS
    if len({r.indicator_key for r in rows}) <= 1:  # one indicator: the title names it
        keep = [i for i, c in enumerate(columns) if c.header != "指标"]
        columns, cells = tuple(columns[i] for i in keep), [tuple(row[i] for i in keep) for row in cells]
    sheet = Sheet("指标对比", fit_to_page(columns), tuple(cells),
                  marked=frozenset(i for i, r in enumerate(rows) if not r.comparable))
    return Report(f"“{indicator}”指标跨规划对比", date_line(today), (sheet,), charts=comparison_charts(rows),
                  remark=_comparison_remark(rows))


def _comparison_cells(number: int, row: TargetRow) -> tuple[Cell, ...]:
    stated = row.stated + ("（累计）" if row.cumulative else "")
    base_value = _number(row.base_value) if row.base_value is not None else None
    return (number, row.indicator_key or row.indicator, row.jurisdiction, row.document, row.indicator, row.year,
            stated, row.base, attribute_name(row.attribute), "是" if row.comparable else "否", row.note, row.page,
            _number(row.value), row.unit or "", base_value, row.base_year)


def _comparison_remark(rows: Sequence[TargetRow]) -> str:
    apart = sum(1 for r in rows if not r.comparable)
    return f"其中{apart}项与其余的计量口径不同，未列入图表（见“说明”）" if apart else ""


def _number(value: float) -> int | float:
    # 100.0 is written as 100 so the .xlsx and .csv show (and read back) the same thing
    return int(value) if float(value).is_integer() else value


def comparison_charts(rows: Sequence[TargetRow]) -> tuple[Chart, ...]:
    """One chart per indicator that at least two comparable targets share: one bar per plan,
    labelled with the plan; the axis starts above zero when the values are close.

    >>> row = TargetRow(indicator="森林蓄积量", indicator_key="森林蓄积量", unit="万立方米", jurisdiction="深圳市", value=573.0,
    ...                 year=2025, direction="不低于", document="深圳市生态环境保护规划")
    >>> zhuhai = TargetRow(indicator="森林蓄积量", indicator_key="森林蓄积量", unit="万立方米", jurisdiction="珠海市", value=560.0,
    ...                    year=2025, direction="达到", document="珠海市碳达峰实施方案")
    >>> comparison_charts([row, zhuhai])
    (Chart(title='森林蓄积量（2025年目标，万立方米）', labels=('深圳市生态环境保护规划', '珠海市碳达峰实施方案'), values=(573.0, 560.0), axis_title='万立方米', axis_min=555.0),)
    """
    groups: dict[str, list[TargetRow]] = {}
    for row in rows:
        if row.comparable:
            groups.setdefault(row.indicator_key or row.indicator, []).append(row)
    charts = []
    for key, members in groups.items():
        if len(members) < 2:
            continue
        first = members[0]
        measure = f"{first.direction}幅度" if first.direction in CHANGE_DIRECTIONS else ""
        unit = first.unit or ""
        axis = "".join((measure, f"（{unit}）" if measure and unit else unit))
        when = f"{first.year}年目标" if first.year else "目标"
        values = tuple(float(r.value) for r in members)
        charts.append(Chart(f"{key}（{when}，{axis}）" if axis else f"{key}（{when}）",
                            tuple(chart_label(r) for r in members), values, axis, chart_axis_min(values)))
    return tuple(charts)


def chart_label(row: TargetRow) -> str:
    """A bar's label: the plan (two plans of one place must be told apart) and how firm its value is.

    >>> chart_label(TargetRow(indicator="x", value=20.0, document="上海市碳达峰实施方案", qualifier="力争、左右"))
    '上海市碳达峰实施方案（力争，左右）'
    """
    plan = row.document or row.jurisdiction or row.file
    return f"{plan}（{'，'.join(row.qualifier_words)}）" if row.qualifier else plan
