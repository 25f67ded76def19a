"""Render the seed texts into government-style sample PDFs for corpus/.

The seeds (../shared/seeds/*.txt) are text extracted from real policy PDFs. This script lays them
out again the way official documents look (GB/T 9704-ish): A4, 16pt body on a 28pt line pitch,
paragraphs indented two characters, text hard-wrapped character by character and justified,
a centred bold title, bold 一、/（一） headings, a running header from page 2 on, "— N —" page
numbers, and markdown tables turned into ruled tables that repeat their header row.

The text itself is kept verbatim: lines of one paragraph are joined with nothing in between and
the seed's own spaces stay ("到 2025 年"), so a reader has the same normalising work to do as
with the real files. Only the markdown markers (** and | --- |) are dropped. Seed 000 is
scrambled on purpose (a bad-extraction sample) and is drawn line by line exactly as it is.

Usage:
    python scripts/make_corpus.py [--seeds DIR] [--out DIR]

Example: 002_07a0d4e7a3a9b226.txt -> corpus/002_zhuhai_carbon_peak_plan.pdf, 31 pages, the
last five holding the 30-row 重点任务分工表 with its header repeated on each page.
Output is byte-for-byte deterministic (reportlab invariant mode), so re-running changes nothing.
"""
from __future__ import annotations

import argparse
import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SEEDS = REPO.parent / "shared" / "seeds"
DEFAULT_OUT = REPO / "corpus"

FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
FONT = "WenQuanYiZenHei"
FALLBACK_FONT = "Helvetica"  # one seed has "„", which wqy-zenhei lacks

# Page geometry of an official document: 37mm top, 28mm binding side, 156 x 225 mm text block.
PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT_MARGIN = 28 * mm
TOP_MARGIN = 37 * mm
TEXT_WIDTH = 156 * mm
TEXT_HEIGHT = 22 * 28  # 22 lines of body text per page

BODY_SIZE = 16  # 三号
BODY_PITCH = 28
TITLE_SIZE = 22  # 二号
TITLE_PITCH = 36
CAPTION_SIZE = 18
HEADER_SIZE = 10.5
FOOTER_SIZE = 14
TABLE_SIZE = 10.5  # 五号
TABLE_LEADING = 15
# The seed-002 task table must run over about five pages (its real-world length), so the
# column widths are tuned for that: 序号, category, task text, responsible units.
TABLE_COL_WIDTHS = [10 * mm, 22 * mm, 72 * mm, 52 * mm]
FAKE_BOLD_STROKE = 0.035  # stroke width as a share of the font size (0.56pt at 16pt)


@dataclass(frozen=True)
class SeedInfo:
    """How one seed becomes a corpus file: ASCII file stem, PDF title, running header."""

    stem: str
    title: str
    header: str
    verbatim: bool = False  # draw each seed line as it is (the scrambled sample)


SEEDS = {
    "000": SeedInfo(
        "000_shenzhen_climate_change_plan_scrambled",
        "深圳市应对气候变化“十四五”规划",
        "深圳市应对气候变化“十四五”规划",
        verbatim=True,
    ),
    "001": SeedInfo(
        "001_shenzhen_pollution_carbon_synergy_plan",
        "深圳市减污降碳协同增效实施方案",
        "深圳市减污降碳协同增效实施方案",
    ),
    "002": SeedInfo(
        "002_zhuhai_carbon_peak_plan",
        "珠海市碳达峰实施方案",
        "珠海市碳达峰实施方案",
    ),
    "003": SeedInfo(
        "003_shenzhen_growth_ecology_article",
        "经济增长与生态质量矛盾的突破：国际实践与深圳路径",
        "经济增长与生态质量矛盾的突破：国际实践与深圳路径",
    ),
    "004": SeedInfo(
        "004_sea_areas_and_shanghai_notices_compilation",
        "重点海域综合治理攻坚战行动方案等政策文件汇编",
        "政策文件汇编",
    ),
}

