"""Start the desktop app (ui.launch.open_app): `policykb [--kb DIR] [--screenshot FILE.png [--view 部门] [--query Q]]`."""
from __future__ import annotations

import logging
import os
import sys
import tempfile
from pathlib import Path

from kb.knowledge_base import KnowledgeBase
from kb.store import StoreError

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def create_app():
    """The QApplication with names (QSettings uses them) and a Chinese font; returns (app, font problem)."""
    from PySide6.QtWidgets import QApplication

    from .fonts import check_cjk_font

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("PolicyKB")
    app.setOrganizationName("PolicyKB")
    return app, check_cjk_font()


def _show_unexpected_error(kind, error, tb) -> None:
    """A bug reached the event loop: log the traceback, tell the user in one sentence, go on."""
    from PySide6.QtWidgets import QMessageBox

    from kb.cli import log_error

    where = log_error(error.with_traceback(tb))
    QMessageBox.warning(None, "内部错误", f"操作未能完成：{kind.__name__}: {error}\n详情已记入 {where}")


def run(kb_dir: Path, screenshot: Path | None = None, view: str = "文件", query: str = "") -> int:
    """Open the main window on the KB in `kb_dir` until the user quits; with `screenshot`, render
    the window offscreen (the view and query given) to that PNG and exit."""
    logging.basicConfig(level=logging.WARNING)
    if screenshot is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings

    from .main_window import MainWindow

    app, font_problem = create_app()
    sys.excepthook = _show_unexpected_error
    try:
        kb = KnowledgeBase(kb_dir)
    except StoreError as error:  # a damaged, newer or unreadable KB: say so, never a traceback
        if screenshot is None:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.critical(None, "无法打开知识库", str(error))
        print(str(error), file=sys.stderr)
        return 1
    settings = None
    if screenshot is not None:  # the same picture every time: no remembered layout or filters
        scratch = tempfile.TemporaryDirectory(prefix="policykb-screenshot-")
        settings = QSettings(str(Path(scratch.name) / "screenshot.ini"), QSettings.Format.IniFormat)
    window = MainWindow(kb, corpus=CORPUS, settings=settings)
    if font_problem:
        window.show_font_warning(font_problem)
    if settings is not None or not window.settings.contains("window/geometry"):
        window.resize(1360, 840)
    window.show()
    if screenshot is not None:
        ok = window.screenshot(screenshot, view=view, query=query)
        window.close()
        kb.close()
        scratch.cleanup()
        print(f"{screenshot}" if ok else f"无法保存截图：{screenshot}", file=sys.stdout if ok else sys.stderr)
        return 0 if ok else 1
    window.start()
    code = app.exec()
    kb.close()
    return code
