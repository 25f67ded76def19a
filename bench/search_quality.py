"""Search quality: MRR@10, nDCG@10, P@5 and the no-good-hit rate of PolicyKB beside plain jieba + BM25.

The queries (bench/search_quality/queries.tsv) are typed as users type them: questions, half-remembered
clauses, other date forms, indicator synonyms, English abbreviations, departments across levels. Each
has an intent; judgments.tsv grades passages 0/1/2 against it (2: answers the intent — the task,
rule or target itself; 1: on the subject but not the answer; 0: not relevant), judged by reading the
passage without knowing which system returned it (--pool writes the unjudged ones, shuffled).
Unjudged passages count as 0; the script says how many there are.

Metrics over the first 10 hits: MRR@10 (1/rank of the first hit graded ≥ 1), nDCG@10 (gain 2^g − 1,
ideal from every judged passage of the query), P@5 (share of the first 5 graded ≥ 1), no good hit
(share of queries with no hit graded 2 in the first 10).

    python bench/search_quality.py                       # ingests ../shared/pdfs + corpus-dev once
    python bench/search_quality.py --kb DIR              # a KB already holding them
    python bench/search_quality.py --pool unjudged.tsv   # passages to judge, shuffled, no system names
    python bench/search_quality.py --save-run run.json   # PolicyKB's hits, to compare with other code
    python bench/search_quality.py --run before=run.json # add a saved run as a row
"""
from __future__ import annotations

import argparse
import hashlib
import json
import logging
import math
import random
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kb.index import SearchIndex  # noqa: E402
from kb.index.analysis import fold  # noqa: E402
from kb.knowledge_base import KnowledgeBase  # noqa: E402
from kb.store import read  # noqa: E402

DATA = Path(__file__).resolve().parent / "search_quality"
SHARED = ROOT.parent / "shared"
CORPUS = (SHARED / "pdfs", SHARED / "corpus-dev")
DEFAULT_KB = Path.home() / ".cache" / "policykb-bench" / "search-quality-kb"
DEPTH = 10


# ------------------------------------------------------------------ data ----
def load_queries() -> list[dict]:
    out = []
    for line in (DATA / "queries.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            qid, split, kind, query, intent = line.split("\t")
            out.append(dict(id=qid, split=split, kind=kind, query=query, intent=intent))
    return out


def load_judgments() -> dict[str, dict[str, int]]:
    """query id → passage key → grade."""
    out: dict[str, dict[str, int]] = {}
    path = DATA / "judgments.tsv"
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                qid, key, grade = line.split("\t")[:3]
                out.setdefault(qid, {})[key] = int(grade)
    return out


def passage_key(file: str, text: str) -> str:
    """A passage's name that survives re-ingesting: its file and a hash of its folded text."""
    return f"{file}#{hashlib.sha1(fold(text).encode('utf-8')).hexdigest()[:10]}"


# --------------------------------------------------------------- systems ----
def open_kb(directory: Path) -> KnowledgeBase:
    kb = KnowledgeBase(directory)
    if not read.all_document_ids(kb.db):
        print(f"ingesting {', '.join(map(str, CORPUS))} into {directory} (once; a few minutes)", file=sys.stderr)
        kb.ingest([p for p in CORPUS if p.is_dir()])
    return kb


def index_records(kb: KnowledgeBase) -> list:
    return [r for doc_id in read.all_document_ids(kb.db) for r in read.index_records(kb.db, doc_id)]


class PolicyKB:
    name = "PolicyKB"

    def __init__(self, records: list, workdir: Path):
        self.index = SearchIndex(workdir / "index")
        self.index.rebuild(records)

    def search(self, query: str) -> list[tuple[str, str, str]]:
        """(key, title, text) of the first DEPTH hits."""
        return [(passage_key(h.file, h.text), h.title, h.text) for h in self.index.search(query, limit=DEPTH)]


class JiebaBm25:
    """The plain baseline: jieba words of each passage, BM25 (rank_bm25), the query's jieba words."""

    name = "jieba+BM25"

    def __init__(self, records: list, workdir: Path):
        import jieba
        try:
            from rank_bm25 import BM25Okapi
        except ImportError:
            sys.exit("the baseline needs rank_bm25: pip install rank_bm25 (or pip install .[bench])")

        jieba.setLogLevel(logging.WARNING)
        self.cut = jieba.lcut
        self.records = records
        self.bm25 = BM25Okapi([self.tokens(r.text) for r in records])

    def tokens(self, text: str) -> list[str]:
        return [w for w in self.cut(text.lower()) if w.strip() and unicodedata.category(w[0])[0] in "LN"]

    def search(self, query: str) -> list[tuple[str, str, str]]:
        scores = self.bm25.get_scores(self.tokens(query))
        best = sorted(range(len(scores)), key=lambda i: (-scores[i], i))[:DEPTH]
        return [(passage_key(self.records[i].file, self.records[i].text), self.records[i].title, self.records[i].text)
                for i in best if scores[i] > 0]


# --------------------------------------------------------------- metrics ----
def metrics(ranked: list[str], grades: dict[str, int]) -> dict[str, float]:
    """MRR@10, nDCG@10, P@5 and whether a grade-2 passage is in the first 10.

    >>> m = metrics(["a", "b", "c"], {"b": 2, "c": 1, "d": 2})
    >>> m["mrr"], round(m["ndcg"], 3), m["p5"], m["good"]
    (0.5, 0.444, 0.4, 1)
    """
    got = [grades.get(key, 0) for key in ranked[:DEPTH]]
    first = next((i for i, g in enumerate(got) if g >= 1), None)
    dcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(got))
    ideal = sorted(grades.values(), reverse=True)[:DEPTH]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dict(mrr=0.0 if first is None else 1 / (first + 1), ndcg=dcg / idcg if idcg else 0.0,
                p5=sum(g >= 1 for g in got[:5]) / 5, good=int(any(g == 2 for g in got)))


