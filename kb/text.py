"""Text rules shared by every stage (one place for each rule): spacing, wrapped lines, and the
numbering that opens a clause (layout starts a paragraph at it, outline makes it a heading)."""
from __future__ import annotations

import os
import re
from functools import cached_property
from pathlib import Path


class LazyPattern:
    """A regular expression compiled when first used, used like a compiled one.

    Python's re compiles a character class spanning the CJK block by marking its 21,000 code
    points one at a time: 1–2 ms a class. Compiled at import, such rules would slow the start of
    every command, a search included, that never uses them.

    >>> LazyPattern(r"[\u4e00-\u9fff]+").findall("到2025年")
    ['到', '年']
    """

    def __init__(self, pattern: str, flags: int = 0):
        self._source = pattern, flags

    @cached_property
    def _compiled(self) -> re.Pattern:
        return re.compile(*self._source)

    def __getattr__(self, name: str):  # match, sub, fullmatch …
        return getattr(self._compiled, name)


# Chinese characters and full-width punctuation: no space belongs next to them.
_WIDE = r"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef\u2014\u2018\u2019\u201c\u201d\u2026\u3001\u3002〔〕《》"
# "到 2025 年" → "到2025年", "海 洋" (OCR) → "海洋"; a space stays only between two Latin words
SPACE_NEXT_TO_WIDE = LazyPattern(rf"(?<=[{_WIDE}])[ \t\u3000\xa0]+|[ \t\u3000\xa0]+(?=[{_WIDE}])")
SPACES = re.compile(r"[ \t\u3000\xa0]+")
# "14 .5%" or "14. 5%" inside numbers, "5 %" before a percent sign
SPACE_IN_NUMBER = re.compile(r"(?<=\d)\s*([.．%％])\s*(?=\d|%|$)|(?<=\d)\s+(?=[%％])")


def normalize(text: str) -> str:
    """Spaces removed where Chinese text never has them; runs of spaces folded to one.

    >>> normalize("到 2025 年，单位地区生产总值能源消耗比 2020 年下降 14.5 %")
    '到2025年，单位地区生产总值能源消耗比2020年下降14.5%'
    """
    text = SPACE_NEXT_TO_WIDE.sub("", text)
    text = SPACE_IN_NUMBER.sub(lambda m: m.group(1) or "", text)
    return SPACES.sub(" ", text).strip()


def join_wrapped(lines: list[str]) -> str:
    """Join hard-wrapped lines: nothing between Chinese, one space between Latin words.

    >>> join_wrapped(["单位地区生产总值能源", "消耗下降", "by the", "end"])
    '单位地区生产总值能源消耗下降by the end'
    """
    out = ""
    for line in lines:
        line = line.strip()
        if out and line and out[-1].isascii() and out[-1].isalnum() and line[0].isascii() and line[0].isalpha():
            out += " "
        out += line
    return out


def compact(text: str) -> str:
    """Text with all whitespace removed, for comparing and matching."""
    return re.sub(r"\s+", "", text)


# ---------------------------------------------------------------- numbering ----
_CN_NUM = "一二三四五六七八九十百零〇"
# Numbering levels, outermost first. Each pattern shows a real match.
NUMBERING: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("part", re.compile(rf"^第[{_CN_NUM}\d]+(部分|篇)")),  # 第一部分 总体要求
    ("chapter", re.compile(rf"^第[{_CN_NUM}\d]+章")),  # 第一章 开启应对气候变化新征程
    ("section", re.compile(rf"^第[{_CN_NUM}\d]+节")),  # 第一节 “十三五”工作取得积极进展
    # 一、总体要求; not the list of numbers "一、二星级评价标识…", "一、二类水质"
    ("cn", re.compile(rf"^[{_CN_NUM}]+\s*[、．.](?![{_CN_NUM}][、级类星档等])")),
    ("cn_paren", re.compile(rf"^[（(]\s*[{_CN_NUM}]+\s*[）)]")),  # （一）能源绿色低碳转型行动
    ("arabic", re.compile(r"^\d{1,2}\s*[.．、](?!\d)")),  # 1.严格合理控制煤炭消费
    ("arabic_paren", re.compile(r"^[（(]\s*\d{1,2}\s*[）)]")),  # （1）推进煤电节能降碳改造
    ("circled", re.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]")),  # ①开展试点
)
LEVEL = {name: i for i, (name, _) in enumerate(NUMBERING)}
# Lines of a table of contents end in dot leaders and a page number: "一、总体要求……9"
TOC_ENTRY = re.compile(r"(\.{4,}|…{2,}|(\. ){4,}|·{4,}).{0,3}\d{1,3}\s*$")


def numbering_level(text: str) -> int | None:
    """The numbering level a line starts with, or None.

    >>> numbering_level("（一）能源绿色低碳转型行动"), numbering_level("1.严格合理控制煤炭消费"), numbering_level("2025年")
    (4, 5, None)
    >>> numbering_level("一、二星级评价标识的建筑项目中绿色建材比例应分别达到70%、80%")  # 长沙 517 p.7
    """
    for name, pattern in NUMBERING:
        if pattern.match(text):
            return LEVEL[name]
    return None


def starts_with_numbering(text: str) -> bool:
    return numbering_level(text) is not None


def display_path(path: Path | str) -> str:
    """The path as users should read it, always storable text.

    File names unzipped from a Windows archive are often GBK bytes, which Python keeps as lone
    surrogates: such a name is decoded as GB18030 (else its bytes are escaped), so messages, the
    KB and exports can show it; kb.store keeps the real bytes to open the file again.

    >>> import os
    >>> display_path(os.fsdecode(b"/tmp/\\xd6\\xd0\\xce\\xc4.pdf")), display_path("/tmp/方案.pdf")
    ('/tmp/中文.pdf', '/tmp/方案.pdf')
    """
    return "/".join(_display_part(part) for part in str(path).split("/"))


def _display_part(part: str) -> str:
    if not any("\udc80" <= ch <= "\udcff" for ch in part):
        return part
    raw = os.fsencode(part)
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace")
