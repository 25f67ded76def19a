"""Reports as Excel workbooks (openpyxl): a title row, an info row, a bold frozen header, wrapped
cells, printed on A4 landscape one page wide at a readable size.

Row 1 is the title, row 2 the caption/date/count line (empty for a 分工表), row 3 the header, data
from row 4 (section rows, 一、…, among them). Each Sheet becomes a worksheet; charts go on a
worksheet of their own (图表), each on a page of its own, next to the numbers they draw.
"""
from __future__ import annotations

import math
import re
from pathlib import Path

from .report import Chart, Report, Sheet, cell_text, display_width

HEADER_ROW = 3
FIRST_DATA_ROW = 4
LINE_HEIGHT = 15  # points per wrapped line at 10.5pt
FONT_NAME = "宋体"
BODY_PT = 10.5
MARGIN_IN = 0.4  # left/right print margins: a 132-unit table fits A4 landscape at 100%
# Characters Excel does not allow in a sheet name
SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31
CHART_ROWS_PER_BAR = 1.6  # rows of sheet a chart needs per bar (a bar and its gap ~ 0.8 cm)


def write_xlsx(report: Report, path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for sheet, name in zip(report.sheets, sheet_names([s.name for s in report.sheets])):
        _fill_sheet(book.create_sheet(name), report, sheet)
    if report.charts:
        _chart_sheet(book.create_sheet("图表"), report.charts)
    book.save(path)


def sheet_names(names: list[str]) -> list[str]:
    """Names Excel accepts: no []:*?/\\, at most 31 characters, unique.

    >>> sheet_names(["上海市推进污水资源化利用实施方案", "上海市推进污水资源化利用实施方案", "a/b"])
    ['上海市推进污水资源化利用实施方案', '上海市推进污水资源化利用实施方案(2)', 'a_b']
    """
    out: list[str] = []
    for name in names:
        base = SHEET_NAME_BAD.sub("_", name).strip("' ") or "Sheet"
        candidate, n = base[:SHEET_NAME_MAX], 1
        while candidate in out:
            n += 1
            suffix = f"({n})"
            candidate = base[: SHEET_NAME_MAX - len(suffix)] + suffix
        out.append(candidate)
    return out


def _fill_sheet(ws, report: Report, sheet: Sheet) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    width = len(sheet.columns)
    last = get_column_letter(width)
    printed = sum(1 for c in sheet.columns if c.printed)
    title_end = get_column_letter(printed)  # the title centred over the printed page
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)

    ws.merge_cells(f"A1:{title_end}1")
    _put(ws, 1, 1, report.title)
    ws["A1"].font = Font(name="黑体", size=16)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 32
    ws.merge_cells(f"A2:{title_end}2")
    info = report.info_line(sheet)
    _put(ws, 2, 1, info or None)
    ws["A2"].font = Font(name=FONT_NAME, size=10, color="555555")
    ws["A2"].alignment = Alignment(horizontal="right", vertical="center")
    ws.row_dimensions[2].height = 18 if info else 6

    for c, column in enumerate(sheet.columns, 1):
        cell = _put(ws, HEADER_ROW, c, column.header)
        cell.font = Font(name="黑体", size=11)
        cell.fill = PatternFill("solid", fgColor="D9E1F2")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
        ws.column_dimensions[get_column_letter(c)].width = column.width
    ws.row_dimensions[HEADER_ROW].height = 22

    body = Font(name=FONT_NAME, size=BODY_PT)
    marked = Font(name=FONT_NAME, size=BODY_PT, color="C00000")
    section_font = Font(name="黑体", size=BODY_PT)
    sections = sheet.section_before()
    r = FIRST_DATA_ROW
    for i, values in enumerate(sheet.rows):
        if i in sections:
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
            cell = _put(ws, r, 1, sections[i])
            cell.font = section_font
            cell.alignment = Alignment(vertical="center")
            for c in range(1, width + 1):
                ws.cell(r, c).border = border
            ws.row_dimensions[r].height = LINE_HEIGHT + 3
            r += 1
        for c, (column, value) in enumerate(zip(sheet.columns, values), 1):
            cell = _put(ws, r, c, value)
            cell.font = marked if i in sheet.marked else body
            cell.alignment = Alignment(horizontal=column.align, vertical="top" if column.align == "left" else "center",
                                       wrap_text=True)
            cell.border = border
        ws.row_dimensions[r].height = _row_height(values, [c.width for c in sheet.columns])
        r += 1

    ws.freeze_panes = f"A{FIRST_DATA_ROW}"
    if not sections:  # a filter over section rows would sort them among the tasks
        ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{max(HEADER_ROW, r - 1)}"
    _print_setup(ws)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    if printed < width:  # numbers kept for the spreadsheet (目标值 …) stand after the printed columns
        ws.print_area = f"A1:{title_end}{max(HEADER_ROW, r - 1)}"


