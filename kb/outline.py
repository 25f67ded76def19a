"""Outline: the structure of a file's text. A compilation splits at each notice title
("关于印发《…》的通知") into documents; each document gets its title, its headings (by the Chinese
numbering hierarchy and by type size) and every passage its clause path
("二、重点任务 › （一）能源绿色低碳转型行动 › 1.严格合理控制煤炭消费").

    >>> [o.title for o in outline(blocks, "文件名")]      # doctest: +SKIP
    ['珠海市碳达峰实施方案']
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from .models import Block, Outline, Paragraph, Passage, Table
from .text import LEVEL, TOC_ENTRY, numbering_level, starts_with_numbering

# Words that head a part of a document without a number.
UNNUMBERED_HEADINGS = re.compile(r"^(前\s*言|目\s*录|附\s*件\s*\d*|附\s*表\s*\d*|专栏\s*\d+.*|结\s*束\s*语|序\s*言|引\s*言)$")
# A heading title is short; a numbered item whose first sentence is longer is a task, not a title.
MAX_TITLE = 40
# 关于印发《重点海域综合治理攻坚战行动方案》的通知 — opens a notice
NOTICE_TITLE = re.compile(r"^(?P<issuer>[^，。；《]{0,40}?)关于(印发|转发|发布)?.{0,80}?(的)?(通知|意见|决定|批复|函)$")
# The notice title sometimes wraps its last words onto a line of their own: "的通知"
TITLE_TAIL = re.compile(r"^的?(通知|意见|决定|批复|函)$")
# 《珠海市碳达峰实施方案》 or 印发珠海市碳达峰实施方案的通知
QUOTED_TITLE = re.compile(r"[《〈<](.+?)[》〉>]")
PRINTED_TITLE = re.compile(r"印发(.+?)的通知")
# A cover letter without the title printed above it: 现将《繁昌区节能降碳若干支持措施》印发给你们
ISSUED_TITLE = re.compile(r"(?:^|[：:])现将《([^《》]{4,60})》(?:予以)?印发")
# A title saying who issued what: 中共中央办公厅、国务院办公厅印发《关于深化生态保护补偿制度改革的意见》
ISSUER_AND_TITLE = re.compile(r"印发《([^《》]{4,60})》$")
# 文号: 珠府〔2023〕39号, 沪发改环资〔2022〕6号, 繁政办〔2022〕3号 (a line of its own on a red-header
# notice is never the title)
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}\s*[〔［\[【(（﹝]\s*(19|20)\d{2}\s*[〕］\]】)）﹞]\s*\d{1,4}\s*号")
# 2022 年 04 月 (cover pages give only the month) and 二〇二二年五月: dates, never titles
MONTH = re.compile(r"^((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月$")
CN_MONTH = re.compile(r"^([二〇一三四五六七八九零]{4})年([一二三四五六七八九十]{1,2})月$")
DAY = re.compile(r"^(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")  # a signature's date: 2022年3月9日
# Captions of tables and figures: 表1 2022年中国GDP总量前十城市环境质量情况
CAPTION = re.compile(r"^(表|图|附表)\s*\d")


def outline(blocks: Sequence[Block], fallback_title: str = "") -> list[Outline]:
    """One Outline per document of the file, in order; `fallback_title` (the file's own title)
    names a document whose text gives none."""
    out = []
    for i, part in enumerate(split_notices(blocks)):
        paragraphs = [b for b in part if isinstance(b, Paragraph)][:60]
        title = document_title(paragraphs, fallback_title if i == 0 else "") or fallback_title
        found, tables = passages(part, title)
        out.append(Outline(title, list(part), found, tables))
    return out


# ---------------------------------------------------------------- notices ----
def split_notices(blocks: Sequence[Block]) -> list[list[Block]]:
    """The blocks of each notice of a compilation; all of them for an ordinary file.

    A new document starts at a notice title ("关于印发《…》的通知") that follows body text of
    an earlier document.
    """
    starts = [0]
    seen_body = False
    for i, block in enumerate(blocks):
        if not isinstance(block, Paragraph):
            continue
        if _is_notice_title(blocks, i) and seen_body and i > starts[-1] + 3:
            starts.append(i)
            seen_body = False
        elif len(block.text) > 60:
            seen_body = True
    return [list(blocks[a:b]) for a, b in zip(starts, [*starts[1:], len(blocks)])]


def _is_notice_title(blocks: Sequence[Block], i: int) -> bool:
    text = title_text(blocks, i)
    return bool(text) and len(text) <= 90 and bool(NOTICE_TITLE.match(text))


def title_text(blocks: Sequence[Block], i: int) -> str:
    """The paragraph at `i` as a title: its 文号 in brackets dropped, a wrapped "的通知" joined."""
    block = blocks[i]
    if not isinstance(block, Paragraph):
        return ""
    text = re.sub(r"[（(][^）)]*〔\d{4}〕[^）)]*[）)]$", "", block.text)  # "…的通知（珠府〔2023〕39号）", "(沪发改环资〔2021〕77号)"
    following = blocks[i + 1] if i + 1 < len(blocks) else None
    if isinstance(following, Paragraph) and TITLE_TAIL.match(following.text):
        text += following.text
    return text


def document_title(paragraphs: Sequence[Paragraph], fallback: str = "") -> str:
    """The title of a document from its opening paragraphs: the plan a notice issues, else the
    biggest short line of the first page."""
    for i, p in enumerate(paragraphs[:8]):
        text = title_text(paragraphs, i)
        if NOTICE_TITLE.match(text) and len(text) <= 90:
            quoted = QUOTED_TITLE.search(text) or PRINTED_TITLE.search(text)
            return _clean_title(quoted.group(1) if quoted else text)
    for p in paragraphs[:10]:
        issued = ISSUED_TITLE.search(p.text)
        if issued:
            return _clean_title(issued.group(1))
    # No notice: the title is the first short, big or centred paragraph on the first page.
    # (a numbered heading is a clause, not a title: then the file's own title is better)
    candidates = [p for p in paragraphs[:10] if len(p.text) <= 60 and not is_month(p.text) and not starts_with_numbering(p.text)
                  and not CAPTION.match(p.text) and not _is_sentence(p.text) and not DOC_NUMBER.fullmatch(p.text.strip())
                  and not DAY.match(p.text)]
    if not candidates:
        return fallback or (paragraphs[0].text[:40] if paragraphs else "")
    biggest = max(candidates, key=lambda p: (p.size, p.centered or p.bold, -paragraphs.index(p)))
    issued = ISSUER_AND_TITLE.search(biggest.text)  # the document is what is issued
    return _clean_title(issued.group(1) if issued else biggest.text)


def is_month(text: str) -> bool:
    """A line giving only a month (a cover page's date): "2022 年 04 月", "二〇二二年五月"."""
    return bool(MONTH.match(text) or CN_MONTH.match(text))


def _is_sentence(text: str) -> bool:
    """Body text, not a title: titles have no commas and no full stop inside or at the end."""
    return "，" in text or "。" in text


TITLE_MARKS = {"《": "》", "〈": "〉", "<": ">", "“": "”", '"': '"'}  # opening → closing
OPENING_MARKS = {close: open_ for open_, close in TITLE_MARKS.items()}  # closing → opening


def _clean_title(title: str) -> str:
    """The title without spaces and without the marks around it; marks that are part of it stay.

    >>> _clean_title("《上海市 碳达峰实施方案》"), _clean_title("“十四五”建筑节能与绿色建筑发展规划")
    ('上海市碳达峰实施方案', '“十四五”建筑节能与绿色建筑发展规划')
    >>> _clean_title("关于印发《方案》的通知》")  # a stray closing mark left by a cut line
    '关于印发《方案》的通知'
    """
    title = re.sub(r"\s+", "", title)
    while len(title) > 2 and TITLE_MARKS.get(title[0]) == title[-1]:
        title = title[1:-1]
    while title and title[0] in TITLE_MARKS and title.count(title[0]) > title.count(TITLE_MARKS[title[0]]):
        title = title[1:]  # an opening mark never closed
    while title and title[-1] in OPENING_MARKS and title.count(title[-1]) > title.count(OPENING_MARKS[title[-1]]):
        title = title[:-1]  # a closing mark never opened
    return title


# --------------------------------------------------------------- clauses ----


def title_of(text: str) -> str | None:
    """The heading title a numbered paragraph opens with, or None when it has none.

    >>> title_of("1.严格合理控制煤炭消费。立足以煤为主的基本国情，有序推动…")
    '1.严格合理控制煤炭消费'
    >>> title_of("（一）指导思想。")
    '（一）指导思想'
    """
    first = re.split(r"[。；;：:！？]", text, maxsplit=1)[0]
    first = first.rstrip("，, ")
    if len(first) <= MAX_TITLE and "，" not in first[6:] or len(text) <= MAX_TITLE:
        return first if len(first) <= MAX_TITLE else None
    return None


def passages(blocks: Sequence[Block], title: str = "") -> tuple[list[Passage], list[Table]]:
    """Passages (headings, text, table rows) and tables, each with its clause path.

    `title` is the document title; a paragraph equal to it is the title, not a clause.
    """
    out: list[Passage] = []
    tables: list[Table] = []
    stack: list[tuple[float, str]] = []  # (level, title)
    layout_levels = _layout_heading_levels(blocks)
    top_level = _top_numbering_level(blocks)
    title_key = re.sub(r"\s+", "", title)

    def path() -> tuple[str, ...]:
        return tuple(t for _, t in stack)

    for block in blocks:
        if isinstance(block, Table):
            index = len(tables)
            tables.append(Table(block.pages, block.rows, block.header, path(), _table_title(out)))
            for r, row in enumerate(block.rows):
                text = " | ".join(cell for cell in row)
                out.append(Passage(len(out), "table_row", text, block.pages, path(), index, r))
            continue
        text = block.text
        if not text:
            continue
        if TOC_ENTRY.search(text):
            out.append(Passage(len(out), "toc", text, block.pages, path()))
            continue
        key = re.sub(r"\s+", "", text)
        if title_key and len(out) < 12 and len(key) <= 90 and (key in title_key or title_key in key and "，" not in key):
            out.append(Passage(len(out), "heading", text, block.pages, ()))  # the document's title
            continue
        level, heading = _heading(block, layout_levels, top_level)
        if level is not None and heading is not None:
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, heading))
            if heading == text.rstrip("。.") or len(text) <= len(heading) + 1:
                out.append(Passage(len(out), "heading", text, block.pages, path()))
                continue
        out.append(Passage(len(out), "text", text, block.pages, path()))
    return out, tables


