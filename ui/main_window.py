"""The main window: search bar on top, navigator | centre table | detail pane, import panel below.

Data flow: the navigator or the search bar picks what to show → the centre table's ResultsModel
gets rows (KnowledgeBase reads on the main thread, searches on a worker via ui.operations) →
selecting a row fills the detail pane. Imports run in the background and refresh every view.
The window says when its background work is done (`import_finished`, `search_finished`,
`export_finished`): tests and other windows wait on these.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kb.index import EXACT, RELATED, TIER_NAMES
from kb.knowledge_base import KnowledgeBase
from kb.models import Filters, Role
from kb.read import dialog_filter

from . import operations, tasks, viewer
from .chart import TargetChart
from .detail_pane import DetailPane, detail_for
from .import_panel import ImportPanel
from .navigator import VIEWS, Navigator, Selection, jurisdiction_label
from .results_model import (
    DEPARTMENT_OBLIGATIONS,
    DOCUMENTS,
    HITS,
    OBLIGATIONS,
    TARGETS,
    HtmlDelegate,
    ResultsModel,
)
from .search_bar import SYNTAX_HELP, SearchBar

APP_TITLE = "PolicyKB 政策知识库"
EMPTY_KB_HINT = "知识库是空的：用“文件 › 导入文件”（Ctrl+O）导入政策文件，或把PDF文件、文件夹拖到窗口中。"
IMPORTING_SAMPLES = "正在导入示例文件…（首次启动：程序自带的政策文件，导入后即可按部门、时限、指标浏览）"
# The 分工表 export's choices (kb.export.TaskOptions), shown in the save dialog, remembered
EXPORT_OPTIONS = (("full_text", "“重点任务”写全文（默认写任务名称）"), ("source", "加“来源”“页码”列"),
                  ("mark_overdue", "标出已逾期（程序不知道任务是否已完成）"))
PREVIEW_PAUSED = "正在导入文件，页面预览将在导入完成后显示"
EXPORT_FILTERS = "Excel 工作簿 (*.xlsx);;CSV 表格，UTF-8 (*.csv);;Word 文档 (*.docx)"
IMPORT_FILTERS = f"{dialog_filter()};;所有文件 (*)"
BACKUP_FILTER = "知识库备份 (*.sqlite);;所有文件 (*)"
CHART_MAX_HEIGHT = 280  # pixels; a taller chart scrolls


class MainWindow(QMainWindow):
    import_finished = Signal(object)  # the IngestReport, or the error message (str)
    search_finished = Signal(str)  # the query whose hits the table now shows (or whose search failed)
    export_finished = Signal(object)  # the path written, or the error message (str)
    backup_finished = Signal(object)  # the backup's path, or the error message (str)
    restore_finished = Signal(object)  # the number of documents restored, or the error message (str)

    def __init__(self, kb: KnowledgeBase, corpus: Path | None = None, settings: QSettings | None = None):
        super().__init__()
        self.kb = kb
        self.corpus = corpus
        self.settings = settings if settings is not None else QSettings()
        self.search_session = operations.SearchSession(kb.location)
        self.import_task = None
        self.search_task = None
        self.export_task = None
        self.last_report = None
        self.last_export: Path | None = None
        self.context = ""  # the department or indicator the table is about (for exports)
        self.setWindowTitle(APP_TITLE)
        self.setAcceptDrops(True)

        self._build_widgets()
        self._build_menus()
        self._connect()
        self._restore_settings()
        self.refresh()
        self.search_bar.restore(self._saved_filters)

    # ------------------------------------------------------------- layout ----
    def _build_widgets(self) -> None:
        self.font_banner = QLabel()
        self.font_banner.setStyleSheet("background:#fdecea; color:#b71c1c; padding:6px; font-weight:bold")
        self.font_banner.setWordWrap(True)
        self.font_banner.hide()
        self.search_bar = SearchBar()
        self.navigator = Navigator(self.kb)
        self.model = ResultsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegate(HtmlDelegate(self.table))
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setStyleSheet("font-weight:bold; padding:2px")
        self.detail = DetailPane()
        self.import_panel = ImportPanel()
        self.export_notice = ExportNotice()

        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.addWidget(self.caption)
        centre_layout.addWidget(self.table)
        self.chart = TargetChart()
        # many plans make a tall chart: it scrolls, the table keeps its room
        self.chart_area = QScrollArea()
        self.chart_area.setWidget(self.chart)
        self.chart_area.setWidgetResizable(True)
        self.chart_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.chart_area.hide()
        centre_layout.addWidget(self.chart_area)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.navigator)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 680, 380])

        root = QWidget()
        layout = QVBoxLayout(root)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.font_banner)
        layout.addWidget(self.search_bar)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.export_notice)
        layout.addWidget(self.import_panel)
        self.setCentralWidget(root)
        self.kb_label = QLabel(f"知识库：{self.kb.shown}")
        self.statusBar().addPermanentWidget(self.kb_label)

    def _action(self, menu, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("文件(&F)")
        self._action(file_menu, "导入文件…", self.choose_files, QKeySequence.StandardKey.Open, "导入PDF、Word或文本文件")
        self._action(file_menu, "导入文件夹…", self.choose_folder, "Ctrl+Shift+O", "导入文件夹中的所有政策文件")
        self.ocr_action = self._action(file_menu, "导入时识别扫描页（OCR）", self.set_ocr, None,
                                       "对没有文字层的扫描页做文字识别；关闭后扫描件只标注“需要OCR”，导入更快")
        self.ocr_action.setCheckable(True)
        self.ocr_action.setChecked(self.ocr_enabled())
        self.export_action = self._action(file_menu, "导出当前表格…", self.choose_export_file, "Ctrl+E",
                                          "把中间的表格导出为Excel、CSV或Word文件")
        file_menu.addSeparator()
        self._action(file_menu, "备份知识库…", self.choose_backup_file, tip="把知识库复制到一个备份文件（使用中也可备份）")
        self._action(file_menu, "从备份恢复…", self.choose_restore_file, tip="用备份文件替换知识库的全部内容")
        file_menu.addSeparator()
        self._action(file_menu, "退出", self.close, QKeySequence.StandardKey.Quit)
        find_menu = bar.addMenu("查找(&S)")
        self._action(find_menu, "搜索全文", self.search_bar.focus, QKeySequence.StandardKey.Find)
        self._action(find_menu, "清除搜索和筛选", self.clear_search, "Ctrl+Shift+F")
        view_menu = bar.addMenu("视图(&V)")
        for number, view in enumerate(VIEWS, start=1):
            self._action(view_menu, f"按{view}浏览", lambda _=False, v=view: self.show_view(v), f"Ctrl+{number}")
        help_menu = bar.addMenu("帮助(&H)")
        self._action(help_menu, "搜索语法", lambda: QMessageBox.information(self, "搜索语法", SYNTAX_HELP))
        self._action(help_menu, "关于", self.show_about)

    def _connect(self) -> None:
        self.navigator.selected.connect(self.show_selection)
        self.search_bar.search_requested.connect(self.on_search_requested)
        self.search_bar.department_suggestions = self.department_suggestions
        self.table.selectionModel().currentRowChanged.connect(self.on_row_changed)
        self.import_panel.cancel_requested.connect(self.cancel_import)

    # -------------------------------------------------------------- start ----
    def start(self, paths: list[Path] | None = None) -> None:
        """After the window is shown: import the files given (`policykb open …`), else the bundled
        corpus into an empty KB; warm up search."""
        if paths:
            QTimer.singleShot(0, lambda: self.import_paths(list(paths)))
        elif self.kb.is_empty() and self.corpus is not None and self.corpus.is_dir():
            # first start: the centre says what is happening, not that the KB is empty
            self.set_table(DOCUMENTS, [], IMPORTING_SAMPLES)
            self.statusBar().showMessage("正在导入示例文件…")
            QTimer.singleShot(0, lambda: self.import_paths([self.corpus]))
        else:
            QTimer.singleShot(300, lambda: operations.warm_up(self.search_session).run_in_background())

    def refresh(self) -> None:
        """Reload every view from the KB (start-up, after an import) and show the current view."""
        self.navigator.reload()
        units = sorted(((d.jurisdiction, d.name) for d in self.kb.departments()),
                       key=lambda u: (not u[0], u[0] != "国家", u[0]))
        self.search_bar.set_choices(self.kb.document_titles(), self.kb.jurisdictions(), units, self.kb.deadline_years())
        empty = self.kb.is_empty()
        if self.search_bar.text():
            self.search_bar.emit_search()
        elif empty or not self.navigator.select_first():
            self.set_table(DOCUMENTS, [], EMPTY_KB_HINT)
        self.statusBar().showMessage("知识库为空" if empty else f"共{self.kb.document_count()}个文件")

    def show_view(self, view: str) -> None:
        """Switch the navigator to a view and show its first item (the biggest group)."""
        self.navigator.show_view(view)
        if self.navigator.trees[view].currentItem() is None:
            self.navigator.select_first()

    # -------------------------------------------------------- the table ----
    def set_table(self, spec, rows, caption: str, context: str = "") -> None:
        self.model.set_rows(spec, rows, caption)
        self.context = context
        self.caption.setText(caption)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # keep the query's order
        empty = set(self.model.empty_columns())  # 配合单位 of a plan that names none takes no room
        for col, column in enumerate(spec.columns):
            self.table.setColumnWidth(col, column.width)
            self.table.setColumnHidden(col, col in empty)
        charts = self.kb.charts(rows) if spec is TARGETS and context else ()
        self.chart.set_chart(charts[0] if charts else None, left_out=sum(1 for r in rows if not r.comparable) if charts else 0)
        self.chart_area.setVisible(bool(charts))
        self.chart_area.setFixedHeight(min(CHART_MAX_HEIGHT, self.chart.minimumHeight() + 4) if charts else 0)
        self.detail.clear()

    def show_selection(self, selection: Selection) -> None:
        """Fill the centre table with what the navigator item stands for."""
        self._clear_query()
        kind, payload = selection.kind, selection.payload
        if kind == "documents":
            self.set_table(DOCUMENTS, payload, f"{selection.label}：{len(payload)}个文件")
        elif kind == "document":
            self._show_document(payload)
        elif kind == "department":
            rows = self.kb.department_obligations(payload.key, payload.jurisdiction, self.navigator.filters)
            counts = " · ".join(f"{role.short}{payload.count(role)}" for role in Role)
            where = jurisdiction_label(payload.jurisdiction)
            self.set_table(DEPARTMENT_OBLIGATIONS, rows, f"{payload.name}（{where}）：{len(rows)}项任务（{counts}）",
                           context=payload.name)
        elif kind == "deadline":
            rows = self.kb.obligations_by_ids(payload.obligation_ids)
            self.set_table(OBLIGATIONS, rows, f"时限 · {selection.label}：{len(rows)}项任务")
        elif kind == "indicator":
            rows = self.kb.comparison(payload.key, self.navigator.filters)
            apart = sum(1 for r in rows if not r.comparable)
            note = f"，其中{apart}个口径不同（见“可比性”）" if apart else ""
            where = self._filters_note()
            self.set_table(TARGETS, rows, f"指标“{selection.label}”：{len(rows)}个目标，来自{payload.plans}个计划{note}{where}",
                           context=payload.key)

    def _filters_note(self) -> str:
        """'（地区：上海市；时限：2025年）' when the search bar narrows the views."""
        parts = [p for p in self.search_bar.describe_filters().split("；") if p.startswith(("地区", "时限"))]
        return f"（{'；'.join(parts)}）" if parts else ""

    def department_suggestions(self, text: str, jurisdiction: str | None) -> list[str]:
        """The units a typed short name or alias means, in a jurisdiction (the 部门 box's suggestions)."""
        found = self.kb.departments(Filters(department=text, jurisdiction=jurisdiction))
        return [d.name for d in sorted(found, key=lambda d: -d.total)]

    def _show_document(self, doc) -> None:
        rows = self.kb.obligations(Filters(doc=doc.id), order="document")
        if rows:
            self.set_table(OBLIGATIONS, rows, f"《{doc.title}》：{len(rows)}项任务")
        else:
            targets = self.kb.targets(Filters(doc=doc.id))
            self.set_table(TARGETS, targets, f"《{doc.title}》：未识别出任务；{len(targets)}个量化目标")
        self.detail.show_detail(detail_for(self.kb, "documents", doc))

    def on_row_changed(self, current, _previous) -> None:
        if not current.isValid():
            return
        row = self.model.row(current.row())
        self.detail.show_detail(detail_for(self.kb, self.model.spec.kind, row))

    # ------------------------------------------------------------- search ----
    def on_search_requested(self, query: str, filters: Filters) -> None:
        self.navigator.set_filters(filters)  # 地区 and 时限 narrow every view
        if not query:
            self._show_filtered_obligations(filters)
            return
        self.caption.setText(f"正在搜索“{query}”…")
        self.search_task = (operations.search(self.search_session, query, filters)
                            .success(self.on_search_done).failure(self.on_search_failed).run_in_background())

    def on_search_done(self, result) -> None:
        query, hits = result
        if query != self.search_bar.text():
            return  # the user typed on; a newer search is on its way
        exact = sum(1 for h in hits if h.tier == EXACT)
        more = "（只显示前200条，请加词缩小范围）" if exact >= operations.SEARCH_LIMIT else ""
        filters = self.search_bar.describe_filters()
        caption = (f"搜索“{query}”：{len(hits)}条结果，{TIER_NAMES[EXACT]}{exact}条{more}、"
                   f"{TIER_NAMES[RELATED]}{len(hits) - exact}条") + (f"　筛选：{filters}" if filters else "")
        if not hits:
            caption = f"搜索“{query}”：没有找到" + (f"　筛选：{filters}" if filters else "") + "。换个说法，或减少筛选条件试试。"
        self.set_table(HITS, hits, caption)
        self.navigator.showing = None
        self.search_finished.emit(query)

    def on_search_failed(self, message: str) -> None:
        self.caption.setText(f"搜索出错：{message}")
        self.search_finished.emit(self.search_bar.text())

    def _show_filtered_obligations(self, filters: Filters) -> None:
        """No query words: a unit or a file picks tasks (部门 + 时限年份 finds one's deadlines);
        地区 and 时限 alone narrow the view the navigator shows."""
        if not (filters.department or filters.doc is not None):
            self._reselect_navigator()
            return
        rows = self.kb.obligations(filters)
        self.navigator.showing = None
        self.set_table(OBLIGATIONS, rows, f"筛选（{self.search_bar.describe_filters()}）：{len(rows)}项任务",
                       context=filters.department or "")

    def _reselect_navigator(self) -> None:
        tree = self.navigator.trees[self.navigator.current_view()]
        item = tree.currentItem()
        selection = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        if selection is not None:
            self.show_selection(selection)
        elif not self.navigator.select_first():
            self.set_table(DOCUMENTS, [], f"没有符合筛选条件的内容{self._filters_note()}")

    def _clear_query(self) -> None:
        """Picking in the navigator replaces a search; empty the box without searching again."""
        if self.search_bar.query.text():
            self.search_bar.query.blockSignals(True)
            self.search_bar.query.clear()
            self.search_bar.query.blockSignals(False)

    def clear_search(self) -> None:
        self._clear_query()
        self.search_bar.clear_filters()

    # ------------------------------------------------------------- import ----
    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "导入政策文件", self._last_folder(), IMPORT_FILTERS)
        if files:
            self.import_paths([Path(f) for f in files])

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "导入文件夹", self._last_folder())
        if folder:
            self.import_paths([Path(folder)])

    def _last_folder(self) -> str:
        return str(self.settings.value("import/folder", str(Path.home())))

    def import_paths(self, paths: list[Path]) -> bool:
        """Import files and folders in the background; False when an import is already running."""
        if self.import_task is not None:
            self.statusBar().showMessage("已有导入正在进行，请等待完成或取消", 5000)
            return False
        self.settings.setValue("import/folder", str(paths[0].parent if paths[0].is_file() else paths[0]))
        what = paths[0].name if len(paths) == 1 else f"{len(paths)}项"
        self.import_panel.start(what)
        self.detail.pause_previews(PREVIEW_PAUSED)
        self.import_task = (operations.ingest(self.kb.location, paths, ocr=self.ocr_enabled())
                            .progress(self.import_panel.update_progress)
                            .success(self._on_import_done).failure(self._on_import_failed).run_in_background())
        return True

    def ocr_enabled(self) -> bool:
        """The user's choice to OCR scanned pages on import (on unless switched off)."""
        return str(self.settings.value("import/ocr", "true")).lower() in ("true", "1")

    def set_ocr(self, enabled: bool) -> None:
        self.settings.setValue("import/ocr", bool(enabled))
        self.statusBar().showMessage("导入时将识别扫描页（OCR）" if enabled else "导入时不识别扫描页，扫描件只标注“需要OCR”", 5000)

    def cancel_import(self) -> None:
        if self.import_task is not None:
            self.import_task.cancel()

    def _on_import_done(self, report) -> None:
        self.import_task = None
        self.last_report = report
        self.import_panel.finish(report)
        self._after_import()
        self.statusBar().showMessage(f"导入完成：{report.summary()}", 10000)
        self.import_finished.emit(report)

    def _on_import_failed(self, message: str) -> None:
        self.import_task = None
        self.import_panel.fail(message)
        self._after_import()
        self.import_finished.emit(message)

    def _after_import(self) -> None:
        self.search_session.mark_stale()
        self.kb.refresh_index()
        self.detail.resume_previews()
        self.refresh()

    def dragEnterEvent(self, event) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    # ------------------------------------------------------------- export ----
    def choose_export_file(self) -> None:
        """The save dialog (Qt's own, in Chinese), with the 分工表's choices when tasks are shown."""
        if self.model.rowCount() == 0:
            self.statusBar().showMessage("当前表格是空的，没有可导出的内容", 5000)
            return
        folder = Path(str(self.settings.value("export/folder", str(Path.home()))))
        dialog = QFileDialog(self, "导出当前表格", str(folder / (_file_name(self.model.caption) + ".xlsx")), EXPORT_FILTERS)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # the options below live in Qt's own dialog
        boxes = self._export_option_boxes(dialog) if self.model.spec.kind == "obligations" else {}
        if not dialog.exec():
            return
        path, file_type = Path(dialog.selectedFiles()[0]), dialog.selectedNameFilter()
        if path.suffix.lower() not in (".xlsx", ".csv", ".docx"):  # the user typed a bare name
            path = path.with_name(path.name + "." + file_type.split("*.")[-1].rstrip(")"))
        self.settings.setValue("export/folder", str(path.parent))
        for key, box in boxes.items():
            self.settings.setValue(f"export/{key}", box.isChecked())
        self.export_current(path, self.export_options())

    def _export_option_boxes(self, dialog: QFileDialog) -> dict[str, QCheckBox]:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        boxes = {}
        for key, label in EXPORT_OPTIONS:
            boxes[key] = QCheckBox(label)
            boxes[key].setChecked(self.settings.value(f"export/{key}", False, type=bool))
            layout.addWidget(boxes[key])
        grid = dialog.layout()
        grid.addWidget(row, grid.rowCount(), 0, 1, -1)
        return boxes

    def export_options(self):
        """The 分工表's choices as last made in the save dialog (kb.export.TaskOptions)."""
        from kb.export import TaskOptions

        return TaskOptions(**{key: self.settings.value(f"export/{key}", False, type=bool) for key, _ in EXPORT_OPTIONS})

    def export_current(self, path: Path, options=None) -> None:
        """Write the centre table, in its current order, to `path` (.xlsx/.csv/.docx) in the background."""
        header, cells = self.model.displayed()
        self.statusBar().showMessage(f"正在导出到 {path} …")
        self.export_task = (operations.export_table(self.model.spec.kind, self.model.rows, path, self.model.caption,
                                                    self.context, header, cells, options)
                            .success(self._on_export_done).failure(self._on_export_failed).run_in_background())

    def _on_export_done(self, path) -> None:
        self.export_task = None
        self.last_export = Path(path)
        self.statusBar().showMessage(f"已导出：{path}", 10000)
        self.export_notice.show_file(Path(path))
        self.export_finished.emit(Path(path))

    def _on_export_failed(self, message: str) -> None:
        self.export_task = None
        self.statusBar().showMessage("导出失败", 10000)
        self.export_finished.emit(message)
        QMessageBox.warning(self, "导出失败", message.split(": ", 1)[-1])

    # ---------------------------------------------------- backup, restore ----
    def choose_backup_file(self) -> None:
        default = Path(self._last_folder()) / f"知识库备份_{date.today():%Y%m%d}.sqlite"
        chosen, _ = QFileDialog.getSaveFileName(self, "备份知识库", str(default), BACKUP_FILTER)
        if chosen:
            self.backup_to(Path(chosen))

    def backup_to(self, path: Path) -> None:
        self.statusBar().showMessage(f"正在备份到 {path} …")
        (operations.backup(self.kb.location, path).success(self._on_backup_done)
         .failure(self._on_backup_failed).run_in_background())

    def _on_backup_done(self, path) -> None:
        self.statusBar().showMessage(f"已备份：{path}", 10000)
        self.backup_finished.emit(Path(path))

    def _on_backup_failed(self, message: str) -> None:
        self.statusBar().showMessage("备份失败", 10000)
        self.backup_finished.emit(message)
        QMessageBox.warning(self, "备份失败", message.split(": ", 1)[-1])

    def choose_restore_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "从备份恢复", self._last_folder(), BACKUP_FILTER)
        if chosen and QMessageBox.question(self, "从备份恢复", f"用备份“{chosen}”替换知识库中的全部内容？") == QMessageBox.StandardButton.Yes:
            self.restore_from(Path(chosen))

    def restore_from(self, path: Path) -> bool:
        """Replace the KB with a backup in the background; False while an import runs."""
        if self.import_task is not None:
            self.statusBar().showMessage("导入进行中，请在导入完成后再恢复", 5000)
            return False
        self.statusBar().showMessage(f"正在从 {path} 恢复…")
        self.detail.pause_previews(PREVIEW_PAUSED)
        (operations.restore(self.kb.location, path).success(self._on_restore_done)
         .failure(self._on_restore_failed).run_in_background())
        return True

    def _on_restore_done(self, count: int) -> None:
        self._after_import()
        self.statusBar().showMessage(f"已从备份恢复：{count}个文件", 10000)
        self.restore_finished.emit(count)

    def _on_restore_failed(self, message: str) -> None:
        self.detail.resume_previews()
        self.statusBar().showMessage("恢复失败", 10000)
        self.restore_finished.emit(message)
        QMessageBox.warning(self, "恢复失败", message.split(": ", 1)[-1])

    # ---------------------------------------------------------- settings ----
    def _restore_settings(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        splitter = self.settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        view = self.settings.value("window/view", VIEWS[0])
        if view in VIEWS:
            self.navigator.tabs.blockSignals(True)
            self.navigator.tabs.setCurrentIndex(VIEWS.index(view))
            self.navigator.tabs.blockSignals(False)
        self._saved_filters = {key: str(self.settings.value(f"filters/{key}", "")) for key in self.search_bar.state()}

    def save_settings(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.setValue("window/view", self.navigator.current_view())
        for key, value in self.search_bar.state().items():
            self.settings.setValue(f"filters/{key}", value)
        self.settings.sync()

    def closeEvent(self, event) -> None:
        self.save_settings()
        if self.import_task is not None:
            self.import_task.cancel()  # the current file finishes (stored whole), then the import stops
        tasks.wait_all(120_000)
        self.search_session.close()
        super().closeEvent(event)

    # ---------------------------------------------------------- utilities ----
    def show_font_warning(self, message: str) -> None:
        self.font_banner.setText(message)
        self.font_banner.show()

    def show_about(self) -> None:
        QMessageBox.about(self, "关于 PolicyKB", f"{APP_TITLE}\n离线阅读、检索政策文件：按部门、时限、指标查找任务。\n\n知识库：{self.kb.shown}")

    def screenshot(self, path: Path, view: str = "文件", query: str = "", region: str = "", year: int | None = None,
                   find: str = "") -> bool:
        """Render the window with a view (a region and year chosen, a list filter and a search
        typed) and its first row's detail to a PNG."""
        if self.kb.is_empty() and self.corpus is not None:
            self.last_report = self.kb.ingest([self.corpus])
            self.refresh()
        self.show_view(view)
        bar = self.search_bar
        if region:
            bar.jurisdiction.setCurrentIndex(max(0, bar.jurisdiction.findText(region)))
        if year:
            bar.deadline_year.setCurrentIndex(max(0, bar.deadline_year.findText(f"{year}年")))
        if find:
            self.navigator.filter_box.setText(find)
            self.navigator.apply_filter()
            self.navigator.select_first()
        if query:
            self.search_bar.query.setText(query)
            self.search_bar.emit_search()
            tasks.wait_all()
        if self.model.rowCount():
            self.table.selectRow(0)
        tasks.wait_all()  # the search and the page preview
        QApplication.processEvents()  # the preview scrolls to the marked passage once it is shown
        return self.grab().save(str(path))


class ExportNotice(QWidget):
    """Under the table after an export: where the file went, 打开文件, 打开所在文件夹."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.path: Path | None = None
        self.label = QLabel()
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_file_button = QPushButton("打开文件")
        self.open_folder_button = QPushButton("打开所在文件夹")
        self.close_button = QPushButton("关闭")
        self.open_file_button.clicked.connect(lambda: self._said(viewer.open_file(self.path)))
        self.open_folder_button.clicked.connect(lambda: self._said(viewer.open_folder(self.path)))
        self.close_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.label, 1)
        for button in (self.open_file_button, self.open_folder_button, self.close_button):
            layout.addWidget(button)
        self.setStyleSheet("ExportNotice { background:#e8f5e9 }")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.hide()

    def show_file(self, path: Path) -> None:
        self.path = path
        self.label.setText(f"已导出：{path}")
        self.show()

    def _said(self, result: tuple[bool, str]) -> None:
        self.label.setText(result[1])


def _file_name(caption: str) -> str:
    """A file name from the table's caption: '珠海市发展改革局（珠海市）：12项任务' → '珠海市发展改革局（珠海市）'."""
    name = caption.split("：")[0].strip() or "导出"
    return "".join("_" if ch in '\\/:*?"<>|' else ch for ch in name)[:60] + f"_{date.today():%Y%m%d}"
