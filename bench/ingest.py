"""Ingest speed, side by side with plain desktop indexers, in one run on the same folder.

    .venv/bin/python bench/ingest.py [FOLDER] [--runs 3] [--no-ocr]

Each system runs as its own process on the same PDFs, a fresh index each time; the table gives the
median of the runs: wall time, CPU time (user + system of the process and its children),
CPU/wall (how much of the two cores it uses), pages/s and peak memory (the largest process).
For PolicyKB the peak of its own process and of its largest worker (reader or indexer) are given
apart (sampled from /proc: VmHWM, the kernel's peak). `--no-ocr` ingests without OCR of scanned
pages (the peers do none). The machine's load average is printed before and after: the machine
may be shared, and wall times grow with it.

- PolicyKB: `python main.py ingest FOLDER --kb NEW` (read, layout, outline, extraction, store, index);
- Recoll 1.34 `recollindex` (Debian's recoll; text only, no structure), with the PDF filter it ships;
- `pdftotext` (Debian's poppler-utils), every file in turn: text extraction alone, no index.

A peer that is not installed is skipped, saying so. Default folder: ../shared/pdfs.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.ingest import find  # noqa: E402
from kb.read import page_count  # noqa: E402


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mb: float


@dataclass
class Peaks:
    """Peak resident memory (MB) of a process and of each of its descendants, sampled."""

    main: float = 0.0
    workers: dict[int, float] = field(default_factory=dict)

    def sample(self, pid: int) -> None:
        self.main = max(self.main, _peak_mb(pid))
        for child in _descendants(pid):
            self.workers[child] = max(self.workers.get(child, 0.0), _peak_mb(child))


def _descendants(pid: int) -> list[int]:
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [int(c) for c in children for c in [c, *map(str, _descendants(int(c)))]]


def _peak_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    line = next((ln for ln in status.splitlines() if ln.startswith("VmHWM:")), "VmHWM: 0 kB")
    return int(line.split()[1]) / 1024


def measure(command: list[str], env: dict | None = None, peaks: Peaks | None = None) -> Run:
    """Run a command to its end; its wall time, CPU time and peak memory, children included
    (`peaks` samples each process's peak while it runs)."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    while True:  # not proc.poll(): it would reap the process, and wait4 its usage with it
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG if peaks is not None else 0)
        if pid:
            break
        peaks.sample(proc.pid)
        time.sleep(0.05)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command[:3])} … failed: {proc.stderr.read().decode(errors='replace')[-500:]}")
    # wait4 reports the process itself; its reader processes were its children, reaped by it
    cpu = usage.ru_utime + usage.ru_stime
    return Run(wall, cpu, usage.ru_maxrss / 1024)


def policykb(folder: Path, scratch: Path, ocr: bool = True) -> list[str]:
    return [sys.executable, str(ROOT / "main.py"), "ingest", str(folder), "--kb", str(scratch / "kb"),
            *([] if ocr else ["--no-ocr"])]


def recoll(folder: Path, scratch: Path) -> list[str]:
    conf = scratch / "recoll"
    conf.mkdir()
    (conf / "recoll.conf").write_text(f"topdirs = {folder}\nindexedmimetypes = application/pdf\n", encoding="utf-8")
    return ["recollindex", "-c", str(conf), "-z"]


def pdftotext(folder: Path, scratch: Path) -> list[str]:
    script = 'for f in "$1"/*.pdf; do pdftotext -q "$f" "$2/$(basename "$f").txt"; done'
    return ["bash", "-c", script, "pdftotext", str(folder), str(scratch)]


SYSTEMS = {"PolicyKB ingest": (policykb, sys.executable), "Recoll recollindex": (recoll, "recollindex"),
           "pdftotext (text only)": (pdftotext, "pdftotext")}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT.parent / "shared" / "pdfs")
    parser.add_argument("--runs", type=int, default=3, help="runs per system (the median is shown)")
    parser.add_argument("--no-ocr", action="store_true", help="PolicyKB without OCR of scanned pages")
    args = parser.parse_args()
    folder = args.folder.resolve()
    files = [f for f in find([folder]) if f.suffix.lower() == ".pdf"]
    if not files:
        sys.exit(f"no PDF files in {folder}")
    pages = sum(page_count(f) for f in files)
    print(f"{folder}: {len(files)} PDFs, {pages} pages; median of {args.runs} runs, {os.cpu_count()} cores; "
          f"PolicyKB {'without' if args.no_ocr else 'with'} OCR; load average {_load()}\n")
    rows = []
    peaks = Peaks()
    for name, (command, program) in SYSTEMS.items():
        if shutil.which(program) is None:
            print(f"{name}: not installed ({program}), skipped")
            continue
        runs = []
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory() as scratch:
                if command is policykb:
                    runs.append(measure(policykb(folder, Path(scratch), ocr=not args.no_ocr), peaks=peaks))
                else:
                    runs.append(measure(command(folder, Path(scratch))))
        wall = statistics.median(r.wall for r in runs)
        cpu = statistics.median(r.cpu for r in runs)
        peak = max(r.peak_mb for r in runs)
        rows.append((name, wall, cpu, peak))
    print(f"{'system':24} {'wall s':>8} {'CPU s':>8} {'CPU/wall':>9} {'pages/s':>8} {'peak MB':>8}")
    for name, wall, cpu, peak in rows:
        print(f"{name:24} {wall:8.1f} {cpu:8.1f} {cpu / wall:9.2f} {pages / wall:8.1f} {peak:8.0f}")
    base = dict((name, wall) for name, wall, _, _ in rows)
    if "PolicyKB ingest" in base:
        for name, wall in base.items():
            if name != "PolicyKB ingest":
                print(f"PolicyKB wall / {name}: {base['PolicyKB ingest'] / wall:.2f}×")
        workers = sorted(peaks.workers.values(), reverse=True)
        print(f"PolicyKB peak memory: main process {peaks.main:.0f} MB, largest worker "
              f"{workers[0] if workers else 0:.0f} MB ({len(workers)} workers over {args.runs} runs)")
    print(f"load average after: {_load()}")


def _load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


if __name__ == "__main__":
    main()
