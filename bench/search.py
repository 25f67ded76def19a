"""Search benchmark: build rate, index size, latency and recall of kb.index, beside SQLite FTS5.

Passages are the real paragraphs of /work/shared/seeds/001–004, replicated with variations
(other city names, other numbers, a sentence left out) until there are --passages of them.
Recall is measured against a plain substring scan of the folded text (kb.index.query.ParsedQuery.matches).
The reference peer is SQLite FTS5 with the trigram tokenizer over the same folded text.

    python bench/search.py                   # 100,000 passages (a few minutes)
    python bench/search.py --passages 5000   # quick check
    python bench/search.py --cli-only        # only the command line, beside recollq

The command line (`python main.py search QUERY --kb KB`, a new process each time, as a script or a
person at a terminal runs it) is timed on two knowledge bases beside Recoll's `recollq` on an
index of the same text: one made by ingesting real PDFs (--cli-pdfs, default: the 9 PDFs of
../shared/pdfs and the first 21 of ../shared/corpus-dev, 30 in all), and one holding the
--passages synthetic passages (written to the store directly, the search index built from it).
Each query runs --cli-calls times (p50 of the wall time; peak RSS of the process).
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kb.index import IndexRecord, SearchIndex  # noqa: E402
from kb.index.analysis import fold  # noqa: E402
from kb.index.query import parse_query  # noqa: E402

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

CITIES = ("深圳", "珠海", "广州", "佛山", "东莞", "中山", "江门", "惠州", "肇庆", "汕头", "湛江", "韶关")

# A line that closes a paragraph in hard-wrapped seed text: 制定本实施方案。
PARAGRAPH_END = re.compile(r"[。；：:]\s*$")
# A digit run to vary between replicas: 2025, 14.5 → 14 and 5
DIGITS = re.compile(r"\d+")

# 50 fixed queries: single characters, words, departments (aliases), numbers, Latin, phrases, operators.
QUERIES = [
    "碳", "和", "%", "能耗", "光伏", "氢能", "风电", "PUE", "CCUS", "GDP",
    "碳达峰", "碳中和", "减污降碳", "新能源汽车", "数据中心", "充电桩", "绿色建筑", "海上风电", "入海排污口", "生态环境局",
    "工业和信息化部", "发改委", "发展改革委", "住建局", "交通运输", "责任单位", "牵头", "十四五", "2025年", "14.5%",
    "万吨标准煤", "2030年前", "单位地区生产总值", "可再生能源", "清洁能源", "节能降碳", "协同增效", "污水处理", "船舶", "岸电",
    "碳达峰 实施方案", '"绿色低碳发展"', "光伏 OR 风电", "碳排放 -碳达峰", "新能源 汽车 充电", "发改委 牵头",
    "生态环境 监测", "能源消耗 下降", "建筑 节能 改造", "推动 绿色 转型",
]

# Queries as users type them, answered mostly by the related tier (best matches after exact ones).
TYPED_QUERIES = [
    "如何推进减污降碳", "公共机构 光伏 有什么要求", "2025年底前 完成", "单位GDP能耗 下降", "碳排放强度 目标",
    "住建局 绿色建筑", "交通运输局 新能源", "公交车出租车全部使用新能源汽车", "VOCs 治理", "CCUS 示范",
    "PM2.5 浓度", "市机管局", "林业局 碳汇", "禁止新建35蒸吨以下燃煤锅炉", "数据中心PUE要求",
    "新能源汽车充电桩建设有哪些要求", "非化石能源消费比重", "发改委 牵头 能耗双控", "海上风电 怎么发展", "2030年前 碳达峰",
]


def seed_paragraphs() -> list[tuple[str, list[str]]]:
    """(title, paragraphs) for each seed file; hard-wrapped lines joined into paragraphs."""
    out = []
    for path in sorted(SEEDS.glob("00[1-4]_*.txt")):
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        paragraphs, current = [], ""
        for line in lines:
            current += line
            if PARAGRAPH_END.search(line) or len(current) > 300 or len(line) < 14:
                paragraphs.append(current)
                current = ""
        if current:
            paragraphs.append(current)
        out.append((lines[0][:40], paragraphs))
    return out


def vary(text: str, replica: int, rng: random.Random) -> str:
    """The paragraph as another city's plan might say it: other city, other numbers, a sentence less."""
    city = CITIES[replica % len(CITIES)]
    for other in ("深圳", "珠海"):
        text = text.replace(other, city)
    if replica:
        text = DIGITS.sub(lambda m: m.group() if rng.random() < 0.5 else
                          str(rng.randrange(10 ** (len(m.group()) - 1), 10 ** len(m.group()))), text)
        sentences = text.split("。")
        if len(sentences) > 2 and rng.random() < 0.3:
            del sentences[rng.randrange(len(sentences) - 1)]
            text = "。".join(sentences)
    return text


