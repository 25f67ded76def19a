"""Reports as Word documents (python-docx) laid out like an official 分工表: A4 landscape, the
title in 方正小标宋 (宋体 where it is missing), a ruled table in 仿宋_GB2312 (仿宋) with a 黑体
header row repeated on every page, section rows across the table, about ten tasks a page.

Word picks the font for Chinese characters from w:eastAsia, not from the font name python-docx
sets, so every run gets both; the fonts official documents use are declared with the font a
machine without them should use instead (fontTable's w:altName), as Word and WPS read it.
"""
from __future__ import annotations

from pathlib import Path

from .report import Report, Sheet, cell_text, display_width

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋_GB2312"
# fonts a machine may lack → the font to use instead (Windows, WPS and most 信创 systems have these)
FALLBACK_FONTS = {"方正小标宋简体": "宋体", "仿宋_GB2312": "仿宋"}
TITLE_PT, BODY_PT, HEADER_PT = 18, 12, 12  # 二号 is the rule for a document's title, a table's smaller; 小四 body
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 297, 210  # A4 landscape
MARGIN_MM = 20
ROW_PADDING_PT = 2  # above and below a row's text
CELL_MARGIN_MM = 1.2
MAX_CENTRED = 16  # width units a centred column may take; longer cells ("“十四五”期间") wrap  # left and right inside each cell (Word's default 1.9 mm wraps "2020" in narrow columns)
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
    _declare_fallback_fonts(doc)

    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    set_east_asian_font(normal.element, BODY_FONT)

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(6)
    _run(title, report.title, TITLE_FONT, TITLE_PT)
    if report.info_line():
        info = doc.add_paragraph()
        info.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(info, report.info_line(), BODY_FONT, 10.5)

    usable_mm = PAGE_WIDTH_MM - 2 * MARGIN_MM
    for sheet in report.sheets:
        if len(report.sheets) > 1:
            heading = doc.add_paragraph()
            heading.paragraph_format.space_before = Pt(12)
            _run(heading, f"{sheet.caption}（{len(sheet.rows)}项）", HEADING_FONT, 14)
        _add_table(doc, sheet.printed(), usable_mm)
    doc.save(str(path))


def set_east_asian_font(element, name: str) -> None:
    """Set w:rFonts/@w:eastAsia (plus ascii/hAnsi) on a run or style element."""
    from docx.oxml.ns import qn

    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attribute), name)


def _declare_fallback_fonts(doc) -> None:
    """Declare 方正小标宋简体 / 仿宋_GB2312 in the font table with the font to use where they are missing."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    part = next((p for p in doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml"), None)
    if part is None:
        return
    table = parse_xml(part.blob)
    for name, instead in FALLBACK_FONTS.items():
        table.append(parse_xml(f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{instead}"/>'
                               f'<w:charset w:val="86"/><w:family w:val="modern"/></w:font>'))
    from lxml import etree

    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


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
    from docx.shared import Mm, Pt

    table = doc.add_table(rows=1, cols=len(sheet.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _cell_margins(table, CELL_MARGIN_MM)
    widths = [Mm(w) for w in column_widths_mm(sheet, usable_mm)]
    for column, width in zip(table.columns, widths):
        column.width = width  # the table grid: LibreOffice reads widths from here

    header = table.rows[0]
    _repeat_as_header(header)
    for cell, column, width in zip(header.cells, sheet.columns, widths):
        cell.width = width  # Word reads widths from each cell
        cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(paragraph, column.header, HEADING_FONT, HEADER_PT)

    sections = sheet.section_before()
    for i, values in enumerate(sheet.rows):
        if i in sections:
            _section_row(table, sections[i])
        rgb = OVERDUE_RGB if i in sheet.marked else None
        cells = table.add_row().cells
        _keep_whole(table.rows[-1])
        for cell, column, width, value in zip(cells, sheet.columns, widths, values):
            cell.width = width
            cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if column.align == "center" else WD_ALIGN_PARAGRAPH.LEFT
            paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(ROW_PADDING_PT)
            _run(paragraph, cell_text(value), BODY_FONT, BODY_PT, rgb=rgb)


def column_widths_mm(sheet: Sheet, usable_mm: float, pt: float = BODY_PT) -> list[float]:
    """Column widths across the page: a centred column (序号, 目标年, 页码) as wide as its longest
    cell or header needs, so "2020" never wraps to "202/0"; the text columns share the rest in
    proportion to their widths.

    >>> from .report import Column
    >>> sheet = Sheet("t", (Column("序号", 6, "center"), Column("重点任务", 60), Column("完成时限", 14, "center")),
    ...               ((1, "推进工作", "2025年底前"),))
    >>> [round(w) for w in column_widths_mm(sheet, 257)]
    [13, 218, 27]
    """
    unit_mm = pt * 25.4 / 72 / 2  # an Excel width unit: half a Chinese character at this size
    need = [min(MAX_CENTRED, max([display_width(column.header), *(display_width(cell_text(row[i])) for row in sheet.rows)]))
            if column.align == "center" else 0 for i, column in enumerate(sheet.columns)]
    fixed = [n * unit_mm * 1.1 + 2 * CELL_MARGIN_MM + 1 if n else 0.0 for n in need]
    rest = usable_mm - sum(fixed)
    text = sum(c.width for c, n in zip(sheet.columns, need) if not n)
    return [f if n else rest * c.width / text for c, f, n in zip(sheet.columns, fixed, need)]


def _section_row(table, title: str) -> None:
    """A row across the table holding a section's title (一、能源绿色低碳转型行动)."""
    row = table.add_row()
    _keep_whole(row)
    merged = row.cells[0].merge(row.cells[-1])
    merged.paragraphs[0].paragraph_format.keep_with_next = True  # never alone at the foot of a page
    _run(merged.paragraphs[0], title, HEADING_FONT, BODY_PT)


def _cell_margins(table, mm: float) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    twips = round(mm / 25.4 * 1440)
    margins = parse_xml(f'<w:tblCellMar {nsdecls("w")}><w:left w:w="{twips}" w:type="dxa"/>'
                        f'<w:right w:w="{twips}" w:type="dxa"/></w:tblCellMar>')
    table._tbl.tblPr.append(margins)


def _keep_whole(row) -> None:
    """A task's row is never split across two pages."""
    from docx.oxml import OxmlElement

    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _repeat_as_header(row) -> None:
    """Mark a table row as the header Word and LibreOffice repeat at the top of each page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(mark)
