"""Opening a PDF at a page, and a file or folder, with the programs the user's machine has.

The system's "open this file" (QDesktopServices) cannot say which page to show, so 打开原文 first
looks for a PDF reader it knows how to ask for a page (SumatraPDF, Acrobat, Edge on Windows; the
readers of Debian-based desktops, Kylin and UOS on Linux), then falls back to the default program
(page 1: the user is told which page to turn to), and says so when there is none at all (the window
then shows the page in its own preview).
"""
from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QProcess, QUrl
from PySide6.QtGui import QDesktopServices


@dataclass(frozen=True)
class Reader:
    """A PDF reader and how it is told the page: args with {file} and {page} (1-based)."""

    name: str
    program: str  # the executable's name on PATH, or a full path
    args: tuple[str, ...]


# Readers that take a page on the command line, in the order they are tried
LINUX_READERS = (
    Reader("文档查看器（Evince）", "evince", ("--page-index={page}", "{file}")),
    Reader("Okular", "okular", ("--page", "{page}", "{file}")),
    Reader("文档查看器（Atril）", "atril", ("--page-index={page}", "{file}")),  # MATE, 银河麒麟
    Reader("Xreader", "xreader", ("--page-index={page}", "{file}")),
    Reader("qpdfview", "qpdfview", ("{file}#{page}",)),
    Reader("Zathura", "zathura", ("--page={page}", "{file}")),
    Reader("MuPDF", "mupdf", ("{file}", "{page}")),
)
WINDOWS_READERS = (
    Reader("SumatraPDF", "SumatraPDF", ("-page", "{page}", "{file}")),
    Reader("Adobe Acrobat", "Acrobat", ("/A", "page={page}", "{file}")),
    Reader("Adobe Acrobat Reader", "AcroRd32", ("/A", "page={page}", "{file}")),
    Reader("Microsoft Edge", "msedge", ("{url}#page={page}",)),
)
# Where Windows installs them when they are not on PATH
WINDOWS_PLACES = ("{LOCALAPPDATA}/SumatraPDF/SumatraPDF.exe", "{ProgramFiles}/SumatraPDF/SumatraPDF.exe",
                  "{ProgramFiles}/Adobe/Acrobat DC/Acrobat/Acrobat.exe",
                  "{ProgramFiles(x86)}/Adobe/Acrobat Reader DC/Reader/AcroRd32.exe",
                  "{ProgramFiles(x86)}/Microsoft/Edge/Application/msedge.exe")


def reader_command(path: str, page: int, which: Callable[[str], str | None] = shutil.which,
                   platform: str = sys.platform) -> tuple[str, list[str]] | None:
    """(reader's name, command line) that opens `path` at `page`, or None when no known reader is there.

    >>> reader_command("/tmp/规划.pdf", 7, which=lambda p: "/usr/bin/atril" if p == "atril" else None, platform="linux")
    ('文档查看器（Atril）', ['/usr/bin/atril', '--page-index=7', '/tmp/规划.pdf'])
    >>> reader_command("/tmp/规划.pdf", 7, which=lambda p: None, platform="linux") is None
    True
    """
    readers = WINDOWS_READERS if platform.startswith("win") else LINUX_READERS if platform.startswith(("linux", "freebsd")) else ()
    for reader in readers:
        program = which(reader.program) or (_installed(reader.program) if platform.startswith("win") else None)
        if program:
            url = QUrl.fromLocalFile(path).toString()
            return reader.name, [program, *(a.format(file=path, page=page, url=url) for a in reader.args)]
    return None


def _installed(program: str) -> str | None:
    """A Windows reader in its usual install folder."""
    for place in WINDOWS_PLACES:
        try:
            candidate = Path(place.format(**os.environ))
        except KeyError:
            continue
        if candidate.stem.lower() == program.lower() and candidate.is_file():
            return str(candidate)
    return None


def start(command: list[str]) -> bool:
    """Start a program detached from this one (it stays open when PolicyKB closes)."""
    return QProcess.startDetached(command[0], command[1:])[0]


def open_url(url: QUrl) -> bool:
    """Open a file or folder with the program the system associates with it."""
    return QDesktopServices.openUrl(url)


def open_pdf_at(path: str, page: int) -> tuple[bool, str]:
    """Open a PDF at a page in a reader: (opened, what to tell the user)."""
    if not Path(path).is_file():
        return False, f"找不到原文件：{path}"
    found = reader_command(path, page)
    if found is not None and start(found[1]):
        return True, f"已用{found[0]}打开原文第{page}页"
    if open_url(QUrl.fromLocalFile(path)):
        return True, f"已用默认程序打开原文（它不能直接跳到指定页：请翻到第{page}页）"
    return False, f"没有可以打开PDF的程序：已在内置预览中显示第{page}页"


def open_file(path: Path) -> tuple[bool, str]:
    """Open an exported file with its program: (opened, what to tell the user)."""
    if open_url(QUrl.fromLocalFile(str(path))):
        return True, f"已打开：{path.name}"
    return False, f"没有能打开“{path.suffix}”文件的程序（如WPS、Microsoft Office、LibreOffice）：{path}"


def open_folder(path: Path) -> tuple[bool, str]:
    """Show the folder an exported file is in."""
    if open_url(QUrl.fromLocalFile(str(path.parent))):
        return True, f"已打开文件夹：{path.parent}"
    return False, f"无法打开文件夹：{path.parent}"