def make_records(count: int) -> list[IndexRecord]:
    """`count` passage records, documents of one seed replica each."""
    rng = random.Random(20240601)
    seeds = seed_paragraphs()
    records: list[IndexRecord] = []
    replica = doc_id = 0
    while len(records) < count:
        for title, paragraphs in seeds:
            doc_id += 1
            doc_title = vary(title, replica, rng)
            for seq, paragraph in enumerate(paragraphs):
                if len(records) == count:
                    return records
                text = vary(paragraph, replica, rng)
                flags = tuple(f for f, cue in (("obligation", "牵头"), ("target", "%")) if cue in text)
                records.append(IndexRecord(
                    doc_id=doc_id, passage_id=seq, kind="text", text=text, title=doc_title,
                    file=f"{doc_id:05d}.pdf", clause="", page=1 + seq // 8,
                    jurisdiction=CITIES[replica % len(CITIES)] + "市", year=2021 + replica % 4, flags=flags,
                ))
        replica += 1
    return records


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def truth_sets(records: list[IndexRecord]) -> dict[str, set[tuple[int, int]]]:
    folded = [(r.doc_id, r.passage_id, fold(r.text)) for r in records]
    out = {}
    for query in QUERIES:
        parsed = parse_query(query)
        out[query] = {(d, p) for d, p, text in folded if parsed.matches_folded(text)}
    return out


def recall_of(found: dict[str, set], truth: dict[str, set]) -> tuple[float, float]:
    """(recall, precision) summed over all queries."""
    wanted = sum(len(t) for t in truth.values())
    got = sum(len(found[q]) for q in truth)
    correct = sum(len(found[q] & truth[q]) for q in truth)
    return correct / max(1, wanted), correct / max(1, got)


# ------------------------------------------------------------------ ours ----
COLD_START = """
import json, sys, time
t0 = time.perf_counter()
from kb.index import SearchIndex
index = SearchIndex(__import__("pathlib").Path(sys.argv[1]))
t1 = time.perf_counter()
index.count("碳达峰")
t2 = time.perf_counter()
index.search("碳达峰")
t3 = time.perf_counter()
print(json.dumps(dict(open=t1 - t0, texts=t2 - t1, jieba=t3 - t2)))
"""


def cold_start(directory: Path) -> dict:
    """Seconds for import + open, the first count (loads passage texts) and the first ranked search
    (loads jieba), in a fresh Python process as the desktop app would see them."""
    run = subprocess.run([sys.executable, "-c", COLD_START, str(directory)], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parents[1], check=True)
    return json.loads(run.stdout)


def bench_ours(records, truth, workdir: Path, rounds: int, keep: Path | None = None) -> dict:
    directory = keep or workdir / "whoosh"
    index = SearchIndex(directory)
    started = time.perf_counter()
    build = None  # reused
    if index.needs_rebuild or index.doc_count() != len(records):
        index.rebuild(records)
        build = time.perf_counter() - started
    index.close()
    size = dir_size(directory)

    cold = cold_start(directory)
    index = SearchIndex(directory)
    for query in QUERIES:  # warm-up: OS cache
        index.search(query)
    for query in TYPED_QUERIES:
        index.search(query)
    latencies, per_query, exact_only, typed, cpu = [], {}, [], [], []
    for _ in range(rounds):
        for query in QUERIES + TYPED_QUERIES:  # both tiers, as the app searches
            t0, c0 = time.perf_counter(), time.process_time()
            index.search(query, limit=50)
            elapsed = (time.perf_counter() - t0) * 1000
            cpu.append((time.process_time() - c0) * 1000)  # what a busy shared machine does not inflate
            latencies.append(elapsed)
            (typed if query in TYPED_QUERIES else []).append(elapsed)
            per_query[query] = max(per_query.get(query, 0.0), elapsed)
        for query in QUERIES:
            t0 = time.perf_counter()
            index.search(query, limit=50, exact=True)
            exact_only.append((time.perf_counter() - t0) * 1000)
    found = {query: index.passage_ids(query) for query in QUERIES}
    index.close()
    recall, precision = recall_of(found, truth)
    return dict(build=build, size=size, latencies=latencies, per_query=per_query, exact_only=exact_only,
                typed=typed, cpu=cpu, recall=recall, precision=precision, cold=cold)


