"""Read a PDF into pages of lines (in reading order by position) and ruled tables.

Text comes from pdfium (pypdfium2): it is ~30× faster than pdfminer and gives every character's
position, so we order text by where it stands on the page, not by the order the content stream
draws it. Ruled tables are looked for only on pages whose ruling lines can form one (kb.read.ruling
decides that from pdfium's paths), by pdfplumber's table finder run on pdfium's geometry
(kb.read.tables); pdfplumber parses the page itself (with pdfminer) only where that geometry may
not be what pdfminer would see.
"""
from __future__ import annotations

import ctypes
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..models import Line, Page, PageWarning, RawTable
from . import ocr as ocr_engine
from .quality import page_warning
from .ruling import may_hold_table, page_objects, text_object_address
from .tables import plumber_tables, ruled_tables

log = logging.getLogger(__name__)

# A page drawing at least this many straight path objects probably holds a ruled table.
MIN_RULES_FOR_TABLE = 2
# A page drawing more line segments than this is a drawing (a map, a chart) or built to exhaust
# memory: its tables are not looked for.
MAX_PATH_SEGMENTS = 20_000
# Fewer real characters than this, on a page that shows an image, means the page is a scan.
MIN_CHARS_FOR_TEXT_LAYER = 20
# Scanner apps stamp a text watermark on image-only pages; it is not a text layer.
SCANNER_WATERMARKS = ("扫描全能王", "CamScanner")


class PdfReadError(Exception):
    """The file cannot be read as a PDF; the message says why, in words a user understands."""


@dataclass
class _Char:
    text: str
    x0: float
    x1: float
    baseline: float  # distance from the top of the page
    size: float
    bold: bool


def page_count(path: Path) -> int:
    """Number of pages, raising PdfReadError with a plain reason for unreadable files."""
    pdf = open_pdf(path)
    try:
        return len(pdf)
    finally:
        pdf.close()


def metadata_title(path: Path) -> str:
    """The Title the PDF's writer stored, '' when none (many government PDFs store junk or none)."""
    pdf = open_pdf(path)
    try:
        return (pdf.get_metadata_dict().get("Title") or "").strip()
    finally:
        pdf.close()


def file_title(path: Path) -> str:
    """The Title the PDF's writer stored, when it is a Chinese title; else ''.

    Writers often store a template's or the file's name, or a scanner app's: those are not titles.
    """
    try:
        title = metadata_title(path)
    except PdfReadError:
        return ""
    scanner = any(mark in title for mark in SCANNER_WATERMARKS)
    return title if title and not scanner and any("\u4e00" <= ch <= "\u9fff" for ch in title) else ""


def open_pdf(path: Path) -> pdfium.PdfDocument:
    head = _head(path)
    if not head:
        raise PdfReadError("文件为空（0字节）")
    if not head.lstrip().startswith(b"%PDF"):
        low = head.lower()
        if b"<html" in low or b"<!doctype" in low:
            raise PdfReadError("不是PDF文件（实为HTML网页）")
        raise PdfReadError("不是PDF文件（缺少%PDF文件头）")
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise PdfReadError("PDF已加密，需要密码才能打开") from exc
        raise PdfReadError(f"PDF文件已损坏或不完整（{exc}）") from exc


def _head(path: Path) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(1024)


def read_pages(path: Path, first: int = 1, last: int | None = None, ocr: bool = True,
               on_page: Callable[[Page], None] | None = None) -> list[Page]:
    """Read pages first..last (1-based, inclusive) of a PDF; pages without a text layer are
    OCR'd when `ocr` is set and the OCR engine is installed. `on_page(page)` hears of each page
    read (it may raise to stop: a cancelled import).

    Safe to call in a worker process: takes a path, returns plain dataclasses.
    """
    pdf = open_pdf(path)
    plumber = None
    try:
        last = len(pdf) if last is None else last
        pages = []
        for number in range(first, last + 1):
            page = pdf[number - 1]
            textpage = page.get_textpage()
            try:
                tables: list[RawTable] = []
                rules = _count_rules(page)
                if rules is not None and rules >= MIN_RULES_FOR_TABLE and may_hold_table(page):
                    found = ruled_tables(page, textpage, number)
                    if found is None:  # pdfium's geometry may not be pdfminer's here: pdfplumber parses the page
                        if plumber is None:
                            import pdfplumber  # only paid for on files with such a page

                            plumber = pdfplumber.open(str(path))
                        found = plumber_tables(plumber.pages[number - 1], number)
                    tables = found
                # a drawing of that many lines is no scan: it is not OCR'd either
                read = _read_page(page, textpage, number, tables, ocr and rules is not None)
                if rules is None and read.warning is None:
                    read.warning = PageWarning.TOO_COMPLEX
                pages.append(read)
            finally:
                textpage.close()
                page.close()
            if on_page is not None:
                on_page(pages[-1])
        return pages
    finally:
        if plumber is not None:
            plumber.close()
        pdf.close()


