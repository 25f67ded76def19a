"""Plain dataclasses passed between the pipeline stages.

read → layout → outline → extract → store / index. Every fact keeps its page numbers so the
app can always answer "which plan, which page?".
"""
from __future__ import annotations

from dataclasses import dataclass, field
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
    warning: str | None = None  # text-quality warning, in Chinese, shown to users


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
class Passage:
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

    @property
    def page(self) -> int:
        return self.pages[0] if self.pages else 0

    @property
    def clause(self) -> str:
        return " › ".join(self.clause_path)


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
    page_warnings: dict[int, str] = field(default_factory=dict)  # page → warning

    @property
    def page_count(self) -> int:
        return self.last_page - self.first_page + 1


# ------------------------------------------------------------- extract ----
@dataclass(frozen=True)
class Deadline:
    """A normalised completion time; `text` keeps the original words (到2025年)."""

    value: str | None  # "2025" | "2025-12-31" | "2021/2025" | "ongoing"
    text: str


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
    qualifier: str = ""  # 左右 / 以上 / 以下
    attribute: str | None = None  # 约束性 / 预期性
    cumulative: bool = False
    text: str = ""
    indicator_key: str = ""  # normalised name for comparing plans
