"""The three jobs of issue 14 in the app, done as office staff do them (pytest-qt, offscreen):
"what must my unit do" (a short name, a region, the task table, the page of the original),
"compare an indicator" (the 指标 view's table and chart), "send the 分工表" (export, then open it).
"""
from __future__ import annotations

import shutil

import pdfgen
import pytest

pytest.importorskip("pytestqt")
from PySide6.QtCore import QPoint, QPointF, QSettings, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QWheelEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QCheckBox, QFileDialog, QLineEdit  # noqa: E402

from kb.knowledge_base import KnowledgeBase  # noqa: E402
from kb.models import Filters  # noqa: E402
from ui import viewer  # noqa: E402
from ui.main_window import IMPORTING_SAMPLES, MainWindow  # noqa: E402
from test_compare import built_plans  # noqa: E402
from test_ui import WAIT_MS, _tree_items, click_row, click_tree_item, column, make_window  # noqa: E402

# A 天津 plan naming its own 市机管局: the same words as 上海's, another body
TIANJIN = ["天津市公共机构节约能源资源实施方案", "一、重点任务",
           "（一）开展公共机构能耗统计。到2025年底前，完成全市公共机构能源资源消费统计。（责任单位：市机管局、市统计局）",
           "（二）推进节约型机关创建。到2025年，70%以上的县级及以上党政机关建成节约型机关。（责任单位：市机管局）"]
SHANGHAI_BODY = "上海市机关事务管理局"


@pytest.fixture(scope="module")
def jobs_kb_dir(corpus_kb_dir, tmp_path_factory):
    """The corpus (上海's 公共机构 plan among it), 天津's plan, and three cities' 碳达峰 targets."""
    directory = tmp_path_factory.mktemp("jobs") / "kb"
    shutil.copytree(corpus_kb_dir, directory)
    plans = built_plans(directory.parent / "plans")
    pdfgen.paged_text_pdf(plans / "tianjin.pdf", TIANJIN)
    with KnowledgeBase(directory) as kb:
        assert not kb.ingest([plans]).failed
    return directory


@pytest.fixture
def window(qtbot, jobs_kb_dir, tmp_path):
    target = tmp_path / "kb"
    shutil.copytree(jobs_kb_dir, target)
    with KnowledgeBase(target) as kb:
        win = make_window(qtbot, kb, tmp_path / "settings.ini")
        yield win
        win.close()


def choose(combo, text: str) -> None:
    combo.setCurrentIndex(combo.findText(text))


def department_tree(window) -> dict[str, list[str]]:
    """Jurisdiction → the units listed under it in the 部门 view."""
    tree = window.navigator.trees["部门"]
    return {tree.topLevelItem(i).text(0).split("（")[0]: [tree.topLevelItem(i).child(c).text(0)
                                                         for c in range(tree.topLevelItem(i).childCount())]
            for i in range(tree.topLevelItemCount())}


def type_in_list_filter(window, text: str) -> None:
    window.navigator.filter_box.setText(text)
    window.navigator.apply_filter()  # what the debounce timer does a moment after the last key


# -------------------------------------------------------------- my unit's tasks ----
def test_a_short_name_in_the_list_filter_finds_my_unit_in_my_region(qtbot, window):
    """Done when: filtering 机管局 in the 部门 list finds 上海市机关事务管理局 alone when 地区 = 上海市."""
    window.show_view("部门")
    type_in_list_filter(window, "机管局")
    # 天津 writes 市机管局 too: a unit is one body per jurisdiction
    assert department_tree(window) == {"上海市": [SHANGHAI_BODY], "天津市": ["天津市机关事务管理局"]}

    choose(window.search_bar.jurisdiction, "上海市")
    assert department_tree(window) == {"上海市": [SHANGHAI_BODY]}  # not 区机管局, not 天津's
    click_tree_item(qtbot, window.navigator.trees["部门"], SHANGHAI_BODY)
    rows = window.model.rows
    assert rows and window.caption.text().startswith(f"{SHANGHAI_BODY}（上海市）：{len(rows)}项任务")
    assert {r.jurisdiction for r in rows} == {"上海市"}
    assert len(rows) == len(window.kb.obligations(Filters(department="市机管局", jurisdiction="上海市")))

    type_in_list_filter(window, "机关事务")  # part of the full name works as before
    assert department_tree(window) == {"上海市": [SHANGHAI_BODY]}


