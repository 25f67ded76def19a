"""The detail pane: the source passage of the selected row with the hit or the task highlighted,
its clause path, document and page, a preview of the page with the passage marked (zoom with the
buttons or Ctrl + wheel) and 打开原文, which opens the PDF at that page in the user's reader.

`detail_for(kb, kind, row)` turns a centre-table row into a `Detail` (main thread, one small
KnowledgeBase read); `DetailPane.show_detail` displays it and asks ui.operations to render the page.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kb.models import Role, attribute_name

from . import operations, viewer
from .results_model import deadline_label, joined, role_names, snippet_html

PREVIEW_WIDTH = 1400  # pixels rendered: sharp when zoomed in on a narrow pane
ZOOM_STEP = 1.25
ZOOM_RANGE = (0.5, 4.0)  # times the pane's width


@dataclass
class Detail:
    """Everything the pane shows for one row."""

    document: str
    path: str  # the PDF (or other file) the document came from
    page: int  # 1-based page of the file; 0 when unknown
    clause: str = ""
    meta: str = ""  # 文号 · 地区 …
    facts: list[tuple[str, str]] = field(default_factory=list)  # (label, value) lines above the text
    text: str = ""
    spans: tuple[tuple[int, int], ...] = ()
    file_pages: int = 0
    warnings: tuple[str, ...] = ()

    @property
    def mark(self) -> str:
        """The text to mark on the page: the highlighted part of the passage (the task, the hit)."""
        if self.spans:
            start, end = self.spans[0]
            return self.text[start:end]
        return ""


def find_span(text: str, part: str) -> tuple[tuple[int, int], ...]:
    """Where `part` sits in `text`, as one span; () when it is not there.

    >>> find_span("一、总体要求。到2025年，完成任务。", "到2025年，完成任务。")
    ((7, 19),)
    """
    at = text.find(part) if part else -1
    return ((at, at + len(part)),) if at >= 0 else ()


def _passage_detail(kb, passage_id: int | None, document: str, path: str = "", page: int = 0, clause: str = "",
                    text: str = "") -> Detail:
    """A Detail with the passage's text, clause and document; the row's own values fill in when
    the passage is gone (another window removed the file)."""
    p = kb.passage(passage_id) if passage_id is not None else None
    if p is None:
        return Detail(document, path, page, clause=clause, text=text)
    meta = " · ".join(x for x in (p.doc_number, p.jurisdiction) if x)
    return Detail(p.document, p.path, p.page, clause=p.clause, meta=meta, text=p.text, file_pages=p.file_pages)


def detail_for(kb, kind: str, row) -> Detail:
    """The Detail for a row of the centre table of this kind (see results_model.TableSpec.kind)."""
    if kind == "obligations":
        detail = _passage_detail(kb, row.passage_id, row.document, row.path, row.page, row.clause, row.text)
        detail.clause, detail.page = row.clause or detail.clause, row.page or detail.page  # a table row's task knows its category
        detail.spans = find_span(detail.text, row.text) or ((0, len(detail.text)),)
        detail.facts = [(role.label, joined(row.units(role))) for role in Role] + [("时限", deadline_label(row) or "未注明")]
        if row.blanket:  # the task's own note does not name them: an earlier note covers every later task
            detail.facts.append(("统一落实", f"{joined(row.blanket)}（据前文“以下各项均需…落实”的统一说明）"))
        if row.roles:
            detail.facts.insert(0, ("本部门角色", role_names(row.roles)))
        detail.facts = [(k, v) for k, v in detail.facts if v]
        return detail
    if kind == "targets":
        detail = _passage_detail(kb, row.passage_id, row.document, row.path, row.page, row.clause, row.text)
        detail.clause, detail.page = row.clause or detail.clause, row.page or detail.page
        detail.spans = find_span(detail.text, row.text)
        facts = (("指标", row.indicator), ("目标", row.stated), ("目标年", f"{row.year}年" if row.year else ""),
                 ("基准", row.base), ("属性", attribute_name(row.attribute)),
                 ("可比", "" if row.comparable else f"不可比：{row.note}"))
        detail.facts = [(k, v) for k, v in facts if v]
        return detail
    if kind == "hits":
        detail = _passage_detail(kb, row.passage_id, row.title, page=row.page, clause=row.clause)
        detail.text, detail.spans = row.text, row.spans
        return detail
    return _document_detail(row)


def _document_detail(doc) -> Detail:
    """A document (kb DocumentInfo): its metadata, first page and text-quality warnings."""
    meta = " · ".join(x for x in (doc.doc_number, doc.jurisdiction, doc.issue_date) if x)
    facts = [("发文机关", "、".join(doc.issuers)), ("页码", f"第{doc.first_page}–{doc.last_page}页（共{doc.pages}页）"),
             ("文件", doc.file), ("同一文件另见", "、".join(Path(p).name for p in doc.sources[1:])),
             ("文字来源", "；".join(doc.ocr_notes))]
    return Detail(doc.title, doc.path, doc.first_page, meta=meta, facts=[(k, v) for k, v in facts if v],
                  file_pages=doc.file_pages, warnings=doc.warnings)


def facts_html(detail: Detail) -> str:
    """Who, what and by when, as a small two-column table (a label never wraps: a long value would
    squeeze 发文机关 into a column of single characters); text-quality warnings below it."""
    rows = "".join(f"<tr><td style='color:#666;padding-right:8px;white-space:nowrap'>{html.escape(k)}</td><td>{html.escape(v)}</td></tr>"
                   for k, v in detail.facts)
    warnings = "".join(f"<div style='color:#b35c00'>⚠ {html.escape(w)}</div>" for w in detail.warnings)
    return (f"<table>{rows}</table>" if rows else "") + warnings


def passage_html(detail: Detail) -> str:
    """The passage with its spans highlighted."""
    return f"<p style='line-height:150%'>{snippet_html(detail.text, detail.spans)}</p>" if detail.text else ""


class PagePreview(QScrollArea):
    """A page image at the pane's width times `zoom` (buttons, or Ctrl + wheel), scrolled to the
    passage marked on it."""

    zoomed = Signal(float)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.image: QImage | None = None
        self.zoom = 1.0
        self.label = QLabel()
        self.label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.label.setWordWrap(True)
        self.setWidget(self.label)
        self.setWidgetResizable(True)
        self.setMinimumHeight(160)

    def set_image(self, image: QImage | None, message: str = "") -> None:
        self.image = image
        if image is None:
            self.label.setPixmap(QPixmap())
            self.label.setText(message)
        self._scale()
        if image is not None:
            QTimer.singleShot(0, self._scroll_to_mark)

    def set_zoom(self, zoom: float) -> None:
        self.zoom = min(max(zoom, ZOOM_RANGE[0]), ZOOM_RANGE[1])
        self._scale()
        self.zoomed.emit(self.zoom)

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom / ZOOM_STEP)

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_in() if event.angleDelta().y() > 0 else self.zoom_out()
            event.accept()
            return
        super().wheelEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._scale()

    def shown_width(self) -> int:
        return self.label.pixmap().width() if self.image is not None else 0

    def _scale(self) -> None:
        if self.image is None:
            return
        width = max(100, int((self.viewport().width() - 4) * self.zoom))
        scaled = self.image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        self.label.setPixmap(QPixmap.fromImage(scaled))

    def _scroll_to_mark(self) -> None:
        """Bring the marked passage into view (a little above it, for context)."""
        if self.image is None or not self.image.text("first_mark"):
            return
        top = float(self.image.text("first_mark")) * self.label.pixmap().height()
        self.verticalScrollBar().setValue(max(0, int(top) - 40))


class PreviewDialog(QDialog):
    """The built-in reader: a page large, zoomable, the passage marked, paged with ◀ ▶."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("原文预览")
        self.resize(900, 1000)
        self.pane = DetailPane(self, preview_only=True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pane)

    def show_detail(self, detail: Detail, page: int) -> None:
        self.pane.show_detail(detail)
        self.pane.show_page(page)
        self.setWindowTitle(f"原文预览：《{detail.document}》")
        self.show()
        self.raise_()


