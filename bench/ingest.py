"""Ingest speed: pages per second end to end (read → layout → outline → documents → extract → store → index).

    python bench/ingest.py [FOLDER ...] [--workers N]

Default folder: ../shared/pdfs. Prints pages/s, the split between reading and the rest, and
peak memory (this process and its reader processes).
"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.knowledge_base import KnowledgeBase  # noqa: E402
from kb.ingest import find  # noqa: E402
from kb.read import read_file  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folders", nargs="*", type=Path, default=[ROOT.parent / "shared" / "pdfs"])
    parser.add_argument("--workers", type=int, default=None, help="reader processes (default: all cores)")
    args = parser.parse_args()
    files = find(args.folders)
    if not files:
        sys.exit(f"no PDF/DOCX/TXT files in {', '.join(map(str, args.folders))}")

    started = time.perf_counter()
    pages = sum(len(read_file(f)) for f in files)
    read_only = time.perf_counter() - started
    print(f"files: {len(files)}, pages: {pages}")
    print(f"read only, one process:        {pages / read_only:7.1f} pages/s ({read_only:.2f} s)")

    with tempfile.TemporaryDirectory() as tmp:
        with KnowledgeBase(Path(tmp)) as kb:
            started = time.perf_counter()
            report = kb.ingest(files, workers=args.workers)
            total = time.perf_counter() - started
            _ = kb.search("生态环境")  # make sure the index is usable
    print(f"ingest end to end:             {pages / total:7.1f} pages/s ({total:.2f} s) — {report.summary()}")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory: {own:.0f} MB (main process), {children:.0f} MB (largest reader process)")


if __name__ == "__main__":
    main()
