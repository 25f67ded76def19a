"""Text-quality checks: warn about pages whose text users should not trust.

The warning is stored with the page and shown in the app, in Chinese.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from ..models import Line

# Lines of a correctly read page seldom start with closing punctuation; in a page read in the
# wrong order (seed 000: "。示范", "，开启碳达峰碳…") a third or more do.
LEADING_PUNCTUATION = tuple("，。、；：）》”！？")
SCRAMBLED_SHARE = 0.2
# Glyphs without a Unicode mapping come out as (cid:123), U+FFFD or private-use code points.
UNMAPPED_GLYPH = re.compile(r"\(cid:\d+\)|[\ufffd\ue000-\uf8ff]")
# OCR layers of scans mix ASCII look-alikes into Chinese: 厦环联 (2 022J 4 号, 厦门市"十四五"
OCR_NOISE = re.compile(
    r'[\u4e00-\u9fff]["\'(:;]|["\'(:;][\u4e00-\u9fff]|\d[A-Za-z]\b|[•·]'
)
CJK = re.compile(r"[\u4e00-\u9fff]")

GARBLED = "乱码：字体缺少Unicode映射，文字不可信"
SCRAMBLED = "文字顺序错乱（提取顺序异常），文字不可信"
OCR = "OCR识别文字，可能有错字"


def page_warning(lines: Sequence[Line]) -> str | None:
    """A warning for a page whose text looks garbled, scrambled or OCR-noisy, else None."""
    return text_warning([ln.text for ln in lines])


def text_warning(lines: Sequence[str]) -> str | None:
    """The same check on plain lines of text.

    >>> text_warning(["。示范", "，开启碳达峰碳中和新征程", "、性展的降为重点战略方"])
    '文字顺序错乱（提取顺序异常），文字不可信'
    """
    lines = [ln.strip() for ln in lines if ln.strip()]
    if not lines:
        return None
    text = "".join(lines)
    if len(UNMAPPED_GLYPH.findall(text)) > max(5, len(text) * 0.05):
        return GARBLED
    starts = sum(ln.startswith(LEADING_PUNCTUATION) for ln in lines)
    if len(lines) >= 5 and starts / len(lines) >= SCRAMBLED_SHARE:
        return SCRAMBLED
    cjk = len(CJK.findall(text))
    if cjk >= 50 and len(OCR_NOISE.findall(text)) >= max(4, cjk * 0.012):
        return OCR
    return None
