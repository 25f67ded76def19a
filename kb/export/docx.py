"""Reports as Word documents (python-docx) laid out like an official 分工表: A4 landscape, a 宋体
title, the date, and a ruled table in 仿宋 with a 黑体 header row repeated on every page.

Word picks the font for Chinese characters from w:eastAsia, not from the font name python-docx
sets, so every run gets both.
"""
from __future__ import annotations

from pathlib import Path

from .report import Report, Sheet, cell_text

TITLE_FONT = "宋体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋"
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 297, 210  # A4 landscape
MARGIN_MM = 20
OVERDUE_RGB = (0xC0, 0x00, 0x00)


def write_docx(report: Report, path: Path) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    doc = Document()
    doc.core_properties.title = report.title
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(MARGIN_MM))

    normal = doc.styles["Normal"]
    normal.font.size = Pt(10.5)
    set_east_asian_font(normal.element, BODY_FONT)

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(title, report.title, TITLE_FONT, 18, bold=True)
    info = doc.add_paragraph()
    info.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(info, report.info_line(), BODY_FONT, 12)

    usable_mm = PAGE_WIDTH_MM - 2 * MARGIN_MM
    for sheet in report.sheets:
        if len(report.sheets) > 1:
            heading = doc.add_paragraph()
            heading.paragraph_format.space_before = Pt(12)
            _run(heading, f"{sheet.caption}（{len(sheet.rows)}项）", HEADING_FONT, 14)
        _add_table(doc, sheet, usable_mm)
    doc.save(str(path))


def set_east_asian_font(element, name: str) -> None:
    """Set w:rFonts/@w:eastAsia (plus ascii/hAnsi) on a run or style element."""
    from docx.oxml.ns import qn

    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attribute), name)


def _run(paragraph, text: str, font: str, size: float, bold: bool = False, rgb: tuple[int, int, int] | None = None):
    from docx.shared import Pt, RGBColor

    run = paragraph.add_run(text)  # "\n" in text becomes a line break
    run.font.size = Pt(size)
    run.font.bold = bold
    if rgb:
        run.font.color.rgb = RGBColor(*rgb)
    set_east_asian_font(run._element, font)
    return run


def _add_table(doc, sheet: Sheet, usable_mm: float) -> None:
    from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    table = doc.add_table(rows=1, cols=len(sheet.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    total = sum(c.width for c in sheet.columns)
    widths = [Mm(usable_mm * c.width / total) for c in sheet.columns]
    for column, width in zip(table.columns, widths):
        column.width = width  # the table grid: LibreOffice reads widths from here

    header = table.rows[0]
    _repeat_as_header(header)
    for cell, column, width in zip(header.cells, sheet.columns, widths):
        cell.width = width  # Word reads widths from each cell
        cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(paragraph, column.header, HEADING_FONT, 10.5, bold=True)

    for i, values in enumerate(sheet.rows):
        rgb = OVERDUE_RGB if i in sheet.marked else None
        for cell, column, width, value in zip(table.add_row().cells, sheet.columns, widths, values):
            cell.width = width
            cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if column.align == "center" else WD_ALIGN_PARAGRAPH.LEFT
            _run(paragraph, cell_text(value), BODY_FONT, 10.5, rgb=rgb)


def _repeat_as_header(row) -> None:
    """Mark a table row as the header Word and LibreOffice repeat at the top of each page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(mark)
