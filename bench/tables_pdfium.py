"""Ruled tables read from pdfium's geometry (kb.read.tables) against pdfplumber's, page by page.

    python bench/tables_pdfium.py [FOLDER ...] [--show]

Default folders: ../shared/pdfs and ../shared/corpus-dev. Every page that reaches the table finder
(MIN_RULES_FOR_TABLE rules and may_hold_table, as kb.read.pdf.read_pages decides) is read both ways:
pdfplumber on pdfminer's parse (the old way, kb.read.tables.plumber_tables) and
kb.read.tables.ruled_tables. Prints, per folder: pages compared, identical (every cell string
equal once normalised as kb.layout reads every cell, table boxes within MAX_BOX_DIFFERENCE), different (each listed with its first differing
row), fallback (pages the new way leaves to pdfplumber, counted by reason), and the CPU time of
finding the tables both ways (pdfplumber: opening the file and parsing the page; pdfium: its own
geometry, plus the old way on a fallback page and the file's opening once). Imports are not
counted. One process. Table boxes agree to 1e-4 pt (pdfium's 32-bit floats), not to the bit.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pdfplumber  # noqa: E402

from kb.models import RawTable  # noqa: E402
from kb.read import pdf, tables  # noqa: E402
from kb.read.ruling import may_hold_table  # noqa: E402

DEFAULT_FOLDERS = [ROOT.parent / "shared" / "pdfs", ROOT.parent / "shared" / "corpus-dev"]
# pdfium's coordinates are 32-bit floats, pdfminer's 64-bit: table boxes agree to ~1e-4 pt
MAX_BOX_DIFFERENCE = 0.01


def candidate_pages(path: Path) -> list[int]:
    """The pages read_pages asks for tables."""
    document = pdf.open_pdf(path)
    try:
        out = []
        for number in range(1, len(document) + 1):
            page = document[number - 1]
            try:
                rules = pdf._count_rules(page)
                if rules is not None and rules >= pdf.MIN_RULES_FOR_TABLE and may_hold_table(page):
                    out.append(number)
            finally:
                page.close()
        return out
    finally:
        document.close()


def first_difference(old: list[RawTable], new: list[RawTable]) -> str:
    if len(old) != len(new):
        return f"{len(old)} tables, pdfium {len(new)}"
    for t, (a, b) in enumerate(zip(old, new)):
        box = max(abs(a.top - b.top), abs(a.bottom - b.bottom), abs(a.x0 - b.x0), abs(a.x1 - b.x1))
        if box > MAX_BOX_DIFFERENCE:
            return f"table {t}: box off by {box:.4f}"
        if len(a.rows) != len(b.rows):
            return f"table {t}: {len(a.rows)} rows, pdfium {len(b.rows)}"
        for r, (x, y) in enumerate(zip(tables._cells(a), tables._cells(b))):
            if x != y:
                return f"table {t} row {r}:\n      pdfplumber {x}\n      pdfium     {y}"
    return ""


def same_raw_text(old: list[RawTable], new: list[RawTable]) -> bool:
    """Every cell string equal as read, before kb.layout normalises it (spaces beside Chinese)."""
    return [t.rows for t in old] == [t.rows for t in new]


def box_difference(old: list[RawTable], new: list[RawTable]) -> float:
    return max((max(abs(a.top - b.top), abs(a.bottom - b.bottom), abs(a.x0 - b.x0), abs(a.x1 - b.x1))
                for a, b in zip(old, new)), default=0.0)


def fallback_reason(page, textpage, number: int) -> str:
    """Why ruled_tables left the page to pdfplumber (asked again, step by step)."""
    edges = tables.page_edges(page)
    if edges is None:
        return "paths not along the page's axes, or in a form"
    left, bottom, right, top = page.get_mediabox()
    geometry = tables._Geometry(edges, right - left, top - bottom, left, bottom, lambda: tables.page_chars(page, textpage))
    tight = tables._ruled_tables(geometry.shifted(-tables.SURE), number, -tables.SURE)
    doubt = geometry.doubt_over(tight) if tight else None
    if doubt is not None:
        return doubt.value
    if not tables._same(tight, tables._ruled_tables(geometry.shifted(tables.SURE), number, tables.SURE)):
        return "a decision within SURE of its threshold"
    return "the page-edge rule within SURE"


def compare_folder(folder: Path, show: bool) -> None:
    files = sorted(folder.glob("*.pdf"))
    compared = identical = normalised = 0
    different: list[str] = []
    fallback: Counter[str] = Counter()
    old_cpu = new_cpu = worst_box = 0.0
    for path in files:
        try:
            numbers = candidate_pages(path)
        except pdf.PdfReadError:
            continue
        if not numbers:
            continue
        document = pdf.open_pdf(path)
        started = time.process_time()
        plumber = pdfplumber.open(str(path))
        opening = time.process_time() - started  # paid by the new way too once a page falls back
        old_cpu += opening
        try:
            for number in numbers:
                started = time.process_time()
                old = tables.plumber_tables(plumber.pages[number - 1], number)
                parsing = time.process_time() - started
                old_cpu += parsing
                page = document[number - 1]
                textpage = page.get_textpage()
                try:
                    started = time.process_time()
                    new = tables.ruled_tables(page, textpage, number)
                    new_cpu += time.process_time() - started
                    compared += 1
                    if new is None:
                        new_cpu += parsing + opening
                        opening = 0.0
                        reason = fallback_reason(page, textpage, number)
                        fallback[reason] += 1
                        if show:
                            print(f"  fallback {path.name} p{number}: {reason}")
                        continue
                finally:
                    textpage.close()
                    page.close()
                difference = first_difference(old, new)
                if difference:
                    different.append(f"{path.name} p{number}: {difference}")
                else:
                    identical += 1
                    normalised += not same_raw_text(old, new)
                    worst_box = max(worst_box, box_difference(old, new))
        finally:
            plumber.close()
            document.close()
    print(f"{folder}: {len(files)} files")
    print(f"  pages compared {compared}, identical {identical} ({normalised} of them once normalised as kb.layout"
          f" reads cells: a space beside Chinese read or not), different {len(different)}, fallback {sum(fallback.values())}")
    for reason, count in fallback.most_common():
        print(f"    fallback: {count} × {reason}")
    for line in different:
        print(f"    different: {line}")
    print(f"  largest table-box difference on identical pages: {worst_box:.6f} pt")
    print(f"  CPU finding tables: pdfplumber {old_cpu:.2f} s, pdfium {new_cpu:.2f} s (with the fallbacks' pdfplumber)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, default=DEFAULT_FOLDERS)
    parser.add_argument("--show", action="store_true", help="list every fallback page")
    args = parser.parse_args()
    for folder in args.folders:
        compare_folder(folder, args.show)


if __name__ == "__main__":
    main()
