"""Score extraction against the hand-checked development set (bench/gold/, described in its README).

    python bench/extract_eval.py                      # every document: a table, then pooled figures
    python bench/extract_eval.py --split heldout      # only the held-out part (or: train)
    python bench/extract_eval.py --doc 482 --errors   # one document, every miss and false record
    python bench/extract_eval.py --save after.json --baseline bench/gold/baseline.json   # before → after

Each document of bench/gold/documents.json is parsed through the real pipeline (kb.ingest.parse_file)
and extracted (kb.extract.extract_document); only records on the pages its gold covers are scored.

Obligations are scored by unit and role: every (role, unit) pair a gold row names (lead / co /
responsible) is one unit; an extracted obligation is matched to the gold row whose anchor its text
holds, and its pairs count right or wrong; pairs of obligations matching no gold row are all wrong.
Precision, recall and F1 are over these pairs. Deadlines (the set of deadline values) are
reported over matched rows; "rows right" counts rows whose roles and deadline are all right.

Targets are scored as records: an extracted target is right when its sentence holds a gold row's
anchor and its value, year, qualifier (力争/以上/左右 …), upper end (value_high) and indicator name
(equal, or nearly: one holds the other or they share 80% of their characters) agree. Gold rows of
one `group` are one target stated twice (text and table): either statement counts. Unit, direction
and base year are reported separately, over the right targets.
"""
from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kb.extract import extract_document  # noqa: E402
from kb.ingest import parse_file  # noqa: E402

GOLD = ROOT / "bench" / "gold"
SHARED = ROOT.parent / "shared"
ROLES = ("lead", "co", "responsible")
# 及以上 says the same as 以上 (the number itself included); 约 is 左右
QUALIFIER_SAME = {"及以上": "以上", "及以下": "以下", "约": "左右"}


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


# ----------------------------------------------------------------- gold ----
@dataclass
class GoldDoc:
    key: str
    source: str  # path under ../shared
    split: str  # train | heldout
    pages: tuple[int, int] | None
    score: tuple[str, ...]
    obligations: list[dict] = field(default_factory=list)
    targets: list[dict] = field(default_factory=list)


def load_manifest() -> list[GoldDoc]:
    docs = []
    for d in json.loads((GOLD / "documents.json").read_text(encoding="utf-8"))["documents"]:
        g = GoldDoc(d["key"], d["source"], d["split"], tuple(d["pages"]) if d.get("pages") else None,
                    tuple(d.get("score", ("obligations", "targets"))))
        for kind in ("obligations", "targets"):
            path = GOLD / f"{g.key}.{kind}.jsonl"
            if path.exists():
                setattr(g, kind, [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
                                  if line.strip()])
        docs.append(g)
    return docs


def on_pages(pages, span: tuple[int, int] | None) -> bool:
    return span is None or any(span[0] <= p <= span[1] for p in pages)


# ---------------------------------------------------------- obligations ----
def units_of(row) -> set[tuple[str, str]]:
    if isinstance(row, dict):
        return {(role, compact(u)) for role in ROLES for u in row[role]}
    return {(role, compact(u)) for role in ROLES for u in getattr(row, role)}


def gold_deadlines(row: dict) -> set[str]:
    d = row.get("deadline")
    return set(d) if isinstance(d, list) else ({d} if d else set())


@dataclass
class ObScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    rows: int = 0  # gold rows
    matched: int = 0
    rows_right: int = 0
    deadlines_right: int = 0
    extracted: int = 0
    blanket_rows: int = 0
    blanket_flagged: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: "ObScore") -> None:
        for name in ("tp", "fp", "fn", "rows", "matched", "rows_right", "deadlines_right", "extracted",
                     "blanket_rows", "blanket_flagged"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def figures(self) -> dict:
        p, r, f = prf(self.tp, self.tp + self.fp, self.tp + self.fn)
        return {"P": p, "R": r, "F1": f, "rows": self.rows, "extracted": self.extracted,
                "rows_right": self.rows_right, "deadline_acc": self.deadlines_right / self.matched if self.matched else 0.0}


def score_obligations(gold: list[dict], got: list) -> ObScore:
    s = ObScore(rows=len(gold), extracted=len(got))
    used: set[int] = set()
    for g in gold:
        anchor = compact(g["anchor"])
        candidates = [i for i, ob in enumerate(got) if i not in used and anchor in compact(ob.text)]
        want = units_of(g)
        if g.get("blanket"):
            s.blanket_rows += 1
        if not candidates:
            s.fn += len(want)
            s.errors.append(f"MISS  p{g.get('page', '?')} {g['anchor']}  {_roles(g)}")
            continue
        best = max(candidates, key=lambda i: (len(want & units_of(got[i])), -len(units_of(got[i]) - want)))
        used.add(best)
        ob = got[best]
        have = units_of(ob)
        s.matched += 1
        s.tp += len(want & have)
        s.fp += len(have - want)
        s.fn += len(want - have)
        deadline_ok = gold_deadlines(g) == {d.value for d in ob.deadlines}
        s.deadlines_right += deadline_ok
        if g.get("blanket") and getattr(ob, "blanket", ()):
            s.blanket_flagged += 1
        if want == have and deadline_ok:
            s.rows_right += 1
            continue
        wrong = []
        if want != have:
            wrong.append(f"missing {sorted(want - have)} extra {sorted(have - want)}")
        if not deadline_ok:
            wrong.append(f"deadline gold {sorted(gold_deadlines(g))} got {[d.value for d in ob.deadlines]}")
        s.errors.append(f"WRONG p{g.get('page', '?')} {g['anchor']}: " + "; ".join(wrong))
    for i, ob in enumerate(got):
        if i not in used:
            s.fp += len(units_of(ob))
            s.errors.append(f"FALSE p{ob.pages[0] if ob.pages else '?'} [{ob.source}] {compact(ob.text)[:50]}  "
                            f"{_roles(ob)}")
    return s


def _roles(row) -> str:
    get = (lambda r: row[r]) if isinstance(row, dict) else (lambda r: getattr(row, r))
    return " ".join(f"{r}={list(get(r))}" for r in ROLES if get(r))


# -------------------------------------------------------------- targets ----
def qualifiers(text: str | None) -> set[str]:
    words = [w for w in re.split(r"[、,，\s]+", text or "") if w]
    return {QUALIFIER_SAME.get(w, w) for w in words}


def similar_names(gold: str, got: str) -> bool:
    a, b = compact(gold), compact(got)
    if not a or not b:
        return False
    if a in b or b in a:
        return min(len(a), len(b)) >= 0.6 * max(len(a), len(b))
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.8


def name_similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, compact(a), compact(b)).ratio()


