"""Ruled tables of a PDF page: pdfplumber's table finder, run on geometry read from pdfium.

pdfplumber finds ruled tables (and merged cells) reliably, from two things it gets by parsing the
whole page with pdfminer: the page's edges and its characters. That parse was most of the time of
reading a plan with tables, though pdfium has parsed the page already. Here both are built from
pdfium the way pdfminer and pdfplumber make them, and pdfplumber's own TableFinder and
Table.extract run on them (importing pdfplumber's table code imports pdfminer, but nothing is
parsed with it):

- edges (pdfminer's converter.paint_path, pdfplumber's utils.geometry.obj_to_edges): a painted
  path is cut at each moveto; a subpath of one line is a line, one of four lines along the axes
  back to its start a rectangle (`re` is m-l-l-l-h), anything else a curve that keeps the end point
  of each segment; a line is one edge, a rectangle its four sides, a curve the segments between its
  points; y is flipped (top = page height − y).
- characters (pdfminer's LTChar): the box runs from the origin to origin + advance, and from the
  font's descent below the baseline to one font size above that. pdfium gives the origin, the
  font's descent and size; its loose box ends at the advance unless the glyph's ink reaches
  further, when the advance is asked of the font.

pdfium keeps coordinates as 32-bit floats, pdfminer as 64-bit ones (table boxes agree to 1e-4
pt), and a font's descent as whole thousandths of an em (characters stand up to 0.002 pt off).
pdfplumber decides by tolerances (3 pt) and by where a character's middle falls, so the tables
are found twice, every threshold moved SURE one way and then the other (and the characters with
it): a result both give holds for any coordinate less than SURE off. Where they disagree, a
decision lies on its threshold, and there pdfminer's own rounding decides (Word sets a quarter
em, exactly 3 pt at 12 pt, between Chinese and digits: pdfplumber reads "较2020年下降 40%以上" in
one cell and "较2020年下降40%以上" in the next, 深圳 25 p.19). A space beside a Chinese character
is dropped from every cell by kb.layout, so two results that differ only by one are the same
table (`_same`); any other difference, and a page whose text pdfium does not show as pdfminer
does (_Doubt), leaves the page to pdfplumber: ruled_tables gives None. Of the 183 table pages of
../shared/pdfs and ../shared/corpus-dev (bench/tables_pdfium.py), 11: 4 decisions on a threshold
(吨CO /kg or 吨CO/kg), 4 fonts pdfminer measures by its own metrics, one each of three other
doubts; the other 172 come out as pdfplumber's, cell for cell (21 of them once normalised).

Not detected: pdfium truncates a font's widths to whole thousandths of an em (a width of 599.6
advances 599, so a run drifts; no font of those pages has such widths, reportlab writes them),
and pdfminer leaves out the character spacing after a run's last glyph (武汉 531 p.22: the run
after it on the line stands 0.52 pt left, outside any table). Either can change a table's text.
"""
from __future__ import annotations

import ctypes
import functools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import Enum

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..models import RawTable
from ..text import normalize
from .ruling import PathPoint, object_address, page_objects, painted_paths, text_object_address

# A decision of pdfplumber's closer than this (points) to its threshold may fall the other way
# with pdfminer's coordinates: pdfium's 32-bit floats are off by 1e-4 at most, 100 times less.
SURE = 0.01
# pdfplumber's defaults (table.py, utils/text.py): snap, join, intersection, edge length and text
# tolerances are all 3 pt, edges shorter than 1 pt are not looked at
TOLERANCE = 3.0
EDGE_MIN_LENGTH_PREFILTER = 1.0


class _Doubt(Enum):
    """Why pdfium's characters at a place may not be pdfminer's."""

    DROPPED = "a text object pdfium's text page leaves out, not a blank"  # fake bold, OCR text in a glyphless font
    HYPHEN = "a hyphen pdfium replaced by its marker 0x02"  # '-' or a soft hyphen: which is not said
    UNMAPPED = "a character without Unicode"  # pdfminer writes it "(cid:N)"
    TURNED = "a character not upright"  # pdfminer groups those apart, boxes them otherwise
    WIDTH = "a glyph inked past its advance whose advance the font does not confirm"
    SPACE = "a space pdfium dropped after one it inserted"  # a word break pdfminer keeps
    ORDER = "two characters on one line starting at the same place"  # order is the content stream's
    ACTUAL_TEXT = "text marked with an ActualText"  # pdfium reads the ActualText, pdfminer the glyphs
    STANDARD_FONT = "a font pdfminer measures by its own metrics"  # Times-Roman, TimesNewRoman, Arial…: AFM widths, descent


