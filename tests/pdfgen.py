"""Build small test PDFs (and broken non-PDFs) at test time.

Each builder writes one file to the path it is given and returns that path, so a test reads:

    pdf = out_of_order_pdf(tmp_path / "scrambled.pdf", ["一、总体要求", "到 2025 年，单位GDP能耗下降14.5%。"])

Chinese text is drawn with the wqy-zenhei TrueType font when it is installed (embedded as a
subset, like real Word/WPS exports) and with reportlab's built-in CID font STSong-Light
otherwise (not embedded; pdfplumber and pypdfium2 both still extract its text correctly).

Builders:
    out_of_order_pdf(path, lines)        content stream order differs from reading order
    fake_bold_pdf(path, text)            every line drawn twice, 0.4pt apart (doubled chars)
    paged_text_pdf(path, paragraphs, header, footer_style)   running header + page numbers
    ruled_table_pdf(path, header, rows, repeat_header, rows_per_page)   ruled table over pages
    gapped_table_pdf(path, gap)          a 2×2 ruled table whose "基准 年" has `gap` points before 年
    shapes_pdf(path)                     lines, rectangles, closed and open polygons, curves, CJK text
    encrypted_pdf(path)                  needs the user password "secret" to open
    truncated_pdf(path)                  a valid PDF cut in half
    html_as_pdf(path)                    an HTML page saved with a .pdf name
    empty_file(path)                     zero bytes
    image_only_pdf(path, pages=3)        scanned-looking pages: raster image, no text layer
    surrogate_pdf(path)                  a font mapping glyphs to a character outside the BMP and to a lone surrogate
    big_pdf(path, pages=500)             many pages of ordinary Chinese paragraphs, fast
    scanned_copy(source, path, pages)    a noisy, slightly turned scan (optionally sealed) of a PDF's pages
    retypeset_pdf(path, paragraphs, …)   real PDFs' quirks: high page numbers, mirrored margins, tail wraps, footnotes
"""
from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

from reportlab.lib import colors, pdfencrypt
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

CJK_TTF_PATH = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
TTF_FONT = "WenQuanYiZenHei"
CID_FONT = "STSong-Light"

PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT = 28 * mm
TOP = PAGE_HEIGHT - 37 * mm  # baseline area starts below a 37mm top margin
TEXT_WIDTH = 156 * mm
BODY_SIZE = 16
LINE_PITCH = 28
LINES_PER_PAGE = 22
FOOTER_STYLES = ("— {n} —", "- {n} -", "第{n}页", "{n}/{total}")
USER_PASSWORD = "secret"

SAMPLE_SENTENCES = (
    "到 2025 年，单位地区生产总值能源消耗比 2020 年下降 14.5%，单位地区生产总值二氧化碳排放完成省下达目标。",
    "加快构建清洁低碳安全高效的能源体系，大力发展海上风电和分布式光伏。（市发展改革局牵头，市工业和信息化局参与）",
    "2025 年底前，全市公共机构新能源汽车占比达到 30% 以上，充电基础设施覆盖所有党政机关。",
    "“十四五”期间，累计完成营造林 10 万亩，森林覆盖率稳定在 37% 以上。",
    "严格控制高耗能高排放项目盲目发展，对在建项目实施清单管理、分类处置、动态监控。",
    "推动交通运输工具装备低碳转型，积极推广新能源和清洁能源车辆。（责任单位：市交通运输局）",
)


# ---------------------------------------------------------------- fonts ----
def cjk_font() -> str:
    """Register and return the Chinese font to draw with: "WenQuanYiZenHei" or "STSong-Light".

    Set CJK_TTF_PATH to a missing file to force the built-in CID font.
    """
    if Path(CJK_TTF_PATH).exists():
        if TTF_FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(TTF_FONT, CJK_TTF_PATH, subfontIndex=0))
        return TTF_FONT
    if CID_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))
    return CID_FONT