class DetailPane(QWidget):
    opened = Signal(bool, str)  # 打开原文 done: (opened in a reader, what the user was told)

    def __init__(self, parent=None, preview_only: bool = False):
        super().__init__(parent)
        self.detail: Detail | None = None
        self.page = 0  # the page the preview shows (the user may browse away from detail.page)
        self.preview_paused = ""  # why previews wait (an import is reading PDFs), "" when they don't
        self.preview_task = None
        self.preview_dialog: PreviewDialog | None = None

        self.title = QLabel("选择左侧列表或表格中的一项查看原文")
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight:bold; font-size:11pt")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.location = QLabel()  # 第N页 · 条款路径
        self.location.setWordWrap(True)
        self.location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts = QLabel()  # 牵头 / 参与 / 时限, or 指标 / 目标: stays in view while the passage scrolls
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)

        self.open_button = QPushButton("打开原文")
        self.open_button.setToolTip("在PDF阅读器中打开原文件，翻到这一页")
        self.open_button.clicked.connect(self.open_in_system_viewer)
        self.zoom_out_button = QPushButton("－")
        self.zoom_out_button.setToolTip("缩小（Ctrl+滚轮）")
        self.zoom_in_button = QPushButton("＋")
        self.zoom_in_button.setToolTip("放大（Ctrl+滚轮）")
        self.fit_button = QPushButton("适合宽度")
        self.notice = QLabel()  # what 打开原文 did, or why it could not
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color:#555")
        self.notice.hide()
        self.previous_button = QPushButton("◀")
        self.previous_button.setToolTip("上一页")
        self.previous_button.clicked.connect(lambda: self.show_page(self.page - 1))
        self.next_button = QPushButton("▶")
        self.next_button.setToolTip("下一页")
        self.next_button.clicked.connect(lambda: self.show_page(self.page + 1))
        self.page_label = QLabel()
        for button in (self.previous_button, self.next_button, self.zoom_out_button, self.zoom_in_button):
            button.setFixedWidth(32)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        for widget in (self.zoom_out_button, self.zoom_in_button, self.fit_button, self.previous_button, self.page_label,
                       self.next_button):
            buttons.addWidget(widget)
        self.preview = PagePreview()
        self.zoom_in_button.clicked.connect(self.preview.zoom_in)
        self.zoom_out_button.clicked.connect(self.preview.zoom_out)
        self.fit_button.clicked.connect(lambda: self.preview.set_zoom(1.0))

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.title)
        top_layout.addWidget(self.location)
        top_layout.addWidget(self.facts)
        top_layout.addWidget(self.text)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addLayout(buttons)
        bottom_layout.addWidget(self.notice)
        bottom_layout.addWidget(self.preview)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addWidget(self.splitter)
        if preview_only:  # the built-in reader: the page large, no passage text above it
            top.hide()
            self.open_button.hide()
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.clear()

    # ------------------------------------------------------------ public ----
    def clear(self, message: str = "") -> None:
        self.detail = None
        self.title.setText(message or "选择左侧列表或表格中的一项查看原文")
        self.location.clear()
        self.facts.clear()
        self.facts.hide()
        self.text.clear()
        self.page_label.clear()
        self.notice.hide()
        self.preview.set_image(None)
        self._enable_buttons()

    def show_detail(self, detail: Detail) -> None:
        self.detail = detail
        self.notice.hide()
        self.title.setText(f"《{detail.document}》" if detail.document else "")
        where = [f"第{detail.page}页" if detail.page else "", detail.clause, detail.meta]
        self.location.setText(" · ".join(w for w in where if w))
        self.facts.setText(facts_html(detail))
        self.facts.setVisible(bool(detail.facts or detail.warnings))
        self.text.setHtml(passage_html(detail))
        QTimer.singleShot(0, self._scroll_to_highlight)  # once the new text is laid out
        self.show_page(detail.page)

    def show_page(self, page: int) -> None:
        """Preview page `page` of the current file (rendered in the background)."""
        detail = self.detail
        if detail is None or page < 1 or (detail.file_pages and page > detail.file_pages):
            return
        self.page = page
        total = f"/{detail.file_pages}" if detail.file_pages else ""
        self.page_label.setText(f"第{page}{total}页")
        self._enable_buttons()
        if not detail.path.lower().endswith(".pdf") or not Path(detail.path).is_file():
            self.preview.set_image(None, "原文件不是PDF，无法预览" if Path(detail.path).is_file() else f"找不到原文件：{detail.path}")
            return
        if self.preview_paused:
            self.preview.set_image(None, self.preview_paused)
            return
        self.preview.set_image(None, "正在生成页面预览…")
        self.preview_task = (operations.preview_page(detail.path, page, PREVIEW_WIDTH, detail.mark)
                             .success(self._on_preview).failure(self._on_preview_failed).run_in_background())

    def pause_previews(self, reason: str) -> None:
        self.preview_paused = reason

    def resume_previews(self) -> None:
        self.preview_paused = ""
        if self.detail is not None:
            self.show_page(self.page)

    def open_in_system_viewer(self) -> bool:
        """Open the original at the page shown, in a reader that can be told the page (else the
        default program, else the built-in preview); say what happened under the buttons."""
        if self.detail is None or not self.detail.path:
            return False
        page = self.page or self.detail.page or 1
        opened, message = viewer.open_pdf_at(self.detail.path, page)
        if not opened and self.detail.path.lower().endswith(".pdf") and Path(self.detail.path).is_file():
            self.preview_dialog = self.preview_dialog or PreviewDialog(self.window())
            self.preview_dialog.show_detail(self.detail, page)
        self.notice.setText(message)
        self.notice.show()
        self.opened.emit(opened, message)
        return opened

    # ---------------------------------------------------------- internals ----
    def _on_preview(self, result) -> None:
        path, page, image = result
        if self.detail is not None and path == self.detail.path and page == self.page:
            self.preview.set_image(image)

    def _on_preview_failed(self, message: str) -> None:
        self.preview.set_image(None, f"无法生成页面预览：{message}")

    def _enable_buttons(self) -> None:
        detail = self.detail
        self.open_button.setEnabled(detail is not None and bool(detail.path))
        for button in (self.zoom_in_button, self.zoom_out_button, self.fit_button):
            button.setEnabled(detail is not None)
        self.previous_button.setEnabled(detail is not None and self.page > 1)
        self.next_button.setEnabled(detail is not None and (not detail.file_pages or self.page < detail.file_pages))

    def _scroll_to_highlight(self) -> None:
        """Long table rows and passages: bring the highlighted words into view."""
        if self.detail is None or not self.detail.spans:
            return
        cursor = self.text.document().find(self.detail.text[self.detail.spans[0][0]:self.detail.spans[0][1]][:30])
        if not cursor.isNull():
            cursor.setPosition(cursor.selectionStart())  # a selection would hide the highlight colour
            self.text.verticalScrollBar().setValue(self.text.verticalScrollBar().maximum())
            self.text.setTextCursor(cursor)  # scrolling up to it puts the highlight on the first lines
            self.text.ensureCursorVisible()