# --------------------------------------------------------------- text patterns ----
# 一、总体要求
HEADING_1 = re.compile(r"^[一二三四五六七八九十]+、")
# （一）指导思想。
HEADING_2 = re.compile(r"^（[一二三四五六七八九十]+）")
# 第一章 开启应对气候变化新征程 / 第八节增加生态系统碳汇
CHAPTER = re.compile(r"^第[一二三四五六七八九十百]+[章节]")
# 1.严格合理控制煤炭消费。 / 2、提升 5G 室外信号覆盖率 (not "2.4万")
NUMBERED = re.compile(r"^\d+[.．、](?!\d)")
# 图 1 资源依赖型增长模式下的国家普遍存在环境质量问题 / 表 1 2022 年中国 GDP 总量…
FIGURE_CAPTION = re.compile(r"^[图表] ?\d")
# 资料来源：根据《中国城市统计年鉴》… / 来源：文汇报
SOURCE_NOTE = re.compile(r"^(资料)?来源：")
# 来源：生态环境部官网 — closes one item of a compilation
SOURCE_LINE = re.compile(r"^来源：")
# 2023年5月19日 / 2022年 1月 29日
DATE_LINE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
# 环海洋〔2022〕11号
DOC_NUMBER = re.compile(r"^[\u4e00-\u9fff]+〔\d{4}〕\d+号$")
# 重点海域综合治理攻坚战行动方案 (a plan's own title inside a notice)
PLAN_TITLE = re.compile(r"(方案|规划|计划|要点|意见|办法)$")
# | 序号 | 重点任务 | | 主要负责单位 |
TABLE_ROW = re.compile(r"^\|")
# |----|------------|--|--|
TABLE_SEPARATOR = re.compile(r"^\|[\s|:-]+\|?$")

SENTENCE_END = "。！？：；”）"
NO_LINE_START = set("，。、；：？！）》」』”’〕】％%·…,.;:?!)")
NO_LINE_END = set("（《「『“‘〔【(")
ASCII_RUN = re.compile(r"[A-Za-z0-9.%/+\-]{1,12}")


def visual_width(text: str) -> float:
    """Width in CJK character cells: "到 2025 年" -> 4.5 (ASCII counts half)."""
    return sum(0.5 if ord(ch) < 128 else 1.0 for ch in text)


def strip_markdown(text: str) -> str:
    """Drop markdown emphasis: "达到 **95%**以上" -> "达到 95%以上"."""
    return text.replace("**", "")


def is_heading(text: str) -> bool:
    """True for lines that start a heading or numbered item: "（二）主要目标。" -> True."""
    return bool(
        HEADING_1.match(text) or HEADING_2.match(text) or CHAPTER.match(text) or NUMBERED.match(text)
    )


# ------------------------------------------------------------- seed structure ----
@dataclass
class Block:
    """One unit of the laid-out document.

    kind: "title" (centred, bold, large), "doc_number" (centred), "caption" (centred bold, the
    table's title), "para" (indented, justified), "signature" (right-aligned), "line" (one
    verbatim line), "table", "page_break".
    """

    kind: str
    text: str = ""
    bold_upto: int = 0  # number of leading characters drawn bold
    rows: list[list[str]] = field(default_factory=list)  # tables: header row first


def read_seed_lines(text: str) -> list[str | list[str]]:
    """Seed text -> non-blank raw lines, with each run of markdown table lines as one list.

    Table chunks separated only by blank lines are collected in one list, because seed 002
    splits its task table where the original pages broke.
    """
    items: list[str | list[str]] = []
    for raw in text.splitlines():
        if not raw.strip():
            continue
        stripped = raw.strip()
        if TABLE_ROW.match(stripped):
            if items and isinstance(items[-1], list):
                items[-1].append(stripped)
            else:
                items.append([stripped])
        else:
            items.append(raw)
    return items


def parse_table(lines: list[str]) -> list[list[str]]:
    """Markdown table chunks -> rows, header first; repeated chunk headers are dropped.

    "| 3 | | 按省统一部署… | 市发展改革局… |" -> ["3", "", "按省统一部署…", "市发展改革局…"].
    """
    rows: list[list[str]] = []
    for line in lines:
        if TABLE_SEPARATOR.match(line):
            continue
        body = line[1:]
        if body.endswith("|"):
            body = body[:-1]
        cells = [strip_markdown(cell.strip()) for cell in body.split("|")]
        is_header = cells[0] == "序号"
        if is_header and rows:
            continue  # the same header again at the top of the next chunk
        rows.append(cells)
    width = max(len(row) for row in rows)
    return [row + [""] * (width - len(row)) for row in rows]


