"""Text normalisation rules shared by every stage (one place for each rule)."""
from __future__ import annotations

import re

# Chinese characters and full-width punctuation: no space belongs next to them.
_WIDE = r"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef\u2014\u2018\u2019\u201c\u201d\u2026\u3001\u3002〔〕《》"
# "到 2025 年" → "到2025年", "海 洋" (OCR) → "海洋"; a space stays only between two Latin words
SPACE_NEXT_TO_WIDE = re.compile(rf"(?<=[{_WIDE}])[ \t\u3000\xa0]+|[ \t\u3000\xa0]+(?=[{_WIDE}])")
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
