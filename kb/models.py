"""The values and dataclasses every stage shares.

read → layout → outline → documents → extract → store / index → browse / export. Stages pass
these frozen dataclasses, and rows leave the store as them; every fact keeps its page numbers so
the app can always answer "which plan, which page?". Values that cross stages (a unit's role, a
deadline, a page warning) are defined here once, with their Chinese wording.
"""
from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


# -------------------------------------------------------------- values ----
class Role(StrEnum):
    """A unit's part in a task. The value is what the store and --json keep; labels are for people.

    >>> Role.CO.label, Role.CO.short, Role("lead").short
    ('配合单位', '配合', '牵头')
    """

    LEAD = "lead"  # 牵头
    CO = "co"  # 配合 / 参与 / 协助
    RESPONSIBLE = "responsible"  # 责任单位 / 主要负责单位, or the subject that 负责/要 do the task

    @property
    def short(self) -> str:
        return _ROLE_SHORT[self]

    @property
    def label(self) -> str:
        return self.short + "单位"


_ROLE_SHORT = {Role.LEAD: "牵头", Role.CO: "配合", Role.RESPONSIBLE: "责任"}


class PageWarning(StrEnum):
    """Why a page's text should not be trusted. Stored as the code; `message` is what users read."""

    NO_TEXT_LAYER = "no_text_layer"
    GARBLED = "garbled"
    SCRAMBLED = "scrambled"
    OCR_NOISE = "ocr_noise"
    TOO_COMPLEX = "too_complex"
    INVALID_CHARS = "invalid_chars"

    @property
    def message(self) -> str:
        return _WARNING_MESSAGES[self]

    @property
    def untrusted(self) -> bool:
        """Text on such a page is not what the page says: facts read from it would be invented."""
        return self in (PageWarning.GARBLED, PageWarning.SCRAMBLED)


_WARNING_MESSAGES = {
    PageWarning.NO_TEXT_LAYER: "无文字层，需要OCR",
    PageWarning.GARBLED: "乱码：字体缺少Unicode映射，文字不可信",
    PageWarning.SCRAMBLED: "文字顺序错乱（提取顺序异常），文字不可信",
    PageWarning.OCR_NOISE: "OCR识别文字，可能有错字",
    PageWarning.TOO_COMPLEX: "页面图形过于复杂（线条过多），未识别其中的表格和文字",
    PageWarning.INVALID_CHARS: "含无法识别的字符编码，已删除",
}


def describe_warnings(warnings: Mapping[int, PageWarning]) -> list[str]:
    """Page warnings as sentences, pages of one warning grouped into ranges.

    >>> w = PageWarning.NO_TEXT_LAYER
    >>> describe_warnings({3: w, 4: w, 9: w, 10: PageWarning.SCRAMBLED})
    ['第3–4页无文字层，需要OCR', '第9页无文字层，需要OCR', '第10页：文字顺序错乱（提取顺序异常），文字不可信']
    """
    runs: list[tuple[int, int, PageWarning]] = []
    for number in sorted(warnings):
        warning = warnings[number]
        if runs and runs[-1][2] == warning and runs[-1][1] == number - 1:
            runs[-1] = (runs[-1][0], number, warning)
        else:
            runs.append((number, number, warning))
    out = []
    for first, last, warning in runs:
        pages = f"第{first}页" if first == last else f"第{first}–{last}页"
        sep = "" if warning == PageWarning.NO_TEXT_LAYER else "："
        out.append(f"{pages}{sep}{warning.message}")
    return out


def describe_ocr(pages: Mapping[int, float]) -> list[str]:
    """Which pages' text was recognised by OCR (page → mean confidence), pages grouped into ranges.

    >>> describe_ocr({3: 0.99, 4: 0.97, 5: 0.98, 8: 0.91})
    ['第3–5页为OCR识别文字（置信度98%）', '第8页为OCR识别文字（置信度91%）']
    """
    runs: list[list[int]] = []
    for number in sorted(pages):
        if runs and runs[-1][-1] == number - 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    out = []
    for run in runs:
        where = f"第{run[0]}页" if len(run) == 1 else f"第{run[0]}–{run[-1]}页"
        mean = sum(pages[n] for n in run) / len(run)
        out.append(f"{where}为OCR识别文字（置信度{mean:.0%}）")
    return out