# ------------------------------------------------------------------ the entry ----
def ruled_tables(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, number: int) -> list[RawTable] | None:
    """The page's ruled tables as pdfplumber finds them (kb.read.pdf's rules: two rows and two
    columns at least, empty columns dropped), or None when pdfplumber has to be asked: the page's
    paths or characters are not known as pdfminer sees them, or a decision is too close to call.
    """
    edges = page_edges(page)
    if edges is None:
        return None
    left, bottom, right, top = page.get_mediabox()
    width = right - left
    if any(abs(e["x1"] - (width + 1)) < SURE or abs(e["x0"] + 1) < SURE for e in edges):
        return None  # too close to call for _table_settings' page-edge rule
    geometry = _Geometry(edges, width, top - bottom, left, bottom, lambda: page_chars(page, textpage))
    tight = _ruled_tables(geometry.shifted(-SURE), number, -SURE)
    if tight and geometry.doubt_over(tight) is not None:
        return None
    return tight if _same(tight, _ruled_tables(geometry.shifted(SURE), number, SURE)) else None


def _same(a: list[RawTable], b: list[RawTable]) -> bool:
    """Whether two findings are one table for every later stage: the same boxes, and cells that
    read the same once normalised, as kb.layout reads every cell. A decision on a threshold that
    only puts a space beside a Chinese character (下降 40% or 下降40%) changes nothing kept."""
    return len(a) == len(b) and all(
        _cells(x) == _cells(y) and abs(x.top - y.top) + abs(x.bottom - y.bottom) + abs(x.x0 - y.x0) + abs(x.x1 - y.x1) < SURE
        for x, y in zip(a, b))


def _cells(table: RawTable) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(normalize(cell or "") for cell in row) for row in table.rows)


# ------------------------------------------------------------- as pdfplumber ----
def plumber_tables(plumber_page, number: int) -> list[RawTable]:
    """The page's ruled tables, found by pdfplumber on its own (pdfminer's) parse of the page."""
    return _ruled_tables(plumber_page, number)


def _ruled_tables(plumber_page, number: int, slack: float = 0.0) -> list[RawTable]:
    """The tables kb.read.pdf keeps, found on a pdfplumber page or a _Geometry; `slack` shifts every
    tolerance pdfplumber decides by (0: its defaults, as kb.read.pdf has always asked)."""
    tables = []
    settings = _table_settings(plumber_page) | (_shifted_tolerances(slack) if slack else {})
    text = {"x_tolerance": TOLERANCE + slack, "y_tolerance": TOLERANCE + slack} if slack else {}
    for found in plumber_page.find_tables(settings):
        rows = _without_empty_columns(tuple(tuple(_clean_cell(c) for c in row) for row in found.extract(**text)))
        if len(rows) < 2 or max(len(r) for r in rows) < 2:
            continue  # a box around a paragraph, not a table
        x0, top, x1, bottom = found.bbox
        tables.append(RawTable(page=number, top=top, bottom=bottom, rows=rows, x0=x0, x1=x1))
    return tables


def _shifted_tolerances(slack: float) -> dict:
    tolerance = TOLERANCE + slack
    return {"snap_tolerance": tolerance, "join_tolerance": tolerance, "intersection_tolerance": tolerance,
            "edge_min_length": tolerance, "edge_min_length_prefilter": EDGE_MIN_LENGTH_PREFILTER + slack}


def _table_settings(plumber_page) -> dict:
    """A table drawn past the page's edge has lost its outer border there: the page edge stands in
    for it, or the last column is lost (德州 15 p.13: the 2025年目标 column)."""
    edges = plumber_page.edges
    explicit = []
    if any(e["x1"] > plumber_page.width + 1 for e in edges):
        explicit.append(plumber_page.width - 0.5)
    if any(e["x0"] < -1 for e in edges):
        explicit.append(0.5)
    return {"explicit_vertical_lines": explicit} if explicit else {}


def _without_empty_columns(rows: tuple[tuple[str | None, ...], ...]) -> tuple[tuple[str | None, ...], ...]:
    if not rows:
        return rows
    width = max(len(r) for r in rows)
    keep = [c for c in range(width) if any(c < len(r) and r[c] for r in rows)]
    return tuple(tuple(r[c] if c < len(r) else None for c in keep) for r in rows)


