"""OCR: text for PDF pages that have none (scans), as the same positioned lines a text layer gives.

rapidocr runs the PP-OCR detection and recognition models with onnxruntime; both models ship
inside the rapidocr wheel, so nothing is downloaded at run time and it works offline. The page is
rendered by pdfium at DPI dots per inch, strongly red pixels (seals, red 红头 lines) are turned
white so they do not garble the black text under them, and each recognised line becomes a
kb.models.Line in PDF points: layout, outline and extraction then treat a scan like a digital PDF.

The engine is loaded once per process (a reader process keeps it for every page it reads).
"""
from __future__ import annotations

import importlib.util
import logging
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

from ..models import Line
from .guard import recognising, release_memory

# onnxruntime (1.2x and later) keeps a telemetry store in ~/.cache and a device id in /tmp unless
# told not to; an offline tool on office machines writes nothing of the kind. Set before import.
os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

log = logging.getLogger(__name__)

# Rendering resolution: 200 dpi reads 10.5–16 pt type reliably at ~2 s a page on one core.
DPI = 200
# A page larger than A3 is rendered at less than DPI, so its image stays this many pixels at most.
MAX_PIXELS = 8_000_000
# The text detector sees the page with its longer side scaled to this (the recogniser then reads
# each found line from the full-resolution image): 800 px keeps the detector's memory near 250 MB
# and found every line of our test scans (98.9% of characters read, against 98.7% at full size).
DETECT_SIDE = 800
# A pixel is "red ink" when red is bright and well above both green and blue.
RED_MIN, RED_MARGIN = 120, 50
# Lines whose box heights differ by less than this share are of one type size (the detector's
# boxes of one size vary by about ±6%; a title is 20% or more bigger than the body).
SAME_SIZE = 0.12
SAME_SIZE_SHORT, SHORT_RUN = 0.3, 4
# A run's ink (kb.read.ocr._ink_box) is a little shorter than its type: font size ≈ ink height × this.
TYPE_SHARE = 1.08
# Ink: pixels darker than INK_LEVEL (of 255), rows where more than INK_SHARE of the run's width is
# ink (a quote mark or a bracket reaching higher than the characters covers far less), looked for
# within INK_MARGIN of the run's height above and below the detector's box.
INK_LEVEL, INK_SHARE, INK_MARGIN = 128, 0.05, 0.2


@dataclass(frozen=True)
class Box:
    """One recognised run of text, in image pixels (top-left origin)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    score: float

    @property
    def height(self) -> float:
        return self.bottom - self.top


def available() -> bool:
    """True when the OCR engine's packages are installed."""
    return all(importlib.util.find_spec(name) is not None for name in ("rapidocr", "onnxruntime"))


_ENGINE = None


def engine():
    """The OCR engine of this process, loaded on first use (about a second) and kept."""
    global _ENGINE
    if _ENGINE is None:
        from rapidocr import RapidOCR

        # one thread per process: the reader pool already runs one process per core
        _ENGINE = RapidOCR(params={
            "Global.log_level": "error",
            "Global.use_cls": False,  # pages are upright; the angle classifier only costs time
            # memory: the detector looks at the page scaled to DETECT_SIDE pixels and the
            # recogniser reads one line at a time (at full size each would peak near 1 GB; see
            # MAX_READER_MB in kb.read.guard); measured as accurate and faster (bench/ocr.py)
            "Det.limit_type": "max",
            "Det.limit_side_len": DETECT_SIDE,
            "Rec.rec_batch_num": 1,
            "EngineConfig.onnxruntime.intra_op_num_threads": 1,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
        })
        logging.getLogger("RapidOCR").setLevel(logging.ERROR)
    return _ENGINE


def render(page, dpi: int = DPI):
    """The page as an RGB image (numpy array) with red ink turned white, and the pixels per point
    it was rendered at (DPI / 72, less for a page too big to render at DPI)."""
    import numpy as np

    width, height = page.get_size()
    scale = min(dpi / 72, math.sqrt(MAX_PIXELS / max(width * height, 1)))
    image = np.array(page.render(scale=scale).to_pil().convert("RGB"))
    return drop_red(image), scale


def drop_red(image):
    """Red seals and red header lines turned white: they cover or precede the black text and the
    recogniser reads them as characters. Black text under a seal stays (it is not red)."""
    import numpy as np

    rgb = image.astype(np.int16)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    red = (r >= RED_MIN) & (r - g >= RED_MARGIN) & (r - b >= RED_MARGIN)
    out = image.copy()
    out[red] = 255
    return out


def recognise(image) -> list[Box]:
    """The text runs the engine finds in an image, each with its box and confidence."""
    result = engine()(image)
    if result is None or result.boxes is None or result.txts is None:
        return []
    boxes = []
    for quad, text, score in zip(result.boxes, result.txts, result.scores):
        text = text.strip()
        if not text:
            continue
        boxes.append(_ink_box(image, _box(text, [(float(x), float(y)) for x, y in quad], float(score))))
    return boxes


