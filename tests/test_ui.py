"""The desktop app, driven the way a user drives it (pytest-qt, offscreen): what the tables,
labels and panels show after typing, clicking, importing and exporting.
"""
from __future__ import annotations

import csv
import shutil
from datetime import date

import pdfgen
import pytest
from conftest import CORPUS

pytest.importorskip("pytestqt")
from PySide6.QtCore import QMimeData, QPoint, QPointF, QSettings, Qt, QUrl  # noqa: E402
from PySide6.QtGui import QDropEvent  # noqa: E402

from kb.knowledge_base import KnowledgeBase  # noqa: E402
from kb.models import Filters  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.results_model import HIGHLIGHT_STYLE, HTML_ROLE  # noqa: E402

WAIT_MS = 60_000


def make_window(qtbot, kb: KnowledgeBase, settings_file) -> MainWindow:
    settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
    window = MainWindow(kb, corpus=None, settings=settings)
    qtbot.addWidget(window)
    window.resize(1360, 840)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot, corpus_kb, tmp_path):
    win = make_window(qtbot, corpus_kb, tmp_path / "settings.ini")
    yield win
    win.close()


@pytest.fixture
def empty_window(qtbot, tmp_path):
    with KnowledgeBase(tmp_path / "empty_kb") as kb:
        win = make_window(qtbot, kb, tmp_path / "settings.ini")
        yield win
        win.close()


def column(window: MainWindow, title: str) -> list:
    """The cells of one column of the centre table, top to bottom, as the user reads them."""
    model = window.model
    col = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())].index(title)
    return [model.data(model.index(r, col)) for r in range(model.rowCount())]


def click_tree_item(qtbot, tree, text: str) -> None:
    item = next(i for i in _tree_items(tree) if i.text(0) == text)
    tree.scrollToItem(item)
    rect = tree.visualItemRect(item)  # spans every column, wider than the narrow navigator
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.left() + 10, rect.center().y()))


def _tree_items(tree):
    stack = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    while stack:
        item = stack.pop(0)
        yield item
        stack.extend(item.child(i) for i in range(item.childCount()))


def click_row(qtbot, window: MainWindow, row: int) -> None:
    rect = window.table.visualRect(window.model.index(row, 1))
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def department_items(window: MainWindow, jurisdiction: str) -> list[tuple[str, int, int, int]]:
    """(name, 牵头, 配合, 责任) of the departments listed under a jurisdiction in the 部门 view."""
    tree = window.navigator.trees["部门"]
    place = next(i for i in _tree_items(tree) if i.text(0).startswith(f"{jurisdiction}（"))
    return [(c.text(0), int(c.text(1)), int(c.text(2)), int(c.text(3)))
            for c in (place.child(i) for i in range(place.childCount()))]


# ------------------------------------------------------------------ search ----
def test_search_as_you_type_shows_highlighted_hits(qtbot, window):
    with qtbot.waitSignal(window.search_finished, timeout=WAIT_MS) as done:
        for char in "碳达峰":  # QTest types ASCII only; Chinese arrives from the input method like this
            window.search_bar.query.insert(char)
        assert window.search_task is None  # debounced: nothing runs while the user is still typing
    assert done.args == ["碳达峰"] and window.caption.text().startswith("搜索“碳达峰”：")

    tiers = column(window, "匹配")
    exact = tiers.count("精确匹配")
    assert exact and tiers == ["精确匹配"] * exact + ["相关结果"] * (len(tiers) - exact)  # exact hits first
    snippets = [window.model.data(window.model.index(r, 1), HTML_ROLE) for r in range(exact)]
    assert all(f'<span style="{HIGHLIGHT_STYLE}">碳达峰</span>' in s for s in snippets)
    assert f"{len(tiers)}条结果，精确匹配{exact}条、相关结果{len(tiers) - exact}条" in window.caption.text()
    assert "珠海市碳达峰实施方案" in column(window, "文件")


def test_a_question_finds_related_passages_labelled_as_such(qtbot, window):
    """Nothing contains the question as typed; the best related passages are shown, marked 相关结果."""
    with qtbot.waitSignal(window.search_finished, timeout=WAIT_MS):
        window.search_bar.query.setText("如何发展海洋碳汇")
    tiers = column(window, "匹配")
    assert tiers and set(tiers) == {"相关结果"}
    assert "精确匹配0条" in window.caption.text()
    assert "碳汇" in window.model.row(0).text


