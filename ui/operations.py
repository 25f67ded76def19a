"""One small function per user action that runs in the background (widgets call these).

Each returns an Op (ui.tasks) that is not running yet: the caller attaches `success` / `failure` /
`progress` and then calls `run_in_background()`. The work functions never touch widgets, and a
worker never uses the main window's KnowledgeBase: imports open their own, searches use the
SearchSession's.
"""
from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from PySide6.QtGui import QImage

from kb.knowledge_base import KnowledgeBase
from kb.models import Filters

from .tasks import Op

SEARCH_LIMIT = 200  # hits shown in the table; more is noise for a search-as-you-type box
# pdfium is not thread-safe: one page render at a time (the main window also holds previews
# back while an import is reading PDFs on its worker thread).
_PDFIUM_LOCK = threading.Lock()


# ----------------------------------------------------------------- import ----
def ingest(kb_dir: Path | str, paths: list[Path], ocr: bool = True) -> Op:
    """Import files and folders on a worker thread with its own connection to the KB (scanned
    pages OCR'd unless `ocr` is False); the Op's result is the kb.ingest.IngestReport."""

    def work(progress, should_cancel):
        with KnowledgeBase(kb_dir) as kb:
            return kb.ingest(paths, on_progress=progress, should_cancel=should_cancel, ocr=ocr)

    return Op(work)


def backup(kb_dir: Path | str, target: Path) -> Op:
    """Write a consistent copy of the KB to `target`; the result is the path written."""

    def work(*_):
        with KnowledgeBase(kb_dir) as kb:
            return kb.backup(target)

    return Op(work)


def restore(kb_dir: Path | str, source: Path) -> Op:
    """Replace the KB with a backup (waiting for an import of another window to end); the result
    is the number of documents restored."""

    def work(progress, should_cancel):
        with KnowledgeBase(kb_dir) as kb:
            kb.restore(source)
            return kb.document_count()

    return Op(work)


# ----------------------------------------------------------------- search ----
class SearchSession:
    """A KnowledgeBase of its own for searching on worker threads, one search at a time.

    Opening the Whoosh index and loading jieba's dictionary take a second or two, so they happen
    here, on the first search (or `warm_up`), never on the main thread.
    """

    def __init__(self, kb_dir: Path | str):
        self.kb_dir = kb_dir
        self._kb: KnowledgeBase | None = None
        self._lock = threading.Lock()
        self._stale = False

    def search(self, query: str, filters: Filters, limit: int | None = SEARCH_LIMIT) -> list:
        with self._lock:
            if self._kb is None:
                self._kb = KnowledgeBase(self.kb_dir)
            if self._stale:  # an import wrote the index through another connection
                self._kb.refresh_index()
                self._stale = False
            return self._kb.search(query, filters, limit=limit)

    def mark_stale(self) -> None:
        self._stale = True

    def close(self) -> None:
        with self._lock:
            if self._kb is not None:
                self._kb.close()
                self._kb = None


def search(session: SearchSession, query: str, filters: Filters) -> Op:
    """Search in the background; the result is (query, hits)."""
    return Op(lambda *_: (query, session.search(query, filters)))


def warm_up(session: SearchSession) -> Op:
    """Open the index and load jieba now, so the user's first search answers at once."""
    return Op(lambda *_: session.search("碳", Filters(), limit=1))


# ---------------------------------------------------------------- preview ----
def render_page(path: str, page: int, width: int, mark: str = "") -> QImage:
    """Page `page` (1-based) of the PDF at `path`, `width` pixels wide, as a QImage, with the lines
    of `mark` (a passage's text) highlighted where the page shows them.

    >>> render_page("corpus/002_zhuhai_carbon_peak_plan.pdf", 2, 600).width()   # doctest: +SKIP
    600
    """
    import pypdfium2 as pdfium

    from kb.read.pdf import passage_boxes

    with _PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(path)
        try:
            pdf_page = pdf[page - 1]
            bitmap = pdf_page.render(scale=width / pdf_page.get_width(), prefer_bgrx=True)
            # BGRX bytes are Qt's RGB32 on little-endian machines; copy() before pdfium frees them
            image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB32).copy()
        finally:
            pdf.close()
        boxes = passage_boxes(Path(path), page, mark) if mark else []
    if boxes:
        _highlight(image, boxes)
    image.setText("marked", str(len(boxes)))  # how many lines were marked (0: the passage is not on this page)
    if boxes:
        image.setText("first_mark", f"{boxes[0][1]:.4f}")  # where the first marked line starts, as a fraction
    return image


def _highlight(image: QImage, boxes) -> None:
    """Paint a translucent marker over each box (fractions of the page) and a bar in the margin."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QPainter

    painter = QPainter(image)
    w, h = image.width(), image.height()
    for x0, y0, x1, y1 in boxes:
        painter.fillRect(QRectF(x0 * w - 2, y0 * h - 2, (x1 - x0) * w + 4, (y1 - y0) * h + 4), QColor(255, 215, 0, 90))
    top, bottom = min(b[1] for b in boxes) * h, max(b[3] for b in boxes) * h
    left = max(0.0, min(b[0] for b in boxes) * w - 12)
    painter.fillRect(QRectF(left, top - 2, 4, bottom - top + 4), QColor(230, 81, 0))
    painter.end()


def preview_page(path: str, page: int, width: int, mark: str = "") -> Op:
    """Render a page (with `mark` highlighted) in the background; the result is (path, page, QImage)."""
    return Op(lambda *_: (path, page, render_page(path, page, width, mark)))


# ----------------------------------------------------------------- export ----
def export_table(kind: str, rows: Sequence, path: Path, title: str, context: str,
                 header: list[str], cells: list[list], options=None) -> Op:
    """Write the centre table to .xlsx/.csv/.docx with kb.export; the result is the path written.

    kind: "obligations" (a 分工表, titled after its plan; with `context` = a department's name, that
    department's 台账), "targets" (an indicator comparison, `context` = the indicator), anything
    else: the cells as shown. options: a kb.export.TaskOptions (full text, 来源/页码, overdue marks).
    """
    rows = list(rows)

    def work(*_):
        import kb.export as export

        chosen = options or export.TaskOptions()
        if kind == "obligations" and context:
            return export.export_ledger(rows, path, department=context, options=chosen)
        if kind == "obligations":
            return export.export_tasks(rows, path, options=chosen)
        if kind == "targets":
            return export.export_comparison(rows, path, indicator=context or title)
        return export.write_report(_plain_report(title, header, cells), path)

    return Op(work)


def _plain_report(title: str, header: list[str], cells: list[list]):
    """A one-sheet kb.export Report of the cells as the table shows them."""
    from kb.export.report import Column, Report, Sheet, display_width
    from kb.export.tables import date_line

    widths = [min(60, max([display_width(str(h))] + [display_width(str(row[i])) for row in cells[:200]]) + 2)
              for i, h in enumerate(header)]
    sheet = Sheet(title[:31] or "表格", tuple(Column(h, w) for h, w in zip(header, widths)), tuple(tuple(r) for r in cells))
    return Report(title, date_line(date.today()), (sheet,))


__all__ = ["SearchSession", "backup", "restore", "ingest", "search", "warm_up", "render_page", "preview_page", "export_table"]