def wrap_chars(text: str, font: str, size: float, width: float, first_indent: float = 0.0) -> list[str]:
    """Hard-wrap text character by character, nothing inserted.

    wrap_chars("一二三四五", font, 16, 48) -> ["一二三", "四五"].
    """
    lines: list[str] = []
    current, used, limit = "", 0.0, width - first_indent
    for ch in text:
        ch_width = pdfmetrics.stringWidth(ch, font, size)
        if current and used + ch_width > limit:
            lines.append(current)
            current, used, limit = "", 0.0, width
        current += ch
        used += ch_width
    if current:
        lines.append(current)
    return lines


def split_runs(line: str, parts: int) -> list[str]:
    """Cut a line into `parts` consecutive non-empty pieces: ("一二三四五", 2) -> ["一二", "三四五"]."""
    parts = max(1, min(parts, len(line)))
    bounds = [round(i * len(line) / parts) for i in range(parts + 1)]
    return [line[bounds[i] : bounds[i + 1]] for i in range(parts)]


# -------------------------------------------------------------- builders ----
def out_of_order_pdf(path: Path, lines: list[str], seed: int = 7) -> Path:
    """One page whose text pieces are written in shuffled content-stream order.

    Each line is cut into 2 or 3 runs and every run is placed at its correct position, so the
    page looks normal and position-sorted characters read back as `lines`, while an extractor
    that follows the content stream (pypdfium2 get_text_range, pdfplumber use_text_flow=True)
    returns the pieces scrambled. Lines are 16pt, 28pt apart, from 37mm below the top edge.

    out_of_order_pdf(p, ["一、总体要求", "到 2025 年，单位GDP能耗下降14.5%。"]) -> p
    """
    font = cjk_font()
    pieces = []  # (x, y, text) in reading order
    for number, line in enumerate(lines):
        y = TOP - number * LINE_PITCH
        x = LEFT
        for run in split_runs(line, 2 + number % 2):
            pieces.append((x, y, run))
            x += pdfmetrics.stringWidth(run, font, BODY_SIZE)
    drawn = pieces[:]
    random.Random(seed).shuffle(drawn)
    if drawn == pieces:  # a shuffle may happen to keep the order; reversing never does for 2+
        drawn.reverse()
    page = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    page.setFont(font, BODY_SIZE)
    for x, y, text in drawn:
        page.drawString(x, y, text)
    page.save()
    return Path(path)


def fake_bold_pdf(path: Path, text: str, offset: float = 0.4) -> Path:
    """Text whose every line is drawn twice, the copy shifted right by `offset` points.

    This is how some Word/WPS exports fake a bold face: a naive extractor sees each character
    twice ("总总体体要要求求"). The lines are drawn in order, each followed by its copy.

    fake_bold_pdf(p, "一、总体要求") -> p
    """
    font = cjk_font()
    page = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    page.setFont(font, BODY_SIZE)
    for number, line in enumerate(wrap_chars(text, font, BODY_SIZE, TEXT_WIDTH)):
        y = TOP - number * LINE_PITCH
        page.drawString(LEFT, y, line)
        page.drawString(LEFT + offset, y, line)
    page.save()
    return Path(path)