def _print_setup(ws) -> None:
    """A4 landscape, one page wide (the columns are sized to fit it at 100%), pages numbered."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = MARGIN_IN
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def _put(ws, row: int, column: int, value):
    """Write a cell; text is always typed as text, so a task reading "=HYPERLINK(…)" is shown, never run."""
    cell = ws.cell(row, column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def _row_height(values, widths: list[float]) -> float:
    """Points a row needs so wrapped text shows whole (openpyxl cannot ask Excel to autofit).

    >>> _row_height(("一" * 40, "x"), [60, 10])  # 80 units of text in a 60-wide column: two lines
    30
    """
    lines = 1
    for value, width in zip(values, widths):
        usable = max(width - 1, 1)
        text_lines = sum(max(1, math.ceil(display_width(part) / usable)) for part in cell_text(value).split("\n"))
        lines = max(lines, text_lines)
    return lines * LINE_HEIGHT


def _chart_sheet(ws, charts: tuple[Chart, ...]) -> None:
    """Each chart's numbers in two columns and its bar chart beside them, one chart a page: one
    bar per plan, labelled with the plan, the value axis starting at the chart's axis_min."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.label import DataLabelList
    from openpyxl.styles import Font
    from openpyxl.worksheet.pagebreak import Break

    row = 1
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 10
    for n, chart in enumerate(charts):
        _put(ws, row, 1, chart.title).font = Font(name=FONT_NAME, bold=True)
        ws.cell(row + 1, 1, "规划")
        ws.cell(row + 1, 2, "目标值")
        for i, (label, value) in enumerate(zip(chart.labels, chart.values)):
            _put(ws, row + 2 + i, 1, label)
            ws.cell(row + 2 + i, 2, value)
        last = row + 1 + len(chart.values)
        bar = BarChart()
        bar.type = "bar"  # horizontal: plans' names read on the left
        bar.title = chart.title
        bar.y_axis.title = chart.axis_title
        bar.legend = None
        # openpyxl 3.1 hides both axes unless told otherwise
        bar.x_axis.delete = False
        bar.y_axis.delete = False
        bar.x_axis.scaling.orientation = "maxMin"  # the first plan on top, as in the table
        bar.y_axis.scaling.min = chart.axis_min  # above 0 when the values are close: 14 and 14.5 must differ
        bar.y_axis.majorGridlines = None
        bar.add_data(Reference(ws, min_col=2, min_row=row + 1, max_row=last), titles_from_data=True)
        bar.set_categories(Reference(ws, min_col=1, min_row=row + 2, max_row=last))
        bar.y_axis.crosses = "max"  # with the plans listed top-down, the value scale stays at the bottom
        bar.dataLabels = DataLabelList()
        bar.dataLabels.showVal = True
        bar.dataLabels.showCatName = bar.dataLabels.showSerName = bar.dataLabels.showLegendKey = False
        rows_needed = max(16, math.ceil(len(chart.values) * CHART_ROWS_PER_BAR) + 4)
        bar.height, bar.width = rows_needed * 0.5, 18
        ws.add_chart(bar, f"D{row}")
        row = max(last, row + rows_needed) + 2
        if n < len(charts) - 1:
            ws.row_breaks.append(Break(id=row - 1))  # the next chart starts a page: none is cut in two
    _print_setup(ws)
