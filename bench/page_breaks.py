"""Page breaks and page furniture in real PDFs: how many passages are cut or are not text at all.

    python bench/page_breaks.py [FOLDER ...] [--workers N] [--show K] [--no-ocr]

Default folder: ../shared/corpus-dev. Every file goes through read → layout → outline (no store).
Counts, over all documents:
  (a) bare numbers: passages that are only a page number ("12", "— 12 —", "- 12 -", "12/40");
  (b) cut sentences: text passages that end without 。；：！？ (nor a label's 】 or a closing
      bracket) and are followed by a passage that starts on the next page in mid-sentence (not
      with numbering, a heading word, a quote, 注/其中/式中/抄送);
  (c) files that fail, and why (an internal error is a bug).
--show K prints K examples of each, to look at (never to fit rules on).
"""
from __future__ import annotations

import argparse
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.ingest import find  # noqa: E402

BARE_NUMBER = re.compile(r"^[\s—–\-－―_•·~〜()（）\[\]第页]{0,4}\d{1,4}[\s—–\-－―_•·~〜()（）\[\]第页]{0,4}(/\s*\d{1,4})?$")
SENTENCE_END = tuple("。；：！？;:!?")
# A passage that opens this way begins something new: numbering, a quote, a heading word, a
# note under a table or formula.
NEW_START = re.compile(r"^([（(]?[一二三四五六七八九十\d]+[)）、.．]|第[一二三四五六七八九十\d]+[章节条部篇]|[①-⑳]|附件|附表|附录"
                       r"|专栏|表\s*\d|图\s*\d|[“《【]|注|其中|式中|（续|抄送)")
# A passage ending this way is a label or a closed aside, not a sentence cut off: 【享受条件】
LABEL_END = tuple("】）)")


def check_file(path: Path, ocr: bool) -> dict:
    from kb.ingest import parse
    from kb.read import ReadError, file_title, read_file

    try:
        pages = read_file(path, ocr=ocr) if ocr is not None else read_file(path)
        docs = parse(pages, file_title(path) or path.stem)
    except ReadError as error:
        return {"file": path.name, "error": f"读取失败：{error}", "internal": False}
    except Exception as error:  # noqa: BLE001 - the count of internal errors is the point
        return {"file": path.name, "error": f"{error.__class__.__name__}: {error}", "internal": True}
    bare, cut, passages = [], [], 0
    for doc in docs:
        texts = [p for p in doc.passages if p.kind != "table_row"]
        passages += len(texts)
        for p in texts:
            if BARE_NUMBER.match(p.text.strip()):
                bare.append(f"p{p.page}: {p.text!r}")
        for a, b in zip(texts, texts[1:]):
            if (a.kind == "text" and b.kind == "text" and not a.text.rstrip().endswith(SENTENCE_END + LABEL_END)
                    and b.page == a.pages[-1] + 1 and not NEW_START.match(b.text)):
                cut.append(f"p{a.pages[-1]}|{b.page}: …{a.text[-25:]!r} | {b.text[:25]!r}…")
    return {"file": path.name, "pages": len(pages), "passages": passages, "bare": bare, "cut": cut}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folders", nargs="*", type=Path, default=[ROOT.parent / "shared" / "corpus-dev"])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--show", type=int, default=0, help="print this many examples of each count")
    parser.add_argument("--no-ocr", action="store_true", help="do not OCR pages without a text layer")
    args = parser.parse_args()
    files = find(args.folders)
    ocr = False if args.no_ocr else None
    with ProcessPoolExecutor(args.workers) as pool:
        results = list(pool.map(check_file, files, [ocr] * len(files)))
    failed = [r for r in results if "error" in r]
    ok = [r for r in results if "error" not in r]
    bare = [(r["file"], x) for r in ok for x in r["bare"]]
    cut = [(r["file"], x) for r in ok for x in r["cut"]]
    print(f"files: {len(files)}, read: {len(ok)}, pages: {sum(r['pages'] for r in ok)}, "
          f"passages: {sum(r['passages'] for r in ok)}")
    print(f"(a) passages that are a bare number:           {len(bare)} (in {len({f for f, _ in bare})} files)")
    print(f"(b) text cut at a page break, mid-sentence:     {len(cut)} (in {len({f for f, _ in cut})} files)")
    print(f"(c) files failed: {len(failed)}, of them internal errors: {sum(r['internal'] for r in failed)}")
    for r in failed:
        print(f"    {r['file']}: {r['error'][:120]}")
    for label, found in (("bare numbers", bare), ("cut sentences", cut)):
        for name, example in found[: args.show]:
            print(f"  [{label}] {name[:30]}  {example}")


if __name__ == "__main__":
    main()
