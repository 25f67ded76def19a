"""Start the desktop app: `python main.py [--kb DIR] [--screenshot FILE.png]`."""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from kb.knowledge_base import KnowledgeBase, default_kb_dir

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python main.py", description="PolicyKB 政策知识库（桌面程序）")
    parser.add_argument("--kb", type=Path, default=None, help="知识库目录")
    parser.add_argument("--screenshot", type=Path, default=None, help="离屏渲染主窗口并保存为PNG后退出")
    parser.add_argument("--view", default="文件", choices=["文件", "部门", "时限", "指标"])
    parser.add_argument("--query", default="")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    if args.screenshot is not None:
        import os

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from .fonts import check_cjk_font
    from .main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("PolicyKB")
    app.setOrganizationName("PolicyKB")
    kb_dir = args.kb or default_kb_dir()
    kb = KnowledgeBase(kb_dir)
    window = MainWindow(kb, corpus=CORPUS)
    font_problem = check_cjk_font()
    window.resize(1280, 800)
    window.show()
    if font_problem:
        window.show_font_warning(font_problem)
    if args.screenshot is not None:
        return window.screenshot_and_quit(args.screenshot, view=args.view, query=args.query)
    window.start()
    code = app.exec()
    kb.close()
    return code
