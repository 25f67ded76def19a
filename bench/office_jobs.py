"""The three office jobs of issue 14 on a KB of real plans: what they cost and what they find.

    python bench/office_jobs.py --kb DIR      # e.g. a KB of corpus/ + ../shared/pdfs (+ ../shared/corpus-dev)

Prints, for the KB given:
  - my unit's tasks: time of the 部门 list filtered by a short name (what each keystroke in the
    list box costs), of a department filter on the task list, and what 机管局 finds per region;
  - the 分工表: how each plan's tasks are named (heading / first sentence / its own table's cell) and
    how many plans have their own 分工表;
  - the comparison: targets with a base level and with 力争, and, for 非化石能源消费比重 in 2025,
    each plan's target with its comparable flag and note; time of the 指标 list filtered by a synonym.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kb.knowledge_base import KnowledgeBase  # noqa: E402
from kb.models import Filters  # noqa: E402


def timed(fn, repeat: int = 5) -> tuple[float, object]:
    """(median milliseconds, the last result)."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=Path, required=True)
    parser.add_argument("--unit", default="机管局")
    parser.add_argument("--indicator", default="非化石能源消费比重")
    parser.add_argument("--year", type=int, default=2025)
    args = parser.parse_args()
    with KnowledgeBase(args.kb) as kb:
        docs = kb.documents()
        tasks = kb.obligations(order="document")
        print(f"KB {args.kb}: {len(docs)} documents, {len(tasks)} tasks, {len(kb.targets())} targets")

        print("\n== my unit's tasks ==")
        ms, found = timed(lambda: kb.departments(Filters(department=args.unit)))
        print(f"部门 list filtered by “{args.unit}”: {ms:.0f} ms, {len(found)} units")
        for d in found:
            print(f"  {d.jurisdiction or '—'}: {d.name} ({d.total} tasks; written {', '.join(a for a in d.aliases if a.startswith(('市', '区', '省')))})")
        ms, _ = timed(lambda: kb.departments())
        print(f"部门 list, everything: {ms:.0f} ms")
        ms, rows = timed(lambda: kb.obligations(Filters(department=args.unit)))
        print(f"task list filtered by “{args.unit}”: {ms:.0f} ms, {len(rows)} tasks in {len({r.jurisdiction for r in rows})} regions")

        print("\n== the 分工表 ==")
        own = {t.doc_id for t in tasks if t.source == "table"}
        kinds = Counter("own table" if t.source == "table" else
                        "heading" if t.clause and t.name and t.clause.split(" › ")[-1].endswith(t.name) else
                        "first sentence" for t in tasks)
        print(f"plans with tasks: {len({t.doc_id for t in tasks})}, with their own 分工表: {len(own)}")
        print("task names from: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
        lengths = [len(t.name) for t in tasks if t.source != "table"]
        if lengths:
            print(f"name length (not own tables): median {statistics.median(lengths):.0f}, max {max(lengths)} characters")

        print("\n== the comparison ==")
        targets = kb.targets()
        print(f"targets with a base level: {sum(t.base_value is not None for t in targets)}, "
              f"with 力争: {sum('力争' in t.qualifier for t in targets)}, "
              f"with 左右/以上/以下/以内: {sum(any(w in t.qualifier for w in ('左右', '以上', '以下', '以内')) for t in targets)}")
        ms, rows = timed(lambda: kb.compare(args.indicator, Filters(deadline_year=args.year)))
        print(f"compare “{args.indicator}” {args.year}: {ms:.0f} ms, {len(rows)} targets, "
              f"{sum(not r.comparable for r in rows)} not comparable")
        for r in rows:
            flag = "" if r.comparable else f"  ✗ {r.note}"
            base = f"（基准 {r.base}）" if r.base else ""
            print(f"  {r.jurisdiction or '—'} {r.stated}{base} {r.attribute or ''} 《{r.document}》 p{r.page}{flag}")
        ms, found = timed(lambda: kb.indicators(Filters(indicator="单位地区生产总值能源消耗")))
        print(f"指标 list filtered by 单位地区生产总值能源消耗: {ms:.0f} ms, {[i.key for i in found][:5]}")


if __name__ == "__main__":
    main()