def _count_rules(page: pdfium.PdfPage) -> int | None:
    """How many ruling lines the page draws: the fewer of its horizontal and vertical rules.

    A ruled table needs both; filled boxes (ABBYY draws one behind every highlighted
    paragraph) and curves do not count. None for a page drawing more than MAX_PATH_SEGMENTS
    line segments: no table is looked for there (pdfplumber would need gigabytes for it).
    """
    horizontal = vertical = segments = 0
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for raw, _ in page_objects(page, pdfium_c.FPDF_PAGEOBJ_PATH, max_depth=2):
        segments += max(1, pdfium_c.FPDFPath_CountSegments(raw))
        if segments > MAX_PATH_SEGMENTS:
            return None
        if not pdfium_c.FPDFPageObj_GetBounds(raw, left, bottom, right, top):
            raise pdfium.PdfiumError("Failed to locate pageobject.")
        width, height = right.value - left.value, top.value - bottom.value
        if height < 3 and width > 10:
            horizontal += 1
        elif width < 3 and height > 10:
            vertical += 1
        elif pdfium_c.FPDFPath_CountSegments(raw) > 5:
            h, v = _grid_segments(raw)
            horizontal, vertical = horizontal + h, vertical + v
    return min(horizontal, vertical)


def _grid_segments(raw) -> tuple[int, int]:
    # Some writers draw a whole grid as one path; count its axis-aligned segments.
    x, y = ctypes.c_float(), ctypes.c_float()
    points = []
    for i in range(pdfium_c.FPDFPath_CountSegments(raw)):
        segment = pdfium_c.FPDFPath_GetPathSegment(raw, i)
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        points.append((pdfium_c.FPDFPathSegment_GetType(segment), x.value, y.value))
    h = v = 0
    for (_, x0, y0), (kind, x1, y1) in zip(points, points[1:]):
        if kind != pdfium_c.FPDF_SEGMENT_LINETO:
            continue
        if abs(y1 - y0) < 1 and abs(x1 - x0) > 10:
            h += 1
        elif abs(x1 - x0) < 1 and abs(y1 - y0) > 10:
            v += 1
    return h, v


def _read_page(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, number: int, tables: list[RawTable],
               ocr: bool) -> Page:
    width, height = page.get_size()
    chars, dropped = _chars(textpage, height)
    real = [c for c in chars if not c.text.isspace()]
    if len(real) < MIN_CHARS_FOR_TEXT_LAYER and (not real or _has_images(page)):
        return _scanned_page(page, number, width, height, ocr)
    chars = [c for c in chars if not _inside_tables(c, tables)]
    lines = _lines(_dedupe_fake_bold(chars), number)
    return Page(number, width, height, lines, tables, True, page_warning(lines) or (PageWarning.INVALID_CHARS if dropped else None))


def _scanned_page(page: pdfium.PdfPage, number: int, width: float, height: float, ocr: bool) -> Page:
    """A page without a text layer: its OCR'd lines, or only the warning that it needs OCR."""
    if not ocr or not ocr_engine.available():
        return Page(number, width, height, [], [], False, PageWarning.NO_TEXT_LAYER)
    try:
        lines, confidence = ocr_engine.read_page(page, number)
    except Exception as error:  # the engine ran out of memory (kb.read.guard) or failed: the page stays unread
        # the last line says what went wrong (an engine's message may carry its own traceback first)
        said = [line.strip() for line in str(error).splitlines() if line.strip()]
        log.warning("page %d: OCR failed: %s", number, said[-1] if said else type(error).__name__)
        return Page(number, width, height, [], [], False, PageWarning.NO_TEXT_LAYER)
    if not lines:  # a blank page or a picture: nothing to read, nothing to warn of
        return Page(number, width, height, [], [], False)
    return Page(number, width, height, lines, [], False, page_warning(lines), ocr=True, ocr_confidence=confidence)