def paged_text_pdf(
    path: Path,
    paragraphs: list[str],
    header: str | None = None,
    footer_style: str = "— {n} —",
    lines_per_page: int = LINES_PER_PAGE,
) -> Path:
    """Body text hard-wrapped over as many pages as it needs, with header and page numbers.

    Paragraphs are indented two characters and wrapped character by character (about 27 per
    line at 16pt); a paragraph simply continues on the next page when the page is full.
    header, when given, is drawn small and centred at the top of every page. footer_style is
    one of FOOTER_STYLES, e.g. "第{n}页" -> "第3页", "{n}/{total}" -> "3/5".

    paged_text_pdf(p, ["为深入贯彻……"] * 20, header="珠海市碳达峰实施方案", footer_style="- {n} -") -> p
    """
    if footer_style not in FOOTER_STYLES:
        raise ValueError(f"footer_style must be one of {FOOTER_STYLES}, not {footer_style!r}")
    font = cjk_font()
    lines: list[tuple[str, float]] = []  # (text, x indent)
    for paragraph in paragraphs:
        wrapped = wrap_chars(paragraph, font, BODY_SIZE, TEXT_WIDTH, first_indent=2 * BODY_SIZE)
        lines += [(line, 2 * BODY_SIZE if i == 0 else 0.0) for i, line in enumerate(wrapped)]
    pages = [lines[i : i + lines_per_page] for i in range(0, len(lines), lines_per_page)] or [[]]
    doc = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for number, page_lines in enumerate(pages, start=1):
        if header:
            doc.setFont(font, 10.5)
            doc.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 22 * mm, header)
        doc.setFont(font, BODY_SIZE)
        for row, (line, indent) in enumerate(page_lines):
            doc.drawString(LEFT + indent, TOP - row * LINE_PITCH, line)
        doc.setFont(font, 14)
        doc.drawCentredString(PAGE_WIDTH / 2, 22 * mm, footer_style.format(n=number, total=len(pages)))
        doc.showPage()
    doc.save()
    return Path(path)


def ruled_table_pdf(
    path: Path,
    header: list[str],
    rows: list[list[str | None]],
    repeat_header: bool = True,
    rows_per_page: int | None = None,
) -> Path:
    """A ruled (GRID) table with CJK cell text, running over pages.

    rows: "" is an empty cell; None merges the cell with the one above it (a vertical SPAN,
    drawn as one cell over both rows, as in "same unit as above" columns). A None in the first
    row of a page has nothing above it to merge with and is drawn as an empty cell.
    repeat_header: repeat the header row at the top of every page.
    rows_per_page: put exactly this many data rows on each page; None lets the table fill the
    page and split where it runs out of room.

    ruled_table_pdf(p, ["序号", "重点任务", "责任单位"], [["1", "推广绿色建筑", "市住房城乡建设局"],
                    ["2", "全面推行绿色施工", None]], repeat_header=True, rows_per_page=None) -> p
    """
    font = cjk_font()
    style = ParagraphStyle("cell", fontName=font, fontSize=10.5, leading=15, wordWrap="CJK")
    pages = [rows] if rows_per_page is None else [rows[i : i + rows_per_page] for i in range(0, len(rows), rows_per_page)]
    widths = _column_widths(header, rows)
    story = []
    for number, page_rows in enumerate(pages):
        with_header = number == 0 or repeat_header
        repeat_rows = repeat_header and rows_per_page is None
        story.append(_table(header, page_rows, style, widths, with_header, repeat_rows))
        if number < len(pages) - 1:
            story.append(PageBreak())
    doc = SimpleDocTemplate(
        str(path), pagesize=A4, leftMargin=LEFT, rightMargin=PAGE_WIDTH - LEFT - TEXT_WIDTH, invariant=1
    )
    doc.build(story)
    return Path(path)


def gapped_table_pdf(path: Path, gap: float, first: str = "基准", second: str = "年") -> Path:
    """A two-by-two ruled table whose last cell is `first` and `second` drawn `gap` points apart
    (12 pt type): Word sets a quarter em between runs, 3 pt, exactly pdfplumber's tolerance for a
    word break.

    gapped_table_pdf(p, 3.0) -> p
    """
    font, size = cjk_font(), 12
    page = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    left, top, width, height = LEFT, TOP, 120.0, 30.0
    for row in range(3):
        page.line(left, top - row * height, left + 2 * width, top - row * height)
    for column in range(3):
        page.line(left + column * width, top, left + column * width, top - 2 * height)
    page.setFont(font, size)
    for row, (name, before, after) in enumerate([("项目", "说明", ""), ("基准年", first, second)]):
        baseline = top - (row + 1) * height + 10
        page.drawString(left + 6, baseline, name)
        page.drawString(left + width + 6, baseline, before)
        page.drawString(left + width + 6 + pdfmetrics.stringWidth(before, font, size) + gap, baseline, after)
    page.save()
    return Path(path)


