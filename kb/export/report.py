"""What an export holds, independent of the file format: a title, a date and one or more tables.

The format writers (xlsx.py, docx.py, csv.py) only lay out a Report; deciding which columns a
分工表 has and what goes in them happens once, in tables.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

Cell = str | int | float | None

# Characters XML 1.0 does not allow (C0 controls but tab, newline and CR; lone surrogates; U+FFFE/F):
# openpyxl and python-docx refuse a whole file for one of them. Policy text arrives from outside.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Cell text starting with these is a formula to Excel, WPS and LibreOffice (the OWASP CSV-injection
# rule): "=HYPERLINK(…)" in a unit's name must stay text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    """One column: its header and its width in Excel character units (a Chinese character is ~2).

    printed: False for a column of numbers a spreadsheet needs (目标值 beside 目标 “力争达到20%”)
    but a printed page does not: the .docx leaves it out.
    """

    header: str
    width: float
    align: str = "left"  # left | center
    printed: bool = True


@dataclass(frozen=True)
class Sheet:
    """One table: the whole selection, or the part of it from one document.

    name: the Excel sheet name (a document title when grouped); caption: the line shown above the
    table when a report has several (《珠海市碳达峰实施方案》); marked: rows shown in red (overdue);
    sections: (row index, title) of the headings that run across the table before those rows, as a
    分工表 groups its tasks (一、能源绿色低碳转型行动); spreadsheets and prints show them, a CSV not.
    """

    name: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    caption: str = ""
    marked: frozenset[int] = frozenset()
    sections: tuple[tuple[int, str], ...] = ()

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def section_before(self) -> dict[int, str]:
        """Row index → the section title shown before it."""
        return dict(self.sections)

    def printed(self) -> Sheet:
        """The sheet without the columns a printed page leaves out.

        >>> sheet = Sheet("对比", (Column("目标", 10), Column("目标值", 8, printed=False)), (("达到20%", 20),))
        >>> sheet.printed().headers, sheet.printed().rows
        (['目标'], (('达到20%',),))
        """
        keep = [i for i, c in enumerate(self.columns) if c.printed]
        return replace(self, columns=tuple(self.columns[i] for i in keep),
                       rows=tuple(tuple(row[i] for i in keep) for row in self.rows))


@dataclass(frozen=True)
class Chart:
    """A bar chart of one indicator's comparable values across plans, one bar per plan (drawn
    natively in .xlsx). axis_min: where the value axis starts (above 0 when the values are close)."""

    title: str
    labels: tuple[str, ...]
    values: tuple[float, ...]
    axis_title: str = ""
    axis_min: float = 0.0


@dataclass(frozen=True)
class Report:
    """Everything one export file shows.

    >>> Report("重点任务分工表", "导出日期：2026年11月21日", (Sheet("分工表", (Column("序号", 6),), ((1,),)),)).count
    1
    """

    title: str
    date_line: str  # 导出日期：2026年11月21日
    sheets: tuple[Sheet, ...]
    note: str = ""  # the filters used: 文件：珠海；完成时限早于：2026-01-01
    remark: str = ""  # said after the count: 其中已逾期3项
    charts: tuple[Chart, ...] = field(default=())
    show_info: bool = True  # False: only the title above the table, as an official 分工表 has

    @property
    def count(self) -> int:
        return sum(len(s.rows) for s in self.sheets)

    def cleaned(self) -> Report:
        """The same report with characters no file format can hold removed from every text.

        >>> r = Report("分工\\x07表", "", (Sheet("表", (Column("任务", 10),), (("推进\\x00工作", 1),)),))
        >>> r.cleaned().title, r.cleaned().sheets[0].rows[0]
        ('分工表', ('推进工作', 1))
        """
        sheets = tuple(replace(s, name=clean(s.name), caption=clean(s.caption),
                               columns=tuple(replace(c, header=clean(c.header)) for c in s.columns),
                               rows=tuple(tuple(clean(v) if isinstance(v, str) else v for v in row) for row in s.rows),
                               sections=tuple((i, clean(t)) for i, t in s.sections))
                       for s in self.sheets)
        charts = tuple(replace(c, title=clean(c.title), labels=tuple(map(clean, c.labels)), axis_title=clean(c.axis_title))
                       for c in self.charts)
        return replace(self, title=clean(self.title), date_line=clean(self.date_line), note=clean(self.note),
                       remark=clean(self.remark), sheets=sheets, charts=charts)

    def info_line(self, sheet: Sheet | None = None) -> str:
        """The line under the title: caption, filters, date and count.

        >>> r = Report("台账", "导出日期：2026年11月21日", (), note="单位：市生态环境局", remark="其中已逾期0项")
        >>> r.info_line()
        '单位：市生态环境局　导出日期：2026年11月21日　共0项，其中已逾期0项'
        """
        if not self.show_info:
            return ""
        count = len(sheet.rows) if sheet is not None else self.count
        caption = sheet.caption if sheet is not None else ""
        total = f"共{count}项" + (f"，{self.remark}" if self.remark else "")
        return "　".join(p for p in (caption, self.note, self.date_line, total) if p)


def clean(text: str) -> str:
    """Text without the characters XML forbids: "推进\\x0b工作" → "推进工作"."""
    return XML_ILLEGAL.sub("", text)


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would run this cell text as a formula.

    >>> is_formula_like('=HYPERLINK("http://x","市发展改革委")'), is_formula_like("市发展改革委")
    (True, False)
    """
    return text.startswith(FORMULA_START)


def cell_text(value: Cell) -> str:
    """A cell as text: numbers without a trailing .0, None as empty.

    >>> cell_text(14.5), cell_text(100.0), cell_text(None), cell_text("市生态环境局")
    ('14.5', '100', '', '市生态环境局')
    """
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}" if value != int(value) else str(int(value))
    return str(value)


def display_width(text: str) -> int:
    """Width in Excel character units: CJK characters count two.

    >>> display_width("第10页")
    6
    """
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
