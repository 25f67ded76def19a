"""Start-up benchmark: seconds from launch to a shown, populated main window.

Two knowledge bases: the bundled corpus (7 documents), and 1,000 documents made by replicating
the corpus KB's rows in SQLite (documents, pages, passages, tables, obligations with their
departments, targets) under new ids, other cities and other years. Each start is a fresh
process, so importing Qt and the app counts; the window is drawn offscreen unless --display.

    python bench/startup.py                  # both KBs, 3 starts each, median
    python bench/startup.py --kb DIR         # an existing KB
    python bench/startup.py --documents 5000 # a bigger replica

Target: ≤ 1.5 s. Nothing heavy may run before the window is shown: jieba and the Whoosh index
load on the first search (ui.operations.SearchSession), the other navigator tabs on first view.
"""
from __future__ import annotations

import time

STARTED = time.perf_counter()  # before any heavy import: the child's own clock starts here

import argparse  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import sqlite3  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CITIES = ("广州市", "深圳市", "珠海市", "佛山市", "东莞市", "中山市", "江门市", "惠州市", "上海市", "杭州市", "南京市", "国家")
TARGET_SECONDS = 1.5


# ------------------------------------------------------------- the KBs ----
def corpus_kb(directory: Path) -> Path:
    from kb.knowledge_base import KnowledgeBase

    with KnowledgeBase(directory) as kb:
        report = kb.ingest([ROOT / "corpus"])
        print(f"语料库知识库：{report.summary()}，{len(kb.documents())}个文件", flush=True)
    return directory


def replicate(source: Path, target: Path, documents: int) -> Path:
    """A copy of the KB at `source` grown to `documents` documents by copying rows with new ids."""
    shutil.copytree(source, target)
    conn = sqlite3.connect(target / "kb.sqlite")
    originals = [r[0] for r in conn.execute("SELECT id FROM documents ORDER BY id")]
    copy = 0
    with conn:
        while conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] < documents:
            copy += 1
            for doc_id in originals:
                if conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] >= documents:
                    break
                _copy_document(conn, doc_id, copy)
    conn.execute("VACUUM")
    conn.close()
    return target


def _next_id(conn: sqlite3.Connection, table: str) -> int:
    return conn.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}").fetchone()[0]


def _copy_rows(conn, table: str, where: str, args: list, changes: dict) -> dict[int, int]:
    """Insert copies of the matching rows with `changes` applied; returns old id → new id (when the table has ids)."""
    columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
    has_id = "id" in columns
    mapping = {}
    for row in conn.execute(f"SELECT * FROM {table} WHERE {where}", args).fetchall():
        values = dict(zip(columns, row))
        old = values.get("id")
        for key, change in changes.items():
            values[key] = change(values) if callable(change) else change
        if has_id:
            values["id"] = _next_id(conn, table)
            mapping[old] = values["id"]
        marks = ",".join("?" * len(values))
        conn.execute(f"INSERT INTO {table} ({','.join(values)}) VALUES ({marks})", list(values.values()))
    return mapping


def _copy_document(conn: sqlite3.Connection, doc_id: int, copy: int) -> None:
    old_place = conn.execute("SELECT jurisdiction FROM documents WHERE id = ?", [doc_id]).fetchone()[0]
    place = CITIES[(copy + doc_id) % len(CITIES)]
    year = 2016 + (copy + doc_id) % 10

    def moved(text: str) -> str:
        return text.replace(old_place, place) if old_place else text

    new_doc = _copy_rows(conn, "documents", "id = ?", [doc_id], {
        "title": lambda v: f"{moved(v['title'])}（{copy}）",
        "jurisdiction": place if old_place else "",
        "issue_date": lambda v: f"{year}{v['issue_date'][4:]}" if v["issue_date"] else "",
        "year": lambda v: year if v["year"] else None,
    })[doc_id]
    _copy_rows(conn, "pages", "doc_id = ?", [doc_id], {"doc_id": new_doc})
    _copy_rows(conn, "tables", "doc_id = ?", [doc_id], {"doc_id": new_doc})
    passages = _copy_rows(conn, "passages", "doc_id = ?", [doc_id], {"doc_id": new_doc})
    obligations = _copy_rows(conn, "obligations", "doc_id = ?", [doc_id],
                             {"doc_id": new_doc, "passage_id": lambda v: passages.get(v["passage_id"])})
    for old, new in obligations.items():
        _copy_rows(conn, "obligation_departments", "obligation_id = ?", [old],
                   {"obligation_id": new, "canonical": lambda v: moved(v["canonical"])})
    _copy_rows(conn, "targets", "doc_id = ?", [doc_id],
               {"doc_id": new_doc, "passage_id": lambda v: passages.get(v["passage_id"])})