def shapes_pdf(path: Path) -> Path:
    """Every kind of path pdfminer tells apart (a line, `re`, a polygon closed by h or by a line
    back to its start, an open one, a curve, two subpaths in one path), stroked and filled, and a
    line of Chinese text at 12 pt.

    shapes_pdf(p) -> p
    """
    page = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    page.line(LEFT, 700, LEFT + 200, 700)
    page.line(LEFT, 690, LEFT, 600)
    page.line(LEFT + 20, 690, LEFT + 60, 650)  # slanted: pdfplumber calls it vertical
    page.rect(LEFT + 80, 600, 100, 60, stroke=1, fill=0)
    page.rect(LEFT + 200, 600, 50, 30, stroke=0, fill=1)
    for close_with_line in (False, True):
        shape = page.beginPath()
        x = LEFT + 300 + 60 * close_with_line
        shape.moveTo(x, 600)
        shape.lineTo(x + 40, 600)
        shape.lineTo(x + 40, 640)
        shape.lineTo(x, 640)
        if close_with_line:
            shape.lineTo(x, 600)
        shape.close()
        page.drawPath(shape)
    shape = page.beginPath()
    shape.moveTo(LEFT, 550)
    shape.lineTo(LEFT + 50, 550)
    shape.lineTo(LEFT + 50, 520)  # open: a curve to pdfminer
    shape.moveTo(LEFT + 100, 550)
    shape.curveTo(LEFT + 120, 580, LEFT + 160, 580, LEFT + 180, 550)
    shape.lineTo(LEFT + 180, 520)
    page.drawPath(shape)
    page.setFont(cjk_font(), 12)
    page.drawString(LEFT, 480, "重点任务分工表，单位地区生产总值能耗")
    page.save()
    return Path(path)


def _column_widths(header: list[str], rows: list[list[str | None]]) -> list[float]:
    """Share the text width by the longest text per column (2 to 20 characters, plus padding)."""
    columns = zip(header, *rows)
    weights = [min(max(len(cell or "") for cell in column), 20) + 2 for column in columns]
    return [TEXT_WIDTH * weight / sum(weights) for weight in weights]