# ------------------------------------------------------------------ FTS5 ----
def fts_match(query: str) -> str:
    """The same query for FTS5: each word as a quoted trigram string, aliases OR-ed."""
    parsed = parse_query(query)
    groups = ["(" + " OR ".join(f'"{form}"' for term in group for form in term.forms) + ")"
              for group in parsed.groups]
    match = " AND ".join(groups)
    for term in parsed.excluded:
        match += " NOT " + "(" + " OR ".join(f'"{form}"' for form in term.forms) + ")"
    return match


def bench_fts5(records, truth, workdir: Path, rounds: int) -> dict:
    db_path = workdir / "fts5.sqlite"
    db = sqlite3.connect(db_path)
    started = time.perf_counter()
    db.execute("CREATE VIRTUAL TABLE passages USING fts5(text, doc_id UNINDEXED, passage_id UNINDEXED,"
               " tokenize='trigram')")
    db.executemany("INSERT INTO passages(text, doc_id, passage_id) VALUES (?, ?, ?)",
                   ((fold(r.text), r.doc_id, r.passage_id) for r in records))
    db.commit()
    build = time.perf_counter() - started
    size = db_path.stat().st_size
    sql = "SELECT doc_id, passage_id FROM passages WHERE passages MATCH ? ORDER BY rank LIMIT 50"
    latencies = []
    for round_ in range(rounds + 1):  # the first round warms up
        for query in QUERIES:
            t0 = time.perf_counter()
            db.execute(sql, (fts_match(query),)).fetchall()
            if round_:
                latencies.append((time.perf_counter() - t0) * 1000)
    found = {q: set(db.execute("SELECT doc_id, passage_id FROM passages WHERE passages MATCH ?",
                               (fts_match(q),)).fetchall()) for q in QUERIES}
    db.close()
    recall, precision = recall_of(found, truth)
    short = [q for q in QUERIES if truth[q] and not found[q]]
    expressible = [q for q in QUERIES if all(len(f) >= 3 for forms in parse_query(q).group_forms() for f in forms)]
    recall_3, _ = recall_of(found, {q: truth[q] for q in expressible})
    return dict(build=build, size=size, latencies=latencies, recall=recall, precision=precision, missed=short,
                recall_3=recall_3, expressible=len(expressible))


# ---------------------------------------------------------------- command line ----
ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CLI_QUERIES = ["碳达峰", "减污降碳 协同增效", "发改委 牵头", "海上风电", "如何推进减污降碳"]


def default_pdfs(workdir: Path) -> Path:
    """A folder of 30 real policy PDFs (links): ../shared/pdfs and the first of corpus-dev."""
    folder = workdir / "pdfs30"
    folder.mkdir()
    pdfs = sorted((SHARED / "pdfs").glob("*.pdf")) + sorted((SHARED / "corpus-dev").glob("*.pdf"))
    for i, pdf in enumerate(pdfs[:30]):
        (folder / f"{i:02d}{pdf.suffix}").symlink_to(pdf)
    return folder


GNU_TIME = "/usr/bin/time"  # Debian's `time`: it forks the command from a process of its own