def _clean_cell(cell: str | None) -> str | None:
    if cell is None:
        return None
    # cell text wraps inside the cell; Chinese has no spaces, so lines join with nothing
    return "".join(part.strip() for part in cell.splitlines()).strip()


Box = tuple[float, float, float, float]  # x0, top, x1, bottom, as pdfplumber's bbox


@dataclass
class _Chars:
    """A page's characters as pdfplumber's dicts, and the places where they may not be pdfminer's."""

    chars: list[dict]
    blanks: list[dict]  # blank characters pdfium leaves out; "x1" is where one em would end
    doubts: list[tuple[Box, _Doubt]]


@dataclass
class _Geometry:
    """What pdfplumber's TableFinder and Table.extract read of a page (edges, chars, bbox, width),
    from pdfium; the characters are read once a table asks for them, and stand `shift` points
    right of and below where they are."""

    edges: list[dict]
    width: float
    height: float
    left: float
    bottom: float
    read_chars: Callable[[], _Chars]
    shift: float = 0.0
    _read: list[_Chars] = field(default_factory=list)  # shared by the shifted copies

    @property
    def bbox(self) -> Box:
        # pdfplumber's page.bbox: its mediabox, flipped against the mediabox's height
        return self.left, -self.bottom, self.left + self.width, self.height - self.bottom

    @property
    def chars(self) -> list[dict]:
        """The characters `shift` points right of and below where they are; a blank's advance is not
        known (pdfium leaves blanks out): none when shifted up-left, one em when shifted down-right."""
        read, d = self.read(), self.shift
        blanks = read.blanks if d > 0 else [b | {"x1": b["x0"]} for b in read.blanks]
        return [c | {"x0": c["x0"] + d, "x1": c["x1"] + d, "top": c["top"] + d, "bottom": c["bottom"] + d}
                for c in read.chars + blanks]

    def read(self) -> _Chars:
        if not self._read:
            self._read.append(self.read_chars())
        return self._read[0]

    def shifted(self, shift: float) -> _Geometry:
        return replace(self, shift=shift, _read=self._read)

    def find_tables(self, settings: dict):
        from pdfplumber.table import TableFinder, TableSettings  # pdfplumber's table code, no pdfminer parse

        return TableFinder(self, TableSettings.resolve(settings)).tables

    def doubt_over(self, tables: list[RawTable]) -> _Doubt | None:
        """Why the characters of these tables may not be pdfminer's, or None."""
        read = self.read()
        boxes = [(t.x0 - 1, t.top - 1, t.x1 + 1, t.bottom + 1) for t in tables]
        for box, why in read.doubts:
            if any(_overlap(box, table) for table in boxes):
                return why
        return _order_doubt([c for c in read.chars + read.blanks if any(_overlap(_box(c), table) for table in boxes)])


def _box(char: dict) -> Box:
    return char["x0"], char["top"], char["x1"], char["bottom"]


def _overlap(a: Box, b: Box) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _order_doubt(chars: list[dict]) -> _Doubt | None:
    """pdfplumber reads a line's characters by x0, in content-stream order where two start at the
    same place; pdfium's text page has its own order."""
    by_start = sorted(chars, key=lambda c: c["x0"])
    for i, a in enumerate(by_start):
        for b in by_start[i + 1:]:
            if b["x0"] - a["x0"] >= SURE:
                break
            if a["text"] != b["text"] and abs(a["top"] - b["top"]) <= TOLERANCE + SURE:
                return _Doubt.ORDER
    return None


# ------------------------------------------------------------------- edges ----
def page_edges(page: pdfium.PdfPage) -> list[dict] | None:
    """pdfplumber's page.edges, from pdfium's paths; None when they are not known (kb.read.ruling)."""
    paths = painted_paths(page)
    if paths is None:
        return None
    _, bottom, _, top = page.get_mediabox()
    height = top - bottom
    edges = []
    for path in paths:
        for shape, points in _subpaths(path):
            edges.extend(_shape_edges(shape, points, height))
    return edges


Point = tuple[float, float]


