"""Reports as CSV: UTF-8 with a byte-order mark, because Excel on Chinese Windows reads a CSV
without one as GBK and shows 乱码.

One header row (every column any sheet has), then every sheet's rows; section rows (一、…) are
for printed tables and left out.
A text cell that a spreadsheet would run as a formula gets a leading ' (the OWASP rule): it shows
as text, and nothing in a shared 分工表 can link away or compute.
"""
from __future__ import annotations

import csv
from pathlib import Path

from .report import Report, cell_text, is_formula_like

ENCODING = "utf-8-sig"  # writes b"\xef\xbb\xbf" first


def write_csv(report: Report, path: Path) -> None:
    headers = list(dict.fromkeys(h for sheet in report.sheets for h in sheet.headers))
    with open(path, "w", encoding=ENCODING, newline="") as f:
        writer = csv.writer(f)
        writer.writerow([_csv_cell(h) for h in headers])
        for sheet in report.sheets:  # sheets without a column (no 配合单位 in one plan) leave it empty
            at = [sheet.headers.index(h) if h in sheet.headers else None for h in headers]
            writer.writerows([_csv_cell(row[i]) if i is not None else "" for i in at] for row in sheet.rows)


def _csv_cell(value) -> str:
    text = cell_text(value)
    return "'" + text if isinstance(value, str) and is_formula_like(text) else text