def test_search_filters_narrow_the_hits_to_one_jurisdiction(qtbot, window):
    bar = window.search_bar
    with qtbot.waitSignal(window.search_finished, timeout=WAIT_MS):
        bar.query.setText("碳达峰")
    everywhere = set(column(window, "文件"))
    assert len(everywhere) > 1  # the corpus speaks of 碳达峰 in several plans

    with qtbot.waitSignal(window.search_finished, timeout=WAIT_MS):
        bar.jurisdiction.setCurrentIndex(bar.jurisdiction.findText("珠海市"))
    assert "筛选：地区：珠海市" in window.caption.text()
    assert set(column(window, "文件")) == {"珠海市碳达峰实施方案"}


# ------------------------------------------------------------- departments ----
def test_clicking_a_department_lists_its_obligations_across_plans(qtbot, window):
    window.show_view("部门")
    name, lead, co, responsible = next(d for d in department_items(window, "珠海市") if "生态环境局" in d[0])
    click_tree_item(qtbot, window.navigator.trees["部门"], name)

    rows = window.model.rowCount()
    assert max(lead, co, responsible) <= rows <= lead + co + responsible
    assert window.caption.text().startswith(f"{name}（珠海市）：{rows}项任务")
    units = zip(column(window, "牵头单位"), column(window, "配合单位"), column(window, "责任单位"))
    assert all("生态环境局" in "".join(cells) for cells in units)
    assert set(column(window, "角色")) <= {"牵头", "配合", "责任", "牵头、配合", "配合、责任", "牵头、责任"}


def test_three_clicks_from_department_to_the_source_page(qtbot, window):
    tabs = window.navigator.tabs
    qtbot.mouseClick(tabs.tabBar(), Qt.MouseButton.LeftButton, pos=tabs.tabBar().tabRect(1).center())  # 1: 部门
    name = next(d for d in department_items(window, "珠海市") if "发展改革" in d[0])[0]
    click_tree_item(qtbot, window.navigator.trees["部门"], name)  # 2: the department
    task = window.model.row(0)
    click_row(qtbot, window, 0)  # 3: the task
    qtbot.waitUntil(lambda: window.detail.preview.image is not None, timeout=WAIT_MS)  # rendered in the background

    detail = window.detail
    assert detail.title.text() == f"《{task.document}》"
    assert f"第{task.page}页" in detail.location.text()
    assert task.clause.split(" › ")[-1] in detail.location.text()
    assert task.text[:30] in detail.text.toPlainText()
    assert detail.page_label.text().startswith(f"第{task.page}/")
    assert detail.preview.image is not None and detail.preview.image.height() > detail.preview.image.width()
    assert detail.open_button.isEnabled()


def test_detail_pane_pages_through_the_original(qtbot, window):
    window.show_view("文件")
    click_tree_item(qtbot, window.navigator.trees["文件"], "珠海市碳达峰实施方案")
    detail = window.detail
    assert detail.title.text() == "《珠海市碳达峰实施方案》"
    assert "珠府〔2023〕39号" in detail.location.text()
    qtbot.waitUntil(lambda: detail.preview.image is not None, timeout=WAIT_MS)
    first_page = detail.preview.image
    qtbot.mouseClick(detail.next_button, Qt.MouseButton.LeftButton)
    assert detail.page_label.text() == "第2/31页"
    qtbot.waitUntil(lambda: detail.preview.image is not None, timeout=WAIT_MS)
    assert detail.preview.image != first_page


# ------------------------------------------------------- deadlines, targets ----
def test_deadline_view_puts_overdue_tasks_first(qtbot, window):
    window.show_view("时限")
    today = date.today().isoformat()
    labels = window.navigator.item_labels("时限")
    assert labels[0].startswith("已逾期")
    click_tree_item(qtbot, window.navigator.trees["时限"], labels[0])
    rows = [window.model.row(r) for r in range(window.model.rowCount())]
    assert rows and all(r.deadline.sort_key < today and not r.deadline.is_range for r in rows)
    single_year_overdue = [o for o in window.kb.obligations(Filters(due_before=today)) if not o.deadline.is_range]
    assert len(rows) == len(single_year_overdue)
    assert labels[-1] == "未注明时限"


def test_indicator_view_lists_each_plans_target(qtbot, window):
    window.show_view("指标")
    tree = window.navigator.trees["指标"]
    top = tree.topLevelItem(0)
    click_tree_item(qtbot, tree, top.text(0))
    assert window.model.rowCount() == int(top.text(2))
    assert len(set(column(window, "文件"))) == int(top.text(1))
    assert all(v for v in column(window, "目标"))
    assert window.caption.text().startswith(f"指标“{top.text(0)}”")
    # bars only for targets stated alike (the corpus's plans set this one for different years)
    drawn = [r for r in window.model.rows if r.comparable]
    assert window.chart.isVisible() == (len(drawn) >= 2)
    window.show_view("部门")
    click_tree_item(qtbot, window.navigator.trees["部门"], window.navigator.trees["部门"].topLevelItem(0).child(0).text(0))
    assert not window.chart.isVisible()