def run_measured(command: list[str]) -> tuple[float, float, str]:
    """(wall seconds, peak RSS MB, stdout) of a command run to its end. The peak is GNU time's
    when installed: a child forked from this (large) Python process would report this process's
    size as its own peak, whatever it used itself."""
    timed = Path(GNU_TIME).exists()
    started = time.perf_counter()
    proc = subprocess.run([GNU_TIME, "-f", "%M", *command] if timed else command, capture_output=True, cwd=ROOT,
                          # as installed: Python may keep its compiled modules (a sandbox may forbid it)
                          env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"})
    wall = time.perf_counter() - started
    peak = int(proc.stderr.decode(errors="replace").split()[-1]) / 1024 if timed else float("nan")
    return wall, peak, proc.stdout.decode(errors="replace")


def time_cli(command_of, calls: int) -> dict:
    """p50 wall (ms) over every query's calls, the largest peak RSS, hits of the first query."""
    walls, peaks = [], []
    for query in CLI_QUERIES:
        run_measured(command_of(query))  # the first call warms the OS's file cache
        for _ in range(calls):
            wall, peak, _ = run_measured(command_of(query))
            walls.append(wall * 1000)
            peaks.append(peak)
    return {"p50": statistics.median(walls), "p95": percentile(walls, 0.95), "rss": max(peaks)}


def ours_command(kb: Path):
    return lambda query: [sys.executable, str(ROOT / "main.py"), "search", query, "--kb", str(kb), "--limit", "20"]


def recoll_index(text_folder: Path, workdir: Path, name: str) -> Path | None:
    """A Recoll configuration indexing `text_folder` (None when Recoll is not installed)."""
    if shutil.which("recollindex") is None or shutil.which("recollq") is None:
        return None
    conf = workdir / f"recoll-{name}"
    conf.mkdir()
    (conf / "recoll.conf").write_text(f"topdirs = {text_folder}\n", encoding="utf-8")
    subprocess.run(["recollindex", "-c", str(conf), "-z"], check=True, capture_output=True)
    return conf


def recoll_command(conf: Path):
    return lambda query: ["recollq", "-c", str(conf), "-n", "0-20", query]


def pdf_kb(folder: Path, workdir: Path) -> Path:
    kb = workdir / "kb-pdfs"
    subprocess.run([sys.executable, str(ROOT / "main.py"), "ingest", str(folder), "--kb", str(kb), "--no-ocr"],
                   check=True, capture_output=True, cwd=ROOT)
    return kb


def synthetic_kb(records: list[IndexRecord], workdir: Path) -> Path:
    """A KB holding the records as passages: the store's rows written as ingest would leave them
    (one file and document per record document), the search index rebuilt from the store."""
    from kb.knowledge_base import KnowledgeBase

    directory = workdir / "kb-synthetic"
    with KnowledgeBase(directory) as kb:
        db = kb.db.conn
        db.execute("BEGIN")
        by_doc: dict[int, list[IndexRecord]] = {}
        for r in records:
            by_doc.setdefault(r.doc_id, []).append(r)
        for doc_id, recs in by_doc.items():
            first = recs[0]
            db.execute("INSERT INTO files (id, path, name, sha256, size, pages, ingested_at) VALUES (?, ?, ?, ?, 0, ?, '')",
                       [doc_id, f"/synthetic/{first.file}", first.file, str(doc_id), max(r.page for r in recs)])
            db.execute("INSERT INTO documents (id, file_id, seq, title, doc_number, issuers, issue_date, year, jurisdiction,"
                       " first_page, last_page, version) VALUES (?, ?, 0, ?, '', '[]', ?, ?, ?, 1, ?, ?)",
                       [doc_id, doc_id, first.title, str(first.year), first.year, first.jurisdiction,
                        max(r.page for r in recs), f"v{doc_id}"])
            db.executemany("INSERT INTO passages (doc_id, seq, kind, clause_path, clause, page, pages, text)"
                           " VALUES (?, ?, 'text', '[]', '', ?, ?, ?)",
                           [(doc_id, r.passage_id, r.page, f"[{r.page}]", r.text) for r in recs])
        db.execute("COMMIT")
        kb.reindex()
    return directory


def text_folder(records: list[IndexRecord], workdir: Path) -> Path:
    """The records as text files, one a document, for Recoll."""
    folder = workdir / "texts"
    folder.mkdir()
    by_doc: dict[int, list[str]] = {}
    for r in records:
        by_doc.setdefault(r.doc_id, []).append(r.text)
    for doc_id, texts in by_doc.items():
        (folder / f"{doc_id:05d}.txt").write_text("\n".join(texts), encoding="utf-8")
    return folder


def bench_cli(records: list[IndexRecord], pdfs: Path | None, calls: int, workdir: Path) -> list[tuple[str, dict]]:
    rows = []
    folder = pdfs or default_pdfs(workdir)
    kb = pdf_kb(folder, workdir)
    passages = subprocess.run([sys.executable, "-c", "import sqlite3, sys; print(sqlite3.connect(sys.argv[1])"
                               ".execute('SELECT COUNT(*) FROM passages').fetchone()[0])", str(kb / "kb.sqlite")],
                              capture_output=True, text=True, check=True).stdout.strip()
    label = f"{len(list(folder.glob('*.pdf')))} PDFs ({passages} passages)"
    rows.append((f"PolicyKB CLI, {label}", time_cli(ours_command(kb), calls)))
    conf = recoll_index(folder, workdir, "pdfs")
    if conf is not None:
        rows.append((f"recollq, {label}", time_cli(recoll_command(conf), calls)))
    big = synthetic_kb(records, workdir)
    label = f"{len(records):,} passages"
    rows.append((f"PolicyKB CLI, {label}", time_cli(ours_command(big), calls)))
    conf = recoll_index(text_folder(records, workdir), workdir, "texts")
    if conf is not None:
        rows.append((f"recollq, {label}", time_cli(recoll_command(conf), calls)))
    else:
        print("recollq: not installed (Debian's recoll), skipped")
    return rows


def print_cli(rows: list[tuple[str, dict]], calls: int) -> None:
    print(f"\ncommand line, a new process per search ({len(CLI_QUERIES)} queries x {calls} calls):")
    print(f"{'':44} {'p50 ms':>7} {'p95 ms':>7} {'peak MB':>8}")
    for name, r in rows:
        print(f"{name:44} {r['p50']:7.0f} {r['p95']:7.0f} {r['rss']:8.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3, help="timed runs of the 50 queries")
    parser.add_argument("--no-fts5", action="store_true", help="skip the SQLite FTS5 reference")
    parser.add_argument("--keep", type=Path, help="build our index in this folder and reuse it next time")
    parser.add_argument("--cli-pdfs", type=Path, help="folder of PDFs for the command-line KB (default: 30 real ones)")
    parser.add_argument("--cli-calls", type=int, default=10, help="calls per query on the command line")
    parser.add_argument("--no-cli", action="store_true", help="skip the command-line comparison")
    parser.add_argument("--cli-only", action="store_true", help="only the command-line comparison")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)  # "index missing, recreated" is expected here
    if not SEEDS.is_dir():
        sys.exit(f"seed texts not found: {SEEDS}")

    records = make_records(args.passages)
    chars = sum(len(r.text) for r in records)
    print(f"passages: {len(records):,} ({chars / len(records):.0f} characters on average, "
          f"{len({r.doc_id for r in records})} documents), {len(QUERIES)} + {len(TYPED_QUERIES)} typed queries "
          f"x {args.rounds} rounds")
    workdir = Path(tempfile.mkdtemp(prefix="bench_search_"))
    if args.cli_only:
        try:
            print_cli(bench_cli(records, args.cli_pdfs, args.cli_calls, workdir), args.cli_calls)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        return
    truth = truth_sets(records)
    cli_rows = []
    try:
        if not args.no_cli:
            cli_rows = bench_cli(records, args.cli_pdfs, args.cli_calls, workdir)
        ours = bench_ours(records, truth, workdir, args.rounds, args.keep)
        rows = [("kb.index (Whoosh n-gram+jieba)", ours)]
        if not args.no_fts5:
            rows.append(("SQLite FTS5 trigram", bench_fts5(records, truth, workdir, args.rounds)))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    print(f"\n{'engine':32} {'build/s':>9} {'size MB':>8} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} "
          f"{'recall':>7} {'precision':>9}")
    for name, r in rows:
        lat = r["latencies"]
        rate = f"{len(records) / r['build']:9,.0f}" if r["build"] else f"{'reused':>9}"
        print(f"{name:32} {rate} {r['size'] / 1e6:8.1f} "
              f"{statistics.median(lat):7.1f} {percentile(lat, 0.95):7.1f} {max(lat):7.1f} "
              f"{r['recall']:7.4f} {r['precision']:9.4f}")
    if len(rows) > 1:
        missed = rows[1][1]["missed"]
        fts = rows[1][1]
        print(f"\nFTS5 trigram cannot match words under 3 characters; queries it found nothing for: "
              f"{' | '.join(missed) or '-'}")
        print(f"FTS5 recall on the {fts['expressible']} queries whose words all have 3+ characters: "
              f"{fts['recall_3']:.4f}")
    print(f"ours, both tiers over all {len(QUERIES) + len(TYPED_QUERIES)} queries: p50 "
          f"{statistics.median(ours['latencies']):.1f} ms, p95 {percentile(ours['latencies'], 0.95):.1f} ms; "
          f"the {len(TYPED_QUERIES)} typed queries alone: p50 {statistics.median(ours['typed']):.1f} ms, "
          f"p95 {percentile(ours['typed'], 0.95):.1f} ms; exact tier only ({len(QUERIES)} queries): p50 "
          f"{statistics.median(ours['exact_only']):.1f} ms, p95 {percentile(ours['exact_only'], 0.95):.1f} ms")
    print(f"ours, both tiers, CPU time of the searching process: p50 {statistics.median(ours['cpu']):.1f} ms, "
          f"p95 {percentile(ours['cpu'], 0.95):.1f} ms (wall time above includes waiting for a busy machine)")
    cold = ours["cold"]
    print(f"ours, cold start in a new process: import + open {cold['open'] * 1000:.0f} ms, first query "
          f"(loads passage texts) {cold['texts'] * 1000:.0f} ms, first ranked search (loads jieba) "
          f"{cold['jieba'] * 1000:.0f} ms")
    slowest = sorted(ours["per_query"].items(), key=lambda kv: -kv[1])[:5]
    print("slowest queries (ours, worst round): " + ", ".join(f"{q} {ms:.0f} ms" for q, ms in slowest))
    if cli_rows:
        print_cli(cli_rows, args.cli_calls)


if __name__ == "__main__":
    main()
