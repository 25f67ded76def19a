"""Score extraction on seed 002 against the hand-checked answers in shared/gold.

    python bench/extract_eval.py [--seed 002] [--quiet]

Parses the seed through the real pipeline (kb.ingest.parse_file), runs kb.extract, and prints
precision / recall / F1 for obligations and targets, then every miss and false positive.

Obligations: an extracted obligation matches a gold row when its whitespace-free text contains
the gold anchor; it is correct when its lead / co / responsible sets and its deadline equal the
gold's. Targets: a match needs the anchor inside the target's sentence plus the same indicator
(equal, or one name containing the other), value and year; direction, unit and base year are
scored separately.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kb.extract import extract_document  # noqa: E402
from kb.models import Obligation, Target  # noqa: E402
from kb.ingest import parse_file  # noqa: E402

SHARED = ROOT.parent / "shared"


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def load_gold(seed: str, kind: str) -> list[dict]:
    path = SHARED / "gold" / f"{seed}.{kind}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def seed_file(seed: str) -> Path:
    return next((SHARED / "seeds").glob(f"{seed}_*.txt"))


def deadline_of(ob: Obligation) -> str | None:
    values = [d.value for d in ob.deadlines]
    return values[0] if len(values) == 1 else ("|".join(v or "" for v in values) if values else None)


def obligation_correct(gold: dict, ob: Obligation) -> list[str]:
    """What differs between a gold row and a matched obligation ([] when correct)."""
    wrong = []
    for name in ("lead", "co", "responsible"):
        if set(gold[name]) != set(getattr(ob, name)):
            wrong.append(f"{name}: gold {gold[name]} got {list(getattr(ob, name))}")
    if gold["deadline"] != deadline_of(ob):
        wrong.append(f"deadline: gold {gold['deadline']} got {deadline_of(ob)}")
    return wrong


def same_indicator(gold: str, got: str) -> bool:
    """Equal names, or one inside the other when it keeps most of it ("人均综合能耗" is not enough
    for "公共机构人均综合能耗", "任务" not for "水源林建设任务")."""
    a, b = compact(gold), compact(got)
    short, long_ = sorted((a, b), key=len)
    return a == b or (short in long_ and len(short) >= 0.8 * len(long_))


def target_matches(gold: dict, t: Target) -> bool:
    return (compact(gold["anchor"]) in compact(t.text) and same_indicator(gold["indicator"], t.indicator)
            and abs(float(gold["value"]) - t.value) < 1e-6 and gold["year"] == t.year)


def target_field_errors(gold: dict, t: Target) -> list[str]:
    wrong = []
    if gold["direction"] != t.direction:
        wrong.append(f"direction: gold {gold['direction']} got {t.direction}")
    if (gold["unit"] or None) != (t.unit or None):
        wrong.append(f"unit: gold {gold['unit']} got {t.unit}")
    if gold["base_year"] != t.base_year:
        wrong.append(f"base_year: gold {gold['base_year']} got {t.base_year}")
    if (gold.get("attribute") or None) != (t.attribute or None):
        wrong.append(f"attribute: gold {gold.get('attribute')} got {t.attribute}")
    return wrong


def prf(correct: int, extracted: int, gold: int) -> tuple[float, float, float]:
    p = correct / extracted if extracted else 0.0
    r = correct / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score_obligations(gold: list[dict], got: list[Obligation], quiet: bool) -> float:
    used: set[int] = set()
    correct = matched = 0
    misses, wrongs = [], []
    for g in gold:
        anchor = compact(g["anchor"])
        candidates = [i for i, ob in enumerate(got) if i not in used and anchor in compact(ob.text)]
        if not candidates:
            misses.append(g)
            continue
        best = min(candidates, key=lambda i: len(obligation_correct(g, got[i])))
        used.add(best)
        matched += 1
        errors = obligation_correct(g, got[best])
        if errors:
            wrongs.append((g, errors))
        else:
            correct += 1
    fps = [ob for i, ob in enumerate(got) if i not in used]
    p, r, f = prf(correct, len(got), len(gold))
    mp, mr, mf = prf(matched, len(got), len(gold))
    print(f"obligations: gold {len(gold)}  extracted {len(got)}  matched {matched}  correct {correct}")
    print(f"  correct  P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    print(f"  matched  P {mp:.3f}  R {mr:.3f}  F1 {mf:.3f}")
    if not quiet:
        for g in misses:
            print(f"  MISS  [{g['where']}] {g['anchor']}")
        for g, errors in wrongs:
            print(f"  WRONG [{g['where']}] {g['anchor']}: " + "; ".join(errors))
        for ob in fps:
            print(f"  FP    [{ob.source} p{ob.pages}] {ob.text[:60]}  lead={list(ob.lead)} co={list(ob.co)} "
                  f"resp={list(ob.responsible)}")
    return f


def score_targets(gold: list[dict], got: list[Target], quiet: bool) -> float:
    used: set[int] = set()
    matched = 0
    misses, field_errors = [], []
    for g in gold:
        candidates = [i for i, t in enumerate(got) if i not in used and target_matches(g, t)]
        if not candidates:
            misses.append(g)
            continue
        best = min(candidates, key=lambda i: len(target_field_errors(g, got[i])))
        used.add(best)
        matched += 1
        errors = target_field_errors(g, got[best])
        if errors:
            field_errors.append((g, errors))
    fps = [t for i, t in enumerate(got) if i not in used]
    p, r, f = prf(matched, len(got), len(gold))
    print(f"targets: gold {len(gold)}  extracted {len(got)}  matched {matched}  "
          f"with all fields right {matched - len(field_errors)}")
    print(f"  matched  P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    if not quiet:
        for g in misses:
            print(f"  MISS  {g['indicator']} {g['value']}{g['unit'] or ''} {g['year']}  « {g['anchor']} »")
        for g, errors in field_errors:
            print(f"  FIELD {g['indicator']} {g['value']}: " + "; ".join(errors))
        for t in fps:
            print(f"  FP    {t.indicator} {t.direction} {t.value}{t.unit or ''} year={t.year} "
                  f"base={t.base_year}  « {t.text[:50]} »")
    return f


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", default="002")
    parser.add_argument("--quiet", action="store_true", help="figures only, no list of errors")
    args = parser.parse_args()
    path = seed_file(args.seed)
    start = time.perf_counter()
    docs = parse_file(path)
    parsed = time.perf_counter()
    obligations: list[Obligation] = []
    targets: list[Target] = []
    for doc in docs:
        found = extract_document(doc)
        obs, tgs = found.obligations, found.targets
        obligations += obs
        targets += tgs
    done = time.perf_counter()
    print(f"{path.name}: {len(docs)} document(s); parse {parsed - start:.2f}s, extract {done - parsed:.2f}s")
    score_obligations(load_gold(args.seed, "obligations"), obligations, args.quiet)
    score_targets(load_gold(args.seed, "targets"), targets, args.quiet)


if __name__ == "__main__":
    main()
