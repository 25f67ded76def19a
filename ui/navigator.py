"""The navigator: four trees (文件, 部门, 时限, 指标) over the knowledge base.

Clicking an item emits `selected(Selection)`; the main window shows the matching rows in the
centre table. Each tree is filled the first time its tab is shown (start-up only pays for the
visible one) and again after an import or when the filters change: the search bar's 地区 and 时限
narrow every tree (`set_filters`), and the box above the trees finds a unit by any alias or short
name (机管局 → 上海市机关事务管理局), an indicator by any of its names (单位地区生产总值能源消耗 → 单位GDP能耗),
a file by title, file name or 文号 — the KnowledgeBase matches them as every list does.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QLineEdit, QTabWidget, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from kb.knowledge_base import KnowledgeBase
from kb.models import DocumentInfo, Filters, Role

VIEWS = ("文件", "部门", "时限", "指标")
NO_JURISDICTION = "未注明地区"
PAYLOAD = Qt.ItemDataRole.UserRole
WARNING_COLOR = QColor("#b35c00")
FILTER_DELAY_MS = 250  # the box refills the tree this long after the last keystroke


@dataclass(frozen=True)
class Selection:
    """What the user picked in the navigator.

    kind: "documents" (a group; payload: list of DocumentInfo) | "document" (DocumentInfo) |
    "department" (DepartmentSummary) | "deadline" (DeadlineBucket) | "indicator" (IndicatorSummary)
    """

    view: str
    kind: str
    label: str
    payload: Any


def _item(parent, texts: list[str], selection: Selection | None = None) -> QTreeWidgetItem:
    item = QTreeWidgetItem(parent, [str(t) for t in texts])
    if selection is not None:
        item.setData(0, PAYLOAD, selection)
    for col, text in enumerate(texts):
        if isinstance(text, int):
            item.setTextAlignment(col, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _tree(headers: list[str], widths: list[int] | None = None) -> QTreeWidget:
    """A tree with these columns: given widths (scrolls sideways), or else names stretched and counts fitted."""
    tree = QTreeWidget()
    tree.setHeaderLabels(headers)
    tree.setUniformRowHeights(True)
    tree.setAlternatingRowColors(True)
    header = tree.header()
    if widths:
        for col, width in enumerate(widths):
            tree.setColumnWidth(col, width)
        return tree
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for col in range(1, len(headers)):
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
    return tree


def jurisdiction_label(name: str) -> str:
    return name or NO_JURISDICTION


def _jurisdiction_order(name: str) -> tuple[bool, bool, str]:
    """国家 first, then places by name; documents without one last."""
    return (not name, name != "国家", name)


class Navigator(QWidget):
    selected = Signal(object)  # Selection

    def __init__(self, kb: KnowledgeBase, parent=None):
        super().__init__(parent)
        self.kb = kb
        self.filters = Filters()  # the search bar's 地区 / 时限: every tree shows only what they let through
        self.filter_box = QLineEdit()
        self.filter_box.setPlaceholderText("筛选列表：部门简称（机管局）、指标、文件名")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_timer = QTimer(self)
        self.filter_timer.setSingleShot(True)
        self.filter_timer.setInterval(FILTER_DELAY_MS)
        self.filter_timer.timeout.connect(self.apply_filter)
        self.filter_box.textChanged.connect(self.filter_timer.start)
        self.tabs = QTabWidget()
        self.trees = {
            "文件": _tree(["文件", "文号", "日期", "页数", "文字质量"], [230, 130, 85, 40, 80]),
            "部门": _tree(["部门", *(role.short for role in Role)]),
            "时限": _tree(["时限", "任务数"]),
            "指标": _tree(["指标", "计划数", "目标数"]),
        }
        self._fillers: dict[str, Callable[[QTreeWidget], None]] = {
            "文件": self._fill_documents,
            "部门": self._fill_departments,
            "时限": self._fill_deadlines,
            "指标": self._fill_indicators,
        }
        self._stale = set(VIEWS)
        self.showing: Selection | None = None  # what the centre table shows; None after a search
        for name in VIEWS:
            tree = self.trees[name]
            tree.itemSelectionChanged.connect(lambda tree=tree: self._emit_selection(tree))
            tree.itemClicked.connect(lambda _item, _col, tree=tree: self._on_click(tree))
            self.tabs.addTab(tree, name)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.tabs)

    # ------------------------------------------------------------ public ----
    def current_view(self) -> str:
        return VIEWS[self.tabs.currentIndex()]

    def show_view(self, view: str) -> None:
        """Switch to a tab ("部门"); fills it if needed."""
        self.tabs.setCurrentIndex(VIEWS.index(view))
        self._ensure_filled(view)

    def reload(self) -> None:
        """Forget every tree (after an import) and refill the visible one."""
        self._stale = set(VIEWS)
        self._ensure_filled(self.current_view())

    def set_filters(self, filters: Filters) -> None:
        """Narrow every tree to a jurisdiction and a year (the search bar's 地区 and 时限)."""
        filters = Filters(jurisdiction=filters.jurisdiction, deadline_year=filters.deadline_year)
        if filters != self.filters:
            self.filters = filters
            self.reload()

    def apply_filter(self) -> None:
        """Refill the visible tree with what the box's text finds (at once: tests and Enter)."""
        self.filter_timer.stop()
        view = self.current_view()
        if view == "时限":
            self._hide_unmatched(self.trees[view], self.filter_box.text().strip())
            return
        self._stale.add(view)
        self._ensure_filled(view)

    def select_first(self) -> bool:
        """Select the first selectable item of the visible tree (the biggest group); False if none."""
        tree = self.trees[self.current_view()]
        for item in self._items(tree):
            if item.data(0, PAYLOAD) is not None and not item.isHidden():
                tree.setCurrentItem(item)
                return True
        return False

    def select_label(self, text: str) -> bool:
        """Select the first item of the visible tree whose name contains `text`."""
        tree = self.trees[self.current_view()]
        for item in self._items(tree):
            if text in item.text(0) and item.data(0, PAYLOAD) is not None:
                tree.setCurrentItem(item)
                return True
        return False

    def item_labels(self, view: str) -> list[str]:
        """The first-column texts of a tree, depth first (what the user reads in that tab)."""
        self._ensure_filled(view)
        return [item.text(0) for item in self._items(self.trees[view])]

    # ---------------------------------------------------------- internals ----
    @staticmethod
    def _items(tree: QTreeWidget):
        stack = [tree.topLevelItem(i) for i in reversed(range(tree.topLevelItemCount()))]
        while stack:
            item = stack.pop()
            yield item
            stack.extend(item.child(i) for i in reversed(range(item.childCount())))

    def _on_tab_changed(self, index: int) -> None:
        if self.filter_box.text().strip():
            self._stale.add(VIEWS[index])  # the box's text narrows this tree too
        self._ensure_filled(VIEWS[index])
        if VIEWS[index] == "时限":
            self._hide_unmatched(self.trees["时限"], self.filter_box.text().strip())

    def _ensure_filled(self, view: str) -> None:
        if view not in self._stale:
            return
        self._stale.discard(view)
        tree = self.trees[view]
        tree.blockSignals(True)
        tree.clear()
        self._fillers[view](tree)
        tree.expandToDepth(1 if view == "文件" else 0)
        tree.blockSignals(False)

    def _emit_selection(self, tree: QTreeWidget) -> None:
        item = tree.currentItem()
        selection = item.data(0, PAYLOAD) if item is not None else None
        if selection is not None:
            self.showing = selection
            self.selected.emit(selection)

    def _on_click(self, tree: QTreeWidget) -> None:
        """A click on the selected item shows it again when a search replaced it in the table."""
        item = tree.currentItem()
        if item is not None and item.data(0, PAYLOAD) is not self.showing:
            self._emit_selection(tree)

    def _hide_unmatched(self, tree: QTreeWidget, text: str) -> None:
        """Hide the leaves whose label does not contain `text` (the 时限 tree's groups)."""
        for i in range(tree.topLevelItemCount()):
            self._filter_item(tree.topLevelItem(i), text)

    def _typed(self) -> str:
        return self.filter_box.text().strip()

    def _filter_item(self, item: QTreeWidgetItem, text: str) -> bool:
        if item.childCount() == 0:
            visible = not text or text in item.text(0)
        else:
            visible = any([self._filter_item(item.child(i), text) for i in range(item.childCount())])
            visible = visible or not text
        item.setHidden(not visible)
        return visible

    # ---------------------------------------------------------- the trees ----
    def _fill_documents(self, tree: QTreeWidget) -> None:
        filters = Filters(jurisdiction=self.filters.jurisdiction, doc=self._typed() or None)
        docs = sorted(self.kb.documents(filters), key=lambda d: (_jurisdiction_order(d.jurisdiction), -(d.year or 0), d.title))
        _item(tree, [f"全部文件（{len(docs)}）"], Selection("文件", "documents", "全部文件", docs))
        for jurisdiction, group in groupby(docs, key=lambda d: d.jurisdiction):
            group = list(group)
            name = jurisdiction_label(jurisdiction)
            place = _item(tree, [f"{name}（{len(group)}）"], Selection("文件", "documents", name, group))
            for year, in_year in groupby(group, key=lambda d: d.year):
                in_year = list(in_year)
                year_name = f"{year}年" if year else "年份不详"
                node = _item(place, [f"{year_name}（{len(in_year)}）"], Selection("文件", "documents", f"{name} {year_name}", in_year))
                for doc in in_year:
                    self._document_item(node, doc)

    @staticmethod
    def _document_item(parent: QTreeWidgetItem, doc: DocumentInfo) -> None:
        quality = "⚠ 文字不可信" if doc.warnings else "OCR识别" if doc.ocr_notes else "正常"
        item = _item(parent, [doc.title, doc.doc_number, doc.issue_date, doc.pages, quality],
                     Selection("文件", "document", doc.title, doc))
        item.setToolTip(0, "\n".join((doc.title, *(Path(p).name for p in doc.sources))))
        if doc.warnings or doc.ocr_notes:
            item.setToolTip(4, "\n".join((*doc.warnings, *doc.ocr_notes)))
        if doc.warnings:
            item.setForeground(4, QBrush(WARNING_COLOR))

    def _fill_departments(self, tree: QTreeWidget) -> None:
        filters = Filters(jurisdiction=self.filters.jurisdiction, deadline_year=self.filters.deadline_year,
                          department=self._typed() or None)
        departments = sorted(self.kb.departments(filters), key=lambda d: (_jurisdiction_order(d.jurisdiction), -d.total, d.name))
        for jurisdiction, group in groupby(departments, key=lambda d: d.jurisdiction):
            group = list(group)
            place = _item(tree, [f"{jurisdiction_label(jurisdiction)}（{len(group)}个部门）"])
            place.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for entry in group:
                item = _item(place, [entry.name, *(entry.count(role) for role in Role)],
                             Selection("部门", "department", entry.name, entry))
                aliases = "、".join(entry.aliases)
                item.setToolTip(0, f"{entry.name}\n又称：{aliases}" if aliases else entry.name)

    def _fill_deadlines(self, tree: QTreeWidget) -> None:
        for bucket in self.kb.deadline_buckets(date.today(), self.filters):
            node = _item(tree, [bucket.label, len(bucket.obligation_ids)], Selection("时限", "deadline", bucket.label, bucket))
            for child in bucket.children:
                _item(node, [child.label, len(child.obligation_ids)], Selection("时限", "deadline", child.label, child))

    def _fill_indicators(self, tree: QTreeWidget) -> None:
        filters = Filters(jurisdiction=self.filters.jurisdiction, deadline_year=self.filters.deadline_year,
                          indicator=self._typed() or None)
        for row in self.kb.indicators(filters):
            item = _item(tree, [row.key, row.plans, row.targets], Selection("指标", "indicator", row.key, row))
            item.setToolTip(0, row.name)