def same_value(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) < 1e-6


def target_right(g: dict, t) -> list[str]:
    """What is wrong with target `t` for gold row `g` ([] when right); None-like when unrelated."""
    wrong = []
    if not similar_names(g["indicator"], t.indicator):
        wrong.append(f"indicator {t.indicator!r}")
    if g["year"] != t.year:
        wrong.append(f"year {t.year}")
    if qualifiers(g.get("qualifier")) != qualifiers(getattr(t, "qualifier", "")):
        wrong.append(f"qualifier {getattr(t, 'qualifier', '')!r}")
    if not same_value(g.get("value_high"), getattr(t, "value_high", None)):
        wrong.append(f"value_high {getattr(t, 'value_high', None)}")
    return wrong


@dataclass
class TgScore:
    targets: int = 0  # gold targets (groups)
    found: int = 0  # gold targets matched by a right record
    extracted: int = 0
    right: int = 0  # extracted records that are right
    unit_right: int = 0
    direction_right: int = 0
    base_right: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: "TgScore") -> None:
        for name in ("targets", "found", "extracted", "right", "unit_right", "direction_right", "base_right"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def figures(self) -> dict:
        p = self.right / self.extracted if self.extracted else 0.0
        r = self.found / self.targets if self.targets else 0.0
        return {"P": p, "R": r, "F1": 2 * p * r / (p + r) if p + r else 0.0, "targets": self.targets,
                "extracted": self.extracted,
                "unit_acc": self.unit_right / self.right if self.right else 0.0}


def score_targets(gold: list[dict], got: list) -> TgScore:
    groups: dict[str, list[int]] = {}
    for i, g in enumerate(gold):
        groups.setdefault(g.get("group") or f"#{i}", []).append(i)
    s = TgScore(targets=len(groups), extracted=len(got))
    matched_gold: dict[int, int] = {}  # extracted index → gold index
    near: dict[int, list[str]] = {}
    taken: set[int] = set()
    for ti, t in enumerate(got):
        text = compact(t.text)
        right = []
        for gi, g in enumerate(gold):
            if compact(g["anchor"]) not in text or not same_value(g["value"], t.value):
                continue
            wrong = target_right(g, t)
            if not wrong:
                right.append(gi)
            else:
                near.setdefault(gi, []).append(f"{t.indicator} {t.value}{t.unit or ''} y={t.year} "
                                               f"q={getattr(t, 'qualifier', '')!r}: " + ", ".join(wrong))
        if right:
            # two gold rows may share an anchor and a value ("化肥、农药利用率均达到43%"): the unused row
            # whose name is nearest
            best = max(right, key=lambda gi: (gi not in taken, name_similarity(gold[gi]["indicator"], t.indicator)))
            matched_gold[ti] = best
            taken.add(best)
    found_groups = {gold[gi].get("group") or f"#{gi}" for gi in matched_gold.values()}
    s.found = len(found_groups)
    s.right = len(matched_gold)
    for ti, gi in matched_gold.items():
        g, t = gold[gi], got[ti]
        s.unit_right += (g["unit"] or None) == (t.unit or None)
        s.direction_right += g["direction"] == t.direction
        s.base_right += g.get("base_year") == t.base_year
    for key, members in groups.items():
        if key not in found_groups:
            g = gold[members[0]]
            hint = "; ".join(n for gi in members for n in near.get(gi, []))
            s.errors.append(f"MISS  p{g.get('page', '?')} {g['indicator']} {g['value']}{g['unit'] or ''} "
                            f"y={g['year']} q={g.get('qualifier', '')!r} « {g['anchor']} »"
                            + (f"  near: {hint}" if hint else ""))
    for ti, t in enumerate(got):
        if ti not in matched_gold:
            s.errors.append(f"FALSE p{t.pages[0] if t.pages else '?'} {t.indicator} {t.direction} {t.value}"
                            f"{t.unit or ''} y={t.year} q={getattr(t, 'qualifier', '')!r} « {compact(t.text)[:40]} »")
    return s


def prf(tp: int, extracted: int, gold: int) -> tuple[float, float, float]:
    p = tp / extracted if extracted else 0.0
    r = tp / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


# ------------------------------------------------------------------ run ----
def evaluate(doc: GoldDoc) -> tuple[ObScore | None, TgScore | None, float]:
    start = time.perf_counter()
    path = SHARED / doc.source
    obligations, targets = [], []
    for d in parse_file(path):
        found = extract_document(d)
        obligations += [o for o in found.obligations if on_pages(o.pages, doc.pages)]
        targets += [t for t in found.targets if on_pages(t.pages, doc.pages)]
    ob = score_obligations(doc.obligations, obligations) if "obligations" in doc.score else None
    tg = score_targets(doc.targets, targets) if "targets" in doc.score else None
    return ob, tg, time.perf_counter() - start


def fmt(x: float | None) -> str:
    return "   -  " if x is None else f"{x:6.3f}"


def line(name: str, ob: ObScore | None, tg: TgScore | None, base: dict | None = None) -> str:
    o = ob.figures() if ob else None
    t = tg.figures() if tg else None
    cells = [f"{name:<14}"]
    for label, fig, keys in (("obl", o, ("P", "R", "F1")), ("tgt", t, ("P", "R"))):
        for k in keys:
            now = fig[k] if fig else None
            before = (base or {}).get(f"{label}_{k}")
            cells.append(fmt(now) if before is None or now is None else f"{before:.2f}→{now:.3f}")
    cells.append(f"{ob.rows if ob else 0:>4}/{ob.extracted if ob else 0:<4}")
    cells.append(f"{tg.targets if tg else 0:>4}/{tg.extracted if tg else 0:<4}")
    return "  ".join(cells)


def as_record(ob: ObScore | None, tg: TgScore | None) -> dict:
    out = {}
    if ob:
        out.update({f"obl_{k}": v for k, v in ob.figures().items()})
    if tg:
        out.update({f"tgt_{k}": v for k, v in tg.figures().items()})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("train", "heldout"), help="only this part of the set")
    parser.add_argument("--doc", action="append", help="only this document (its key), repeatable")
    parser.add_argument("--errors", action="store_true", help="list every miss, wrong row and false record")
    parser.add_argument("--save", type=Path, help="write the figures as JSON to this file")
    parser.add_argument("--baseline", type=Path, help="figures saved earlier (--save): print before→after")
    args = parser.parse_args()
    docs = [d for d in load_manifest() if (not args.split or d.split == args.split)
            and (not args.doc or d.key in args.doc)]
    base = json.loads(args.baseline.read_text(encoding="utf-8")) if args.baseline else {}
    header = f"{'document':<14}  {'obl P':>6}  {'obl R':>6}  {'obl F1':>6}  {'tgt P':>6}  {'tgt R':>6}  gold/got(obl)  gold/got(tgt)"
    print(header)
    pooled = {name: (ObScore(), TgScore()) for name in ("train", "heldout", "all")}
    saved: dict[str, dict] = {}
    errors: list[str] = []
    for doc in docs:
        ob, tg, seconds = evaluate(doc)
        name = f"{doc.key} ({doc.split[0]})"
        print(line(name, ob, tg, base.get(doc.key)) + f"  {seconds:4.1f}s")
        saved[doc.key] = as_record(ob, tg)
        for part in (doc.split, "all"):
            if ob:
                pooled[part][0].add(ob)
            if tg:
                pooled[part][1].add(tg)
        if args.errors:
            errors.append(f"== {doc.key} {doc.source}")
            errors += [f"  obl {e}" for e in (ob.errors if ob else [])]
            errors += [f"  tgt {e}" for e in (tg.errors if tg else [])]
    print("-" * len(header))
    for part, (ob, tg) in pooled.items():
        if ob.rows or tg.targets:
            print(line(f"pooled {part}", ob, tg, base.get(f"pooled {part}")))
            saved[f"pooled {part}"] = as_record(ob, tg)
    all_ob, all_tg = pooled["all"]
    if all_ob.matched:
        print(f"obligations: rows all right {all_ob.rows_right}/{all_ob.rows}, deadlines right on "
              f"{all_ob.deadlines_right}/{all_ob.matched} matched rows, blanket notes flagged "
              f"{all_ob.blanket_flagged}/{all_ob.blanket_rows}")
    if all_tg.right:
        print(f"targets: of {all_tg.right} right records, unit right {all_tg.unit_right}, direction right "
              f"{all_tg.direction_right}, base year right {all_tg.base_right}")
    if errors:
        print("\n".join(errors))
    if args.save:
        args.save.write_text(json.dumps(saved, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
