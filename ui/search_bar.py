"""The search bar: a query box that searches as you type (debounced) and four filters.

Emits `search_requested(query, filters)` 300 ms after the last keystroke or at once when a
filter changes; `filters` is the kb.models.Filters the KnowledgeBase reads the same way for a
search and for a list: Filters(doc=3, jurisdiction="珠海市", department="发改委", deadline_year=2025).
The 部门 box lists units by jurisdiction and, as one types, suggests the units a short name or
alias means (机管局 → 上海市机关事务管理局): `department_suggestions(text, jurisdiction)` is given by
the window, which asks the KnowledgeBase.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from kb.models import Filters

DEBOUNCE_MS = 300
ALL_DOCUMENTS, ALL_JURISDICTIONS, ALL_YEARS = "全部文件", "全部地区", "全部时限年份"
SYNTAX_HELP = ("空格分隔的词须同时出现；\"碳达峰 实施方案\" 加英文引号为精确短语；"
               "-海上风电 排除；光伏 OR 风电 任一。部门简称（发改委）也能找到全称。")


def _combo(width: int, editable: bool = False) -> QComboBox:
    combo = QComboBox()
    combo.setEditable(editable)
    combo.setMinimumWidth(width)
    combo.setMaximumWidth(width * 2)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(6)
    return combo


class SearchBar(QWidget):
    search_requested = Signal(str, object)  # (query, Filters)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.query = QLineEdit()
        self.query.setPlaceholderText("搜索全文（Ctrl+F）：例如 碳达峰 发改委、\"单位地区生产总值能源消耗\"")
        self.query.setToolTip(SYNTAX_HELP)
        self.query.setClearButtonEnabled(True)
        self.document = _combo(150)
        self.jurisdiction = _combo(90)
        self.department = _combo(130, editable=True)
        self.department.lineEdit().setPlaceholderText("全部部门（可输简称）")
        self.department.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # suggestions come from the KnowledgeBase (aliases, short names): shown as they are, unfiltered by Qt
        self.department_suggestions: Callable[[str, str | None], list[str]] | None = None
        self.suggestions = QStringListModel(self)
        completer = QCompleter(self.suggestions, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.department.setCompleter(completer)
        self.department.lineEdit().textEdited.connect(self._suggest_departments)
        self.deadline_year = _combo(90)
        self.clear_button = QPushButton("清除筛选")
        self.set_choices([], [], [], [])

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.emit_search)
        self.query.textChanged.connect(self.timer.start)
        self.query.returnPressed.connect(self.emit_search)
        for combo in (self.document, self.jurisdiction, self.deadline_year):
            combo.currentIndexChanged.connect(self.emit_search)
        self.department.lineEdit().editingFinished.connect(self._department_edited)
        self.department.activated.connect(self._department_edited)
        self._searched_department = ""
        self.clear_button.clicked.connect(self.clear_filters)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(QLabel("搜索"))
        layout.addWidget(self.query, 3)
        for label, combo in (("文件", self.document), ("地区", self.jurisdiction), ("部门", self.department),
                             ("时限", self.deadline_year)):
            layout.addWidget(QLabel(label))
            layout.addWidget(combo, 1)
        layout.addWidget(self.clear_button)

    # ------------------------------------------------------------ choices ----
    def set_choices(self, documents: list[tuple[int, str]], jurisdictions: list[str],
                    departments: list[tuple[str, str]], years: list[int]) -> None:
        """Fill the filter lists, keeping what the user had chosen where it still exists.
        departments: (jurisdiction, unit) pairs, listed under a heading per jurisdiction."""
        state = self.state()
        for combo in (self.document, self.jurisdiction, self.department, self.deadline_year):
            combo.blockSignals(True)
            combo.clear()
        self.document.addItem(ALL_DOCUMENTS, None)
        for doc_id, title in documents:
            self.document.addItem(title, doc_id)
        self.jurisdiction.addItem(ALL_JURISDICTIONS, None)
        for name in jurisdictions:
            self.jurisdiction.addItem(name, name)
        self.department.addItem("", None)
        place = None
        for jurisdiction, name in departments:
            if jurisdiction != place:
                place = jurisdiction
                self.department.addItem(f"—— {jurisdiction or '未注明地区'} ——", None)
                self.department.model().item(self.department.count() - 1).setEnabled(False)  # a heading
            self.department.addItem(name, name)
        self.deadline_year.addItem(ALL_YEARS, None)
        for year in years:
            self.deadline_year.addItem(f"{year}年", year)
        self._restore(state)
        for combo in (self.document, self.jurisdiction, self.department, self.deadline_year):
            combo.blockSignals(False)

    # -------------------------------------------------------------- state ----
    def text(self) -> str:
        return self.query.text().strip()

    def filters(self) -> Filters:
        """The chosen filters (unset ones None)."""
        return Filters(
            doc=self.document.currentData(),
            jurisdiction=self.jurisdiction.currentData(),
            department=self.department.currentText().strip() or None,
            deadline_year=self.deadline_year.currentData(),
        )

    def describe_filters(self) -> str:
        """'地区：珠海市；时限：2025年' for labels and export notes."""
        parts = [(name, combo.currentText()) for name, combo in (("文件", self.document), ("地区", self.jurisdiction),
                                                                  ("部门", self.department), ("时限", self.deadline_year))]
        return "；".join(f"{name}：{text}" for name, text in parts
                        if text and text not in (ALL_DOCUMENTS, ALL_JURISDICTIONS, ALL_YEARS))

    def state(self) -> dict[str, str]:
        """The filters as the texts the user sees, for QSettings (ids change between KBs)."""
        return {"document": self.document.currentText(), "jurisdiction": self.jurisdiction.currentText(),
                "department": self.department.currentText(), "deadline_year": self.deadline_year.currentText()}

    def restore(self, state: dict[str, str]) -> None:
        self._restore(state)

    def _restore(self, state: dict[str, str]) -> None:
        """Choose the filters by their texts, without emitting a search per filter."""
        for key, combo in (("document", self.document), ("jurisdiction", self.jurisdiction),
                           ("deadline_year", self.deadline_year)):
            was_blocked = combo.blockSignals(True)
            index = combo.findText(state.get(key) or "", Qt.MatchFlag.MatchExactly)
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(was_blocked)
        self.department.setEditText(state.get("department") or "")

    def clear_filters(self) -> None:
        self._restore({})
        self.emit_search()

    def focus(self) -> None:
        self.query.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query.selectAll()

    def emit_search(self) -> None:
        self.timer.stop()
        self._searched_department = self.department.currentText().strip()
        self.search_requested.emit(self.text(), self.filters())

    def _suggest_departments(self, text: str) -> None:
        """Offer the units the typed text means, in the chosen 地区 (机管局 → 上海市机关事务管理局)."""
        if self.department_suggestions is None:
            return
        text = text.strip()
        self.suggestions.setStringList(self.department_suggestions(text, self.jurisdiction.currentData())[:30]
                                       if text else [])
        if text:
            self.department.completer().complete()

    def _department_edited(self, *_) -> None:
        """Leaving the department box searches only if its text changed (focus moves off it often)."""
        if self.department.currentText().strip() != self._searched_department:
            self.emit_search()