def test_sorting_a_column_reorders_the_rows(qtbot, window):
    window.show_view("时限")
    click_tree_item(qtbot, window.navigator.trees["时限"], "未注明时限")
    page_col = [window.model.headerData(c, Qt.Orientation.Horizontal) for c in range(window.model.columnCount())].index("页码")
    window.table.sortByColumn(page_col, Qt.SortOrder.DescendingOrder)
    pages = column(window, "页码")
    assert pages == sorted(pages, reverse=True) and pages[0] > pages[-1]


# ------------------------------------------------------------------ import ----
def small_plans(folder, count: int):
    folder.mkdir()
    for i in range(count):
        pdfgen.paged_text_pdf(folder / f"plan_{i}.pdf", [f"测试市第{i}号实施方案", f"到2025年，完成第{i}项任务。（市发展改革局牵头）"] * 3)
    return folder


def test_import_shows_progress_and_can_be_cancelled(qtbot, empty_window, tmp_path):
    window = empty_window
    folder = small_plans(tmp_path / "plans", 6)
    seen = []
    window.import_panel.progress.valueChanged.connect(seen.append)

    def cancel_once(*_):
        if window.import_panel.cancel_button.isEnabled():
            qtbot.mouseClick(window.import_panel.cancel_button, Qt.MouseButton.LeftButton)

    window.import_panel.progress.valueChanged.connect(cancel_once)
    with qtbot.waitSignal(window.import_finished, timeout=WAIT_MS):
        window.import_paths([folder])
        assert window.import_panel.progress.isVisible() and window.import_panel.cancel_button.isVisible()
    assert window.import_task is None

    assert "已取消" in window.import_panel.note.text()
    assert not window.import_panel.progress.isVisible()
    stored = len(window.last_report.stored)
    assert stored < 6
    assert max(seen) == stored  # one page per file: the bar counted each stored file, then stopped
    assert window.navigator.item_labels("文件")[0] == f"全部文件（{stored}）"


def test_files_opened_with_the_app_are_imported_instead_of_the_corpus(qtbot, tmp_path):
    """`policykb open FOLDER` (the menu entry's "open with") on a first start imports that folder."""
    folder = small_plans(tmp_path / "plans", 2)
    with KnowledgeBase(tmp_path / "kb") as kb:
        window = MainWindow(kb, corpus=CORPUS, settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        window.show()
        with qtbot.waitSignal(window.import_finished, timeout=WAIT_MS):
            window.start([folder])
        assert window.navigator.item_labels("文件")[0] == "全部文件（2）"
        assert sorted(column(window, "标题")) == ["测试市第0号实施方案", "测试市第1号实施方案"]
        window.close()


def test_dropped_folder_imports_and_a_bad_file_is_listed_with_its_reason(qtbot, empty_window, tmp_path):
    window = empty_window
    folder = small_plans(tmp_path / "plans", 1)
    pdfgen.empty_file(folder / "empty.pdf")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    drop = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.import_finished, timeout=WAIT_MS):
        window.dropEvent(drop)
        assert window.import_task is not None
    assert window.import_task is None

    failures = window.import_panel.failure_rows()
    assert [f[0].endswith("empty.pdf") for f in failures] == [True]
    assert "文件为空" in failures[0][1]
    assert window.import_panel.failures.isVisible()
    assert "失败 1" in window.import_panel.note.text()
    assert window.navigator.item_labels("文件")[0] == "全部文件（1）"
    assert column(window, "标题") == ["测试市第0号实施方案"]


# ------------------------------------------------------------------ export ----
@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_export_writes_the_table_as_shown(qtbot, window, tmp_path, suffix):
    window.show_view("部门")
    name = next(d for d in department_items(window, "珠海市") if "生态环境局" in d[0])[0]
    click_tree_item(qtbot, window.navigator.trees["部门"], name)
    tasks = column(window, "任务")
    target = tmp_path / f"ledger.{suffix}"
    with qtbot.waitSignal(window.export_finished, timeout=WAIT_MS) as done:
        window.export_current(target)
    assert done.args == [target] and window.last_export == target

    if suffix == "csv":
        assert target.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel on Chinese Windows needs the BOM
        with open(target, encoding="utf-8-sig", newline="") as f:
            cells = [c for row in csv.reader(f) for c in row]
    else:
        import openpyxl

        sheet = openpyxl.load_workbook(target).active
        cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert all(task in cells for task in tasks)
    assert f"已导出：{target}" in window.statusBar().currentMessage()