def paragraph_mode(lines: list[str]) -> str:
    """How paragraph ends are marked in a seed.

    "long": one paragraph per line (except page splits); "trailing": the last line of a
    paragraph keeps a trailing space (seed 004); "width": a line clearly shorter than a full
    line ends its paragraph.
    """
    widths = [visual_width(line.strip()) for line in lines]
    if statistics.median(widths) > 60:
        return "long"
    trailing = sum(1 for line in lines if line != line.rstrip())
    if trailing > 0.15 * len(lines):
        return "trailing"
    return "width"


def join_paragraphs(lines: list[str], mode: str, full_width: float) -> list[str]:
    """Raw seed lines of one stretch of text -> paragraphs, lines joined with nothing between.

    ["为深入贯彻…国务院关", "于碳达峰…"] -> ["为深入贯彻…国务院关于碳达峰…"].
    """
    paragraphs: list[str] = []
    current = ""
    for i, raw in enumerate(lines):
        text = strip_markdown(raw.strip())
        first_line = not current
        current += text
        next_text = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if not next_text or ends_paragraph(raw, text, next_text, mode, full_width, first_line):
            paragraphs.append(current)
            current = ""
    return paragraphs


def ends_paragraph(raw: str, text: str, next_text: str, mode: str, full_width: float, first_line: bool) -> bool:
    """True when the seed line `text` is the last line of its paragraph."""
    if is_heading(next_text) or FIGURE_CAPTION.match(next_text) or SOURCE_NOTE.match(next_text):
        return True
    if FIGURE_CAPTION.match(text):  # a one-line caption, whatever its width
        return True
    if mode == "long":
        # a long line not ending a sentence was cut by a page break in the original
        return visual_width(text) < 40 or text.endswith(tuple(SENTENCE_END))
    if mode == "trailing":
        return raw != raw.rstrip()
    short = full_width - 1.5  # clearly shorter than a full line
    if first_line and (HEADING_1.match(text) or HEADING_2.match(text)) and "。" not in text:
        # a heading runs on only into a short last line ("（二）世界范围内…换取经" + "济增长的情况"),
        # never into a body paragraph's indented first line
        return visual_width(next_text) >= short - 2
    if first_line:
        short -= 2  # a paragraph's first line was indented two characters in the original
    return visual_width(text) < short


def bold_prefix(text: str) -> int:
    """How many leading characters of a paragraph are its bold heading.

    "（一）加强生态环境准入管理。充分衔接…" -> 14; "一、总体要求" -> 6; body text -> 0.
    """
    if not (HEADING_1.match(text) or HEADING_2.match(text) or CHAPTER.match(text)):
        return 0
    stop = text.find("。")
    if 0 <= stop < 40:
        return stop + 1
    return len(text) if visual_width(text) <= 45 else 0


def classify(paragraphs: list[str], at_start: bool) -> list[Block]:
    """Paragraphs -> blocks: titles, signatures, headings (bold prefix) and body text.

    at_start: the paragraphs open the document, so the first one may be its title.
    """
    blocks: list[Block] = []
    new_item = at_start  # the document start, or the paragraph after a compilation's 来源：
    for text in paragraphs:
        short = visual_width(text) <= 20 and not re.search(r"[，。；：〔(（]", text)
        if new_item and not is_heading(text) and visual_width(text) <= 50:
            if blocks:
                blocks.append(Block("page_break"))
            blocks.append(Block("title", text))
        elif blocks and blocks[-1].kind == "title" and short and not DATE_LINE.match(text):
            blocks.append(Block("title", text))  # second line of a two-line title
        elif DOC_NUMBER.match(text):
            blocks.append(Block("doc_number", text))
        elif DATE_LINE.match(text):
            mark_signature(blocks)
            blocks.append(Block("signature", text))
        elif PLAN_TITLE.search(text) and short and not text.startswith("附件"):
            blocks.append(Block("title", text))
        else:
            blocks.append(Block("para", text, bold_upto=bold_prefix(text)))
        new_item = bool(SOURCE_LINE.match(text))
    return blocks


def mark_signature(blocks: list[Block]) -> None:
    """Right-align the issuing bodies just above a date line ("珠海市人民政府")."""
    for block in reversed(blocks):
        short_name = visual_width(block.text) <= 20 and not re.search(r"[，。；：]", block.text)
        if block.kind != "para" or block.bold_upto or not short_name:
            return
        block.kind = "signature"