def _has_images(page: pdfium.PdfPage) -> bool:
    for _ in page_objects(page, pdfium_c.FPDF_PAGEOBJ_IMAGE, max_depth=2):
        return True
    return False


def _chars(textpage: pdfium.PdfTextPage, height: float) -> tuple[list[_Char], int]:
    """The page's characters with their boxes, and how many invalid code units were dropped.

    pdfium answers one question a call, and a ctypes call costs about a microsecond: the text
    comes in one call, and what belongs to the text object a character is drawn by (its size, its
    scale, its weight) is asked once an object, leaving the box and origin to ask per character.
    """
    raw = textpage.raw
    left, right = ctypes.c_double(), ctypes.c_double()
    bottom, top = ctypes.c_double(), ctypes.c_double()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    char_box, char_origin = pdfium_c.FPDFText_GetCharBox, pdfium_c.FPDFText_GetCharOrigin
    text_object = text_object_address
    styles: dict[int | None, tuple[float, bool]] = {}
    out = []
    codes, dropped = _code_points(raw)
    for i, code in codes.items():
        char_box(raw, i, left, right, bottom, top)
        char_origin(raw, i, ox, oy)
        drawn_by = text_object(raw, i)
        style = styles.get(drawn_by)
        if style is None:
            style = styles[drawn_by] = _style(raw, i)
        size, bold = style
        x1 = right.value if right.value > left.value else ox.value + size * 0.5
        out.append(_Char(chr(code), left.value, x1, height - oy.value, size, bold))
    return out, dropped


def _style(raw, i: int) -> tuple[float, bool]:
    """(font size as drawn, bold) of character i: the same for every character of its text object."""
    matrix = pdfium_c.FS_MATRIX()
    # the font size as drawn: writers scale text by the matrix as often as by the size
    pdfium_c.FPDFText_GetMatrix(raw, i, matrix)
    scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5 or 1.0
    size = round(pdfium_c.FPDFText_GetFontSize(raw, i) * scale, 1)
    return size, pdfium_c.FPDFText_GetFontWeight(raw, i) >= 600


def _code_points(raw) -> tuple[dict[int, int], int]:
    """The page's characters as code points (index of the first code unit → code point), and
    how many invalid code units were dropped.

    pdfium gives UTF-16 code units: a character outside the BMP (𝑥, rare CJK extension
    characters) comes as two halves, a high then a low surrogate, which are joined here. A lone
    half cannot be stored as text (SQLite, JSON): it is dropped and counted.
    """
    out: dict[int, int] = {}
    dropped = 0
    count = pdfium_c.FPDFText_CountChars(raw)
    units = _code_units(raw, count)
    generated = pdfium_c.FPDFText_IsGenerated
    i = 0
    while i < count:
        index, code = i, units[i]
        i += 1
        if generated(raw, index) == 1:
            continue  # pdfium's own inserted spaces and line breaks
        if 0xD800 <= code < 0xDC00 and i < count and 0xDC00 <= (low := units[i]) < 0xE000:
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            i += 1
        if 0xD800 <= code < 0xE000:
            dropped += 1
            continue
        if code in (0, 0xFFFE, 0xFFFF) or code < 32 and code != 9:
            continue  # no character: pdfium's marks for glyphs it could not map, controls
        out[index] = code
    return out, dropped


def _code_units(raw, count: int) -> list[int]:
    """The UTF-16 code unit of each character index: the page's text in one call, or one call a
    character when pdfium's text does not line up with its characters (it leaves some out)."""
    buffer = (ctypes.c_ushort * (count + 1))()
    written = pdfium_c.FPDFText_GetText(raw, 0, count, buffer) if count else 1
    if written == count + 1:  # every character and the closing NUL
        return buffer[:count]
    return [pdfium_c.FPDFText_GetUnicode(raw, i) for i in range(count)]


def _inside_tables(c: _Char, tables: list[RawTable]) -> bool:
    mid = (c.x0 + c.x1) / 2
    return any(t.top - 1 <= c.baseline <= t.bottom + 1 and t.x0 - 1 <= mid <= t.x1 + 1 for t in tables)