def _ink_box(image, box: Box) -> Box:
    """The box with its top and bottom moved to the run's ink, read off the full-resolution image.

    The detector sees the page scaled down (DETECT_SIDE): its edges are a few pixels off, too
    coarse to tell a heading's type from the body's. The ink is exact: the rows of the box (and a
    margin) where dark pixels are, the run's first to its last.
    """
    import numpy as np

    margin = box.height * INK_MARGIN
    top, bottom = max(0, int(box.top - margin)), min(image.shape[0], int(box.bottom + margin + 1))
    left, right = max(0, int(box.x0)), min(image.shape[1], int(box.x1 + 1))
    if bottom - top < 3 or right - left < 3:
        return box
    gray = image[top:bottom, left:right].mean(axis=2)
    rows = np.flatnonzero((gray < INK_LEVEL).mean(axis=1) > INK_SHARE)
    if rows.size < 2:
        return box
    # the run's own band: the longest stretch of ink rows (a neighbouring line's edge, caught in
    # the margin, is a separate stretch)
    breaks = np.flatnonzero(np.diff(rows) > 2)
    starts, ends = np.r_[0, breaks + 1], np.r_[breaks, rows.size - 1]
    longest = int(np.argmax(rows[ends] - rows[starts]))
    return Box(box.text, box.x0, box.x1, float(top + rows[starts[longest]]), float(top + rows[ends[longest]] + 1), box.score)


def _box(text: str, quad: list[tuple[float, float]], score: float) -> Box:
    """A run's box from the detector's quadrilateral (top-left, top-right, bottom-right,
    bottom-left): its height is the distance between its top and bottom edges, not the height of
    the rectangle around it, which grows with every degree a line leans (a curled page's edges).

    >>> b = _box("碳达峰", [(0, 10), (300, 0), (300, 40), (0, 50)], 0.99)
    >>> b.height, b.top, b.bottom
    (40.0, 5.0, 45.0)
    """
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = quad
    height = (math.dist((x0, y0), (x3, y3)) + math.dist((x1, y1), (x2, y2))) / 2
    middle = (y0 + y1 + y2 + y3) / 4
    return Box(text, min(x0, x3), max(x1, x2), middle - height / 2, middle + height / 2, score)


def read_page(page, number: int, dpi: int = DPI) -> tuple[list[Line], float]:
    """The recognised lines of a pdfium page, in PDF points, and their mean confidence (0–1,
    weighted by characters; 0.0 when nothing was found)."""
    with recognising():  # the reader's memory allowance is OCR's until the page is read
        image, scale = render(page, dpi)
        boxes = recognise(image)
        del image
        release_memory()  # a page's images and tensors are gone: the next page starts low
    return lines_from_boxes(boxes, number, 1 / scale), confidence(boxes)


def confidence(boxes: Sequence[Box]) -> float:
    """Mean confidence of the recognised characters.

    >>> confidence([Box("珠海市", 0, 30, 0, 10, 1.0), Box("碳", 40, 50, 0, 10, 0.6)])
    0.9
    """
    chars = sum(len(b.text) for b in boxes)
    return round(sum(b.score * len(b.text) for b in boxes) / chars, 4) if chars else 0.0


def lines_from_boxes(boxes: Sequence[Box], number: int, scale: float) -> list[Line]:
    """Text runs grouped into visual lines (runs that share a band of height), each read left to
    right; coordinates multiplied by `scale` (pixels → points). Runs far apart on one line are
    kept apart by a tab, as the PDF reader does for a header's parts or a table's columns.

    >>> boxes = [Box("二、主要目标", 100, 400, 100, 150, 0.99), Box("到2025年", 100, 340, 200, 250, 0.98),
    ...          Box("第3页", 900, 1000, 102, 148, 0.9)]
    >>> [(ln.text, ln.x0, ln.size) for ln in lines_from_boxes(boxes, 3, 0.5)]
    [('二、主要目标\\t第3页', 50.0, 27.0), ('到2025年', 50.0, 27.0)]
    """
    if not boxes:
        return []
    body = median(b.height for b in boxes)
    rows: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: (b.top + b.bottom) / 2):
        centre = (box.top + box.bottom) / 2
        row = rows[-1] if rows else None
        if row is not None and row[0].top <= centre <= row[0].bottom:
            row.append(box)
        else:
            rows.append([box])
    lines, previous = [], body
    for row in rows:
        height = median(b.height for b in row)
        # one size for lines of one size (layout starts a paragraph where the size changes):
        # the body's, or the line above's (a title wrapped over two lines)
        # a run of a few characters gets a box of less certain height ("市场。" measures 20% taller)
        share = SAME_SIZE if sum(len(b.text) for b in row) > SHORT_RUN else SAME_SIZE_SHORT
        height = next((like for like in (body, previous) if abs(height - like) <= like * share), height)
        lines.append(_line(sorted(row, key=lambda b: b.x0), number, scale, height))
        previous = height
    return lines


def _line(row: list[Box], number: int, scale: float, height: float) -> Line:
    size = round(height * scale * TYPE_SHARE * 2) / 2
    parts = [row[0].text]
    for prev, box in zip(row, row[1:]):
        gap = box.x0 - prev.x1
        parts.append("\t" if gap > height * 3 else " " if gap > height * 0.6 else "")
        parts.append(box.text)
    bottom = max(b.bottom for b in row) * scale - size * 0.1  # about where the baseline is
    return Line(page=number, text="".join(parts), x0=row[0].x0 * scale, x1=row[-1].x1 * scale,
                top=bottom - size * 0.85, bottom=bottom, size=size, bold=False)


def char_accuracy(expected: str, recognised: str) -> float:
    """Share of the expected characters read right: 1 − edit distance / length, whitespace
    ignored (how bench/ocr.py and the tests measure OCR).

    >>> char_accuracy("到2025年下降14.5%", "到2025年下降14.5%"), round(char_accuracy("单位能耗下降", "单位能托下降"), 3)
    (1.0, 0.833)
    """
    a, b = "".join(expected.split()), "".join(recognised.split())
    if not a:
        return 1.0 if not b else 0.0
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return max(0.0, 1 - previous[-1] / len(a))