def seed_blocks(text: str, verbatim: bool) -> list[Block]:
    """Seed file text -> the blocks to lay out."""
    items = read_seed_lines(text)
    if verbatim:
        lines = [item.strip() for item in items if isinstance(item, str)]
        return [Block("line", line, bold_upto=len(line) if CHAPTER.match(line) else 0) for line in lines]
    text_lines = [item for item in items if isinstance(item, str)]
    mode = paragraph_mode(text_lines)
    widths = sorted(visual_width(line.strip()) for line in text_lines)
    full_width = widths[int(len(widths) * 0.75)]
    blocks: list[Block] = []
    stretch: list[str] = []
    for item in items + [None]:
        if isinstance(item, str):
            stretch.append(item)
            continue
        if stretch:
            blocks += classify(join_paragraphs(stretch, mode, full_width), at_start=not blocks)
            stretch = []
        if isinstance(item, list):
            add_table(blocks, parse_table(item))
    return blocks


def add_table(blocks: list[Block], rows: list[list[str]]) -> None:
    """Append a table; a short paragraph just before it becomes its caption on a new page."""
    if blocks and blocks[-1].kind == "para" and visual_width(blocks[-1].text) <= 20:
        caption = blocks.pop().text
        blocks += [Block("page_break"), Block("caption", caption)]
    blocks.append(Block("table", rows=rows))


# -------------------------------------------------------------------- drawing ----
class TextLine(Flowable):
    """One visual line of text: runs of (text, bold) at a fixed line pitch.

    Bold is fake bold (text render mode 2, fill + thin stroke), since the font has no bold face.
    char_space spreads or squeezes the characters so a justified line ends at the margin;
    h_scale (percent) narrows the glyphs of a verbatim line too long for the page.
    """

    def __init__(self, runs, size, pitch, align="left", indent=0.0, char_space=0.0, h_scale=100.0):
        super().__init__()
        self.runs = runs
        self.size = size
        self.pitch = pitch
        self.align = align
        self.indent = indent
        self.char_space = char_space
        self.h_scale = h_scale

    def wrap(self, avail_width, avail_height):
        self.avail_width = avail_width
        return avail_width, self.pitch

    def draw(self):
        text = "".join(run for run, _ in self.runs)
        natural = pdfmetrics.stringWidth(text, FONT, self.size) * self.h_scale / 100
        x = self.indent
        if self.align == "center":
            x = (self.avail_width - natural) / 2
        elif self.align == "right":
            x = self.avail_width - natural - 2 * self.size  # official docs keep 2 chars free
        baseline = self.pitch / 2 - 0.3 * self.size  # centres the 0.8/0.2 ascent/descent box
        self.canv.setLineWidth(self.size * FAKE_BOLD_STROKE)
        text_object = self.canv.beginText(x, baseline)
        text_object.setFont(FONT, self.size)
        text_object.setCharSpace(self.char_space)
        if self.h_scale != 100.0:
            text_object.setHorizScale(self.h_scale)
        for run, bold in self.runs:
            text_object.setTextRenderMode(2 if bold else 0)
            for piece, font in font_pieces(run):
                text_object.setFont(font, self.size)
                text_object.textOut(piece)
        self.canv.drawText(text_object)


def font_pieces(text: str) -> list[tuple[str, str]]:
    """Split text by the font that has its glyphs: wqy-zenhei, else the built-in Helvetica.

    "挖掘„" -> [("挖掘", FONT), ("„", "Helvetica")]; without this a missing glyph would be
    drawn as .notdef and read back as "\x00".
    """
    covered = pdfmetrics.getFont(FONT).face.charToGlyph
    pieces: list[tuple[str, str]] = []
    for ch in text:
        font = FONT if ord(ch) in covered else FALLBACK_FONT
        if pieces and pieces[-1][1] == font:
            pieces[-1] = (pieces[-1][0] + ch, font)
        else:
            pieces.append((ch, font))
    return pieces


def line_units(text: str) -> list[tuple[int, int]]:
    """Break opportunities: each CJK char alone, short ASCII runs ("2025", "14.5%") whole."""
    units = []
    i = 0
    while i < len(text):
        match = ASCII_RUN.match(text, i)
        end = match.end() if match else i + 1
        units.append((i, end))
        i = end
    return units


