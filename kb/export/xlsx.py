"""Reports as Excel workbooks (openpyxl): a title row, an info row, a bold frozen header, wrapped cells.

Row 1 is the title, row 2 the caption/date/count line, row 3 the header, data from row 4. Each Sheet
becomes a worksheet; charts go on a worksheet of their own (图表) next to the numbers they draw.
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
# Characters Excel does not allow in a sheet name
SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31


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
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)

    ws.merge_cells(f"A1:{last}1")
    _put(ws, 1, 1, report.title)
    ws["A1"].font = Font(name=FONT_NAME, size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 32
    ws.merge_cells(f"A2:{last}2")
    _put(ws, 2, 1, report.info_line(sheet))
    ws["A2"].font = Font(name=FONT_NAME, size=10, color="555555")
    ws["A2"].alignment = Alignment(horizontal="right", vertical="center")

    for c, column in enumerate(sheet.columns, 1):
        cell = _put(ws, HEADER_ROW, c, column.header)
        cell.font = Font(name=FONT_NAME, size=11, bold=True)
        cell.fill = PatternFill("solid", fgColor="D9E1F2")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
        ws.column_dimensions[get_column_letter(c)].width = column.width
    ws.row_dimensions[HEADER_ROW].height = 22

    body = Font(name=FONT_NAME, size=10.5)
    overdue = Font(name=FONT_NAME, size=10.5, color="C00000")
    for i, values in enumerate(sheet.rows):
        r = FIRST_DATA_ROW + i
        for c, (column, value) in enumerate(zip(sheet.columns, values), 1):
            cell = _put(ws, r, c, value)
            cell.font = overdue if i in sheet.marked else body
            cell.alignment = Alignment(horizontal=column.align, vertical="top" if column.align == "left" else "center",
                                       wrap_text=True)
            cell.border = border
        ws.row_dimensions[r].height = _row_height(values, [c.width for c in sheet.columns])

    ws.freeze_panes = f"A{FIRST_DATA_ROW}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{max(HEADER_ROW, HEADER_ROW + len(sheet.rows))}"
    # Printed on A4 landscape, one page wide, header repeated on each page
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


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
    """Each chart's numbers in two columns, the bar chart beside them."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font

    row = 1
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 12
    for chart in charts:
        _put(ws, row, 1, chart.title).font = Font(name=FONT_NAME, bold=True)
        ws.cell(row + 1, 1, "规划")
        ws.cell(row + 1, 2, "目标值")
        for i, (label, value) in enumerate(zip(chart.labels, chart.values)):
            _put(ws, row + 2 + i, 1, label)
            ws.cell(row + 2 + i, 2, value)
        last = row + 1 + len(chart.values)
        bar = BarChart()
        bar.type = "col"
        bar.title = chart.title
        bar.y_axis.title = chart.axis_title
        bar.legend = None
        # openpyxl 3.1 hides both axes unless told otherwise
        bar.x_axis.delete = False
        bar.y_axis.delete = False
        bar.y_axis.scaling.min = 0  # bars start at zero, or 37.4 vs 32.2 looks like a factor of three
        bar.add_data(Reference(ws, min_col=2, min_row=row + 1, max_row=last), titles_from_data=True)
        bar.set_categories(Reference(ws, min_col=1, min_row=row + 2, max_row=last))
        bar.height, bar.width = 7.5, 16
        ws.add_chart(bar, f"D{row}")
        # a chart 7.5 cm high covers about 15 rows; keep the next block below it
        row = max(last, row + 15) + 2
