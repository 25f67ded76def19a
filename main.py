"""PolicyKB 政策知识库.

    python main.py [--kb DIR]            start the desktop app (the first run imports corpus/)
    python main.py <command> [--kb DIR]  the command line; `python main.py --help` lists the commands

The installed command `policykb` is the same program.
"""
from ui.launch import command

if __name__ == "__main__":
    command()
