"""kb.read.pdf as it was before it was made faster: characters read with one pdfium call per
question per character, and pdfplumber (on its own pdfminer parse) asked for the tables of every
page drawing two rules or more. The reference the outputs-identical test builds a KB with (tests/test_ingest_identical.py).

    >>> with reference_reading():   # doctest: +SKIP
    ...     pages = read_file(path, ocr=False)
"""
from __future__ import annotations

import contextlib
import ctypes
from collections.abc import Iterator

import pypdfium2.raw as pdfium_c

from kb.read import pdf


def chars(textpage, height: float) -> tuple[list, int]:
    """kb.read.pdf._chars as it was: seven pdfium calls a character."""
    raw = textpage.raw
    left, right = ctypes.c_double(), ctypes.c_double()
    bottom, top = ctypes.c_double(), ctypes.c_double()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    matrix = pdfium_c.FS_MATRIX()
    out = []
    codes, dropped = code_points(raw)
    for i, code in codes.items():
        pdfium_c.FPDFText_GetCharBox(raw, i, left, right, bottom, top)
        pdfium_c.FPDFText_GetCharOrigin(raw, i, ox, oy)
        pdfium_c.FPDFText_GetMatrix(raw, i, matrix)
        scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5 or 1.0
        size = round(pdfium_c.FPDFText_GetFontSize(raw, i) * scale, 1)
        weight = pdfium_c.FPDFText_GetFontWeight(raw, i)
        x1 = right.value if right.value > left.value else ox.value + size * 0.5
        out.append(pdf._Char(chr(code), left.value, x1, height - oy.value, size, weight >= 600))
    return out, dropped


def code_points(raw) -> tuple[dict[int, int], int]:
    """kb.read.pdf._code_points as it was: the text one character at a time."""
    out: dict[int, int] = {}
    dropped = 0
    count = pdfium_c.FPDFText_CountChars(raw)
    i = 0
    while i < count:
        index, code = i, pdfium_c.FPDFText_GetUnicode(raw, i)
        i += 1
        if pdfium_c.FPDFText_IsGenerated(raw, index) == 1:
            continue
        if 0xD800 <= code < 0xDC00 and i < count and 0xDC00 <= (low := pdfium_c.FPDFText_GetUnicode(raw, i)) < 0xE000:
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            i += 1
        if 0xD800 <= code < 0xE000:
            dropped += 1
            continue
        if code in (0, 0xFFFE, 0xFFFF) or code < 32 and code != 9:
            continue
        out[index] = code
    return out, dropped


@contextlib.contextmanager
def reference_reading() -> Iterator[None]:
    """kb.read.pdf reads the old way inside the block (in this process only)."""
    new = pdf._chars, pdf.may_hold_table, pdf.ruled_tables
    pdf._chars, pdf.may_hold_table, pdf.ruled_tables = chars, lambda page: True, lambda page, textpage, number: None
    try:
        yield
    finally:
        pdf._chars, pdf.may_hold_table, pdf.ruled_tables = new
