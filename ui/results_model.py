"""The centre table: one Qt model for every list the app shows (documents, tasks, targets, hits).

A `TableSpec` says which columns a kind of row has; `ResultsModel` holds the rows (the typed rows
the KnowledgeBase returns: DocumentInfo, ObligationRow, TargetRow, Hit) and sorts them in Python,
which stays instant for tens of thousands of rows. Search snippets are HTML and drawn by `HtmlDelegate`.
"""
from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from kb.index import EXACT
from kb.models import ObligationRow, Role, TargetRow, attribute_name

HTML_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
HIGHLIGHT_STYLE = "background-color:#ffe58f; color:#000000;"
KIND_NAMES = {"heading": "标题", "text": "正文", "table_row": "表格行", "toc": "目录"}


@dataclass(frozen=True)
class Column:
    title: str
    value: Callable[[Any], Any]  # row → what the cell shows (str or number)
    width: int = 100  # initial width in pixels
    html: Callable[[Any], str] | None = None  # row → rich text, drawn by HtmlDelegate
    optional: bool = False  # hidden while no row has a value in it (配合单位 of a plan that names none)
    tooltip: Callable[[Any], str] | None = None  # row → the tooltip (the task's whole text)


@dataclass(frozen=True)
class TableSpec:
    kind: str  # "documents" | "obligations" | "targets" | "hits"
    columns: tuple[Column, ...]
    muted: Callable[[Any], bool] | None = None  # rows drawn in a softer colour (related search hits)


def joined(names: Sequence[str]) -> str:
    """['市发展改革局', '市统计局'] → '市发展改革局、市统计局'."""
    return "、".join(names)


def role_names(roles: Sequence[Role]) -> str:
    """(Role.LEAD, Role.CO) → '牵头、配合'."""
    return "、".join(role.short for role in roles)


def deadline_label(row: ObligationRow) -> str:
    return row.deadline.label if row.deadline else ""


def comparability(row: TargetRow) -> str:
    """'不可比：以百分点表示…' for a target that cannot stand beside the others, '注：…' for a remark."""
    if not row.comparable:
        return f"不可比：{row.note}"
    return f"注：{row.note}" if row.note else ""


def snippet_html(text: str, spans: Sequence[tuple[int, int]], width: int | None = None) -> str:
    """Escaped HTML of `text` with each span highlighted; `width` cuts an excerpt around the first.

    >>> snippet_html("推进减污降碳协同增效", [(2, 6)])
    '推进<span style="background-color:#ffe58f; color:#000000;">减污降碳</span>协同增效'
    """
    from kb.index.snippets import mark

    return mark(text, tuple(spans), f'<span style="{HIGHLIGHT_STYLE}">', "</span>", html.escape,
                width=width if width is not None else len(text) + 1)


DOCUMENTS = TableSpec("documents", (
    Column("标题", lambda d: d.title, 260),
    Column("文号", lambda d: d.doc_number, 140),
    Column("地区", lambda d: d.jurisdiction or "未注明", 70),
    Column("日期", lambda d: d.issue_date, 90),
    Column("页数", lambda d: d.pages, 50),
    Column("文字质量", lambda d: "；".join((*d.warnings, *d.ocr_notes)) or "正常", 200),
))

def _units_column(role: Role) -> Column:
    return Column(role.label, lambda o: joined(o.units(role)), 110, optional=True)


# the task's name first, then when, who, and where it is written
_TASK = Column("任务", lambda o: o.title, 240, tooltip=lambda o: o.text)
_WHEN = Column("时限", deadline_label, 90)
_WHERE = (Column("文件", lambda o: o.document, 150), Column("页码", lambda o: o.page, 40),
          Column("条款", lambda o: o.clause, 200))
OBLIGATIONS = TableSpec("obligations", (_TASK, _WHEN, *(_units_column(role) for role in Role), *_WHERE))
DEPARTMENT_OBLIGATIONS = TableSpec("obligations", (_TASK, _WHEN, Column("角色", lambda o: role_names(o.roles), 45),
                                                   *(_units_column(role) for role in Role), *_WHERE))

