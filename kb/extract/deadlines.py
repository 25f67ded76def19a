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
    # （其中，2021年达到60%）: a year milestone inside a task
    ("clause_year", re.compile(r"(?:^|(?<=[，。；：:（(]))(20\d{2})年(?=达到|到达|完成|实现|建成|基本|全面|力争)")),
    # 年内 / 今年 / 明年
    ("this_year", re.compile(r"(?<![\u4e00-\u9fff])年内|(?<=[于在并力争])年内|今年|本年度|明年")),
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


# A month with no year: "分别于2022年6月底前、12月底前" (the year before it), "完成期限：10月底" (a
# labelled deadline: the plan's year)
MONTH_ONLY = re.compile(r"(?<![\d年])(\d{1,2})月(?:份)?(?:底|末|中旬|上旬|下旬)?(?:前|以前|之前)?")
# A year's end with no year, in a labelled deadline: "完成时限：年底前"
YEAR_END_ONLY = re.compile(r"^(?:年底|年末)(?:前|以前|之前)?$")
FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def find_deadlines(text: str, doc_year: int | None = None, labelled: bool = False) -> list[Deadline]:
    """Every completion time `text` states, in order, each value once. `labelled` text is what a
    label gives ("完成时限：10月底"): a month or 年底 with no year is in the plan's year.

    >>> [d.value for d in find_deadlines("2025年底前实现巡游车全面新能源化，2028年底前实现网约车全面电动化")]
    ['2025-12-31', '2028-12-31']
    >>> [d.value for d in find_deadlines("“十四五”期间推动淘汰华润富山临时供热锅炉")]
    ['2021/2025']
    >>> [d.value for d in find_deadlines("单位地区生产总值能源消耗比2020年下降14.5%")]
    []
    >>> [d.value for d in find_deadlines("分别于２０２２年6月底前、12月底前完成")]
    ['2022-06-30', '2022-12-31']
    >>> [d.value for d in find_deadlines("10月底", 2022, labelled=True)]
    ['2022-10-31']
    """
    text = normalize_years(re.sub(r"\s+", "", text).translate(FULL_WIDTH))
    text = BOOK_TITLE.sub(lambda m: "＿" * len(m.group(0)), text)
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, Deadline]] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            if BASE_BEFORE.search(text[max(0, m.start() - 3):m.start()]) and kind not in ("plan", "ongoing"):
                continue
            if kind == "plan" and _names_the_plan(text, m):
                continue
            if kind in ("before", "by", "year_end", "plan") and DOCUMENT_NAME.match(text[m.end():]):
                continue  # "2030年前碳达峰行动方案": the name of a plan, not a time to finish by
            if CONSIDERED.match(text[m.end():]):
                continue  # "综合考虑…及2060年前实现碳中和等因素": a fact the task weighs, not its deadline
            if kind == "this_year" and "每年" in text[max(0, m.start() - 15):m.start()]:
                continue  # "于每年3月底前确定本年度…": a recurring duty
            value = _value(kind, m, doc_year)
            if value is None:
                continue
            taken.append((m.start(), m.end()))
            found.append((m.start(), Deadline(value, m.group(0).lstrip("，。；：、（("))))
    found += _months_without_year(text, taken, found, doc_year if labelled else None)
    if labelled and not found and doc_year is not None and YEAR_END_ONLY.match(text.strip("。；，")):
        found.append((0, Deadline(f"{doc_year}-12-31", text)))
    out: list[Deadline] = []
    for _, d in sorted(found, key=lambda x: x[0]):
        if all(d.value != o.value for o in out):
            out.append(d)
    return out


# A plan's name used for its targets or plans, not a time: "严格“十四五”节能减排目标考核"; unless
# the task is to complete them ("确保完成全省“十四五”节能减排目标任务")
PLAN_AS_NAME = re.compile(r"^[\u4e00-\u9fff]{0,8}?(?:目标|考核|规划|任务|指标|方案|工作|行动|重点|项目|政策|建设|发展)")
# A plan's name after a year: "2030年前碳达峰行动方案", "十四五"…规划
DOCUMENT_NAME = re.compile(r"^[\u4e00-\u9fff]{0,12}?(?:行动方案|实施方案|工作方案|方案|规划|行动计划)(?![\u4e00-\u9fff]{0,2}(?:前|底))")
CONSIDERED = re.compile(r"^[^，。；]{0,15}等(?:因素|情况)")
PERIOD_OF_A_QUANTITY = re.compile(r"^[\u4e00-\u9fff]{0,4}的")
# "各地区“十四五”时期新增可再生能源电力消费量不纳入能源消费总量考核" (甘肃 311 p.8): the years of a
# quantity an assessment leaves out
PERIOD_OF_AN_EXCLUSION = re.compile(r"^[^，。；]{0,25}?(?:不纳入|不计入|不列入|扣除|免于|免予)")
COMPLETE_BEFORE = re.compile(r"(完成|实现|落实|达到|确保)[\u4e00-\u9fff]{0,3}$")