# ---------------------------------------------------------------- settings ----
def test_view_and_filters_are_remembered(qtbot, corpus_kb, tmp_path):
    settings_file = tmp_path / "remember.ini"
    first = make_window(qtbot, corpus_kb, settings_file)
    first.show_view("指标")
    first.search_bar.jurisdiction.setCurrentIndex(first.search_bar.jurisdiction.findText("珠海市"))
    first.close()

    second = make_window(qtbot, corpus_kb, settings_file)
    assert second.navigator.current_view() == "指标"
    assert second.search_bar.jurisdiction.currentText() == "珠海市"
    assert second.caption.text().startswith("指标“")
    second.close()


def test_ctrl_f_focuses_the_search_box(qtbot, window):
    window.table.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search_bar.query.hasFocus()


# -------------------------------------------------------------- screenshot ----
def test_screenshot_mode_saves_each_view(qtbot, corpus_kb_dir, tmp_path):
    from PySide6.QtGui import QImage

    from ui.launch import main

    kb_dir = tmp_path / "kb"
    shutil.copytree(corpus_kb_dir, kb_dir)
    images = {}
    for view in ("部门", "指标"):
        png = tmp_path / f"{view}.png"
        assert main(["--kb", str(kb_dir), "--screenshot", str(png), "--view", view]) == 0
        images[view] = QImage(str(png))
    assert all(i.width() >= 1200 and i.height() >= 700 for i in images.values())
    assert images["部门"] != images["指标"]


def test_filters_without_words_list_a_departments_tasks_by_alias(qtbot, window):
    bar = window.search_bar
    bar.department.setEditText("发改委")  # the short name; plans write 发展改革委 / 发展改革局
    bar.emit_search()
    rows = window.model.rowCount()
    assert rows > 0 and window.caption.text().startswith(f"筛选（部门：发改委）：{rows}项任务")
    units = zip(column(window, "牵头单位"), column(window, "配合单位"), column(window, "责任单位"))
    assert all(any(name in "".join(cells) for name in ("发展改革", "发改")) for cells in units)


def test_clicking_the_selected_department_again_replaces_search_results(qtbot, window):
    window.show_view("部门")
    name = next(d for d in department_items(window, "珠海市") if "生态环境局" in d[0])[0]
    click_tree_item(qtbot, window.navigator.trees["部门"], name)
    tasks = column(window, "任务")
    with qtbot.waitSignal(window.search_finished, timeout=WAIT_MS):
        window.search_bar.query.setText("碳达峰")

    click_tree_item(qtbot, window.navigator.trees["部门"], name)
    assert column(window, "任务") == tasks
    assert window.search_bar.query.text() == ""


# ----------------------------------------------------------- backup, restore ----
def test_backup_then_restore_from_the_file_menu_brings_a_removed_plan_back(qtbot, window, tmp_path):
    target = tmp_path / "知识库备份.sqlite"
    with qtbot.waitSignal(window.backup_finished, timeout=WAIT_MS) as done:
        window.backup_to(target)
    assert done.args == [target] and target.stat().st_size > 0
    before = window.navigator.item_labels("文件")[0]

    window.kb.remove("珠海")
    window.refresh()
    assert window.navigator.item_labels("文件")[0] != before
    with qtbot.waitSignal(window.restore_finished, timeout=WAIT_MS) as done:
        assert window.restore_from(target)
    assert isinstance(done.args[0], int) and window.navigator.item_labels("文件")[0] == before
    assert "已从备份恢复" in window.statusBar().currentMessage()


def test_ocr_can_be_switched_off_for_imports_and_stays_off(qtbot, empty_window, tmp_path):
    window = empty_window
    assert window.ocr_action.isChecked()  # on by default
    window.ocr_action.trigger()
    assert not window.ocr_enabled()
    scan = pdfgen.image_only_pdf(tmp_path / "scan.pdf", pages=2)
    with qtbot.waitSignal(window.import_finished, timeout=WAIT_MS):
        window.import_paths([scan])
    (result,) = window.last_report.stored
    assert result.warnings == ["第1–2页无文字层，需要OCR"]  # flagged, not recognised
    again = MainWindow(window.kb, corpus=None, settings=window.settings)
    qtbot.addWidget(again)
    assert not again.ocr_action.isChecked()  # the choice is remembered


def test_a_target_shows_its_qualifier_and_both_ends_of_a_range():
    from kb.models import TargetRow
    from ui.results_model import TARGETS

    target_value = next(c for c in TARGETS.columns if c.title == "目标").value
    # 106、陕西 p.2 "力争…50%以上的大型商场达到…"; 388、黑龙江 p.36 "建成1—2个…美丽河湖"
    assert target_value(TargetRow(indicator="大型商场达到绿色商场创建要求的比例", value=50.0, unit="%", direction="达到",
                                  qualifier="力争、以上")) == "力争达到50%以上"
    assert target_value(TargetRow(indicator="美丽河湖", value=1.0, value_high=2.0, unit="个", direction="建成")) == "建成1—2个"