def _subpaths(path: list[PathPoint]) -> list[tuple[str, list[Point]]]:
    """A path as pdfminer hands it to paint_path, cut where it does: (operators, end points) a
    subpath, 'm' 'l' 'c' 'h' each with the point it ends at ('h' at the subpath's start)."""
    operators, points, start, curve_points = [], [], (0.0, 0.0), 0
    for kind, x, y, close in path:
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            operator, start, curve_points = "m", (x, y), 0
        elif kind == pdfium_c.FPDF_SEGMENT_LINETO:
            operator, curve_points = "l", 0
        else:  # pdfium keeps a curve as its two control points and its end: pdfminer keeps the end
            curve_points += 1
            if curve_points % 3:
                continue
            operator = "c"
        operators.append(operator)
        points.append((x, y))
        if close:
            operators.append("h")
            points.append(start)
    shape = "".join(operators)
    if shape[:1] != "m":
        return []  # pdfminer paints no path that does not begin with a moveto
    if shape.count("m") == 1:
        return [_without_repeated_close(shape, points)]
    return [_without_repeated_close(m.group(), points[m.start():m.end()]) for m in re.finditer(r"m[^m]+", shape)]


def _without_repeated_close(shape: str, points: list[Point]) -> tuple[str, list[Point]]:
    # pdfminer drops a line back to the start before an 'h': pdfium writes every close that way
    if len(shape) > 3 and shape[-2:] == "lh" and points[-2] == points[0]:
        return shape[:-2] + "h", points[:-1]
    return shape, points


def _shape_edges(shape: str, points: list[Point], height: float) -> list[dict]:
    """pdfplumber's edges of one subpath: a line's, a rectangle's four sides, a curve's segments."""
    if shape in ("ml", "mlh"):
        edge = _object(points[:2], height) | {"object_type": "line"}
        return [edge | {"orientation": "h" if edge["top"] == edge["bottom"] else "v"}]
    if shape in ("mlllh", "mllll") and _is_rectangle(points):
        return _rect_edges(_object([points[0], points[2]], height))
    flipped = [(x, height - y) for x, y in points]
    return [_curve_edge(p0, p1) for p0, p1 in zip(flipped, flipped[1:])]


def _is_rectangle(points: list[Point]) -> bool:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = points
    return points[0] == points[4] and (
        (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0))


def _object(points: list[Point], height: float) -> dict:
    """The bbox fields pdfplumber gives a line or rectangle, y flipped."""
    xs, ys = [x for x, _ in points], [y for _, y in points]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    return {"x0": x0, "x1": x1, "top": height - y1, "bottom": height - y0, "doctop": height - y1,
            "width": x1 - x0, "height": y1 - y0}


def _rect_edges(rect: dict) -> list[dict]:
    # pdfplumber.utils.geometry.rect_to_edges, field for field
    edge = rect | {"object_type": "rect_edge"}
    return [
        edge | {"height": 0, "bottom": rect["top"], "orientation": "h"},
        edge | {"height": 0, "top": rect["top"] + rect["height"], "doctop": rect["doctop"] + rect["height"], "orientation": "h"},
        edge | {"width": 0, "x1": rect["x0"], "orientation": "v"},
        edge | {"width": 0, "x0": rect["x1"], "orientation": "v"},
    ]


def _curve_edge(p0: Point, p1: Point) -> dict:
    # pdfplumber.utils.geometry.curve_to_edges: a slanted segment has no orientation (no table edge)
    top = min(p0[1], p1[1])
    return {"object_type": "curve_edge", "x0": min(p0[0], p1[0]), "x1": max(p0[0], p1[0]), "top": top, "doctop": top,
            "bottom": max(p0[1], p1[1]), "width": abs(p0[0] - p1[0]), "height": abs(p0[1] - p1[1]),
            "orientation": "v" if p0[0] == p1[0] else ("h" if p0[1] == p1[1] else None)}


