"""OCR speed and accuracy: seconds per page, characters read right, and what a real scan yields.

    python bench/ocr.py [--pages 3] [--real PDF ...] [--force PDF ...]

1. Built scans: pages of our own corpus/002 PDF rendered at 150 dpi, turned 0.6°, speckled with
   noise (one also with a red seal over its text), saved as image-only PDFs and read back through
   kb.read; accuracy is against the source page's text layer (1 − edit distance / length).
2. Real scans (default ../shared/pdfs/29_…): seconds per page, mean confidence, and what the
   pipeline makes of the text: passages, headings (clause structure), obligations, targets.
3. --force PDF: pages that already carry a (noisy) OCR layer (default ../shared/pdfs/12_…) are
   OCR'd again from their images; agreement with the old layer is printed (a lower bound, since
   that layer has errors of its own), with samples of both.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import pypdfium2 as pdfium  # noqa: E402

from kb.extract import extract_document  # noqa: E402
from kb.ingest import parse  # noqa: E402
from kb.read import ocr, page_count, read_file  # noqa: E402

SHARED = ROOT.parent / "shared" / "pdfs"


def page_text(pages) -> list[str]:
    return ["".join(line.text for line in page.lines) for page in pages]


def built_scans(pages: int) -> None:
    import pdfgen

    source = ROOT / "corpus" / "002_zhuhai_carbon_peak_plan.pdf"
    numbers = list(range(2, 2 + pages))
    expected = page_text(read_file(source, numbers[0], numbers[-1]))
    print(f"1. built scans of {source.name}, pages {numbers[0]}–{numbers[-1]} (150 dpi, 0.6°, noise σ=12)")
    with tempfile.TemporaryDirectory() as tmp:
        for seal in (False, True):
            scan = pdfgen.scanned_copy(source, Path(tmp) / f"scan{seal}.pdf", numbers, seal=seal)
            ocr.engine()  # loaded once, not timed
            started, cpu = time.perf_counter(), time.process_time()
            got = page_text(read_file(scan))
            seconds = (time.perf_counter() - started) / len(numbers)
            cpu = (time.process_time() - cpu) / len(numbers)
            scores = [ocr.char_accuracy(e, g) for e, g in zip(expected, got)]
            label = "with a red seal" if seal else "plain          "
            print(f"   {label}  {seconds:5.2f} s/page ({cpu:.2f} s CPU)  accuracy {sum(scores) / len(scores):.4f} "
                  f"(pages: {', '.join(f'{s:.4f}' for s in scores)})")


def real_scan(path: Path) -> None:
    print(f"2. real scan {path.name}")
    ocr.engine()
    started, cpu = time.perf_counter(), time.process_time()
    pages = read_file(path)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    done = [p for p in pages if p.ocr]
    mean = sum(p.ocr_confidence for p in done) / max(len(done), 1)
    print(f"   {len(pages)} pages, {len(done)} OCR'd: {seconds / max(len(done), 1):.2f} s/page "
          f"({cpu / max(len(done), 1):.2f} s CPU), mean confidence {mean:.4f}")
    for doc in parse(pages, path.stem):
        extraction = extract_document(doc)
        headings = [p for p in doc.passages if p.kind == "heading"]
        texts = [p for p in doc.passages if p.kind == "text"]
        print(f"   document: {doc.meta.title}  文号 {doc.meta.doc_number or '-'}  {doc.meta.jurisdiction or '-'}  "
              f"{doc.meta.issue_date or '-'}")
        print(f"   passages: {len(texts)} text, {len(headings)} headings, "
              f"{sum(bool(p.clause_path) for p in texts)} text passages with a clause path; "
              f"obligations {len(extraction.obligations)}, targets {len(extraction.targets)}")
        for h in headings[:12]:
            print(f"     p{h.page} {h.clause}")
        for o in extraction.obligations[:5]:
            units = "、".join(o.lead + o.responsible + o.co) or "-"
            print(f"     任务 p{o.pages[0]} [{units}] {o.text[:50]}")
        for t in extraction.targets[:5]:
            print(f"     指标 p{t.pages[0]} {t.indicator} {t.direction}{t.value:g}{t.unit or ''} {t.year or ''}")


def forced(path: Path, pages: int) -> None:
    print(f"3. {path.name}: OCR again over its own OCR text layer, first {pages} pages with text")
    old = read_file(path, 1, min(pages + 2, page_count(path)), ocr=False)
    pdf = pdfium.PdfDocument(str(path))
    try:
        scores, seconds = [], 0.0
        for page in [p for p in old if p.lines][:pages]:
            started = time.process_time()
            lines, confidence = ocr.read_page(pdf[page.number - 1], page.number)
            seconds += time.process_time() - started
            old_text, new_text = page_text([page])[0], "".join(ln.text for ln in lines)
            scores.append(ocr.char_accuracy(old_text, new_text))
            print(f"   p{page.number}: agreement {scores[-1]:.4f}, confidence {confidence:.4f}, "
                  f"old layer warning: {page.warning.message if page.warning else '-'}")
            print(f"      old: {old_text[:60]}\n      new: {new_text[:60]}")
        print(f"   {seconds / max(len(scores), 1):.2f} s CPU/page, mean agreement {sum(scores) / max(len(scores), 1):.4f}")
    finally:
        pdf.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=3, help="pages of each built or forced scan")
    parser.add_argument("--real", nargs="*", type=Path, default=sorted(SHARED.glob("29_*.pdf")))
    parser.add_argument("--force", nargs="*", type=Path, default=sorted(SHARED.glob("12_*.pdf")))
    args = parser.parse_args()
    if not ocr.available():
        sys.exit("rapidocr / onnxruntime are not installed")
    built_scans(args.pages)
    for path in args.real:
        real_scan(path)
    for path in args.force:
        forced(path, args.pages)


if __name__ == "__main__":
    main()