def _dedupe_fake_bold(chars: list[_Char]) -> list[_Char]:
    """Drop characters drawn twice at almost the same place (fake bold), marking the kept one bold.

    Word and WPS exports draw a bold Chinese glyph twice, shifted by a fraction of a point; a
    reader that keeps both prints "重重点点任任务务".
    """
    kept: list[_Char] = []
    recent: dict[tuple[str, int], list[int]] = {}
    for c in chars:
        key = (c.text, round(c.baseline / 2))
        twin = None
        for dy in (-1, 0, 1):
            for j in recent.get((c.text, key[1] + dy), ()):
                k = kept[j]
                tol = max(k.size, 1) * 0.3
                if abs(k.x0 - c.x0) < tol and abs(k.baseline - c.baseline) < tol:
                    twin = j
                    break
            if twin is not None:
                break
        if twin is not None and not c.text.isspace():
            kept[twin].bold = True
            continue
        recent.setdefault(key, []).append(len(kept))
        kept.append(c)
    return kept


def _lines(chars: list[_Char], number: int) -> list[Line]:
    """Group characters into lines by baseline, each line read left to right."""
    if not chars:
        return []
    chars = sorted(chars, key=lambda c: (c.baseline, c.x0))
    groups: list[list[_Char]] = [[chars[0]]]
    for c in chars[1:]:
        group = groups[-1]
        ref = group[0]
        tolerance = max(min(ref.size, c.size), 4) * 0.45
        if abs(c.baseline - ref.baseline) <= tolerance:
            group.append(c)
        else:
            groups.append([c])
    lines = []
    for group in _scripts_attached(groups):
        group.sort(key=lambda c: c.x0)
        lines.extend(_split_far_apart(group, number))
    lines.sort(key=lambda ln: (round(ln.bottom), ln.x0))
    return lines


# A superscript or subscript is set at most this share of its line's size, with a few characters.
SCRIPT_SIZE = 0.75
SCRIPT_CHARS = 4


def _scripts_attached(groups: list[list[_Char]]) -> list[list[_Char]]:
    """Superscripts and subscripts raised or lowered too far to share their line's baseline
    (m², m³, CO₂, a footnote mark) put back into the line they belong to, instead of standing
    as a line of their own ("2") between two lines of text."""
    out = [list(g) for g in groups]
    for i in range(len(out)):
        small = out[i]
        visible = [c for c in small if not c.text.isspace()]
        if not visible or len(visible) > SCRIPT_CHARS:
            continue
        for j in (i + 1, i - 1):
            if 0 <= j < len(out) and out[j] and _script_of(visible, out[j]):
                out[j].extend(_raised_digits(small, out[j]))
                out[i] = []
                break
    return [g for g in out if g]


SUPERSCRIPT_DIGITS = str.maketrans("0123456789+-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻")


def _raised_digits(script: list[_Char], line: list[_Char]) -> list[_Char]:
    """Digits set above the line are exponents: written as superscripts ("10⁷", "m²"), so the
    text does not read "107". Lowered digits (CO2's subscript) stay plain digits."""
    baseline, size = _median([c.baseline for c in line]), _median([c.size for c in line])
    if all(c.baseline < baseline - size * 0.2 for c in script if not c.text.isspace()):
        if _after_a_word(script, line) and all(c.text.isdigit() or c.text.isspace() for c in script):
            return []  # a footnote mark: 森林覆盖率¹达到58.9% reads 森林覆盖率达到58.9%
        for c in script:
            c.text = c.text.translate(SUPERSCRIPT_DIGITS)
    return script


def _after_a_word(script: list[_Char], line: list[_Char]) -> bool:
    """Whether the raised characters follow a Chinese character (a footnote mark), not a unit or
    a number (m², 10⁷)."""
    start = min(c.x0 for c in script)
    before = [c for c in line if c.x1 <= start + 1 and not c.text.isspace()]
    return bool(before) and "\u4e00" <= max(before, key=lambda c: c.x1).text <= "\u9fff"


def _script_of(script: list[_Char], line: list[_Char]) -> bool:
    size = _median([c.size for c in line])
    baseline = _median([c.baseline for c in line])
    left, right = min(c.x0 for c in line), max(c.x1 for c in line)
    return (
        all(c.size <= size * SCRIPT_SIZE for c in script)
        and all(baseline - size <= c.baseline <= baseline + size * 0.35 for c in script)
        and all(left - size <= c.x0 <= right + size for c in script)
    )


