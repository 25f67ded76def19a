"""Precision on breadth: a random sample of the obligations and targets extracted from every PDF
of ../shared/corpus-dev, each judged by reading its page.

    python bench/audit_precision.py                     # build (once) or re-extract the KB, draw, report
    python bench/audit_precision.py --show              # also print the sampled records not judged yet
    python bench/audit_precision.py --kb DIR --no-update   # report on a KB as it is (e.g. one built earlier)
    python bench/audit_precision.py --dump todo.jsonl  # the sampled records not judged yet, to judge: add
                                                       # "verdict" (right/wrong) and "why", append to judged.jsonl

The sample is drawn with a fixed seed: each record gets a random rank from a hash of the seed and
where it stands (file, page, the opening of its text, and for targets its value), and the 100 of
lowest rank are drawn. The same rules give the same sample, and rules that change a few records
change the sample only there. Judgments live in bench/audit/judged.jsonl, one per record, keyed
by everything the judgment covers (file, page, task text or indicator, units and roles, deadlines,
value, unit, year, qualifier …): a record the rules now write differently is a new record and needs
its own judgment. bench/audit/README.md says how records are judged.
"""
from __future__ import annotations

import argparse
import json
import hashlib
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kb.knowledge_base import KnowledgeBase  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus-dev"
JUDGED = ROOT / "bench" / "audit" / "judged.jsonl"
DEFAULT_KB = Path(tempfile.gettempdir()) / "policykb-audit-corpus-dev"


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def obligation_key(o) -> str:
    units = "|".join(f"{role}={','.join(getattr(o, role))}" for role in ("lead", "co", "responsible"))
    deadlines = ",".join(d.value for d in o.deadlines)
    # the opening and the length of the task text: a task cut differently is judged again
    return f"O|{o.file}|{o.page}|{compact(o.text)[:80]}|{units}|D={deadlines}|n={len(compact(o.text))}"


def target_key(t) -> str:
    high = getattr(t, "value_high", None)
    return (f"T|{t.file}|{t.page}|{t.indicator}|{t.value:g}|{'' if high is None else f'{high:g}'}|{t.unit or ''}|"
            f"{t.year}|{t.qualifier}|{t.direction}|{t.base_year}")


def obligation_summary(o) -> str:
    units = "；".join(f"{label}：{'、'.join(getattr(o, role))}" for role, label in
                     (("lead", "牵头"), ("co", "配合"), ("responsible", "责任")) if getattr(o, role))
    deadlines = ",".join(d.value for d in o.deadlines) or "—"
    return f"[{o.source}] {units}  时限={deadlines}"


def target_summary(t) -> str:
    high = getattr(t, "value_high", None)
    value = f"{t.value:g}" + (f"—{high:g}" if high is not None else "")
    base = f" 比{t.base_year}年" if t.base_year else ""
    return f"{t.indicator}{base} {t.direction} {value}{t.unit or ''} 限定={t.qualifier or '—'} 年={t.year}"


def load_judged(path: Path) -> dict[str, dict]:
    if not path.exists():
        return {}
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {r["key"]: r for r in rows}


def place(r) -> str:
    """Where a record stands, not what the rules made of it: a record the rules now read differently
    keeps its place in the draw (and needs a new judgment)."""
    value = f"|{r.value:g}" if hasattr(r, "value") else ""
    return f"{r.file}|{r.page}|{compact(r.text)[:60]}{value}"


def draw(records: list, key, n: int, seed: int) -> list:
    def rank(r) -> str:
        return hashlib.sha1(f"{seed}|{place(r)}".encode("utf-8")).hexdigest() + key(r)

    return sorted(records, key=rank)[:n]


def report(kind: str, sample: list, key, summary, judged: dict[str, dict], kb: KnowledgeBase, show: bool,
           todo: list[dict]) -> None:
    verdicts = [judged.get(key(r)) for r in sample]
    done = [v for v in verdicts if v]
    right = sum(v["verdict"] == "right" for v in done)
    p = right / len(done) if done else 0.0
    print(f"{kind}: sample {len(sample)}, judged {len(done)}, right {right}, precision {p:.3f}")
    why = Counter(v.get("why", "") for v in done if v["verdict"] != "right")
    for reason, n in why.most_common():
        print(f"  wrong ×{n}: {reason}")
    for r, v in zip(sample, verdicts):
        if v:
            continue
        passage = kb.passage(r.passage_id) if r.passage_id else None
        context = compact(passage.text) if passage is not None else ""
        todo.append({"key": key(r), "kind": kind, "file": r.file, "page": r.page, "record": summary(r),
                     "text": compact(r.text), "passage": "" if context == compact(r.text) else context,
                     "clause": passage.clause if passage is not None else ""})
        if show:
            print(f"  {r.file} p{r.page}  {summary(r)}\n    {compact(r.text)[:200]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=Path, default=DEFAULT_KB, help=f"the KB of corpus-dev (default {DEFAULT_KB})")
    parser.add_argument("--no-update", action="store_true", help="report on the KB as stored; no re-extraction")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("-n", type=int, default=100, help="records drawn of each kind")
    parser.add_argument("--judged", type=Path, default=JUDGED)
    parser.add_argument("--show", action="store_true", help="print the sampled records not judged yet")
    parser.add_argument("--dump", type=Path, help="write the sampled records not judged yet to this JSONL file")
    args = parser.parse_args()
    with KnowledgeBase(args.kb) as kb:
        if kb.is_empty():
            print(f"building a KB of {CORPUS} in {args.kb} …", flush=True)
            print(kb.ingest([CORPUS]).summary(), flush=True)
        elif not args.no_update:
            kb.reextract()  # the rules may have changed since the KB was built
        obligations, targets = kb.obligations(), kb.targets()
        print(f"{kb.document_count()} documents, {len(obligations)} obligations, {len(targets)} targets")
        judged = load_judged(args.judged)
        todo: list[dict] = []
        report("obligations", draw(obligations, obligation_key, args.n, args.seed), obligation_key,
               obligation_summary, judged, kb, args.show, todo)
        report("targets", draw(targets, target_key, args.n, args.seed), target_key, target_summary, judged, kb,
               args.show, todo)
        if args.dump:
            args.dump.write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in todo), encoding="utf-8")
            print(f"{len(todo)} records to judge in {args.dump}")


if __name__ == "__main__":
    main()