# -------------------------------------------------------------- characters ----
def page_chars(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> _Chars:
    """pdfplumber's page.chars (the fields Table.extract reads) from pdfium's text page, and the
    places where pdfium's characters may not be pdfminer's."""
    _, bottom, _, top = page.get_mediabox()
    reader = _CharReader(textpage.raw, top - bottom)
    reader.read()
    blanks, doubts = _left_out(page, reader.objects, top - bottom)
    return _Chars(reader.chars, blanks, reader.doubts + doubts)


class _CharReader:
    """Walks pdfium's text page once, asking what pdfminer's character box is made of."""

    def __init__(self, raw, height: float):
        self.raw, self.height = raw, height
        self.chars: list[dict] = []
        self.doubts: list[tuple[Box, _Doubt]] = []
        self.objects: set[int] = set()  # addresses of the text objects characters come from
        self._fonts: dict[int, tuple[object, float, bool]] = {}  # text object → _font's answer
        self._matrix = pdfium_c.FS_MATRIX()
        self._loose, self._ink = pdfium_c.FS_RECTF(), [ctypes.c_double() for _ in range(4)]
        self._x, self._y = ctypes.c_double(), ctypes.c_double()
        self._float = ctypes.c_float()

    def read(self) -> None:
        count = pdfium_c.FPDFText_CountChars(self.raw)
        i = 0
        while i < count:
            if pdfium_c.FPDFText_IsGenerated(self.raw, i) == 1:
                self._generated(i, count)
                i += 1
                continue
            code, units = pdfium_c.FPDFText_GetUnicode(self.raw, i), 1
            if 0xD800 <= code < 0xDC00 and i + 1 < count:  # a character past the BMP comes as two halves
                low = pdfium_c.FPDFText_GetUnicode(self.raw, i + 1)
                if 0xDC00 <= low < 0xE000:
                    code, units = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00), 2
            self._char(i, code)
            i += units

    def _origin(self, i: int) -> Point:
        pdfium_c.FPDFText_GetCharOrigin(self.raw, i, self._x, self._y)
        return self._x.value, self._y.value

    def _generated(self, i: int, count: int) -> None:
        """A space pdfium inserts inside a text object stands where the next character starts,
        unless pdfium dropped a space drawn there (it keeps no two spaces in a row)."""
        if pdfium_c.FPDFText_GetUnicode(self.raw, i) != 0x20 or not text_object_address(self.raw, i) or i + 1 >= count:
            return
        if pdfium_c.FPDFText_IsGenerated(self.raw, i + 1) == 1:
            return
        (x, y), (next_x, _) = self._origin(i), self._origin(i + 1)
        if abs(next_x - x) >= SURE:
            self.doubts.append(((x, self.height - y - 1, next_x, self.height - y + 1), _Doubt.SPACE))

    def _char(self, i: int, code: int) -> None:
        raw, m = self.raw, self._matrix
        obj = text_object_address(raw, i)
        self.objects.add(obj)
        pdfium_c.FPDFText_GetMatrix(raw, i, m)
        size = pdfium_c.FPDFText_GetFontSize(raw, i)
        font, descent, standard = self._font(i, obj)
        x0, y = self._origin(i)
        x1 = self._right(i, x0, code, font, size, m.a)
        base = y + descent * size * m.d  # pdfminer: the font's descent below the origin, one size above that
        char = {"text": chr(code), "x0": x0, "x1": x0 if x1 is None else x1, "top": self.height - base - size * m.d,
                "bottom": self.height - base, "doctop": self.height - base - size * m.d,
                "upright": m.b == 0 and m.c == 0 and m.a > 0 and m.d > 0}
        self.chars.append(char)
        why = (_Doubt.HYPHEN if pdfium_c.FPDFText_IsHyphen(raw, i) == 1
               else _Doubt.UNMAPPED if code in (0, 0xFFFE) or pdfium_c.FPDFText_HasUnicodeMapError(raw, i) == 1
               else _Doubt.TURNED if not char["upright"]
               else _Doubt.STANDARD_FONT if standard
               else _Doubt.WIDTH if x1 is None else None)
        if why is not None:
            self.doubts.append((_box(char), why))

    def _font(self, i: int, obj: int) -> tuple[object, float, bool]:
        """(font, descent per point of size, whether pdfminer measures it by its own metrics) of
        character i's text object."""
        known = self._fonts.get(obj)
        if known is None:
            font = pdfium_c.FPDFTextObj_GetFont(pdfium_c.FPDFText_GetTextObject(self.raw, i))
            pdfium_c.FPDFFont_GetDescent(font, 1000.0, self._float)
            known = self._fonts[obj] = (font, self._float.value / 1000, _font_name(font) in _pdfminer_metrics())
        return known

    def _right(self, i: int, x0: float, code: int, font, size: float, scale: float) -> float | None:
        """Origin + advance. pdfium's loose box is the advance box joined with the glyph's ink: its
        right side is the advance's unless the ink reaches it; then the font is asked (by
        Unicode), and its answer must fit in the loose box. None: not known."""
        loose, ink = self._loose, self._ink
        pdfium_c.FPDFText_GetLooseCharBox(self.raw, i, loose)
        pdfium_c.FPDFText_GetCharBox(self.raw, i, *ink)
        if ink[1].value < loose.right - SURE / 10:
            return loose.right
        if not pdfium_c.FPDFFont_GetGlyphWidth(font, code, size, self._float):
            return None
        right = x0 + self._float.value * scale
        return right if right <= loose.right + SURE else None