# Words a target's qualifier starts with that are said before its verb ("力争达到20%"); the rest
# (左右 / 以上 / 以下 / 以内) follows the value
AIM_WORDS = ("力争",)
# What a target's attribute may be stored as, and the word users read
ATTRIBUTE_NAMES = {"binding": "约束性", "expected": "预期性"}


def number_text(value: float) -> str:
    """A value as plans write it: 14.5 → '14.5', 20.0 → '20'.

    >>> number_text(20.0), number_text(14.5), number_text(0.6395), number_text(12000000.0)
    ('20', '14.5', '0.6395', '12000000')
    """
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return f"{value:.10g}" if isinstance(value, float) else str(value)


def attribute_name(value: str | None) -> str:
    """约束性 / 预期性, whether the store keeps the Chinese word or its English key."""
    return ATTRIBUTE_NAMES.get(value or "", value or "")


# Five-year plans: "十四五" runs 2021–2025. Deadlines ("十四五"期间) and labels both read this table.
FIVE_YEAR_PLANS: dict[str, tuple[int, int]] = {
    "十一五": (2006, 2010), "十二五": (2011, 2015), "十三五": (2016, 2020),
    "十四五": (2021, 2025), "十五五": (2026, 2030), "十六五": (2031, 2035),
}
ONGOING = "ongoing"  # the value of 长期坚持 / 持续推进: work that never ends
ONGOING_SORT = "9999-12-31"  # sorts after every real date


class DeadlineGroup(StrEnum):
    """The groups of the 时限 view, in the order a user checks them."""

    OVERDUE = "overdue"
    THIS_YEAR = "this_year"
    LATER = "later"
    RANGE = "range"
    ONGOING = "ongoing"
    NONE = "none"

    def label(self, today: date) -> str:
        if self is DeadlineGroup.THIS_YEAR:
            return f"今年到期（{today.year}年）"
        return _GROUP_LABELS[self]


_GROUP_LABELS = {
    DeadlineGroup.OVERDUE: "已逾期（早于今天）",
    DeadlineGroup.LATER: "以后年度",
    DeadlineGroup.RANGE: "时间段",
    DeadlineGroup.ONGOING: "持续推进",
    DeadlineGroup.NONE: "未注明时限",
}


@dataclass(frozen=True)
class Deadline:
    """A completion time: the normalised `value` and the words the plan used (`text`).

    value: "2025" (到2025年), "2025-12-31" (2025年底前), "2023-06" (2023年6月), "2021/2025"
    (“十四五”期间), or "ongoing" (长期坚持).

    >>> d = Deadline("2021/2025", "“十四五”期间")
    >>> d.last_day, d.year, d.sort_key, d.range_label
    (datetime.date(2025, 12, 31), 2025, '2025-12-31', '2021–2025年（“十四五”期间）')
    >>> Deadline("ongoing", "长期坚持").sort_key, Deadline("ongoing").year
    ('9999-12-31', None)
    """

    value: str
    text: str = ""

    @property
    def ongoing(self) -> bool:
        return self.value == ONGOING

    @property
    def is_range(self) -> bool:
        return "/" in self.value

    @property
    def last_day(self) -> date | None:
        """The last day the deadline allows; None for ongoing work."""
        if self.ongoing:
            return None
        parts = [int(p) for p in self.value.split("/")[-1].split("-")]
        year = parts[0]
        month = parts[1] if len(parts) > 1 else 12
        day = parts[2] if len(parts) > 2 else calendar.monthrange(year, month)[1]
        return date(year, month, day)

    @property
    def sort_key(self) -> str:
        """The last day as an ISO date (ongoing after every date): sorts and compares as text."""
        last = self.last_day
        return last.isoformat() if last else ONGOING_SORT

    @property
    def year(self) -> int | None:
        """The year the work is due (a range: its last year); None for ongoing work."""
        last = self.last_day
        return last.year if last else None

    @property
    def label(self) -> str:
        """The plan's words, else a label made from the value."""
        if self.text:
            return self.text
        if self.ongoing:
            return "长期坚持"
        return self.range_label if self.is_range else self.value

    @property
    def range_label(self) -> str:
        """'2021/2025' → '2021–2025年（“十四五”期间）'; other ranges without a plan name."""
        first, last = self.value.split("/")[0][:4], self.value.split("/")[-1][:4]
        plan = next((name for name, years in FIVE_YEAR_PLANS.items() if years == (int(first), int(last))), None)
        return f"{first}–{last}年" + (f"（“{plan}”期间）" if plan else "")

    def group(self, today: date) -> tuple[DeadlineGroup, str]:
        """(group, sub-group label) in the 时限 view, seen from `today`.

        >>> Deadline("2027").group(date(2026, 11, 21))
        (<DeadlineGroup.LATER: 'later'>, '2027年')
        """
        if self.ongoing:
            return DeadlineGroup.ONGOING, ""
        if self.is_range:
            return DeadlineGroup.RANGE, self.range_label
        if self.sort_key < today.isoformat():
            return DeadlineGroup.OVERDUE, ""
        if self.year == today.year:
            return DeadlineGroup.THIS_YEAR, ""
        return DeadlineGroup.LATER, f"{self.year}年"

    def overdue(self, today: date) -> bool:
        last = self.last_day
        return last is not None and last < today


