"""Reports as CSV: UTF-8 with a byte-order mark, because Excel on Chinese Windows reads a CSV
without one as GBK and shows 乱码.

One header row, then every sheet's rows (the 来源 column says which document each row is from).
"""
from __future__ import annotations

import csv
from pathlib import Path

from .report import Report, cell_text

ENCODING = "utf-8-sig"  # writes b"\xef\xbb\xbf" first


def write_csv(report: Report, path: Path) -> None:
    headers = report.sheets[0].headers if report.sheets else []
    with open(path, "w", encoding=ENCODING, newline="") as f:
        writer = csv.writer(f)
        writer.writerow(headers)
        for sheet in report.sheets:
            writer.writerows([cell_text(v) for v in row] for row in sheet.rows)