def summary(runs: dict[str, list[str]], queries: list[dict], judgments: dict) -> dict[str, float]:
    rows = [metrics(runs.get(q["id"], []), judgments.get(q["id"], {})) for q in queries]
    n = max(1, len(rows))
    return dict(mrr=sum(r["mrr"] for r in rows) / n, ndcg=sum(r["ndcg"] for r in rows) / n,
                p5=sum(r["p5"] for r in rows) / n, nogood=sum(1 - r["good"] for r in rows) / n,
                unjudged=sum(1 for q in queries for key in runs.get(q["id"], [])[:DEPTH]
                             if key not in judgments.get(q["id"], {})))


def print_table(title: str, systems: dict[str, dict[str, list[str]]], queries: list[dict], judgments: dict) -> None:
    print(f"\n{title} ({len(queries)} queries)")
    print(f"{'system':22} {'MRR@10':>7} {'nDCG@10':>8} {'P@5':>6} {'no good hit':>12} {'unjudged':>9}")
    for name, runs in systems.items():
        s = summary(runs, queries, judgments)
        print(f"{name:22} {s['mrr']:7.3f} {s['ndcg']:8.3f} {s['p5']:6.3f} {s['nogood']:11.0%} {s['unjudged']:9d}")


# ------------------------------------------------------------------ main ----
def excerpt(text: str, each: int = 260) -> str:
    """The start and the end of a long passage (a task's units are named at its end)."""
    text = " ".join(text.split())
    return text if len(text) <= 2 * each else f"{text[:each]} …… {text[-each:]}"


def write_pool(path: Path, queries: list[dict], results: dict[str, dict[str, list]], judgments: dict) -> int:
    """Every unjudged passage of any system's first DEPTH hits, shuffled, without system names."""
    rows = []
    for q in queries:
        seen: dict[str, tuple[str, str]] = {}
        for per_query in results.values():
            for key, title, text in per_query.get(q["id"], []):
                if key not in judgments.get(q["id"], {}):
                    seen.setdefault(key, (title, text))
        items = list(seen.items())
        random.Random(q["id"]).shuffle(items)
        rows += [f"{q['id']}\t{key}\t\t{q['query']}｜{q['intent']}\t{title}\t{excerpt(text)}" for key, (title, text) in items]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=Path, default=DEFAULT_KB, help="KB holding ../shared/pdfs and corpus-dev")
    parser.add_argument("--pool", type=Path, help="write the unjudged passages here (tab-separated) and stop")
    parser.add_argument("--save-run", type=Path, help="save PolicyKB's hits (JSON) for a later --run")
    parser.add_argument("--run", action="append", default=[], metavar="NAME=FILE", help="a saved run to add as a row")
    parser.add_argument("--per-query", action="store_true", help="print each query's grades per system")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)

    queries, judgments = load_queries(), load_judgments()
    with open_kb(args.kb) as kb:
        records = index_records(kb)
    print(f"{len(records):,} passages; {len(queries)} queries "
          f"({sum(q['split'] == 'dev' for q in queries)} dev, {sum(q['split'] == 'heldout' for q in queries)} held out)")
    results: dict[str, dict[str, list]] = {}
    with tempfile.TemporaryDirectory(prefix="search_quality_") as tmp:
        for system in (PolicyKB, JiebaBm25):
            started = time.perf_counter()
            engine = system(records, Path(tmp))
            built = time.perf_counter() - started
            results[system.name] = {q["id"]: engine.search(q["query"]) for q in queries}
            print(f"{system.name}: built in {built:.1f} s, {len(queries)} queries in "
                  f"{time.perf_counter() - started - built:.1f} s")
    for spec in args.run:
        name, _, file = spec.partition("=")
        results[name] = {qid: [tuple(hit) for hit in hits] for qid, hits in json.loads(Path(file).read_text()).items()}
    if args.save_run:
        args.save_run.write_text(json.dumps(results[PolicyKB.name], ensure_ascii=False))
    if args.pool:
        print(f"{write_pool(args.pool, queries, results, judgments)} unjudged passages written to {args.pool}")
        return

    systems = {name: {qid: [key for key, _, _ in hits] for qid, hits in per_query.items()}
               for name, per_query in results.items()}
    for split in ("dev", "heldout"):
        print_table(f"{split}", systems, [q for q in queries if q["split"] == split], judgments)
    print_table("all", systems, queries, judgments)
    if args.per_query:
        print("\nper query: grades of the first 10 hits (. = 0, - = unjudged)")
        for q in queries:
            grades = judgments.get(q["id"], {})
            cells = ["".join(str(grades[k]) if k in grades else "-" for k in runs.get(q["id"], [])[:DEPTH]).replace("0", ".")
                     for runs in systems.values()]
            print(f"{q['id']} {q['split']:7} {q['kind']:10} " + " ".join(f"{c:10}" for c in cells) + f"  {q['query']}")


if __name__ == "__main__":
    main()