def deadline_group(deadline: Deadline | None, today: date) -> tuple[DeadlineGroup, str]:
    """The 时限 group of a task with this first deadline; tasks without one are NONE."""
    return deadline.group(today) if deadline is not None else (DeadlineGroup.NONE, "")


class _Cited:
    """What cites its place in a document: the first of its `pages`, its `clause_path` joined."""

    pages: tuple[int, ...]
    clause_path: tuple[str, ...]

    @property
    def page(self) -> int:
        return self.pages[0] if self.pages else 0

    @property
    def clause(self) -> str:
        return " › ".join(self.clause_path)


# ---------------------------------------------------------------- read ----
@dataclass(frozen=True)
class Line:
    """One visual line of text on a page, characters already in reading order.

    Coordinates are PDF points from the top-left corner. For plain-text input a "point" is one
    character cell, so the same joining rules work for .txt, .docx and PDFs.
    """

    page: int
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float = 0.0  # font size; 0 when unknown (txt)
    bold: bool = False


@dataclass(frozen=True)
class RawTable:
    """A ruled table as drawn on one page: rows of cells (None where a merged cell continues)."""

    page: int
    top: float
    bottom: float
    rows: tuple[tuple[str | None, ...], ...]
    x0: float = 0.0
    x1: float = 0.0


@dataclass
class Page:
    """What the reader found on one page."""

    number: int  # 1-based
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    tables: list[RawTable] = field(default_factory=list)
    has_text_layer: bool = True
    warning: PageWarning | None = None  # why its text should not be trusted
    ocr: bool = False  # its lines were recognised from the page's image
    ocr_confidence: float = 0.0  # mean confidence of the recognised characters (0–1)


# -------------------------------------------------------------- layout ----
@dataclass(frozen=True)
class Paragraph:
    """Hard-wrapped lines joined into one paragraph; knows every page it runs over."""

    text: str
    pages: tuple[int, ...]
    size: float = 0.0
    bold: bool = False
    centered: bool = False


@dataclass(frozen=True)
class Table:
    """A table, possibly continued over several pages, as rows of cells ("" for empty cells)."""

    pages: tuple[int, ...]
    rows: tuple[tuple[str, ...], ...]
    header: tuple[str, ...] = ()
    clause_path: tuple[str, ...] = ()
    title: str = ""


Block = Paragraph | Table


# ------------------------------------------------------------- outline ----
@dataclass(frozen=True)
class Passage(_Cited):
    """A clause of a document: a heading, a paragraph of body text, or one table row.

    kind: "heading" | "text" | "table_row" | "toc"
    """

    seq: int
    kind: str
    text: str
    pages: tuple[int, ...]
    clause_path: tuple[str, ...] = ()
    table_index: int | None = None  # for table rows: which of the document's tables
    row_index: int | None = None


@dataclass
class Outline:
    """One document of a file as the outline stage found it: where it starts and ends in the
    file's blocks, its title, and its passages and tables with clause paths. A compilation of
    notices gives one Outline per notice."""

    title: str  # the title the text gives ("" when none is found: the file's own title is used)
    blocks: list[Block]  # the document's blocks; its opening holds 文号, issuers and date
    passages: list[Passage]
    tables: list[Table]


