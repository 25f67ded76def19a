"""Read .txt and .docx into the same Page/Line form the PDF reader gives, so one layout and
outline step serves every format.

Plain text has no pages and no coordinates: a line's x runs in character cells (a Chinese
character is one cell, a Latin one half), which is enough for the joining rules to see
indents and lines wrapped at a fixed width.
"""
from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path

from ..models import Line, Page, RawTable
from .quality import text_warning

ENCODINGS = ("utf-8-sig", "gb18030", "utf-16")
# Markdown emphasis that web-to-text converters leave in: "**95%**"
EMPHASIS = re.compile(r"\*\*(.+?)\*\*")
TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}")


# Larger files are not policy documents (a plan is a few hundred KB of text) and would only
# exhaust memory: a .txt is read whole, a .docx's parts are unpacked whole by python-docx.
MAX_TEXT_BYTES = 64 * 2**20
MAX_DOCX_UNPACKED = 256 * 2**20


class PlainReadError(Exception):
    pass


def read_text_file(path: Path) -> list[Page]:
    """One page holding the file's lines and its markdown tables ("| 序号 | 重点任务 |")."""
    if path.stat().st_size > MAX_TEXT_BYTES:
        raise PlainReadError(f"文本文件过大（{path.stat().st_size // 2**20} MB，上限 {MAX_TEXT_BYTES // 2**20} MB）")
    raw = path.read_bytes()
    if not raw.strip():
        raise PlainReadError("文件为空")
    for encoding in ENCODINGS:
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise PlainReadError("无法识别文本编码（不是UTF-8或GB18030）")
    return [_page_from_lines(text.splitlines())]


def _page_from_lines(raw_lines: list[str]) -> Page:
    lines: list[Line] = []
    tables: list[RawTable] = []
    pending: list[tuple[int, str]] = []  # markdown table rows waiting to become a table

    def flush_table() -> None:
        if pending:
            rows = tuple(_cells(text) for _, text in pending if not TABLE_RULE.match(text.replace("|", "", 1)))
            if len(rows) >= 2:
                tables.append(RawTable(1, pending[0][0], pending[-1][0] + 0.8, rows))
            pending.clear()

    for number, raw in enumerate(raw_lines):
        if TABLE_ROW.match(raw):
            pending.append((number, raw))
            continue
        flush_table()
        text = EMPHASIS.sub(r"\1", raw.rstrip())
        if not text.strip():
            continue
        indent = _width(text[: len(text) - len(text.lstrip())])
        body = text.strip()
        lines.append(Line(1, body, indent, indent + _width(body), number, number + 0.8))
    flush_table()
    width = max((ln.x1 for ln in lines), default=0)
    return Page(1, width, len(raw_lines), lines, tables, True, text_warning([ln.text for ln in lines]))


def _cells(row: str) -> tuple[str, ...]:
    inner = row.strip()[1:-1]
    return tuple(EMPHASIS.sub(r"\1", c).strip() for c in inner.split("|"))


def _width(text: str) -> float:
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in text)


def _check_unpacked_size(path: Path) -> None:
    """Refuse a .docx whose parts unpack past MAX_DOCX_UNPACKED (a zip bomb)."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise PlainReadError(f"Word文件已损坏或不是.docx格式（{exc.__class__.__name__}）") from exc
    if unpacked > MAX_DOCX_UNPACKED:
        raise PlainReadError(f"Word文件解压后过大（{unpacked // 2**20} MB，上限 {MAX_DOCX_UNPACKED // 2**20} MB），疑似压缩炸弹，已拒绝")


def read_docx(path: Path) -> list[Page]:
    """Paragraphs and tables of a Word file, in document order, as one page.

    A Word paragraph is already whole (no hard wraps), so every paragraph is a line of its own.
    """
    try:
        import docx  # python-docx
        from docx.table import Table as DocxTable
        from docx.text.paragraph import Paragraph as DocxParagraph
    except ImportError as exc:  # pragma: no cover - listed in pyproject
        raise PlainReadError("未安装python-docx") from exc
    _check_unpacked_size(path)
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds for broken files
        raise PlainReadError(f"Word文件已损坏或不是.docx格式（{exc.__class__.__name__}）") from exc
    lines: list[Line] = []
    tables: list[RawTable] = []
    position = 0
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = DocxParagraph(child, document)
            text = paragraph.text.strip()
            if text:
                size = max((r.font.size.pt for r in paragraph.runs if r.font.size), default=0.0)
                bold = any(r.bold for r in paragraph.runs if r.text.strip())
                # x1 = 0: a Word paragraph never "reaches the margin", so it is never joined
                lines.append(Line(1, text, 0, 0, position, position + 0.8, size, bold))
        elif tag == "tbl":
            table = DocxTable(child, document)
            rows = tuple(tuple(cell.text.strip() for cell in row.cells) for row in table.rows)
            if rows:
                tables.append(RawTable(1, position, position + 0.8, rows))
        position += 1
    if not lines and not tables:
        raise PlainReadError("Word文件中没有文字")
    return [Page(1, 0, position, lines, tables, True, text_warning([ln.text for ln in lines]))]
