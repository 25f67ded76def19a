"""Server benchmark: a province-size KB in PostgreSQL — exact-tier recall, query latency, ingest
throughput with 1 and 2 Celery workers — and what that means for 3 million pages.

1. Passages: the real passages (search records: text, task units, departments, deadlines) of a
   desktop KB of ../shared/pdfs and corpus/, repeated with variations (another city, years
   shifted) until there are --passages of them (default 2,000,000), loaded with COPY into the
   server's search table (kb.store.search; the rows kb.index.server.search_row makes, jieba
   words computed once per real passage), then its GIN indexes built.
2. Recall: the exact tier's passages (ServerIndex.passage_ids, the WHERE of every search) against
   a brute-force substring scan of every folded text in this process (ParsedQuery.matches_folded):
   must be 1.0 for every query. Queries: bench/search.py's 50 (single characters, words,
   departments, numbers, phrases, operators) and its 20 typed as users type them.
3. Latency: p50/p95 of ServerIndex.search(query, limit=50) — both tiers, as the app asks — per
   kind of query, each query 3 times.
4. Ingest: ../shared/pdfs (OCR on) into a new server KB by `policykb ingest --broker` with 1 and
   with 2 `policykb worker` processes, and by a desktop ingest beside them: pages/s.

    bash scripts/servers.sh && .venv/bin/python bench/server.py             # ~30 min on 2 cores
    .venv/bin/python bench/server.py --passages 100000 --skip-ingest         # quick look
    .venv/bin/python bench/server.py --reuse                                 # keep a loaded bench KB

The server is POLICYKB_TEST_PG's (scripts/servers.sh); the bench KB is its database policykb_bench.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from search import QUERIES, TYPED_QUERIES  # noqa: E402  bench/search.py's queries

from kb.index.analysis import words  # noqa: E402
from kb.index.query import parse_query  # noqa: E402
from kb.index.search_index import searched_text  # noqa: E402
from kb.index.server import ServerIndex, passage_grams, search_row  # noqa: E402
from kb.knowledge_base import KnowledgeBase  # noqa: E402
from kb.store import read, search  # noqa: E402

PG_URL = os.environ.get("POLICYKB_TEST_PG", "postgresql://policykb:policykb@127.0.0.1:5432/policykb")
BROKER = os.environ.get("POLICYKB_TEST_BROKER", "redis://127.0.0.1:6379/0")
SHARED_PDFS = ROOT.parent / "shared" / "pdfs"
BENCH_DB = "policykb_bench"
# Places a real passage names, and the places its copies name instead (a province's cities).
PLACES = re.compile("珠海|深圳|上海|广东|山东|青岛|厦门|德州|福建|北京|广州")
CITIES = ("济南", "烟台", "潍坊", "临沂", "淄博", "济宁", "泰安", "威海", "日照", "滨州", "东营", "聊城", "枣庄", "菏泽",
          "漳州", "泉州", "莆田", "三明", "南平", "龙岩", "宁德", "佛山", "东莞", "中山", "江门", "惠州", "肇庆", "汕头",
          "湛江", "韶关", "茂名", "梅州", "清远", "阳江", "河源", "潮州", "揭阳", "云浮", "汕尾", "苏州", "无锡", "常州")
YEAR = re.compile(r"20[2-3]\d")
PASSAGES_PER_PAGE_NOTE = "passages per page measured on the real files"


def url_for(database: str) -> str:
    return PG_URL.rpartition("/")[0] + "/" + database


def admin():
    import psycopg

    return psycopg.connect(PG_URL, autocommit=True)


# ------------------------------------------------------------ the passages ----
def real_records(folder: Path) -> tuple[list, int]:
    """The search records of a desktop KB of ../shared/pdfs and corpus/ (OCR off), and its pages."""
    with KnowledgeBase(folder) as kb:
        if kb.is_empty():
            report = kb.ingest([SHARED_PDFS, ROOT / "corpus"], ocr=False)
            print(f"  desktop KB for the passages: {report.summary()}", flush=True)
        records = [r for doc_id in read.all_document_ids(kb.db) for r in read.index_records(kb.db, doc_id)]
        pages = sum(d.pages for d in kb.documents())
    return records, pages


def variant(k: int):
    """The k-th copy's change: another city for every place named, years shifted."""
    city, shift = CITIES[k % len(CITIES)], k // len(CITIES) % 7

    def vary(text: str) -> str:
        text = PLACES.sub(city, text)
        return YEAR.sub(lambda m: str(int(m.group()) + shift), text) if shift else text

    return vary