def _heading(
    block: Paragraph, layout_levels: dict[float, float], top_level: int
) -> tuple[float | None, str | None]:
    text = block.text
    level = numbering_level(text)
    if level is not None:
        return level, title_of(text)
    if UNNUMBERED_HEADINGS.match(text):
        name = re.sub(r"\s+", "", text)
        # 附件 holds a document of its own, above its numbering; 前言/目录 stand beside 一、二、…
        return (-0.5 if name.startswith(("附件", "附表")) else top_level), name
    if len(text) <= MAX_TITLE and (block.size in layout_levels) and not text.endswith(("。", "；")):
        return layout_levels[block.size], text
    return None, None


def _top_numbering_level(blocks: Sequence[Block]) -> int:
    levels = [numbering_level(b.text) for b in blocks if isinstance(b, Paragraph)]
    return min((lv for lv in levels if lv is not None), default=LEVEL["cn"])


def _layout_heading_levels(blocks: Sequence[Block]) -> dict[float, float]:
    """Font sizes larger than the body's, mapped to levels above every numbered level.

    A plan without numbered chapters still has headings in a bigger type.
    """
    sizes: dict[float, int] = {}
    for b in blocks:
        if isinstance(b, Paragraph) and b.size:
            sizes[b.size] = sizes.get(b.size, 0) + len(b.text)
    if not sizes:
        return {}
    body = max(sizes, key=sizes.get)
    bigger = sorted((s for s in sizes if s >= body + 1.5), reverse=True)
    # levels -3, -2, -1: outside (above) 第X部分
    return {size: -3 + min(i, 2) for i, size in enumerate(bigger)}


def _table_title(previous: list[Passage]) -> str:
    # "表1 近零碳排放区域试点主要指标体系" or "重点任务分工表" right before the table
    for p in reversed(previous[-2:]):
        if p.kind in ("heading", "text") and len(p.text) <= 60 and ("表" in p.text or "指标" in p.text):
            return p.text
    return ""
