"""PolicyKB 政策知识库.

    python main.py [--kb DIR]            start the desktop app (the first run imports corpus/)
    python main.py <command> [--kb DIR]  the command line; `python main.py --help` lists the commands

The installed command `policykb` is the same program.
"""
import multiprocessing
import sys

from ui.launch import main

if __name__ == "__main__":
    # In the packaged program (PyInstaller) the import's reader processes and multiprocessing's
    # helpers start this same binary: freeze_support runs them instead of the CLI. A no-op otherwise.
    multiprocessing.freeze_support()
    sys.exit(main())
