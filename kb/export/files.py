"""Writing a Report to a file: pick the format, check the target, clean the text, write atomically.

Each file is written to a temporary file in the same folder and moved over the target at the end,
so a failed export never leaves half a spreadsheet where the user's file was.
"""
from __future__ import annotations

import logging
import os
import stat
import secrets
from pathlib import Path

from .csv import write_csv
from .docx import write_docx
from .report import Report
from .xlsx import write_xlsx

log = logging.getLogger(__name__)

WRITERS = {"xlsx": write_xlsx, "docx": write_docx, "csv": write_csv}
FORMATS = tuple(WRITERS)


class ExportError(Exception):
    """An export that cannot be written; the message (Chinese, naming the path) is for the user."""


def export_path(path: Path | str, fmt: str | None = None) -> tuple[Path, str]:
    """The file to write and its format: from `fmt`, else from the file's suffix; a path without a
    suffix gets the format's.

    >>> export_path("分工表.XLSX")
    (PosixPath('分工表.XLSX'), 'xlsx')
    >>> export_path("台账", "csv")
    (PosixPath('台账.csv'), 'csv')
    """
    path = Path(path)
    if path.is_dir():
        raise ExportError(f"无法导出到“{path}”：这是一个文件夹，请给出文件名")
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in WRITERS:
        raise ExportError(f"无法导出到“{path}”：不支持的格式“{fmt or '（无扩展名）'}”，可选 {'、'.join(FORMATS)}")
    if not path.suffix:
        path = path.with_suffix(f".{fmt}")
    return path, fmt


def write_report(report: Report, path: Path | str, fmt: str | None = None) -> Path:
    """Write the report as .xlsx/.docx/.csv; returns the path written. Raises ExportError."""
    path, fmt = export_path(path, fmt)
    _check_target(path)
    # beside the target so the final move is atomic; named, not mkstemp'd, so it gets normal permissions
    temp = path.with_name(f".~{path.stem}.{secrets.token_hex(4)}.{fmt}")
    try:
        WRITERS[fmt](report.cleaned(), temp)
        os.replace(temp, path)
    except PermissionError as exc:
        raise ExportError(f"无法写入“{path}”：文件可能正被其他程序（如Excel、WPS）打开，或没有写入权限") from exc
    except OSError as exc:
        raise ExportError(f"无法写入“{path}”：{exc.strerror or exc}") from exc
    finally:
        temp.unlink(missing_ok=True)
    log.info("%s: exported %d rows as %s", path, report.count, fmt)
    return path


def _check_target(path: Path) -> None:
    if not path.parent.is_dir():
        raise ExportError(f"无法导出到“{path}”：文件夹“{path.parent}”不存在")
    if path.is_dir():  # "分工表" became "分工表.xlsx", which is a folder
        raise ExportError(f"无法导出到“{path}”：这是一个文件夹，请给出文件名")
    # A read-only file stays read-only even for users the system would let replace it (root)
    if path.exists() and not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise ExportError(f"无法写入“{path}”：文件是只读的")
