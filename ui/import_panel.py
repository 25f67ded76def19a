"""The import panel under the table: progress with a cancel button while an import runs, then the
outcome, and a list of the files that failed with their reasons (until the user closes it).
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


class ImportPanel(QWidget):
    cancel_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.note = QLabel()
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # progress notes name long paths: never let them widen the window (the tooltip has it all)
        self.note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.progress = QProgressBar()
        self.progress.setFormat("%p%")
        self.cancel_button = QPushButton("取消导入")
        self.cancel_button.clicked.connect(self._cancel)
        self.failures = QTableWidget(0, 2)
        self.failures.setHorizontalHeaderLabels(["导入失败的文件", "原因"])
        self.failures.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.failures.verticalHeader().setVisible(False)
        self.failures.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.failures.horizontalHeader().setStretchLastSection(True)
        self.failures.setColumnWidth(0, 360)
        self.failures.setMaximumHeight(140)
        self.close_button = QPushButton("关闭")
        self.close_button.clicked.connect(self.hide)

        row = QHBoxLayout()
        row.addWidget(self.note, 1)
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        row.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addLayout(row)
        layout.addWidget(self.failures)
        self.hide()

    def start(self, what: str) -> None:
        self.note.setText(f"正在导入{what}…")
        self.progress.setRange(0, 0)  # busy until the first progress report says how many pages
        self.progress.show()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        self.close_button.hide()
        self.failures.setRowCount(0)
        self.failures.hide()
        self.show()

    def update_progress(self, done: int, total: int, note: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.note.setText(note)
        self.note.setToolTip(note)

    def finish(self, report) -> None:
        """Show the kb.ingest.IngestReport: a summary line and one row per failed file."""
        self._stop(f"导入完成：{report.summary()}，用时{report.seconds:.1f}秒")
        for result in report.failed:
            self.add_failure(result.shown_path, result.reason)
        if not report.failed:
            self.failures.hide()

    def fail(self, message: str) -> None:
        """The whole import stopped with an error (not one file): say so, keep the panel open."""
        self._stop(f"导入出错：{message}")

    def add_failure(self, path: str, reason: str) -> None:
        row = self.failures.rowCount()
        self.failures.insertRow(row)
        for col, text in enumerate((path, reason)):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            self.failures.setItem(row, col, item)
        self.failures.show()

    def failure_rows(self) -> list[tuple[str, str]]:
        """(file, reason) of each failed file, as listed."""
        return [(self.failures.item(r, 0).text(), self.failures.item(r, 1).text()) for r in range(self.failures.rowCount())]

    def _stop(self, message: str) -> None:
        self.note.setText(message)
        self.note.setToolTip(message)
        self.progress.hide()
        self.cancel_button.hide()
        self.close_button.show()
        self.show()

    def _cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.note.setText("正在取消（当前文件完成后停止）…")
        self.cancel_requested.emit()
