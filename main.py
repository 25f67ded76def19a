"""PolicyKB 政策知识库.

    python main.py [--kb DIR]            start the desktop app (the first run imports corpus/)
    python main.py <command> [--kb DIR]  the command line; `python main.py --help` lists the commands
"""
import sys


def run(args: list[str]) -> int:
    from kb.cli import COMMANDS, main as cli_main

    if any(a in COMMANDS for a in args) or "-h" in args or "--help" in args:
        return cli_main(args)
    from ui.app import main as app_main

    return app_main(args)


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
