"""Start the desktop app (ui.launch.open_app): `policykb [--kb DIR] [--screenshot FILE.png [--view 部门] [--query Q]]`,
`policykb open [FILES/FOLDERS…]`."""
from __future__ import annotations

import logging
import os
import sys
import tempfile
from pathlib import Path

from kb.knowledge_base import KnowledgeBase
from kb.store import StoreError

NO_DISPLAY = "没有图形界面：请在桌面环境中运行，或使用命令行 `policykb …`（policykb --help 列出命令）"
# Qt platforms that draw on a display the session must provide, and the variable that names it
DISPLAY_VARIABLES = {"xcb": "DISPLAY", "wayland": "WAYLAND_DISPLAY", "wayland-egl": "WAYLAND_DISPLAY"}


def bundled_corpus() -> Path:
    """The sample PDFs shipped with the program: corpus/ beside the source tree, or inside the
    packaged app's folder (PyInstaller puts data under sys._MEIPASS)."""
    root = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
    return root / "corpus"


def missing_display(environ=os.environ, platform: str = sys.platform) -> bool:
    """True when Qt would find no display to open and abort (with a misleading "xcb-cursor0 is
    needed"): on Linux, no X11 or Wayland session and no display-less platform chosen.

    >>> missing_display({}, "linux"), missing_display({"DISPLAY": ":0"}, "linux")
    (True, False)
    >>> missing_display({"QT_QPA_PLATFORM": "offscreen"}, "linux"), missing_display({}, "win32")
    (False, False)
    """
    if not platform.startswith(("linux", "freebsd")):
        return False
    chosen = [p.split(":")[0] for p in environ.get("QT_QPA_PLATFORM", "").split(";") if p] or ["xcb", "wayland"]
    if any(p not in DISPLAY_VARIABLES for p in chosen):
        return False
    return not any(environ.get(DISPLAY_VARIABLES[p]) for p in chosen)


def create_app():
    """The QApplication with names (QSettings uses them) and a Chinese font; returns (app, font problem)."""
    from PySide6.QtWidgets import QApplication

    from .fonts import check_cjk_font

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("PolicyKB")
    app.setOrganizationName("PolicyKB")
    app.setDesktopFileName("policykb")  # the installed menu entry: its name and icon in the task bar
    install_qt_translations(app)
    return app, check_cjk_font()


def install_qt_translations(app) -> bool:
    """Qt's own dialogs (files, messages: 取消, 打开, 文件名) in Chinese, as the rest of the app is,
    whatever the system's language: Qt's translations shipped with PySide6. False when missing."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    if getattr(app, "_policykb_translator", None) is not None:
        return True
    import PySide6

    translator = QTranslator(app)
    chinese = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    # Qt's own folder, else PySide6's (a packaged app keeps them under PySide6/Qt/translations)
    folders = [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
               str(Path(PySide6.__file__).parent / "Qt" / "translations")]
    if not any(translator.load(chinese, "qtbase", "_", folder) for folder in folders):
        logging.getLogger(__name__).warning("Qt translations not found in %s: Qt's dialogs stay in English", folders)
        return False
    app.installTranslator(translator)
    app._policykb_translator = translator  # kept alive with the app
    return True


def _show_unexpected_error(kind, error, tb) -> None:
    """A bug reached the event loop: log the traceback, tell the user in one sentence, go on."""
    from PySide6.QtWidgets import QMessageBox

    from kb.cli import log_error

    where = log_error(error.with_traceback(tb))
    QMessageBox.warning(None, "内部错误", f"操作未能完成：{kind.__name__}: {error}\n详情已记入 {where}")


def run(kb_dir: Path, screenshot: Path | None = None, view: str = "文件", query: str = "",
        paths: list[Path] | None = None, **shown) -> int:
    """Open the main window on the KB in `kb_dir` until the user quits, importing `paths` (files
    and folders the desktop entry was given) first; with `screenshot`, render the window
    offscreen (the view, query and `shown`: region, year, find, given) to that PNG and exit."""
    logging.basicConfig(level=logging.WARNING)
    if screenshot is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    elif missing_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 2
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
    window = MainWindow(kb, corpus=bundled_corpus(), settings=settings)
    if font_problem:
        window.show_font_warning(font_problem)
    if settings is not None or not window.settings.contains("window/geometry"):
        window.resize(1360, 840)
    window.show()
    if screenshot is not None:
        ok = window.screenshot(screenshot, view=view, query=query, **shown)
        window.close()
        kb.close()
        scratch.cleanup()
        print(f"{screenshot}" if ok else f"无法保存截图：{screenshot}", file=sys.stdout if ok else sys.stderr)
        return 0 if ok else 1
    window.start(paths or [])
    code = app.exec()
    kb.close()
    return code
