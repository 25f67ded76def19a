"""Read: a file into pages of positioned lines and ruled tables (kb.models.Page), whatever its type.

One registry of readers by file suffix; the supported types, the import dialog's filter and the
"unsupported" message all derive from it.

    >>> supported_suffixes()
    ('.pdf', '.docx', '.txt')
    >>> unsupported_message(Path("规划.xls"))
    '不支持的文件类型：.xls（支持 .pdf、.docx、.txt）'
"""
from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..models import Page
from ..text import display_path
from . import pdf, plain


class ReadError(Exception):
    """A file that cannot be read; the message says why, in words users understand (Chinese)."""


class ReadCancelled(Exception):
    """Reading stopped because the user cancelled (raised from an `on_page` callback)."""


def _whole(read: Callable[[Path], list[Page]]) -> Callable[..., list[Page]]:
    """A reader of a type without pages: first/last and OCR are ignored, the file is one chunk."""

    def read_whole(path: Path, first: int = 1, last: int | None = None, ocr: bool = True,
                   on_page: Callable[[Page], None] | None = None) -> list[Page]:
        pages = read(path)
        for page in pages if on_page is not None else ():
            on_page(page)
        return pages

    return read_whole


def _no_title(path: Path) -> str:
    return ""


@dataclass(frozen=True)
class Reader:
    """How one file type is read. `count` and `read(path, first, last, ocr, on_page)` let long
    PDFs be read in chunks by several processes, OCR'ing pages without text when `ocr` is set and
    telling `on_page(page)` of each page read; other types are read whole (one chunk). `title` is
    the title the file gives itself, if any (PDF metadata)."""

    suffix: str
    name: str  # for people: PDF, Word, 文本
    read: Callable[..., list[Page]]
    errors: tuple[type[Exception], ...]
    count: Callable[[Path], int] = lambda path: 1
    title: Callable[[Path], str] = _no_title


READERS: dict[str, Reader] = {
    ".pdf": Reader(".pdf", "PDF", pdf.read_pages, (pdf.PdfReadError,), pdf.page_count, pdf.file_title),
    ".docx": Reader(".docx", "Word", _whole(plain.read_docx), (plain.PlainReadError,)),
    ".txt": Reader(".txt", "文本", _whole(plain.read_text_file), (plain.PlainReadError,)),
}


def supported_suffixes() -> tuple[str, ...]:
    return tuple(READERS)


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in READERS


def unsupported_message(path: Path) -> str:
    return f"不支持的文件类型：{path.suffix.lower() or '无扩展名'}（支持 {'、'.join(READERS)}）"


def dialog_filter() -> str:
    """The file dialog's filter: '政策文件 (*.pdf *.docx *.txt)'."""
    return f"政策文件 ({' '.join('*' + s for s in READERS)})"


def reader_for(path: Path) -> Reader:
    """The reader of a file's type; ReadError for types PolicyKB does not read."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise ReadError(unsupported_message(path))
    return reader


def page_count(path: Path) -> int:
    """How many chunks of one page each a file is read in (PDF pages; 1 for other types)."""
    reader = reader_for(path)
    with _user_errors(reader):
        return reader.count(path)


def read_file(path: Path, first: int = 1, last: int | None = None, *, ocr: bool = True,
              on_page: Callable[[Page], None] | None = None) -> list[Page]:
    """Pages first..last of a file (all by default), pages without a text layer OCR'd unless
    `ocr` is False. `on_page(page)` hears of each page read and may raise ReadCancelled to stop.
    Raises ReadError naming the problem.

    Safe in a worker process: takes a path, returns plain dataclasses.
    """
    reader = reader_for(path)
    with _user_errors(reader):
        return reader.read(path, first, last, ocr, on_page)


def file_title(path: Path) -> str:
    """The title a file gives itself (a PDF's metadata, when it is a real Chinese title), else ''."""
    reader = READERS.get(path.suffix.lower())
    return reader.title(path) if reader is not None else ""


@contextlib.contextmanager
def _user_errors(reader: Reader) -> Iterator[None]:
    """Turns a reader's own errors and OS errors into ReadError with a message for users."""
    try:
        yield
    except (ReadError, ReadCancelled):
        raise
    except reader.errors as exc:
        raise ReadError(str(exc)) from exc
    except OSError as exc:
        raise ReadError(f"无法读取文件（{exc.strerror or exc}）") from exc


__all__ = ["READERS", "ReadCancelled", "ReadError", "Reader", "dialog_filter", "display_path", "file_title", "is_supported", "page_count",
           "read_file", "reader_for", "supported_suffixes", "unsupported_message"]
