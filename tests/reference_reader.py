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
    codes, dropped = pdf._code_points(raw)
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


def code_units(raw, count: int) -> list[int]:
    """kb.read.pdf._code_units as it was: the text one character at a time."""
    return [pdfium_c.FPDFText_GetUnicode(raw, i) for i in range(count)]


@contextlib.contextmanager
def reference_reading() -> Iterator[None]:
    """kb.read.pdf reads the old way inside the block (in this process only)."""
    new = pdf._chars, pdf._code_units, pdf.may_hold_table, pdf.ruled_tables
    pdf._chars, pdf._code_units, pdf.may_hold_table, pdf.ruled_tables = \
        chars, code_units, lambda page: True, lambda page, textpage, number: None
    try:
        yield
    finally:
        pdf._chars, pdf._code_units, pdf.may_hold_table, pdf.ruled_tables = new