# ----------------------------------------------------------- documents ----
@dataclass
class DocumentMeta:
    title: str = ""
    doc_number: str = ""  # 文号, e.g. 珠府〔2023〕39号
    issuers: tuple[str, ...] = ()
    issue_date: str = ""  # ISO date, e.g. 2023-05-19
    jurisdiction: str = ""  # 国家 / 广东省 / 珠海市 …


@dataclass
class Document:
    """One policy document (a compilation PDF may yield several)."""

    meta: DocumentMeta
    passages: list[Passage]
    tables: list[Table]
    first_page: int = 1
    last_page: int = 1
    page_warnings: dict[int, PageWarning] = field(default_factory=dict)
    ocr_pages: dict[int, float] = field(default_factory=dict)  # page → mean OCR confidence
    text_hash: str = ""  # of the normalised text: the same document from another file has the same

    @property
    def page_count(self) -> int:
        return self.last_page - self.first_page + 1


# ------------------------------------------------------------- extract ----
@dataclass(frozen=True)
class Obligation:
    """Who must do what, by when. Units are written as the text names them (prefixes distributed)."""

    passage_seq: int
    text: str
    pages: tuple[int, ...]
    clause_path: tuple[str, ...]
    lead: tuple[str, ...] = ()
    co: tuple[str, ...] = ()
    responsible: tuple[str, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    source: str = ""  # "paren" | "block" | "table" | "prose"
    # units an earlier blanket note makes responsible ("以下均需各市人民政府落实，不再列出"); they are
    # in `responsible` too, though this task's own text does not name them
    blanket: tuple[str, ...] = ()
    number: str = ""  # the row's 序号 in the plan's own 分工表 ("12"); "" for tasks read from prose
    name: str = ""  # what a 分工表 calls it: its heading or first sentence (kb/extract/responsibilities/names.py)


@dataclass(frozen=True)
class Target:
    """A quantitative target: 到2025年，单位地区生产总值能源消耗比2020年下降14.5%."""

    passage_seq: int
    pages: tuple[int, ...]
    clause_path: tuple[str, ...]
    indicator: str
    value: float
    unit: str | None
    direction: str
    year: int | None
    base_year: int | None = None
    qualifier: str = ""  # 力争 / 左右 / 以上 …, words joined by 、 ("力争、以上")
    attribute: str | None = None  # 约束性 / 预期性
    cumulative: bool = False
    text: str = ""
    indicator_key: str = ""  # normalised name for comparing plans
    value_high: float | None = None  # the upper end of a range ("1至2个": value 1, value_high 2)
    base_value: float | None = None  # the level in the base year: 比2020年的15.9%提高到20% → 15.9


@dataclass(frozen=True)
class Extraction:
    """What extraction found in one document, and which body each unit name stands for there
    (市发展改革局 in a 珠海 plan → 珠海市发展改革委): units are compared across plans by body."""

    obligations: tuple[Obligation, ...]
    targets: tuple[Target, ...]
    bodies: Mapping[str, str] = field(default_factory=dict)


# ----------------------------------------------------------- the store ----
@dataclass(frozen=True)
class Filters:
    """What a list or a search is narrowed to. Every command, view and export reads it the same way.

    doc: a document id, or a reference to one: its file name, part of its title, or its 文号;
    department: a unit as plans write it or by an alias (发改委 finds 市发展改革局);
    jurisdiction: 国家 / 广东省 / 珠海市; year: the year of issue;
    deadline_year: a task due that year (by any of its deadlines), a target set for that year;
    due_before: a task whose first deadline ends before this day ("2026" = before 2026 begins);
    kind: (search only) a passage kind or flag: text, heading, table_row, obligation, target;
    indicator: (targets only) part of an indicator's name, or of its comparable key.
    """

    doc: int | str | None = None
    department: str | None = None
    jurisdiction: str | None = None
    year: int | None = None
    deadline_year: int | None = None
    due_before: str | None = None
    kind: str | None = None
    indicator: str | None = None

    @property
    def due_before_day(self) -> str | None:
        """due_before as an ISO day: "2026" → "2026-01-01".

        >>> Filters(due_before="2026").due_before_day, Filters(due_before="2025-06-30").due_before_day
        ('2026-01-01', '2025-06-30')
        """
        value = (self.due_before or "").strip()
        if len(value) == 4 and value.isdigit():
            return f"{value}-01-01"
        return value or None

    def __bool__(self) -> bool:
        return any(v not in (None, "") for v in vars(self).values())


@dataclass(frozen=True)
class StoredFile:
    """A source file the KB holds."""

    id: int
    path: str
    name: str
    sha256: str
    pages: int


@dataclass(frozen=True)
class DocumentInfo:
    """A stored document with its source file, as lists show it."""

    id: int
    title: str
    doc_number: str
    issuers: tuple[str, ...]
    issue_date: str
    year: int | None
    jurisdiction: str
    first_page: int
    last_page: int
    file: str  # the file's name
    path: str  # the file's absolute path
    file_pages: int = 0
    page_warnings: tuple[tuple[int, PageWarning], ...] = ()
    ocr_pages: tuple[tuple[int, float], ...] = ()  # (page, mean OCR confidence)
    duplicate_of: int | None = None  # the document this one repeats (the same text from another file)
    sources: tuple[str, ...] = ()  # every file holding this document: its own first, then its duplicates'

    @property
    def pages(self) -> int:
        return self.last_page - self.first_page + 1

    @property
    def warnings(self) -> tuple[str, ...]:
        """The page warnings as users read them: ("第1–8页无文字层，需要OCR",)."""
        return tuple(describe_warnings(dict(self.page_warnings)))

    @property
    def ocr_notes(self) -> tuple[str, ...]:
        """Which pages were OCR'd, as users read it: ("第1–8页为OCR识别文字（置信度99%）",)."""
        return tuple(describe_ocr(dict(self.ocr_pages)))


@dataclass(frozen=True)
class PassageView(_Cited):
    """A passage with the document and file it comes from (the detail pane shows it)."""

    id: int
    doc_id: int
    kind: str
    text: str
    pages: tuple[int, ...]
    clause_path: tuple[str, ...]
    document: str
    doc_number: str
    jurisdiction: str
    file: str
    path: str
    file_pages: int


@dataclass(frozen=True, kw_only=True)
class ObligationRow:
    """A stored obligation with its document: what must be done, by whom, by when, where written.

    `roles` is set when the row was listed for one department: that unit's part in the task.
    """

    text: str
    lead: tuple[str, ...] = ()
    co: tuple[str, ...] = ()
    responsible: tuple[str, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    clause: str = ""
    page: int = 0
    pages: tuple[int, ...] = ()
    document: str = ""
    jurisdiction: str = ""
    file: str = ""
    path: str = ""
    source: str = ""
    number: str = ""  # the row's 序号 in the plan's own 分工表; "" for tasks read from prose
    name: str = ""  # the task's name: its heading or first sentence (the plan's own 分工表: its cell)
    id: int = 0
    doc_id: int = 0
    passage_id: int | None = None
    roles: tuple[Role, ...] = ()
    blanket: tuple[str, ...] = ()  # units an earlier blanket note makes responsible (also in responsible)

    @property
    def title(self) -> str:
        """The task's name, or its text when it has none (a row made by hand)."""
        return self.name or self.text

    @property
    def deadline(self) -> Deadline | None:
        """The task's first deadline, the one it is sorted and filed by."""
        return self.deadlines[0] if self.deadlines else None

    def units(self, role: Role) -> tuple[str, ...]:
        return {Role.LEAD: self.lead, Role.CO: self.co, Role.RESPONSIBLE: self.responsible}[role]


@dataclass(frozen=True, kw_only=True)
class TargetRow:
    """A stored target with its document: 单位地区生产总值能源消耗 下降 14.5 % by 2025 (base 2020)."""

    indicator: str
    value: float
    unit: str | None = None
    direction: str = ""
    qualifier: str = ""
    base_year: int | None = None
    year: int | None = None
    attribute: str | None = None
    cumulative: bool = False
    indicator_key: str = ""
    value_high: float | None = None
    text: str = ""
    clause: str = ""
    page: int = 0
    document: str = ""
    jurisdiction: str = ""
    file: str = ""
    path: str = ""
    id: int = 0
    doc_id: int = 0
    passage_id: int | None = None
    base_value: float | None = None  # the level in the base year (比2020年的15.9%提高到20% → 15.9)
    # Set by a comparison (kb.export.compare): whether the value stands beside the others, and why not
    comparable: bool = True
    note: str = ""

    @property
    def stated(self) -> str:
        """The target as the plan states it: '力争达到20%左右', '下降14.5%', '新增1—2个'.

        >>> TargetRow(indicator="非化石能源消费比重", value=20.0, unit="%", direction="达到", qualifier="力争、左右").stated
        '力争达到20%左右'
        >>> TargetRow(indicator="示范区", value=1.0, unit="个", direction="新增", value_high=2.0).stated
        '新增1—2个'
        """
        aim, after = self._qualifier_parts()
        high = f"—{number_text(self.value_high)}" if self.value_high is not None else ""
        return f"{aim}{self.direction}{number_text(self.value)}{high}{self.unit or ''}{after}"

    @property
    def qualifier_words(self) -> tuple[str, ...]:
        """The qualifier's words: '力争、左右' → ('力争', '左右')."""
        return tuple(w for w in self._qualifier_parts() if w)

    def _qualifier_parts(self) -> tuple[str, str]:
        """(what is said before the verb, what follows the value): '力争、左右' → ('力争', '左右')."""
        words = [w for w in self.qualifier.split("、") if w]
        aim = "".join(w for w in words if w in AIM_WORDS)
        return aim, "".join(w for w in words if w not in AIM_WORDS)

    @property
    def base(self) -> str:
        """The base it starts from: '2020年：15.9%' for a level, '比2020年' for a change, '' when unstated.

        >>> TargetRow(indicator="x", value=20.0, unit="%", base_value=15.9, base_year=2020).base
        '2020年：15.9%'
        >>> TargetRow(indicator="x", value=14.5, unit="%", direction="下降", base_year=2020).base
        '比2020年'
        """
        if self.base_value is not None:
            year = f"{self.base_year}年：" if self.base_year else ""
            return f"{year}{number_text(self.base_value)}{self.unit or ''}"
        return f"比{self.base_year}年" if self.base_year else ""


@dataclass(frozen=True)
class DepartmentSummary:
    """A unit named in obligations, per jurisdiction: its name, other spellings and task counts."""

    name: str  # as the plans write it, level and short name expanded: 市机管局 in 上海 → 上海市机关事务管理局
    jurisdiction: str
    aliases: tuple[str, ...]
    lead: int = 0
    co: int = 0
    responsible: int = 0
    canonical: str = ""  # the body it is stored as (one per alias group): 珠海市发展改革委

    @property
    def key(self) -> str:
        """What its tasks are looked up by (KnowledgeBase.department_obligations)."""
        return self.canonical or self.name

    @property
    def total(self) -> int:
        return self.lead + self.co + self.responsible

    def count(self, role: Role) -> int:
        return getattr(self, role.value)


@dataclass(frozen=True)
class IndicatorSummary:
    """An indicator (by its comparable key) with how many targets and plans state it."""

    key: str
    name: str  # one of the names plans give it
    targets: int
    plans: int


@dataclass
class DeadlineBucket:
    """A node of the 时限 view: obligations grouped by deadline, possibly with sub-groups."""

    key: str
    label: str
    obligation_ids: list[int] = field(default_factory=list)
    children: list[DeadlineBucket] = field(default_factory=list)


# ----------------------------------------------------------- the index ----
@dataclass(frozen=True)
class IndexRecord:
    """One passage or table row as the search index stores it (built from the store)."""

    doc_id: int
    passage_id: int
    kind: str  # "heading" | "text" | "table_row"
    text: str
    title: str
    file: str
    clause: str
    page: int
    jurisdiction: str = ""
    year: int | None = None  # year of issue
    departments: tuple[str, ...] = ()
    deadline_years: tuple[int, ...] = ()
    flags: tuple[str, ...] = ()  # e.g. ("obligation", "target")
    # the units of the passage's tasks that its text does not name (a "牵头单位：…" line of its
    # own): searched with the passage, so "林业局 碳汇" finds the task. "牵头：省林业局"
    note: str = ""
