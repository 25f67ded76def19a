"""Outline: find headings by the Chinese numbering hierarchy and by layout; give every passage
its clause path ("二、重点任务 › （一）能源绿色低碳转型行动 › 1.严格合理控制煤炭消费").
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from .models import Block, Paragraph, Passage, Table

_CN_NUM = "一二三四五六七八九十百零〇"
# Numbering levels, outermost first. Each pattern shows a real match.
NUMBERING: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("part", re.compile(rf"^第[{_CN_NUM}\d]+(部分|篇)")),  # 第一部分 总体要求
    ("chapter", re.compile(rf"^第[{_CN_NUM}\d]+章")),  # 第一章 开启应对气候变化新征程
    ("section", re.compile(rf"^第[{_CN_NUM}\d]+节")),  # 第一节 “十三五”工作取得积极进展
    ("cn", re.compile(rf"^[{_CN_NUM}]+\s*[、．.]")),  # 一、总体要求
    ("cn_paren", re.compile(rf"^[（(]\s*[{_CN_NUM}]+\s*[）)]")),  # （一）能源绿色低碳转型行动
    ("arabic", re.compile(r"^\d{1,2}\s*[.．、](?!\d)")),  # 1.严格合理控制煤炭消费
    ("arabic_paren", re.compile(r"^[（(]\s*\d{1,2}\s*[）)]")),  # （1）推进煤电节能降碳改造
    ("circled", re.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]")),  # ①开展试点
)
LEVEL = {name: i for i, (name, _) in enumerate(NUMBERING)}
# Words that head a part of a document without a number.
UNNUMBERED_HEADINGS = re.compile(r"^(前\s*言|目\s*录|附\s*件\s*\d*|附\s*表\s*\d*|专栏\s*\d+.*|结\s*束\s*语|序\s*言|引\s*言)$")
# A heading title is short; a numbered item whose first sentence is longer is a task, not a title.
MAX_TITLE = 40
# Lines of a table of contents end in dot leaders and a page number: "一、总体要求……9"
TOC_ENTRY = re.compile(r"(\.{4,}|…{2,}|(\. ){4,}|·{4,}).{0,3}\d{1,3}\s*$")


def numbering_level(text: str) -> int | None:
    """The numbering level a line starts with, or None.

    >>> numbering_level("（一）能源绿色低碳转型行动"), numbering_level("1.严格合理控制煤炭消费"), numbering_level("2025年")
    (4, 5, None)
    """
    for name, pattern in NUMBERING:
        if pattern.match(text):
            return LEVEL[name]
    return None


def starts_with_numbering(text: str) -> bool:
    return numbering_level(text) is not None


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
