"""The parsing pipeline, one stage per module: read → layout → outline (→ extract, in ingest).

    >>> from pathlib import Path
    >>> docs = parse_file(Path("corpus/002_zhuhai_carbon_peak_plan.pdf"))  # doctest: +SKIP
    >>> docs[0].meta.title                                                  # doctest: +SKIP
    '珠海市碳达峰实施方案'
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from . import documents, layout, outline
from .models import Block, Document, Page
from .read import pdf, plain

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".pdf", ".txt", ".docx")


class ParseError(Exception):
    """A file that cannot be read; the message is for users (in Chinese)."""


def read_file(path: Path) -> list[Page]:
    """The file's pages, read in this process (kb.ingest reads long PDFs in parallel)."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".txt":
            return plain.read_text_file(path)
        if suffix == ".docx":
            return plain.read_docx(path)
        if suffix != ".pdf":
            raise ParseError(f"不支持的文件类型：{suffix or '无扩展名'}")
        return pdf.read_pages(path)
    except (pdf.PdfReadError, plain.PlainReadError) as exc:
        raise ParseError(str(exc)) from exc
    except OSError as exc:
        raise ParseError(f"无法读取文件（{exc.strerror or exc}）") from exc


def parse_pages(pages: Sequence[Page], fallback_title: str = "") -> list[Document]:
    """Documents from read pages: furniture removed, lines joined, split, outlined.

    A document runs from the first page of the file (or of its notice) to the page before the
    next notice starts, so pages without text still belong to a document and keep their warnings.
    """
    blocks = layout.flow(layout.remove_page_furniture(pages))
    if blocks:
        parts = documents.split_documents(blocks, fallback_title)
    else:  # nothing readable (a scan): one document holding every page
        parts = [documents.DocumentBlocks(documents.read_meta([], fallback_title), [])]
    starts = [pages[0].number] + [_first_page(part.blocks, pages) for part in parts[1:]]
    # a notice may start in the middle of the page the previous one ends on
    ends = [max(start - 1, _last_page(part.blocks, pages)) for start, part in zip(starts[1:], parts)] + [pages[-1].number]
    warnings = page_warnings(pages)
    docs = []
    for part, first, last in zip(parts, starts, ends):
        meta = part.meta
        meta.title = meta.title or fallback_title
        passages, tables = outline.passages(part.blocks, meta.title)
        doc_warnings = {n: w for n, w in warnings.items() if first <= n <= last}
        docs.append(Document(meta, passages, tables, first, last, doc_warnings))
    return docs


def parse_file(path: Path) -> list[Document]:
    """read → layout → outline for one file. Raises ParseError naming the problem."""
    pages = read_file(path)
    if not pages:
        raise ParseError("文件没有页面")
    return parse_pages(pages, fallback_title=file_title(path))


def file_title(path: Path) -> str:
    """The title a file gives itself (PDF metadata), else its name: used when the text has none."""
    if path.suffix.lower() == ".pdf":
        try:
            title = pdf.metadata_title(path)
        except pdf.PdfReadError:
            title = ""
        # writers often store the template's or the file's name: keep only Chinese titles
        scanner = any(mark in title for mark in pdf.SCANNER_WATERMARKS)
        if title and not scanner and any("\u4e00" <= ch <= "\u9fff" for ch in title):
            return title
    return path.stem


def page_warnings(pages: Sequence[Page]) -> dict[int, str]:
    """Page → warning for pages users should know about (no text layer, garbled text)."""
    out = {}
    for page in pages:
        if not page.has_text_layer:
            out[page.number] = NO_TEXT_LAYER
        elif page.warning:
            out[page.number] = page.warning
    return out


NO_TEXT_LAYER = "无文字层，需要OCR"


def describe_warnings(warnings: dict[int, str]) -> list[str]:
    """Warnings grouped into page ranges: {3: w, 4: w, 5: w} → ["第3–5页无文字层，需要OCR"].

    >>> describe_warnings({3: NO_TEXT_LAYER, 4: NO_TEXT_LAYER, 9: NO_TEXT_LAYER})
    ['第3–4页无文字层，需要OCR', '第9页无文字层，需要OCR']
    """
    out = []
    runs: list[tuple[int, int, str]] = []
    for number in sorted(warnings):
        text = warnings[number]
        if runs and runs[-1][2] == text and runs[-1][1] == number - 1:
            runs[-1] = (runs[-1][0], number, text)
        else:
            runs.append((number, number, text))
    for a, b, text in runs:
        pages = f"第{a}页" if a == b else f"第{a}–{b}页"
        sep = "" if text == NO_TEXT_LAYER else "："
        out.append(f"{pages}{sep}{text}")
    return out


def _first_page(blocks: Sequence[Block], pages: Sequence[Page]) -> int:
    return min((n for b in blocks for n in b.pages), default=pages[0].number)


def _last_page(blocks: Sequence[Block], pages: Sequence[Page]) -> int:
    return max((n for b in blocks for n in b.pages), default=pages[0].number)


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def find_files(paths: Sequence[Path], on_missing: Callable[[Path], None] | None = None) -> list[Path]:
    """Files to ingest: the given files, and supported files found in folders (recursively)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and is_supported(p)))
        elif path.exists():
            found.append(path)
        elif on_missing is not None:
            on_missing(path)
    return list(dict.fromkeys(found))


__all__ = ["parse_file", "parse_pages", "read_file", "file_title", "find_files", "ParseError"]
