"""The `policykb` command and `python main.py`: a CLI command runs without Qt; no command (or only
--kb DIR) opens the desktop app. Qt is imported only when the app opens, so the CLI starts fast."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn


def main(argv: list[str] | None = None) -> int:
    if getattr(sys, "frozen", False):
        # In the packaged program (PyInstaller) the import's reader processes and multiprocessing's
        # helpers start this same binary: freeze_support runs them instead of the CLI. It does
        # nothing anywhere else, and importing multiprocessing for it cost a CLI search 7 ms.
        import multiprocessing

        multiprocessing.freeze_support()
    from kb.cli import main as cli_main

    return cli_main(sys.argv[1:] if argv is None else argv, open_app=open_app)


def command() -> NoReturn:
    """`policykb` and `python main.py`: run `main` in this process, then end it."""
    code = main()
    threading = sys.modules.get("threading")
    if "PySide6" not in sys.modules and (threading is None or threading.active_count() == 1):
        end_now(code)  # a command ran (not the app, which Qt closes its own way) and nothing runs on
    sys.exit(code)


def end_now(code: int) -> NoReturn:
    """End the process without Python's teardown. After a command the OS frees everything at once,
    while Python frees every module and object one by one first: about 15 ms, a tenth of a
    command-line search. What exit must do is done here: the exit handlers (logging's flush, a
    process pool's shutdown) and the flush of the output."""
    import atexit
    import os

    atexit._run_exitfuncs()  # what Python runs at exit; os._exit does not
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # `… | head` closed the pipe, or it was closed already
            pass
    os._exit(code)


def open_app(kb_dir: Path, screenshot: Path | None = None, view: str = "文件", query: str = "",
             paths: list[Path] | None = None, **shown) -> int:
    """The desktop app; `shown` (region, year, find) sets up a screenshot."""
    from .app import run

    return run(kb_dir, screenshot=screenshot, view=view, query=query, paths=paths or [], **shown)


if __name__ == "__main__":
    command()