def wrap_text(text: str, first_width: float, width: float, size: float) -> list[tuple[int, int]]:
    """Hard-wrap text character by character -> (start, end) slices, one per line.

    Closing punctuation and spaces never start a line (they hang and the line is squeezed),
    opening brackets never end one.
    """
    lines = []
    start, used, limit = 0, 0.0, first_width
    for unit_start, unit_end in line_units(text):
        unit = text[unit_start:unit_end]
        unit_width = pdfmetrics.stringWidth(unit, FONT, size)
        if used + unit_width <= limit + 0.01 or unit_start == start:
            used += unit_width
            continue
        if unit[0] in NO_LINE_START or unit.isspace():
            lines.append((start, unit_end))
            start, used = unit_end, 0.0
        else:
            cut = unit_start
            if text[cut - 1] in NO_LINE_END and cut - 1 > start:
                cut -= 1
            lines.append((start, cut))
            start = cut
            used = pdfmetrics.stringWidth(text[cut:unit_end], FONT, size)
        limit = width
    if start < len(text):
        lines.append((start, len(text)))
    return lines


def runs_for(text: str, start: int, end: int, bold_upto: int) -> list[tuple[str, bool]]:
    """Slice [start, end) of a paragraph as (text, bold) runs."""
    runs = []
    if start < bold_upto:
        runs.append((text[start : min(end, bold_upto)], True))
    if end > bold_upto:
        runs.append((text[max(start, bold_upto) : end], False))
    return runs


def paragraph_lines(block: Block, width: float) -> list[TextLine]:
    """A body paragraph -> justified TextLines, first line indented two characters."""
    indent = 2 * BODY_SIZE
    slices = wrap_text(block.text, width - indent, width, BODY_SIZE)
    lines = []
    for n, (start, end) in enumerate(slices):
        line_indent = indent if n == 0 else 0.0
        char_space = 0.0
        if n < len(slices) - 1 and end - start > 1:
            natural = pdfmetrics.stringWidth(block.text[start:end], FONT, BODY_SIZE)
            char_space = (width - line_indent - natural) / (end - start - 1)
            char_space = max(-2.0, min(char_space, 4.0))
        runs = runs_for(block.text, start, end, block.bold_upto)
        lines.append(TextLine(runs, BODY_SIZE, BODY_PITCH, indent=line_indent, char_space=char_space))
    return lines


def centred_lines(text: str, size: float, pitch: float, bold: bool, width: float) -> list[TextLine]:
    """A title wrapped to the width, each line centred."""
    return [
        TextLine([(text[start:end], bold)], size, pitch, align="center")
        for start, end in wrap_text(text, width, width, size)
    ]


def table_flowable(rows: list[list[str]]) -> Table:
    """Rows (header first) -> a ruled Table whose header repeats on every page.

    A header cell left empty continues the cell to its left ("重点任务" spans two columns).
    """
    cell = ParagraphStyle(
        "cell", fontName=FONT, fontSize=TABLE_SIZE, leading=TABLE_LEADING, wordWrap="CJK", alignment=TA_LEFT
    )
    centred = ParagraphStyle("centred", parent=cell, alignment=TA_CENTER)
    data = []
    for r, row in enumerate(rows):
        styles = [centred if (r == 0 or c < 2) else cell for c in range(len(row))]
        data.append([Paragraph(escape(text), style) for text, style in zip(row, styles)])
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.75, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]
    header = rows[0]
    for c in range(1, len(header)):
        if header[c] == "" and header[c - 1] != "":
            commands.append(("SPAN", (c - 1, 0), (c, 0)))
    widths = TABLE_COL_WIDTHS if len(header) == len(TABLE_COL_WIDTHS) else None
    return Table(data, colWidths=widths, repeatRows=1, style=TableStyle(commands))