def _names_the_plan(text: str, m: re.Match[str]) -> bool:
    """Whether a bare "“十四五”" names a plan's targets rather than its years.

    >>> [d.value for d in find_deadlines("严格“十四五”节能减排目标考核，对节能工作实行年度评价", 2022)]
    []
    >>> [d.value for d in find_deadlines("确保完成全省“十四五”节能减排目标任务", 2022)]
    ['2021/2025']
    >>> [d.value for d in find_deadlines("纳入“建功‘十四五’、奋进新征程”主题劳动和技能竞赛", 2022)]
    []
    """
    if PERIOD_OF_A_QUANTITY.match(text[m.end():]) or PERIOD_OF_AN_EXCLUSION.match(text[m.end():]):
        return True  # "将“十四五”时期新增的可再生能源电力消费量…扣除": the years a quantity counts
    if m.group(2) is None and (text[m.start() - 1:m.start()] == "‘" or text[m.end():m.end() + 1] == "’"):
        return True  # "纳入“建功‘十四五’、奋进新征程”主题劳动竞赛": the plan inside a quoted name
    return (m.group(2) is None and bool(PLAN_AS_NAME.match(text[m.end():]))
            and not COMPLETE_BEFORE.search(text[max(0, m.start() - 8):m.start()]))


def _months_without_year(text: str, taken: list[tuple[int, int]], found: list[tuple[int, Deadline]],
                         default_year: int | None) -> list[tuple[int, Deadline]]:
    """Months written without a year: the year of the dated deadline before them in the text
    ("6月底前、12月底前"), else `default_year` (a labelled deadline)."""
    out = []
    for m in MONTH_ONLY.finditer(text):
        if any(m.start() < end and start < m.end() for start, end in taken) or not 1 <= int(m.group(1)) <= 12:
            continue
        if not m.group(0).endswith(("前", "底", "末")) and default_year is None:
            continue  # "每年6月": not a time to finish by
        earlier = [d for at, d in found if at < m.start() and d.year is not None]
        year = earlier[-1].year if earlier else default_year
        if year is None or "每年" in text[max(0, m.start() - 3):m.start()]:
            continue
        out.append((m.start(), Deadline(_month_end(year, int(m.group(1))), m.group(0))))
    return out


# A span of work starts near the plan's year ("十四五" plans issued in 2023 still work 2021—2025); one
# that starts longer ago is the span of the data the task is about
PAST_SPAN = 3


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
        if doc_year is not None and first < doc_year - PAST_SPAN:
            return None  # "填报2010—2020年能源活动排放情况" (武汉 546 p.1): the years of the data, not of the work
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


# A date the document gives itself, on its cover or under its signature: "2021年10月"
DATED = re.compile(r"(20\d{2})年\d{1,2}月")


def dated_year(passages) -> int | None:
    """The latest year of a date in the document's first and last passages (where a notice dates
    itself), None when it gives none."""
    texts = [p.text for p in list(passages[:10]) + list(passages[-6:])]
    years = [int(y) for t in texts for y in DATED.findall(t)]
    return max(years) if years else None


def document_year(doc) -> int | None:
    """The year the document was issued: its issue date's, else the date it gives itself."""
    return doc_year_of(doc.meta.issue_date) or dated_year(doc.passages)


def doc_year_of(issue_date: str) -> int | None:
    """The year of an ISO issue date: "2023-05-19" → 2023; "" → None."""
    m = re.match(r"(\d{4})", issue_date or "")
    return int(m.group(1)) if m else None


def _month_end(year: int, month: int) -> str:
    """The last day of a month as the deadline value: (2023, 6) → "2023-06-30"."""
    return Deadline(f"{year:04d}-{month:02d}").sort_key
