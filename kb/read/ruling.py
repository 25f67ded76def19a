"""Whether a page's ruling lines can form a ruled table, decided from pdfium's path objects.

Finding a page's ruled tables costs 20 ms (pdfplumber's table finder on pdfium's geometry,
kb.read.tables) to 0.1 s (pdfplumber's own pdfminer parse of the page), and most pages that draw a
few rules hold no table: a line under the header, a box around a paragraph, underlined headings.
This test is a necessary condition of what pdfplumber's table finder needs for a table of two
rows and two columns (kb.read.pdf keeps no smaller one), generous wherever the two libraries could
differ, so a page it turns away is one where pdfplumber finds no such table:

- a cell needs four corners: two horizontal and two vertical edges crossing;
- two rows need three horizontal lines at different heights, each crossed by two vertical lines
  (the sides of a cell), and two columns three vertical lines each crossed by two horizontal ones.

pdfplumber's edges come from every painted path: lines, rectangles' sides and the segments
between consecutive points of curves; a straight line that is not horizontal counts as vertical
there. Here a curve's control points are taken as points too (pdfminer keeps only its ends). Every such segment of every path is taken here, joined and
crossed with wider tolerances than pdfplumber's (snap 3, join 3, intersection 3). A page this
cannot judge (a path inside a form, a rotated page or path) may hold one. painted_paths, the
paths as this reads them, is where kb.read.tables builds pdfplumber's edges from.
"""
from __future__ import annotations

import ctypes
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

# Coordinates of "the same" line differ by at most this between pdfium and pdfminer (points)
SAME = 0.5
# pdfplumber snaps lines less than 3 pt apart together (chained: 0, 3, 6 become one), joins pieces
# of a line less than 3 pt apart and lets lines cross within 3 pt: here lines are grouped more
# widely (LINK) and told apart more finely (APART), so this finds every table pdfplumber finds
LINK = 3.5
APART = 2.9
ROWS = COLUMNS = 2  # the smallest table kb.read.pdf keeps
EDGE = 2.0  # a line this near a side of the page may make kb.read.pdf add the page's edge as a line


def may_hold_table(page: pdfium.PdfPage) -> bool:
    """False only when the page's paths cannot make a ruled table of ROWS × COLUMNS cells."""
    segments = _segments(page)
    if segments is None or _near_sides(segments, page):
        return True
    horizontal, vertical = _pieces(segments)
    rows = _crossing(_lines(horizontal), _lines(vertical))
    columns = _crossing(_lines(vertical), _lines(horizontal))
    return _distinct(rows) > ROWS and _distinct(columns) > COLUMNS


def page_objects(page: pdfium.PdfPage, kind: int, max_depth: int):
    """(raw handle, depth) of the page's objects of one kind (pdfium_c.FPDF_PAGEOBJ_*), those
    inside forms included down to `max_depth` levels, as pypdfium2's get_objects finds them but
    without making a Python object of each (a text page draws thousands)."""
    yield from _objects(pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, page.raw, kind, max_depth, 0)


def _address_returning(function):
    """The same pdfium function answering a plain address (an int, a dictionary key) instead of
    a ctypes pointer object."""
    copy = type(function).from_address(ctypes.addressof(function))
    copy.argtypes, copy.restype = function.argtypes, ctypes.c_void_p
    return copy


# The address of the text object that draws a character: FPDFText_GetTextObject(textpage, i) as an int
text_object_address = _address_returning(pdfium_c.FPDFText_GetTextObject)


def object_address(raw) -> int:
    """A page object's address, as text_object_address gives it."""
    return ctypes.cast(raw, ctypes.c_void_p).value


def _objects(count, get, parent, kind: int, max_depth: int, level: int):
    for i in range(count(parent)):
        raw = get(parent, i)
        if not raw:
            raise pdfium.PdfiumError("Failed to get pageobject.")
        found = pdfium_c.FPDFPageObj_GetType(raw)
        if found == kind:
            yield raw, level
        if found == pdfium_c.FPDF_PAGEOBJ_FORM and level < max_depth - 1:
            yield from _objects(pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject, raw, kind,
                                max_depth, level + 1)


# One point of a path as pdfium keeps it: (kind: pdfium_c.FPDF_SEGMENT_*, x, y, closes the subpath)
PathPoint = tuple[int, float, float, bool]


