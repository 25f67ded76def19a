"""The `policykb` command and `python main.py`: a CLI command runs without Qt; no command (or only
--kb DIR) opens the desktop app. Qt is imported only when the app opens, so the CLI starts fast."""
from __future__ import annotations

import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    if getattr(sys, "frozen", False):
        # In the packaged program (PyInstaller) the import's reader processes and multiprocessing's
        # helpers start this same binary: freeze_support runs them instead of the CLI. It does
        # nothing anywhere else, and importing multiprocessing for it cost a CLI search 7 ms.
        import multiprocessing

        multiprocessing.freeze_support()
    from kb.cli import main as cli_main

    return cli_main(sys.argv[1:] if argv is None else argv, open_app=open_app)


def open_app(kb_dir: Path, screenshot: Path | None = None, view: str = "文件", query: str = "",
             paths: list[Path] | None = None, **shown) -> int:
    """The desktop app; `shown` (region, year, find) sets up a screenshot."""
    from .app import run

    return run(kb_dir, screenshot=screenshot, view=view, query=query, paths=paths or [], **shown)


if __name__ == "__main__":
    sys.exit(main())
