"""Search benchmark: build rate, index size, latency and recall of kb.index, beside SQLite FTS5.

Passages are the real paragraphs of /work/shared/seeds/001–004, replicated with variations
(other city names, other numbers, a sentence left out) until there are --passages of them.
Recall is measured against a plain substring scan of the folded text (kb.index.query.ParsedQuery.matches).
The reference peer is SQLite FTS5 with the trigram tokenizer over the same folded text.

    python bench/search.py                   # 100,000 passages (a few minutes)
    python bench/search.py --passages 5000   # quick check
"""
from __future__ import annotations

import argparse
import json
import logging
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3, help="timed runs of the 50 queries")
    parser.add_argument("--no-fts5", action="store_true", help="skip the SQLite FTS5 reference")
    parser.add_argument("--keep", type=Path, help="build our index in this folder and reuse it next time")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)  # "index missing, recreated" is expected here
    if not SEEDS.is_dir():
        sys.exit(f"seed texts not found: {SEEDS}")

    records = make_records(args.passages)
    chars = sum(len(r.text) for r in records)
    print(f"passages: {len(records):,} ({chars / len(records):.0f} characters on average, "
          f"{len({r.doc_id for r in records})} documents), {len(QUERIES)} + {len(TYPED_QUERIES)} typed queries "
          f"x {args.rounds} rounds")
    truth = truth_sets(records)
    workdir = Path(tempfile.mkdtemp(prefix="bench_search_"))
    try:
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


if __name__ == "__main__":
    main()