def rows(records: list, count: int):
    """`count` search rows: the records, then copies of them varied; jieba runs once per record."""
    base = [(r, words(searched_text(r)[0]), search_row(r)) for r in records]
    made, k = 0, 0
    while made < count:
        vary = variant(k)
        for record, record_words, row in base:
            if made == count:
                return
            if k == 0:
                out = dict(row)
            else:
                folded = vary(row["folded"])
                out = {**row, "text": vary(row["text"]), "note": vary(row["note"]), "title": vary(row["title"]),
                       "jurisdiction": vary(row["jurisdiction"]), "departments": [vary(d) for d in row["departments"]],
                       "folded": folded, "grams": passage_grams(folded),
                       "words": search.tsvector([vary(w) for w in record_words])}
            out["passage_id"] = made + 1
            out["doc_id"] = k * 10_000 + record.doc_id
            made += 1
            yield out
        k += 1


def load(db, records: list, count: int) -> float:
    """The bench KB's documents and `count` search rows (COPY), then its indexes; seconds taken."""
    started = time.monotonic()
    copies = -(-count // len(records))
    doc_ids = sorted({r.doc_id for r in records})
    with db.conn.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS search_passages_grams, search_passages_words, search_passages_doc")
        cursor.execute("INSERT INTO files (id, path, name, sha256, size, pages, ingested_at) "
                       "SELECT n, 'bench/' || n, 'bench', '', 0, 0, '' FROM generate_series(1, %s) n", [copies])
        cursor.execute("INSERT INTO documents (id, file_id, seq, title, doc_number, issuers, issue_date, jurisdiction, "
                       "first_page, last_page) SELECT k * 10000 + d, k + 1, d, '', '', '[]', '', '', 1, 1 "
                       "FROM generate_series(0, %s) k, unnest(%s::bigint[]) d", [copies - 1, doc_ids])
        columns = ", ".join(search.COLUMNS)
        with cursor.copy(f"COPY search_passages ({columns}) FROM STDIN") as copy:
            for n, row in enumerate(rows(records, count), 1):
                copy.write_row([row[c] for c in search.COLUMNS])
                if n % 200_000 == 0:
                    print(f"  {n:,} rows copied ({time.monotonic() - started:.0f} s)", flush=True)
        print(f"  rows copied in {time.monotonic() - started:.0f} s; building indexes…", flush=True)
        cursor.execute("SET maintenance_work_mem = '2GB'")
        for statement in ("CREATE INDEX search_passages_grams ON search_passages USING GIN (grams)",
                          "CREATE INDEX search_passages_words ON search_passages USING GIN (words)",
                          "CREATE INDEX search_passages_doc ON search_passages (doc_id)",
                          "VACUUM ANALYZE search_passages"):
            began = time.monotonic()
            cursor.execute(statement)
            print(f"  {statement.split(' ON ')[0]}: {time.monotonic() - began:.0f} s", flush=True)
    return time.monotonic() - started


def sizes(db) -> dict[str, int]:
    names = ("search_passages", "search_passages_grams", "search_passages_words")
    return {name: db.scalar("SELECT pg_total_relation_size(?::regclass)" if name == "search_passages"
                            else "SELECT pg_relation_size(?::regclass)", [name]) for name in names}


# ---------------------------------------------------------------- measuring ----
def recall(index: ServerIndex, db, queries: list[str]) -> list[tuple[str, int, int, float]]:
    """(query, found, expected, seconds) for each query, against a brute-force substring scan."""
    print("  reading every folded text for the brute-force check…", flush=True)
    keys, texts = [], []
    with db.snapshot():
        for doc_id, passage_id, folded in db.stream("SELECT doc_id, passage_id, folded FROM search_passages"):
            keys.append((doc_id, passage_id))
            texts.append(folded)
    out = []
    for query in queries:
        parsed = parse_query(query)
        began = time.monotonic()
        found = index.passage_ids(query)
        seconds = time.monotonic() - began
        expected = {keys[i] for i, text in enumerate(texts) if parsed.matches_folded(text)}
        out.append((query, len(found & expected), len(expected), seconds))
        if found != expected:
            print(f"  RECALL MISS {query!r}: {len(expected - found)} missed, {len(found - expected)} wrong", flush=True)
    return out


def latency(index: ServerIndex, queries: list[str], runs: int = 3) -> list[float]:
    times = []
    for _ in range(runs):
        for query in queries:
            began = time.monotonic()
            index.search(query, limit=50)
            times.append(time.monotonic() - began)
    return times


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


# ------------------------------------------------------------------- ingest ----
@contextlib.contextmanager
def workers(url: str, count: int):
    procs = [subprocess.Popen([sys.executable, str(ROOT / "main.py"), "worker", "--kb", url, "--broker", BROKER],
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
             for _ in range(count)]
    try:
        time.sleep(5)  # started and listening
        yield
    finally:
        for proc in procs:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            proc.wait(timeout=60)


def ingest_rate(workers_count: int, pages: int) -> tuple[float, str]:
    """Seconds for `policykb ingest --broker` of ../shared/pdfs with this many workers (0: a
    desktop ingest), and the summary line."""
    with admin() as conn:
        conn.execute("DROP DATABASE IF EXISTS policykb_bench_ingest WITH (FORCE)")
        conn.execute("CREATE DATABASE policykb_bench_ingest")
    url = url_for("policykb_bench_ingest")
    if workers_count == 0:
        with tempfile.TemporaryDirectory() as folder:
            began = time.monotonic()
            with KnowledgeBase(Path(folder)) as kb:
                report = kb.ingest([SHARED_PDFS])
            return time.monotonic() - began, report.summary()
    KnowledgeBase(url).close()
    with workers(url, workers_count), KnowledgeBase(url) as kb:
        began = time.monotonic()
        report = kb.ingest([SHARED_PDFS], broker=BROKER)
        return time.monotonic() - began, report.summary()


# --------------------------------------------------------------------- main ----
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=2_000_000)
    parser.add_argument("--reuse", action="store_true", help="keep the bench KB when it holds --passages already")
    parser.add_argument("--skip-ingest", action="store_true", help="leave out the 1- and 2-worker ingest")
    args = parser.parse_args()

    work = Path(tempfile.gettempdir()) / "policykb-bench-server"
    records, real_pages = real_records(work / "desktop")
    per_page = len(records) / max(real_pages, 1)
    print(f"real passages: {len(records):,} from {real_pages:,} pages ({per_page:.1f} a page)", flush=True)

    with admin() as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone()
    url = url_for(BENCH_DB)
    loaded_seconds = None
    if exists and args.reuse:
        with KnowledgeBase(url) as kb:
            have = search.passage_count(kb.db)
    else:
        have = -1
    if have != args.passages:
        with admin() as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {BENCH_DB}")
        print(f"loading {args.passages:,} passages into {BENCH_DB}…", flush=True)
        with KnowledgeBase(url) as kb:
            ServerIndex(kb.db)
            loaded_seconds = load(kb.db, records, args.passages)

    with KnowledgeBase(url) as kb:
        index = ServerIndex(kb.db)
        count = search.passage_count(kb.db)
        size = sizes(kb.db)
        print(f"\nbench KB: {count:,} passages; table with its indexes {size['search_passages'] / 2**30:.2f} GB "
              f"(grams GIN {size['search_passages_grams'] / 2**30:.2f} GB, words GIN "
              f"{size['search_passages_words'] / 2**30:.2f} GB)"
              + (f"; loaded in {loaded_seconds / 60:.1f} min" if loaded_seconds else ""), flush=True)
        index.warm_up()
        index.search("碳", limit=5)  # the first query pays for caches: not counted

        print("\n== exact-tier recall against a brute-force substring scan ==", flush=True)
        checked = recall(index, kb.db, QUERIES + TYPED_QUERIES)
        misses = [q for q, found, expected, _ in checked if found != expected]
        total_found, total_expected = sum(c[1] for c in checked), sum(c[2] for c in checked)
        print(f"recall {total_found / max(total_expected, 1):.4f} over {len(checked)} queries "
              f"({total_expected:,} passages expected; misses: {misses or 'none'})")
        biggest = sorted(checked, key=lambda c: -c[2])[:3]
        print("largest answers: " + ", ".join(f"{q} {e:,} ({s:.2f} s)" for q, _, e, s in biggest))

        print("\n== query latency, search(query, limit=50), both tiers ==", flush=True)
        kinds = {"words, departments, numbers (50)": QUERIES, "typed as users type (20)": TYPED_QUERIES}
        every = []
        for kind, queries in kinds.items():
            times = latency(index, queries)
            every += times
            print(f"{kind:36} p50 {percentile(times, 50) * 1000:6.0f} ms   p95 {percentile(times, 95) * 1000:6.0f} ms"
                  f"   max {max(times) * 1000:6.0f} ms", flush=True)
        print(f"{'all':36} p50 {percentile(every, 50) * 1000:6.0f} ms   p95 {percentile(every, 95) * 1000:6.0f} ms")
        slowest = sorted(((statistics.median(latency(index, [q], 1)), q) for q in QUERIES + TYPED_QUERIES), reverse=True)[:5]
        print("slowest: " + ", ".join(f"{q} {s * 1000:.0f} ms" for s, q in slowest))

    rates = {}
    if not args.skip_ingest:
        print("\n== ingest of ../shared/pdfs (OCR on) ==", flush=True)
        for n, label in ((0, "desktop (reader pool, 2 cores)"), (1, "1 worker"), (2, "2 workers")):
            seconds, summary = ingest_rate(n, real_pages)
            pdf_pages = sum(_pages(p) for p in SHARED_PDFS.glob("*.pdf"))
            rates[n] = pdf_pages / seconds
            print(f"{label:32} {seconds:6.1f} s  {rates[n]:5.1f} pages/s  ({summary})", flush=True)
        with admin() as conn:
            conn.execute("DROP DATABASE IF EXISTS policykb_bench_ingest WITH (FORCE)")

    print("\n== on paper: a province, 3,000,000 pages ==")
    passages = 3_000_000 * per_page
    per_passage = size["search_passages"] / max(count, 1)
    print(f"passages ≈ {passages / 1e6:.1f} M ({per_page:.1f} a page, {PASSAGES_PER_PAGE_NOTE}); search table and "
          f"indexes ≈ {passages * per_passage / 2**30:.0f} GB at {per_passage:.0f} bytes a passage (measured here)")
    if rates:
        worker = rates[1]
        for n in (1, 2, 8, 16, 32):
            print(f"ingest with {n:2} worker processes (one per core, {worker:.1f} pages/s each): "
                  f"{3_000_000 / (worker * n) / 3600:7.1f} h")
        print(f"2 workers on this 2-core machine: {rates[2] / rates[1]:.2f}× one worker")
    shutil.rmtree(work / "ingest", ignore_errors=True)


def _pages(path: Path) -> int:
    from kb.read import page_count

    return page_count(path)


if __name__ == "__main__":
    main()
