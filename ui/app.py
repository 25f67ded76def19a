"""Start the desktop app: `python main.py [--kb DIR] [--screenshot FILE.png [--view 部门] [--query Q]]`."""
from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from pathlib import Path

from kb.knowledge_base import KnowledgeBase, default_kb_dir

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
VIEW_CHOICES = ["文件", "部门", "时限", "指标"]


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python main.py", description="PolicyKB 政策知识库（桌面程序）")
    parser.add_argument("--kb", type=Path, default=None, help="知识库目录（默认：用户数据目录，或 $POLICYKB_DIR）")
    parser.add_argument("--screenshot", type=Path, default=None, metavar="FILE.png",
                        help="离屏渲染主窗口并保存为PNG后退出（知识库为空时先导入 corpus/）")
    parser.add_argument("--view", default="文件", choices=VIEW_CHOICES, help="截图时显示的视图")
    parser.add_argument("--query", default="", help="截图时在搜索框中输入的内容")
    return parser.parse_args(argv)


def create_app():
    """The QApplication with names (QSettings uses them) and a Chinese font; returns (app, font problem)."""
    from PySide6.QtWidgets import QApplication

    from .fonts import check_cjk_font

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("PolicyKB")
    app.setOrganizationName("PolicyKB")
    return app, check_cjk_font()


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    if args.screenshot is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings

    from .main_window import MainWindow

    app, font_problem = create_app()
    kb = KnowledgeBase(args.kb or default_kb_dir())
    settings = None
    if args.screenshot is not None:  # the same picture every time: no remembered layout or filters
        settings = QSettings(str(Path(tempfile.mkdtemp()) / "screenshot.ini"), QSettings.Format.IniFormat)
    window = MainWindow(kb, corpus=CORPUS, settings=settings)
    if font_problem:
        window.show_font_warning(font_problem)
    if settings is not None or not window.settings.contains("window/geometry"):
        window.resize(1360, 840)
    window.show()
    if args.screenshot is not None:
        ok = window.screenshot(args.screenshot, view=args.view, query=args.query)
        window.close()
        kb.close()
        print(f"{args.screenshot}" if ok else f"无法保存截图：{args.screenshot}", file=sys.stdout if ok else sys.stderr)
        return 0 if ok else 1
    window.start()
    code = app.exec()
    kb.close()
    return code