def painted_paths(page: pdfium.PdfPage) -> list[list[PathPoint]] | None:
    """The points of every path the page paints, in page coordinates, one list a path object;
    None when they are not known along the page's axes: a rotated page, a path turned or sheared
    by its matrix, a path drawn by a form (its coordinates are the form's)."""
    if page.get_rotation():
        return None
    out = []
    x, y = ctypes.c_float(), ctypes.c_float()
    matrix = pdfium_c.FS_MATRIX()
    for raw, level in page_objects(page, pdfium_c.FPDF_PAGEOBJ_PATH, max_depth=15):
        if level > 0:
            return None
        if not pdfium_c.FPDFPageObj_GetMatrix(raw, matrix):
            return None
        if matrix.b or matrix.c:
            return None
        a, d, e, f = matrix.a, matrix.d, matrix.e, matrix.f
        points = []
        for i in range(pdfium_c.FPDFPath_CountSegments(raw)):
            segment = pdfium_c.FPDFPath_GetPathSegment(raw, i)
            pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
            points.append((pdfium_c.FPDFPathSegment_GetType(segment), a * x.value + e, d * y.value + f,
                           bool(pdfium_c.FPDFPathSegment_GetClose(segment))))
        out.append(points)
    return out


def _segments(page: pdfium.PdfPage) -> list[tuple[float, float, float, float]] | None:
    """Every straight piece of every path (control points of curves taken as corners), in page
    coordinates; None when that is not known."""
    paths = painted_paths(page)
    if paths is None:
        return None
    out = []
    for path in paths:
        points, start = [], None
        for kind, x, y, close in path:
            if start is None or kind == pdfium_c.FPDF_SEGMENT_MOVETO:
                start = (x, y)
            points.append((x, y))
            if close:
                points.append(start)  # the line back to where the subpath began
        out.extend((x0, y0, x1, y1) for (x0, y0), (x1, y1) in zip(points, points[1:]))
    return out


def _near_sides(segments, page: pdfium.PdfPage) -> bool:
    mediabox, cropbox = page.get_mediabox(), page.get_cropbox()
    left, right = max(mediabox[0], cropbox[0]) + EDGE, min(mediabox[2], cropbox[2]) - EDGE
    return any(min(x0, x1) < left or max(x0, x1) > right for x0, _, x1, _ in segments)


Piece = tuple[float, float, float]  # (position across, start, end along)


def _pieces(segments) -> tuple[list[Piece], list[Piece]]:
    """Horizontal pieces (y, x0, x1) and vertical ones (x, y0, y1)."""
    horizontal, vertical = [], []
    for x0, y0, x1, y1 in segments:
        if abs(y1 - y0) <= SAME:
            horizontal.append((y0, min(x0, x1), max(x0, x1)))
        else:  # vertical, or slanted: pdfplumber takes a slanted line as vertical at its left end
            vertical.append((min(x0, x1), min(y0, y1), max(y0, y1)))
    return horizontal, vertical


@dataclass
class _Line:
    """Pieces that may be one line for pdfplumber: positions low..high, extent start..end."""

    low: float
    high: float
    start: float
    end: float
    positions: list[float]


def _lines(pieces: list[Piece]) -> list[_Line]:
    """Pieces grouped into lines: positions chained within LINK, extents within LINK of each other."""
    lines: list[_Line] = []
    for group in _chained(sorted(pieces), LINK):
        current: _Line | None = None
        for at, start, end in sorted(group, key=lambda p: p[1]):
            if current is not None and start <= current.end + LINK:
                current.low, current.high = min(current.low, at), max(current.high, at)
                current.end = max(current.end, end)
                current.positions.append(at)
            else:
                current = _Line(at, at, start, end, [at])
                lines.append(current)
    return lines


def _chained(pieces: list[Piece], gap: float) -> list[list[Piece]]:
    """Pieces sorted by position, in groups whose neighbours are at most `gap` apart."""
    groups: list[list[Piece]] = []
    for piece in pieces:
        if groups and piece[0] - groups[-1][-1][0] <= gap:
            groups[-1].append(piece)
        else:
            groups.append([piece])
    return groups


def _crossing(lines: list[_Line], across: list[_Line]) -> list[float]:
    """Positions of the pieces of lines crossed by lines of the other direction at two places
    at least (the two sides of a cell)."""
    out = []
    for line in lines:
        places = [at for other in across if _cross(line, other) for at in other.positions]
        if _distinct(places) >= 2:
            out.extend(line.positions)
    return out


def _cross(line: _Line, other: _Line) -> bool:
    return (line.start - LINK <= other.high and other.low <= line.end + LINK
            and other.start - LINK <= line.high and line.low <= other.end + LINK)


def _distinct(positions: list[float]) -> int:
    """How many lines pdfplumber could tell apart at most (positions more than APART apart).

    >>> _distinct([10.0, 11.0, 20.0, 30.0, 32.9])
    3
    """
    return len(_chained(sorted((at, 0.0, 0.0) for at in positions), APART))