def test_the_department_box_suggests_what_a_short_name_means_and_the_region_applies(qtbot, window):
    bar = window.search_bar
    bar.department.lineEdit().setText("机管局")
    bar.department.lineEdit().textEdited.emit("机管局")  # as typed
    assert bar.suggestions.stringList() == [SHANGHAI_BODY, "天津市机关事务管理局"]
    choose(bar.jurisdiction, "天津市")
    bar.department.lineEdit().textEdited.emit("机管局")
    assert bar.suggestions.stringList() == ["天津市机关事务管理局"]
    bar.emit_search()
    assert {r.jurisdiction for r in window.model.rows} == {"天津市"} and window.model.rowCount() == 2
    # the box lists the units under their jurisdictions
    items = [bar.department.itemText(i) for i in range(bar.department.count())]
    assert items.index("—— 上海市 ——") < items.index(SHANGHAI_BODY) < items.index("—— 天津市 ——")


def test_the_task_table_leads_with_the_task_name_and_hides_empty_role_columns(qtbot, window):
    window.show_view("部门")
    type_in_list_filter(window, "机管局")
    click_tree_item(qtbot, window.navigator.trees["部门"], SHANGHAI_BODY)
    model, table = window.model, window.table
    shown = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount()) if not table.isColumnHidden(c)]
    # 上海's plan names one 责任单位 per task: no empty 牵头/配合 columns taking the room
    assert shown[:4] == ["任务", "时限", "角色", "责任单位"] and shown[4:6] == ["文件", "页码"]
    names = column(window, "任务")
    assert "开展公共机构节能降碳情况调查" in names  # its heading, not the start of its paragraph
    tip = model.data(model.index(names.index("开展公共机构节能降碳情况调查"), 0), Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("围绕公共机构绿色低碳循环发展")  # the whole task on hover
    right = sum(table.columnWidth(c) for c in range(shown.index("页码") + 1))
    assert right <= 900  # plan and page are in view beside the task at an ordinary width


def test_open_original_opens_the_reader_at_the_tasks_page(qtbot, window, monkeypatch):
    started = []
    monkeypatch.setattr(viewer, "reader_command", lambda path, page: ("文档查看器（Evince）", ["evince", f"--page-index={page}", path]))
    monkeypatch.setattr(viewer, "start", lambda command: started.append(command) or True)
    window.show_view("部门")
    type_in_list_filter(window, "机管局")
    click_tree_item(qtbot, window.navigator.trees["部门"], SHANGHAI_BODY)
    task = window.model.row(0)
    click_row(qtbot, window, 0)
    with qtbot.waitSignal(window.detail.opened, timeout=WAIT_MS) as done:
        qtbot.mouseClick(window.detail.open_button, Qt.MouseButton.LeftButton)
    assert started == [["evince", f"--page-index={task.page}", task.path]]
    assert done.args == [True, f"已用文档查看器（Evince）打开原文第{task.page}页"]
    assert window.detail.notice.isVisible()


def test_readers_that_take_a_page_are_found_on_linux_and_windows():
    on_path = {"atril": "/usr/bin/atril", "SumatraPDF": r"C:\\Tools\\SumatraPDF.exe"}
    assert viewer.reader_command("/data/规划.pdf", 12, which=on_path.get, platform="linux") == (
        "文档查看器（Atril）", ["/usr/bin/atril", "--page-index=12", "/data/规划.pdf"])
    assert viewer.reader_command("D:/规划.pdf", 12, which=on_path.get, platform="win32") == (
        "SumatraPDF", [r"C:\\Tools\\SumatraPDF.exe", "-page", "12", "D:/规划.pdf"])
    assert viewer.reader_command("/data/规划.pdf", 12, which=lambda _: None, platform="linux") is None


def test_without_a_reader_it_says_so_and_shows_the_page_itself(qtbot, window, monkeypatch):
    monkeypatch.setattr(viewer, "reader_command", lambda path, page: None)
    monkeypatch.setattr(viewer, "open_url", lambda url: False)
    window.show_view("部门")
    type_in_list_filter(window, "机管局")
    click_tree_item(qtbot, window.navigator.trees["部门"], SHANGHAI_BODY)
    task = window.model.row(0)
    click_row(qtbot, window, 0)
    qtbot.mouseClick(window.detail.open_button, Qt.MouseButton.LeftButton)
    assert window.detail.notice.text() == f"没有可以打开PDF的程序：已在内置预览中显示第{task.page}页"
    dialog = window.detail.preview_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.pane.preview.image is not None, timeout=WAIT_MS)
    assert dialog.pane.page == task.page and int(dialog.pane.preview.image.text("marked")) > 0
    dialog.close()

    monkeypatch.setattr(viewer, "open_url", lambda url: True)  # a default program, which cannot turn pages
    qtbot.mouseClick(window.detail.open_button, Qt.MouseButton.LeftButton)
    assert f"请翻到第{task.page}页" in window.detail.notice.text()