def _split_far_apart(group: list[_Char], number: int) -> list[Line]:
    # Text runs on one baseline but far apart (a header's left and right parts, an unruled
    # table's columns) are kept apart with a tab so later stages can tell them from prose.
    parts: list[str] = []
    prev = None
    body_size = _median([c.size for c in group if not c.text.isspace()] or [c.size for c in group])
    for c in group:
        if prev is not None:
            gap = c.x0 - prev.x1
            if gap > body_size * 3:
                parts.append("\t")
            elif gap > body_size * 0.6 and (c.text.isascii() or prev.text.isascii()):
                parts.append(" ")
        parts.append(c.text)
        prev = c
    text = "".join(parts).strip()
    if not text:
        return []
    visible = [c for c in group if not c.text.isspace()]
    bold = sum(c.bold for c in visible) > len(visible) / 2
    top = min(c.baseline - c.size * 0.85 for c in group)
    return [
        Line(
            page=number,
            text=text,
            x0=visible[0].x0 if visible else group[0].x0,
            x1=visible[-1].x1 if visible else group[-1].x1,
            top=top,
            bottom=max(c.baseline for c in group),
            size=round(body_size, 1),
            bold=bold,
        )
    ]


def _median(values: list[float]) -> float:
    values = sorted(values)
    return values[len(values) // 2] if values else 0.0


# ------------------------------------------------------------ where text stands ----
PROBE = 12  # characters of a passage's start and of its end looked for on its page


def passage_boxes(path: Path, number: int, text: str) -> list[tuple[float, float, float, float]]:
    """Where `text` stands on page `number`: one box per line it covers, as (left, top, right,
    bottom) fractions of the page from its top-left corner, for marking a passage on a preview.
    A passage broken over pages gives the part on this page; [] when the page does not show it.
    """
    wanted = "".join(text.split())
    if not wanted:
        return []
    pdf = open_pdf(Path(path))
    try:
        page = pdf[number - 1]
        width, height = page.get_size()
        found = _page_chars(page.get_textpage())
    finally:
        pdf.close()
    shown = "".join(ch for ch, _ in found)
    start = shown.find(wanted[:PROBE])
    end = shown.find(wanted[-PROBE:], max(start, 0))
    if start < 0 and end < 0:
        return []
    first = max(start, 0)  # its start not here: it began on an earlier page
    last = end + len(wanted[-PROBE:]) if end >= 0 else min(len(shown), first + len(wanted))  # goes on
    return [(x0 / width, 1 - y1 / height, x1 / width, 1 - y0 / height) for x0, y0, x1, y1 in _line_boxes(found[first:last])]


def _page_chars(textpage: pdfium.PdfTextPage) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Each drawn, non-blank character with its box (left, bottom, right, top) in PDF points."""
    raw = textpage.raw
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    out = []
    for i in range(pdfium_c.FPDFText_CountChars(raw)):
        code = pdfium_c.FPDFText_GetUnicode(raw, i)
        if pdfium_c.FPDFText_IsGenerated(raw, i) == 1 or code in (0, 0xFFFE, 0xFFFF) or chr(code).isspace() or code < 32:
            continue
        pdfium_c.FPDFText_GetCharBox(raw, i, left, right, bottom, top)
        out.append((chr(code), (left.value, bottom.value, right.value, top.value)))
    return out


def _line_boxes(chars: list[tuple[str, tuple[float, float, float, float]]]) -> list[tuple[float, float, float, float]]:
    """Character boxes joined into one box per line (a character starting left of the previous one,
    or above or below it, starts a new line)."""
    lines: list[list[float]] = []
    for _, (x0, y0, x1, y1) in chars:
        if x1 <= x0 or y1 <= y0:
            continue
        if lines:
            line = lines[-1]
            middle, height = (y0 + y1) / 2, y1 - y0
            if x0 >= line[0] - 1 and line[1] - height / 2 <= middle <= line[3] + height / 2:
                line[:] = [min(line[0], x0), min(line[1], y0), max(line[2], x1), max(line[3], y1)]
                continue
        lines.append([x0, y0, x1, y1])
    return [tuple(line) for line in lines]