# an indicator across plans: each plan's target as stated, its base, and whether it compares
TARGETS = TableSpec("targets", (
    Column("文件", lambda t: t.document, 160),
    Column("地区", lambda t: t.jurisdiction or "未注明", 60),
    Column("目标年", lambda t: t.year or "", 50),
    Column("目标", lambda t: t.stated, 110),
    Column("基准", lambda t: t.base, 100, optional=True),
    Column("可比性", comparability, 220, optional=True),
    Column("属性", lambda t: attribute_name(t.attribute), 55, optional=True),
    Column("指标", lambda t: t.indicator, 170),
    Column("页码", lambda t: t.page, 40),
    Column("原文", lambda t: t.text, 300),
), muted=lambda t: not t.comparable)

HITS = TableSpec("hits", (
    Column("匹配", lambda h: h.tier_name, 70),
    Column("摘要", lambda h: h.snippet.replace("【", "").replace("】", ""), 440,
           html=lambda h: snippet_html(h.text, h.spans, width=60)),
    Column("文件", lambda h: h.title, 220),
    Column("页码", lambda h: h.page, 50),
    Column("条款", lambda h: h.clause, 200),
    Column("类型", lambda h: KIND_NAMES.get(h.kind, h.kind), 60),
    Column("任务单位", lambda h: h.note, 160),
), muted=lambda h: h.tier != EXACT)


def _sort_key(value: Any) -> tuple:
    """Numbers before text, empty cells last, whatever the column holds."""
    if value is None or value == "":
        return (2, 0, "")
    if isinstance(value, (int, float)):
        return (0, value, "")
    return (1, 0, str(value))


class ResultsModel(QAbstractTableModel):
    """Rows of one TableSpec kind; `row(i)` gives back the row object behind a table row."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.spec: TableSpec = DOCUMENTS
        self.rows: list[Any] = []
        self.caption = ""  # what the table shows, for the label above it and exports

    def set_rows(self, spec: TableSpec, rows: Sequence[Any], caption: str = "") -> None:
        self.beginResetModel()
        self.spec, self.rows, self.caption = spec, list(rows), caption
        self.endResetModel()

    def row(self, i: int) -> Any:
        return self.rows[i]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.spec.columns)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        column, row = self.spec.columns[index.column()], self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.value(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.tooltip is not None:
                return column.tooltip(row)
            value = column.value(row)
            return str(value) if isinstance(value, str) and len(value) > 20 else None
        if role == HTML_ROLE and column.html is not None:
            return column.html(row)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ForegroundRole and self.spec.muted is not None and self.spec.muted(row):
            return QApplication.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(column.value(row), int):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.spec.columns[section].title
        return section + 1

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.spec.columns):
            return
        value = self.spec.columns[column].value
        self.layoutAboutToBeChanged.emit()
        self.rows.sort(key=lambda r: _sort_key(value(r)), reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()

    def empty_columns(self) -> list[int]:
        """The optional columns no row fills (hidden: they would only take room)."""
        return [i for i, column in enumerate(self.spec.columns)
                if column.optional and not any(column.value(r) for r in self.rows)]

    def displayed(self) -> tuple[list[str], list[list[Any]]]:
        """(header, rows of cell values) as the table shows them, for export."""
        header = [c.title for c in self.spec.columns]
        return header, [[c.value(r) for c in self.spec.columns] for r in self.rows]


class HtmlDelegate(QStyledItemDelegate):
    """Draws a cell's HTML_ROLE rich text (highlighted snippets) on one line; plain cells as usual."""

    def paint(self, painter, option, index) -> None:
        rich = index.data(HTML_ROLE)
        if rich is None:
            super().paint(painter, option, index)
            return
        options = QStyleOptionViewItem(option)
        self.initStyleOption(options, index)
        options.text = ""
        style = options.widget.style() if options.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, options, painter, options.widget)
        doc = self._document(rich, options)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(options.state & QStyle.StateFlag.State_Selected)
        color_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, options.palette.color(color_role))
        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, options, options.widget)
        painter.save()
        painter.translate(text_rect.left(), text_rect.top() + max(0, (text_rect.height() - doc.size().height()) / 2))
        painter.setClipRect(0, 0, text_rect.width(), text_rect.height())
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        rich = index.data(HTML_ROLE)
        if rich is None:
            return super().sizeHint(option, index)
        doc = self._document(rich, option)
        return QSize(int(doc.idealWidth()), int(doc.size().height()))

    @staticmethod
    def _document(rich: str, option) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(1)
        doc.setHtml(f'<span style="white-space:pre">{rich}</span>')
        return doc
