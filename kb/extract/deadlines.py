"""Completion times in task text, normalised: 到2025年 → "2025", 2025年底前 → "2025-12-31",
2023年6月底前 → "2023-06-30", "十四五"期间 → "2021/2025", 长期坚持 → "ongoing".
"""
from __future__ import annotations

import re

from ..models import FIVE_YEAR_PLANS, Deadline

# Years written in Chinese numerals (and the OCR "O" for 〇): 二〇三五年 / 二O三五年
CN_YEAR = re.compile(r"二[〇零O○0][一二三四五六七八九〇零O○0]{2}(?=年)")
CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "O": "0", "○": "0", "0": "0"}
# A year that is a comparison base, not a deadline: 比2020年下降, 较2020年, 与2020年相比
BASE_BEFORE = re.compile(r"(比|较|与|相对于?|相比|对比|以)$")
# Titles of other documents: 《广东省高质量水源林建设规划（2021-2025年）》
BOOK_TITLE = re.compile(r"《[^》]*》")

# Each pattern shows one real match; earlier patterns win where matches overlap.
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # 2023年6月底前 / 到2023年6月底
    ("month", re.compile(r"(?:到|至|在)?(20\d{2})年(\d{1,2})月(?:份)?(?:底|末)?(?:前|以前|之前)"
                         r"|(?:到|至)(20\d{2})年(\d{1,2})月(?:份)?(?:底|末)?")),
    # 2025年底前 / 2025年年底前 / 到2025年底 / 2025年末
    ("year_end", re.compile(r"(?:到|至|在)?(20\d{2})年年?(?:底|末)(?:前|以前|之前)?")),
    # 2021—2023年 (a period of work)
    ("range", re.compile(r"(20\d{2})\s*[-—–－~～至到]\s*(20\d{2})年")),
    # 2030年前 / 力争2030年前
    ("before", re.compile(r"(20\d{2})年(?:前|以前|之前)")),
    # 到2025年 / 至2025年
    ("by", re.compile(r"(?:到|至)(20\d{2})年")),
    # “十四五”期间 / "十四五"时期 / “十五五”末
    ("plan", re.compile(r"[“\"「『]?十([一二三四五])五[”\"」』]?(期间|时期|末|初)?")),
    # 完成时限：2025年12月 (a date standing alone in a cell or after a colon)
    ("month", re.compile(r"(?:^|(?<=[：:]))(20\d{2})年(\d{1,2})月(?=$|[，。；）)])")),
    # 2025年，全省… / 完成时限：2025年 (a year opening a clause or standing alone)
    ("clause_year", re.compile(r"(?:^|(?<=[，。；：:]))(20\d{2})年(?=$|[，。；）)])")),
    # 年内 / 今年 / 明年
    ("this_year", re.compile(r"年内|今年|本年度|明年")),
    # a time that never ends: a whole clause or cell saying 长期坚持 / 持续推进
    ("ongoing", re.compile(r"(?:^|(?<=[，。；：、（(]))(长期坚持|长期推进|持续推进|持续开展|长期)(?=$|[，。；）)])")),
)


def normalize_years(text: str) -> str:
    """Chinese-numeral years as digits: "二〇三五年" → "2035年"."""
    return CN_YEAR.sub(lambda m: "".join(CN_DIGITS.get(c, c) for c in m.group(0)), text)


def five_year_plan(ordinal: str) -> tuple[int, int]:
    """First and last year of a five-year plan by its ordinal (kb.models.FIVE_YEAR_PLANS).

    >>> five_year_plan("四")
    (2021, 2025)
    """
    return FIVE_YEAR_PLANS[f"十{ordinal}五"]


def find_deadlines(text: str, doc_year: int | None = None) -> list[Deadline]:
    """Every completion time `text` states, in order, each value once.

    >>> [d.value for d in find_deadlines("2025年底前实现巡游车全面新能源化，2028年底前实现网约车全面电动化")]
    ['2025-12-31', '2028-12-31']
    >>> [d.value for d in find_deadlines("“十四五”期间推动淘汰华润富山临时供热锅炉")]
    ['2021/2025']
    >>> [d.value for d in find_deadlines("单位地区生产总值能源消耗比2020年下降14.5%")]
    []
    """
    text = BOOK_TITLE.sub(lambda m: "＿" * len(m.group(0)), normalize_years(re.sub(r"\s+", "", text)))
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, Deadline]] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            if BASE_BEFORE.search(text[max(0, m.start() - 3):m.start()]) and kind not in ("plan", "ongoing"):
                continue
            value = _value(kind, m, doc_year)
            if value is None:
                continue
            taken.append((m.start(), m.end()))
            found.append((m.start(), Deadline(value, m.group(0).lstrip("，。；：、（("))))
    out: list[Deadline] = []
    for _, d in sorted(found, key=lambda x: x[0]):
        if all(d.value != o.value for o in out):
            out.append(d)
    return out


def _value(kind: str, m: re.Match[str], doc_year: int | None) -> str | None:
    if kind == "month":
        year, month = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        y, mo = int(year), int(month)
        if not 1 <= mo <= 12:
            return None
        return _month_end(y, mo)
    if kind == "year_end":
        return f"{m.group(1)}-12-31"
    if kind == "range":
        first, last = int(m.group(1)), int(m.group(2))
        return f"{first}/{last}" if first < last else None
    if kind in ("before", "by", "clause_year"):
        return m.group(1)
    if kind == "plan":
        start, end = five_year_plan(m.group(1))
        if doc_year is not None and end < doc_year:
            return None  # "十三五"存量项目: an earlier plan named, not a time to finish by
        return str(end) if m.group(2) == "末" else f"{start}/{end}"
    if kind == "this_year":
        if doc_year is None:
            return None
        return str(doc_year + 1 if m.group(0) == "明年" else doc_year)
    if kind == "ongoing":
        return "ongoing"
    return None


def doc_year_of(issue_date: str) -> int | None:
    """The year of an ISO issue date: "2023-05-19" → 2023; "" → None."""
    m = re.match(r"(\d{4})", issue_date or "")
    return int(m.group(1)) if m else None


def _month_end(year: int, month: int) -> str:
    """The last day of a month as the deadline value: (2023, 6) → "2023-06-30"."""
    return Deadline(f"{year:04d}-{month:02d}").sort_key