def escape(text: str) -> str:
    """Paragraph markup escaping: "<“十四五”>" -> "&lt;“十四五”&gt;"."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def flowables_for(blocks: list[Block]) -> list[Flowable]:
    """Blocks -> platypus flowables (one TextLine per visual line, so pages break anywhere)."""
    story: list[Flowable] = []
    for i, block in enumerate(blocks):
        if block.kind == "page_break":
            story.append(PageBreak())
        elif block.kind == "title":
            story += centred_lines(block.text, TITLE_SIZE, TITLE_PITCH, True, TEXT_WIDTH)
            if i + 1 < len(blocks) and blocks[i + 1].kind != "title":
                story.append(Spacer(TEXT_WIDTH, BODY_PITCH))
        elif block.kind == "caption":
            story += centred_lines(block.text, CAPTION_SIZE, TITLE_PITCH, True, TEXT_WIDTH)
            story.append(Spacer(TEXT_WIDTH, 8))
        elif block.kind == "doc_number":
            story += centred_lines(block.text, BODY_SIZE, BODY_PITCH, False, TEXT_WIDTH)
        elif block.kind == "signature":
            story.append(TextLine([(block.text, False)], BODY_SIZE, BODY_PITCH, align="right"))
        elif block.kind == "line":
            story.append(verbatim_line(block))
        elif block.kind == "table":
            story.append(table_flowable(block.rows))
        else:
            story += paragraph_lines(block, TEXT_WIDTH)
    return story


def verbatim_line(block: Block) -> TextLine:
    """One seed line as one PDF line, glyphs narrowed when it is wider than the text block."""
    natural = pdfmetrics.stringWidth(block.text, FONT, BODY_SIZE)
    h_scale = min(100.0, 100.0 * TEXT_WIDTH / natural) if natural else 100.0
    runs = runs_for(block.text, 0, len(block.text), block.bold_upto)
    return TextLine(runs, BODY_SIZE, BODY_PITCH, h_scale=round(h_scale, 2))


def draw_page_furniture(canvas, doc, header: str) -> None:
    """Running header (from page 2) and the centred "— N —" page number."""
    canvas.saveState()
    canvas.setFont(FONT, HEADER_SIZE)
    if doc.page >= 2:
        y = PAGE_HEIGHT - 22 * mm
        canvas.drawCentredString(PAGE_WIDTH / 2, y, header)
        canvas.setLineWidth(0.5)
        canvas.line(LEFT_MARGIN, y - 2.5 * mm, LEFT_MARGIN + TEXT_WIDTH, y - 2.5 * mm)
    canvas.setFont(FONT, FOOTER_SIZE)
    canvas.drawCentredString(PAGE_WIDTH / 2, 22 * mm, f"— {doc.page} —")
    canvas.restoreState()


def build_pdf(blocks: list[Block], info: SeedInfo, path: Path) -> int:
    """Lay the blocks out into an A4 PDF at path; returns the page count."""
    doc = BaseDocTemplate(
        str(path),
        pagesize=A4,
        title=info.title,
        author="PolicyKB sample corpus",
        subject="Rendered from a seed text for testing",
        invariant=1,
    )
    frame = Frame(
        LEFT_MARGIN,
        PAGE_HEIGHT - TOP_MARGIN - TEXT_HEIGHT,
        TEXT_WIDTH,
        TEXT_HEIGHT,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    template = PageTemplate("page", [frame], onPage=lambda c, d: draw_page_furniture(c, d, info.header))
    doc.addPageTemplates([template])
    doc.build(flowables_for(blocks))
    return doc.page


def register_font() -> None:
    """Register wqy-zenhei (face 0 of the TTC); reportlab embeds only the used glyphs."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, FONT_PATH, subfontIndex=0))


def seed_info(seed: Path) -> SeedInfo:
    """Known seeds get their descriptive name; others keep their stem and first line as title."""
    known = SEEDS.get(seed.name[:3])
    if known:
        return known
    first = next(line.strip() for line in seed.read_text(encoding="utf-8").splitlines() if line.strip())
    return SeedInfo(seed.stem, first[:40], first[:20])


def make_corpus(seeds_dir: Path, out_dir: Path) -> list[tuple[Path, int]]:
    """Render every seeds_dir/*.txt into out_dir; returns (pdf path, page count) pairs."""
    rl_config.invariant = 1
    register_font()
    out_dir.mkdir(parents=True, exist_ok=True)
    made = []
    for seed in sorted(seeds_dir.glob("*.txt")):
        info = seed_info(seed)
        blocks = seed_blocks(seed.read_text(encoding="utf-8"), info.verbatim)
        path = out_dir / f"{info.stem}.pdf"
        made.append((path, build_pdf(blocks, info, path)))
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="folder of seed .txt files")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for the PDFs")
    args = parser.parse_args()
    for path, pages in make_corpus(args.seeds, args.out):
        print(f"{path.name}: {pages} pages, {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
