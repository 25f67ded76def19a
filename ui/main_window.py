"""The main window: the documents in the knowledge base; imports run in the background."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kb.knowledge_base import KnowledgeBase

from . import operations

DOC_COLUMNS = ("标题", "文号", "地区", "日期", "页数", "文字质量")


class MainWindow(QMainWindow):
    def __init__(self, kb: KnowledgeBase, corpus: Path | None = None):
        super().__init__()
        self.kb = kb
        self.corpus = corpus
        self.task = None
        self.last_report = None
        self.setWindowTitle("PolicyKB 政策知识库")

        self.documents = QTableWidget(0, len(DOC_COLUMNS))
        self.documents.setHorizontalHeaderLabels(DOC_COLUMNS)
        self.documents.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.documents.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.documents.setSortingEnabled(True)
        self.documents.horizontalHeader().setStretchLastSection(True)
        self.documents.verticalHeader().setVisible(False)

        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.progress_note = QLabel()
        self.cancel_button = QPushButton("取消")
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel_import)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.documents)
        layout.addWidget(self.progress_note)
        layout.addWidget(self.progress)
        layout.addWidget(self.cancel_button, alignment=Qt.AlignmentFlag.AlignRight)
        self.setCentralWidget(central)
        self.statusBar().showMessage("就绪")
        self.refresh()

    # --------------------------------------------------------------- start ----
    def start(self) -> None:
        """On first start with an empty KB, import the bundled corpus (in the background)."""
        if self.kb.is_empty() and self.corpus is not None and self.corpus.is_dir():
            QTimer.singleShot(0, lambda: self.import_paths([self.corpus]))

    def refresh(self) -> None:
        docs = self.kb.documents()
        self.documents.setSortingEnabled(False)
        self.documents.setRowCount(len(docs))
        for row, d in enumerate(docs):
            values = (d.title, d.doc_number, d.jurisdiction, d.issue_date, d.pages, "；".join(d.warnings) or "正常")
            for col, value in enumerate(values):
                item = QTableWidgetItem()
                item.setData(Qt.ItemDataRole.DisplayRole, value)
                self.documents.setItem(row, col, item)
        self.documents.setSortingEnabled(True)
        self.documents.resizeColumnsToContents()
        self.statusBar().showMessage(f"共{len(docs)}个文件")

    # -------------------------------------------------------------- import ----
    def import_paths(self, paths: list[Path]) -> None:
        if self.task is not None:
            return
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self.progress_note.setText("正在导入…")
        self.task = operations.ingest(
            self.kb.directory, paths, on_progress=self._on_progress, on_done=self._on_import_done, on_failure=self._on_import_failed
        )

    def cancel_import(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.progress_note.setText("正在取消…")

    def _on_progress(self, done: int, total: int, note: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress_note.setText(note)

    def _on_import_done(self, report) -> None:
        self.task = None
        self.last_report = report
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        failed = "；".join(f"{r.path.name}：{r.reason}" for r in report.failed)
        self.progress_note.setText(f"导入完成：{report.summary()}" + (f"。失败：{failed}" if failed else ""))
        self.kb.refresh_index()
        self.refresh()

    def _on_import_failed(self, message: str) -> None:
        self.task = None
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        self.progress_note.setText(f"导入出错：{message}")

    # ---------------------------------------------------------- utilities ----
    def show_font_warning(self, message: str) -> None:
        QMessageBox.warning(self, "缺少中文字体", message)

    def screenshot_and_quit(self, path: Path, view: str = "文件", query: str = "") -> int:
        from PySide6.QtWidgets import QApplication

        if self.kb.is_empty() and self.corpus is not None:
            report = self.kb.ingest([self.corpus])
            self.last_report = report
            self.refresh()
        QApplication.processEvents()
        ok = self.grab().save(str(path))
        return 0 if ok else 1