def _font_name(font) -> str:
    """The font's BaseFont as the PDF writes it ("TimesNewRoman", "ABCDEE+SimSun")."""
    size = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
    name = ctypes.create_string_buffer(size)
    pdfium_c.FPDFFont_GetBaseFontName(font, name, size)
    return name.value.decode("latin-1")


@functools.cache
def _pdfminer_metrics() -> frozenset[str]:
    """The font names pdfminer measures by its built-in metrics (the 14 standard fonts and aliases
    such as TimesNewRoman, Arial), ignoring the PDF's widths and descent: pdfium reads the PDF's."""
    from pdfminer.fontmetrics import FONT_METRICS  # pdfplumber's table code imports pdfminer anyway

    return frozenset(FONT_METRICS)


def _left_out(page: pdfium.PdfPage, seen: set[int], height: float) -> tuple[list[dict], list[tuple[Box, _Doubt]]]:
    """What pdfium's text page leaves out of the text objects pdfminer reads, or reads otherwise.

    pdfium leaves out an object whose glyphs have no extent (it measures an object by its glyphs'
    outlines), one drawing what an object just before drew at almost the same place (fake bold),
    and reads an object marked with an ActualText as that text. An object without extent draws one
    glyph without outline (a second glyph would extend it by the first's advance): drawn visibly,
    a blank, as pdfminer reads it (a space, U+3000), which can only part words. 3,176 on 80 of
    corpus-dev's 163 table pages (WPS writes each space as an object of its own), all blanks.
    Drawn invisibly (render mode 3 or 7) it is an OCR layer's text in a glyphless font (厦门 12
    p.15): not known. Where an object inside a form stands on the page is not known either."""
    blanks, doubts = [], []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for raw, level in page_objects(page, pdfium_c.FPDF_PAGEOBJ_TEXT, max_depth=15):
        actual_text = _has_actual_text(raw)
        if object_address(raw) in seen and not actual_text:
            continue
        if level or not pdfium_c.FPDFPageObj_GetBounds(raw, left, bottom, right, top):
            doubts.append((EVERYWHERE, _Doubt.ACTUAL_TEXT if actual_text else _Doubt.DROPPED))
            continue
        box = (left.value, height - top.value, right.value, height - bottom.value)
        if actual_text:
            doubts.append((box, _Doubt.ACTUAL_TEXT))
        elif right.value - left.value >= PDFIUM_NO_WIDTH or pdfium_c.FPDFTextObj_GetTextRenderMode(raw) in INVISIBLE:
            doubts.append((box, _Doubt.DROPPED))
        else:
            blanks.append(_blank(raw, height))
            if not blanks[-1]["upright"]:
                doubts.append((_box(blanks[-1]), _Doubt.TURNED))
            elif _font_name(pdfium_c.FPDFTextObj_GetFont(raw)) in _pdfminer_metrics():
                doubts.append((_box(blanks[-1]), _Doubt.STANDARD_FONT))
    return blanks, doubts


def _has_actual_text(raw) -> bool:
    return any(pdfium_c.FPDFPageObjMark_GetParamValueType(pdfium_c.FPDFPageObj_GetMark(raw, i), b"ActualText")
               != pdfium_c.FPDF_OBJECT_UNKNOWN for i in range(pdfium_c.FPDFPageObj_CountMarks(raw)))


# pdfium's text page leaves out a text object narrower than this (cpdf_textpage.cpp kSizeEpsilon)
PDFIUM_NO_WIDTH = 0.01
INVISIBLE = (pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE, pdfium_c.FPDF_TEXTRENDERMODE_CLIP)


def _blank(raw, height: float) -> dict:
    """pdfminer's box of the blank a text object without extent draws at its origin, one em wide
    at most (its advance is not known)."""
    matrix, size, descent = pdfium_c.FS_MATRIX(), ctypes.c_float(), ctypes.c_float()
    pdfium_c.FPDFPageObj_GetMatrix(raw, matrix)
    pdfium_c.FPDFTextObj_GetFontSize(raw, size)
    pdfium_c.FPDFFont_GetDescent(pdfium_c.FPDFTextObj_GetFont(raw), size.value, descent)
    base = matrix.f + descent.value * matrix.d
    em = size.value * matrix.d
    return {"text": " ", "x0": matrix.e, "x1": matrix.e + size.value * matrix.a, "top": height - base - em,
            "bottom": height - base, "doctop": height - base - em,
            "upright": matrix.b == 0 and matrix.c == 0 and matrix.a > 0 and matrix.d > 0}


EVERYWHERE: Box = (-math.inf, -math.inf, math.inf, math.inf)