# -------------------------------------------------------------- a start ----
def child(kb_dir: Path, view: str) -> None:
    """One start, as ui.app.main does it, remembering `view`; prints the seconds to a shown, populated window."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from kb.knowledge_base import KnowledgeBase
    from ui.app import create_app
    from ui.main_window import MainWindow

    app, _ = create_app()
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "bench.ini"), QSettings.Format.IniFormat)
    settings.setValue("window/view", view)  # the view the user left open last time
    window = MainWindow(KnowledgeBase(kb_dir), settings=settings)
    window.resize(1360, 840)
    window.show()
    window.start()  # schedules the search warm-up; it must not delay the first paint
    QApplication.processEvents()
    window.grab()  # force a complete paint of every widget
    seconds = time.perf_counter() - STARTED
    rows, documents = window.model.rowCount(), len(window.kb.documents())
    print(f"{seconds:.3f} {rows} {documents}")
    os._exit(0)  # the measurement is done; skip tearing down Qt


def measure(kb_dir: Path, view: str, runs: int, display: bool) -> tuple[float, float, int, int]:
    """(median seconds inside the process, median wall seconds incl. interpreter start, rows, documents)."""
    env = dict(os.environ)
    if not display:
        env["QT_QPA_PLATFORM"] = "offscreen"
    inside, wall = [], []
    for _ in range(runs):
        began = time.perf_counter()
        out = subprocess.run([sys.executable, __file__, "--child", str(kb_dir), "--view", view], env=env, capture_output=True,
                             text=True, check=True).stdout.split()
        wall.append(time.perf_counter() - began)
        inside.append(float(out[0]))
        rows, documents = int(out[1]), int(out[2])
    return statistics.median(inside), statistics.median(wall), rows, documents


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=Path, help="measure this KB instead of building the two")
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--display", action="store_true", help="use $DISPLAY instead of offscreen")
    parser.add_argument("--views", default="文件,部门,时限,指标", help="the remembered views to start in, comma-separated")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--view", default="文件", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.view)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        if args.kb:
            kbs = {"given KB": args.kb}
        else:
            small = corpus_kb(Path(tmp) / "corpus")
            began = time.perf_counter()
            big = replicate(small, Path(tmp) / "big", args.documents)
            print(f"replicated to {args.documents} documents in {time.perf_counter() - began:.1f} s", flush=True)
            kbs = {"corpus KB": small, f"{args.documents}-document KB": big}
        print(f"{'KB':<20} {'view':<4} {'documents':>9} {'rows shown':>10} {'in-process s':>12} {'wall s':>7}"
              f"  (median of {args.runs}; target ≤ {TARGET_SECONDS} s)")
        for name, directory in kbs.items():
            for view in args.views.split(","):
                inside, wall, rows, documents = measure(directory, view, args.runs, args.display)
                verdict = "ok" if wall <= TARGET_SECONDS else "SLOW"
                print(f"{name:<20} {view:<4} {documents:>9} {rows:>10} {inside:>12.2f} {wall:>7.2f}  {verdict}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