def _table(header, rows, style, widths, with_header: bool, repeat_rows: bool) -> Table:
    """One platypus Table: GRID everywhere, None cells spanned into the cell above."""
    data = ([header] if with_header else []) + [list(row) for row in rows]
    first_data = 1 if with_header else 0
    commands = [("GRID", (0, 0), (-1, -1), 0.75, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    for r in range(first_data, len(data)):
        for c, cell in enumerate(data[r]):
            if cell is None and r > first_data:
                start = r - 1
                while data[start][c] is None and start > first_data:
                    start -= 1
                commands.append(("SPAN", (c, start), (c, r)))
    cells = [[Paragraph(_escape(cell or ""), style) for cell in row] for row in data]
    repeat = 1 if (with_header and repeat_rows) else 0
    return Table(cells, colWidths=widths, repeatRows=repeat, style=TableStyle(commands))


def _escape(text: str) -> str:
    """Paragraph markup escaping: "<a & b>" -> "&lt;a &amp; b&gt;"."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def encrypted_pdf(path: Path, text: str = "珠海市碳达峰实施方案") -> Path:
    """A one-page PDF that opens only with the user password "secret" (USER_PASSWORD).

    encrypted_pdf(p) -> p; pypdfium2.PdfDocument(p) raises, PdfDocument(p, password="secret") opens.
    """
    font = cjk_font()
    encrypt = pdfencrypt.StandardEncryption(USER_PASSWORD, ownerPassword="owner-" + USER_PASSWORD)
    page = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt, invariant=1)
    page.setFont(font, BODY_SIZE)
    page.drawString(LEFT, TOP, text)
    page.save()
    return Path(path)


def truncated_pdf(path: Path) -> Path:
    """The first half of a valid 3-page PDF: header present, xref and trailer missing.

    truncated_pdf(p) -> p (starts with b"%PDF-", no b"%%EOF").
    """
    paged_text_pdf(path, list(SAMPLE_SENTENCES) * 6, header="测试文件")
    data = Path(path).read_bytes()
    Path(path).write_bytes(data[: len(data) // 2])
    return Path(path)


def html_as_pdf(path: Path) -> Path:
    """An HTML page saved under a .pdf name (what a failed download often leaves behind)."""
    html = (
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
        "<title>珠海市人民政府关于印发珠海市碳达峰实施方案的通知</title></head>\n"
        "<body><h1>页面不存在或已被删除</h1><p>请返回首页继续浏览。</p></body></html>\n"
    )
    Path(path).write_text(html, encoding="utf-8")
    return Path(path)


def empty_file(path: Path) -> Path:
    """A zero-byte file."""
    Path(path).write_bytes(b"")
    return Path(path)


def image_only_pdf(path: Path, pages: int = 3) -> Path:
    """Scan-like pages: one grey raster image each with Chinese text painted on, no text layer.

    pdfplumber finds no chars on any page; the pictures still read "第 N 页 …" to a human.
    """
    from PIL import Image, ImageDraw, ImageFont  # Pillow ships with reportlab

    try:
        font = ImageFont.truetype(CJK_TTF_PATH, 28, index=0)
    except OSError:
        font = ImageFont.load_default()  # no CJK glyphs, but still an image without text layer
    doc = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for number in range(1, pages + 1):
        image = Image.new("L", (827, 1169), 245)  # A4 at 100 dpi, off-white like a scan
        draw = ImageDraw.Draw(image)
        draw.text((110, 140), f"第 {number} 页  重点海域综合治理攻坚战行动方案", fill=20, font=font)
        for row, sentence in enumerate(SAMPLE_SENTENCES):
            draw.text((110, 220 + row * 60), sentence[:24], fill=30, font=font)
        doc.drawImage(ImageReader(image), 0, 0, width=PAGE_WIDTH, height=PAGE_HEIGHT)
        doc.showPage()
    doc.save()
    return Path(path)


def big_pdf(path: Path, pages: int = 500) -> Path:
    """Many pages of ordinary Chinese policy paragraphs with "— N —" page numbers.

    Each page has a numbered heading and body lines built from SAMPLE_SENTENCES, with the page
    number worked into the text so pages differ. 500 pages build in a few seconds.
    """
    font = cjk_font()
    doc = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for number in range(1, pages + 1):
        text = "".join(SAMPLE_SENTENCES[(number + i) % len(SAMPLE_SENTENCES)] for i in range(4))
        body = f"第{number}条 各区各部门要按照本方案要求落实第 {number} 项任务。" + text
        lines = wrap_chars(body, font, BODY_SIZE, TEXT_WIDTH, first_indent=2 * BODY_SIZE)
        doc.setFont(font, BODY_SIZE)
        doc.drawString(LEFT, TOP, f"（{number}）重点任务")
        for row, line in enumerate(lines[: LINES_PER_PAGE - 1], start=1):
            indent = 2 * BODY_SIZE if row == 1 else 0.0
            doc.drawString(LEFT + indent, TOP - row * LINE_PITCH, line)
        doc.setFont(font, 14)
        doc.drawCentredString(PAGE_WIDTH / 2, 22 * mm, f"— {number} —")
        doc.showPage()
    doc.save()
    return Path(path)


# ------------------------------------------------------------------- hostile ----
def _raw_pdf(content: bytes, filters: str = "") -> bytes:
    """A one-page PDF written by hand around a content stream (`filters`: its /Filter entry)."""
    stream_dict = b"<< /Length %d %s>>" % (len(content), (b"/Filter " + filters.encode() + b" ") if filters else b"")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
               stream_dict + b"\nstream\n" + content + b"\nendstream"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def decompression_bomb_pdf(path: Path, megabytes: int = 800) -> Path:
    """A PDF of about 2 KB whose page content inflates to `megabytes` of spaces (deflated twice)."""
    import zlib

    inner = zlib.compressobj(9)
    once = b"".join(inner.compress(b" " * 2**20) for _ in range(megabytes)) + inner.flush()
    Path(path).write_bytes(_raw_pdf(zlib.compress(once, 9), "[/FlateDecode /FlateDecode]"))
    return Path(path)


def many_lines_pdf(path: Path, segments: int = 100_000) -> Path:
    """A PDF page ruled by `segments` long hairlines, across and down: a "table" whose grid
    pdfplumber's table finder needs gigabytes to resolve."""
    import zlib

    def line(i: int) -> bytes:
        at = 50 + (i // 2) % 500
        return b"%d 60 m %d 780 l S\n" % (at, at) if i % 2 else b"50 %d m 545 %d l S\n" % (at + 100, at + 100)

    Path(path).write_bytes(_raw_pdf(zlib.compress(b"0.1 w\n" + b"".join(line(i) for i in range(segments)), 9), "/FlateDecode"))
    return Path(path)


def docx_zip_bomb(path: Path, megabytes: int = 2000) -> Path:
    """A .docx of about a megabyte or less whose document part unpacks to `megabytes`."""
    import zipfile

    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            block = b" " * 2**20
            for _ in range(megabytes):
                part.write(block)
    return Path(path)


def scanned_copy(source: Path, path: Path, pages: Sequence[int] = (1,), dpi: int = 150, angle: float = 0.6,
                 noise: float = 12.0, seal: bool = False, seed: int = 3) -> Path:
    """A scan of some pages of a PDF: each page rendered to a greyish image, turned by `angle`
    degrees, speckled with noise of this standard deviation (grey levels), optionally stamped
    with a red seal over its text, and saved as an image-only PDF (no text layer).

    The text the scan shows is the source page's text layer: OCR accuracy is measured against it.
    """
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image, ImageChops, ImageDraw

    rng = np.random.default_rng(seed)
    pdf = pdfium.PdfDocument(str(source))
    doc = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    try:
        for number in pages:
            image = pdf[number - 1].render(scale=dpi / 72).to_pil().convert("RGB")
            image = image.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=(255, 255, 255))
            if seal:  # ink multiplies: black text under the seal stays black
                stamp = Image.new("RGB", image.size, (255, 255, 255))
                _stamp(ImageDraw.Draw(stamp), image.size)
                image = ImageChops.multiply(image, stamp)
            pixels = np.asarray(image).astype(np.float32) * 0.93 + 8  # paper is never white
            pixels += rng.normal(0, noise, pixels.shape[:2])[..., None]
            image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
            doc.drawImage(ImageReader(image), 0, 0, width=PAGE_WIDTH, height=PAGE_HEIGHT)
            doc.showPage()
        doc.save()
    finally:
        pdf.close()
    return Path(path)


def _stamp(draw, size: tuple[int, int]) -> None:
    """A red official seal (ring, star, arc of characters) over the middle of the page's text."""
    from PIL import ImageFont

    width, height = size
    cx, cy, r = width * 0.62, height * 0.3, width * 0.14
    red = (220, 30, 35)
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=red, width=max(3, int(r / 14)))
    draw.regular_polygon((cx, cy, r * 0.28), 5, fill=red)
    try:
        font = ImageFont.truetype(CJK_TTF_PATH, int(r / 4), index=0)
    except OSError:
        return
    draw.text((cx - r * 0.75, cy + r * 0.35), "珠海市人民政府", fill=red, font=font)


def retypeset_pdf(path: Path, paragraphs: list[str], *, footer: str = "— {n} —", footer_y: float = 22 * mm,
                  even_shift: float = 0.0, tail_wrap: bool = False, footnote: str | None = None,
                  superscript: str | None = None, lines_per_page: int = LINES_PER_PAGE) -> Path:
    """Body text the way re-typeset and converted real PDFs lay it out, each quirk switchable:

    footer / footer_y: the page number's words and height ("——{n}——" at 60mm sits above the
        footer band); even_shift: even pages' text block moved right by this many points
        (mirrored margins); tail_wrap: the last two characters of every full line set on a short
        line of their own below it, as a paragraph re-typeset a little wider than its page;
    footnote: a small-print note "[1]…" at the foot of page 1, under a paragraph that goes on
        to page 2; superscript: a word printed as "…10" with "7" raised small after it (10⁷).
    """
    font = cjk_font()
    lines: list[tuple[str, float]] = []
    for paragraph in paragraphs:
        wrapped = wrap_chars(paragraph, font, BODY_SIZE, TEXT_WIDTH, first_indent=2 * BODY_SIZE)
        for i, line in enumerate(wrapped):
            indent = 2 * BODY_SIZE if i == 0 else 0.0
            if tail_wrap and i < len(wrapped) - 1 and len(line) > 4:
                lines += [(line[:-2], indent), (line[-2:], 0.0)]
            else:
                lines.append((line, indent))
    pages = [lines[i: i + lines_per_page] for i in range(0, len(lines), lines_per_page)] or [[]]
    doc = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for number, page_lines in enumerate(pages, start=1):
        shift = even_shift if number % 2 == 0 else 0.0
        for row, (line, indent) in enumerate(page_lines):
            doc.setFont(font, BODY_SIZE)
            x, y = LEFT + shift + indent, TOP - row * LINE_PITCH
            if superscript and superscript in line:
                head, tail = line.split(superscript, 1)
                doc.drawString(x, y, head + superscript)
                x += pdfmetrics.stringWidth(head + superscript, font, BODY_SIZE)
                doc.setFont(font, BODY_SIZE * 0.55)
                doc.drawString(x, y + BODY_SIZE * 0.45, "7")
                x += pdfmetrics.stringWidth("7", font, BODY_SIZE * 0.55)
                doc.setFont(font, BODY_SIZE)
                doc.drawString(x, y, tail)
            else:
                doc.drawString(x, y, line)
        if footnote and number == 1:
            doc.setFont(font, 9)
            doc.line(LEFT, 46 * mm, LEFT + 60 * mm, 46 * mm)
            for k, note_line in enumerate(wrap_chars("[1]" + footnote, font, 9, TEXT_WIDTH)):
                doc.drawString(LEFT + shift, 40 * mm - k * 12, note_line)
        doc.setFont(font, 14)
        doc.drawCentredString(PAGE_WIDTH / 2 + shift, footer_y, footer.format(n=number))
        doc.showPage()
    doc.save()
    return Path(path)


def surrogate_pdf(path: Path, text: str = "Carbon intensity A drops by B percent in the plan period.") -> Path:
    """A PDF whose font maps "A" to 𝑥 (U+1D465, outside the BMP: pdfium gives it as two UTF-16
    halves) and "B" to a lone high surrogate (no character at all), as real PDFs' fonts do for
    mathematical letters, rare CJK extension characters and broken ToUnicode tables."""
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Surrogates def\n"
        "1 begincodespacerange <00> <FF> endcodespacerange\n"
        "2 beginbfchar <41> <D835DC65> <42> <D800> endbfchar\n"
        "1 beginbfrange <20> <40> <0020> endbfrange\n"
        "1 beginbfrange <43> <7E> <0043> endbfrange\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 14 Tf 72 720 Td ({escaped}) Tj ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        f"<< /Length {len(cmap)} >>\nstream\n{cmap}\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("latin-1")
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode("latin-1")
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode("latin-1")
    Path(path).write_bytes(bytes(out))
    return Path(path)