def test_the_preview_marks_the_passage_and_zooms(qtbot, window):
    window.show_view("部门")
    type_in_list_filter(window, "机管局")
    click_tree_item(qtbot, window.navigator.trees["部门"], SHANGHAI_BODY)
    click_row(qtbot, window, 0)
    preview = window.detail.preview
    qtbot.waitUntil(lambda: preview.image is not None, timeout=WAIT_MS)
    assert int(preview.image.text("marked")) >= 2  # each line of the task's text on the page, marked
    width = preview.shown_width()
    qtbot.mouseClick(window.detail.zoom_in_button, Qt.MouseButton.LeftButton)
    assert preview.shown_width() > width * 1.2
    wheel = QWheelEvent(QPointF(50, 50), QPointF(50, 50), QPoint(0, 0), QPoint(0, -120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(preview.viewport(), wheel)  # Ctrl + wheel down: back out
    assert abs(preview.shown_width() - width) <= 2
    qtbot.mouseClick(window.detail.fit_button, Qt.MouseButton.LeftButton)
    assert preview.zoom == 1.0


# ----------------------------------------------------------- compare an indicator ----
def test_the_indicator_view_compares_honestly_and_the_filters_apply(qtbot, window):
    window.show_view("指标")
    type_in_list_filter(window, "非化石能源占一次能源消费比重")  # a synonym finds the indicator
    assert window.navigator.item_labels("指标") == ["非化石能源消费比重"]
    click_tree_item(qtbot, window.navigator.trees["指标"], "非化石能源消费比重")
    rows = window.model.rows
    assert {(r.jurisdiction, r.year) for r in rows} == {("江门市", 2025), ("江门市", 2030), ("佛山市", 2025), ("惠州市", 2025)}
    notes = dict(zip(column(window, "地区"), column(window, "可比性")))
    assert notes["惠州市"].startswith("不可比：以百分点表示")
    assert column(window, "目标")[column(window, "地区").index("佛山市")] == "达到14.5%"
    assert "2020年：12.1%" in column(window, "基准")
    chart = window.chart
    assert chart.isVisible() and [label for label, _ in chart.bars] == ["佛山市碳达峰实施方案", "江门市碳达峰实施方案（力争）"]
    assert chart.scale()[0] > 0 and chart.left_out == 2  # 14 and 14.5 on a scale that shows the half point

    choose(window.search_bar.deadline_year, "2025年")  # the 时限 box applies in this view
    assert {r.year for r in window.model.rows} == {2025} and "时限：2025年" in window.caption.text()
    choose(window.search_bar.jurisdiction, "佛山市")  # and the 地区 box
    assert [r.jurisdiction for r in window.model.rows] == ["佛山市"] and not chart.isVisible()


# ------------------------------------------------------- send the plan's 分工表 ----
def test_after_an_export_the_file_and_its_folder_can_be_opened(qtbot, window, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr(viewer, "open_url", lambda url: opened.append(url.toLocalFile()) or True)
    window.show_view("文件")
    click_tree_item(qtbot, window.navigator.trees["文件"], "上海市公共机构绿色低碳循环发展行动方案")
    target = tmp_path / "分工表.docx"
    with qtbot.waitSignal(window.export_finished, timeout=WAIT_MS):
        window.export_current(target)
    notice = window.export_notice
    assert notice.isVisible() and str(target) in notice.label.text()
    qtbot.mouseClick(notice.open_file_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(notice.open_folder_button, Qt.MouseButton.LeftButton)
    assert opened == [str(target), str(tmp_path)]

    from docx import Document

    (table,) = Document(str(target)).tables
    assert [c.text for c in table.rows[0].cells] == ["序号", "重点任务", "责任单位", "完成时限"]


def test_the_save_dialog_is_qts_own_in_chinese_with_the_tables_choices(qtbot, window, tmp_path):
    from ui.app import install_qt_translations

    assert install_qt_translations(QApplication.instance())
    assert QApplication.translate("QPlatformTheme", "Cancel") == "取消"
    window.show_view("文件")
    click_tree_item(qtbot, window.navigator.trees["文件"], "上海市公共机构绿色低碳循环发展行动方案")
    target = tmp_path / "全文.xlsx"
    seen = {}

    def fill_in():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QFileDialog)
        boxes = {b.text(): b for b in dialog.findChildren(QCheckBox)}
        seen["boxes"] = sorted(boxes)
        seen["cancel"] = any(b.text() == "取消" for b in dialog.findChildren(type(window.detail.open_button)))
        boxes["“重点任务”写全文（默认写任务名称）"].setChecked(True)
        dialog.findChild(QLineEdit, "fileNameEdit").setText(str(target))  # as the user types it
        dialog.accept()

    QTimer.singleShot(200, fill_in)
    with qtbot.waitSignal(window.export_finished, timeout=WAIT_MS):
        window.choose_export_file()
    assert seen["cancel"] and len(seen["boxes"]) == 3
    from openpyxl import load_workbook

    texts = [r[1] for r in load_workbook(target).worksheets[0].iter_rows(min_row=4, values_only=True) if r[1]]
    assert any(text.startswith("围绕公共机构绿色低碳循环发展") for text in texts)  # the whole text, as chosen
    assert window.export_options().full_text  # remembered for next time


# -------------------------------------------------------------------- first start ----
def test_first_start_says_the_samples_are_being_imported(qtbot, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    pdfgen.paged_text_pdf(corpus / "plan.pdf", ["测试市碳达峰实施方案", "到2025年，完成任务。（市发展改革局牵头）"])
    with KnowledgeBase(tmp_path / "kb") as kb:
        window = MainWindow(kb, corpus=corpus, settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        window.show()
        with qtbot.waitSignal(window.import_finished, timeout=WAIT_MS):
            window.start()
            assert window.caption.text() == IMPORTING_SAMPLES
            assert window.statusBar().currentMessage() == "正在导入示例文件…"
            assert "知识库是空的" not in window.caption.text()
        assert window.navigator.item_labels("文件")[0] == "全部文件（1）"
        window.close()


def test_the_list_filter_finds_files_by_title(qtbot, window):
    """The list filter narrows the 文件 view by title, and shows nothing for words no plan has."""
    window.show_view("文件")
    type_in_list_filter(window, "天津")
    assert [label for label in window.navigator.item_labels("文件") if "方案" in label] == ["天津市公共机构节约能源资源实施方案"]
    type_in_list_filter(window, "没有这样的文件")
    assert [i for i in _tree_items(window.navigator.trees["文件"]) if i.data(0, Qt.ItemDataRole.UserRole).kind == "document"] == []



def test_the_region_narrows_every_view(qtbot, window):
    choose(window.search_bar.jurisdiction, "天津市")
    tianjin = window.kb.obligations(Filters(jurisdiction="天津市"))
    window.show_view("文件")
    documents = [i.data(0, Qt.ItemDataRole.UserRole).payload for i in _tree_items(window.navigator.trees["文件"])
                 if i.data(0, Qt.ItemDataRole.UserRole) is not None and i.data(0, Qt.ItemDataRole.UserRole).kind == "document"]
    assert [d.jurisdiction for d in documents] == ["天津市"]
    window.show_view("时限")
    tree = window.navigator.trees["时限"]
    assert sum(int(tree.topLevelItem(i).text(1)) for i in range(tree.topLevelItemCount())) == len(tianjin) == 2
    window.show_view("部门")
    assert list(department_tree(window)) == ["天津市"]
    window.show_view("指标")
    # 天津's one target ("70%以上的县级及以上党政机关建成节约型机关"), none of the other cities'
    labels = window.navigator.item_labels("指标")
    assert labels == sorted({t.indicator for t in window.kb.targets(Filters(jurisdiction="天津市"))})
    assert labels and all("节约型机关" in label for label in labels)
