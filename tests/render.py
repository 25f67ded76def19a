"""Print an export the way a user's office suite does: LibreOffice headless → PDF, then read it back.

Tests that use it skip where LibreOffice (soffice) or poppler (pdftotext) is not installed.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def render_pdf(path: Path, out_dir: Path) -> Path:
    """`path` (.docx/.xlsx) converted to PDF by LibreOffice, in `out_dir`."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    target = out_dir / f"pdf_{path.suffix.lstrip('.')}"
    target.mkdir(exist_ok=True)
    profile = out_dir / "lo_profile"  # its own profile: no clash with a running LibreOffice
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(target), str(path)], check=True, capture_output=True, timeout=180)
    return target / f"{path.stem}.pdf"


def pdf_text(pdf: Path) -> str:
    """The PDF's text, page after page, as pdfium reads it (line breaks where lines break)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def text_height(pdf: Path) -> float:
    """The height in points of the Chinese characters most of the first page is printed in (a
    character box is about nine tenths of the font size)."""
    import statistics

    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        page = document[0].get_textpage()
        heights = [top - bottom for i in range(page.count_chars())
                   for left, bottom, right, top in [page.get_charbox(i)]
                   if "\u4e00" <= page.get_text_range(i, 1) <= "\u9fff"]
        return statistics.median(heights) if heights else 0.0
    finally:
        document.close()
