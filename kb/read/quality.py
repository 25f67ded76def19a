"""Text-quality checks: warn about pages whose text users should not trust.

The warning (a kb.models.PageWarning code) is stored with the page; the app and the CLI show its
Chinese message.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from ..models import Line, PageWarning

# Lines of a correctly read page seldom start with closing punctuation; in a page read in the
# wrong order (seed 000: "。示范", "，开启碳达峰碳…") a third or more do.
LEADING_PUNCTUATION = tuple("，。、；：）》”！？")
SCRAMBLED_SHARE = 0.2
# Glyphs without a Unicode mapping come out as (cid:123), U+FFFD or private-use code points; glyphs
# mapped to the wrong code points land in scripts a Chinese plan never uses (Latin Extended, IPA,
# Greek, Cyrillic: "生态环境部门要ĥτ规划实施评估…њ³点任务")
UNMAPPED_GLYPH = re.compile(r"\(cid:\d+\)|[\ufffd\ue000-\uf8ff\u0100-\u024f\u0250-\u036f\u0370-\u03ff\u0400-\u04ff]")
# OCR layers of scans mix ASCII look-alikes into Chinese: 厦环联 (2 022J 4 号, 厦门市"十四五"
OCR_NOISE = re.compile(
    r'[\u4e00-\u9fff]["\'(:;]|["\'(:;][\u4e00-\u9fff]|\d[A-Za-z]\b|[•·]'
)
CJK = re.compile(r"[\u4e00-\u9fff]")



def page_warning(lines: Sequence[Line]) -> PageWarning | None:
    """A warning for a page whose text looks garbled, scrambled or OCR-noisy, else None."""
    return text_warning([ln.text for ln in lines])


def text_warning(lines: Sequence[str]) -> PageWarning | None:
    """The same check on plain lines of text.

    >>> text_warning(["。示范", "，开启碳达峰碳中和新征程", "、性展的降为重点战略方", "深圳市", "应对气候变化"])
    <PageWarning.SCRAMBLED: 'scrambled'>
    >>> text_warning(["到2025年，单位地区生产总值能源消耗比2020年下降14.5%。"]) is None
    True
    >>> text_warning(["生态环境部门要ĥτ规划实施评估，围绕规划目标指标њ³点任务њ³大工程М展М行调͍ћд时对规划实施情ÀМ行评估"])
    <PageWarning.GARBLED: 'garbled'>
    """
    lines = [ln.strip() for ln in lines if ln.strip()]
    if not lines:
        return None
    text = "".join(lines)
    if len(UNMAPPED_GLYPH.findall(text)) > max(5, len(text) * 0.05):
        return PageWarning.GARBLED
    starts = sum(ln.startswith(LEADING_PUNCTUATION) for ln in lines)
    if len(lines) >= 5 and starts / len(lines) >= SCRAMBLED_SHARE:
        return PageWarning.SCRAMBLED
    cjk = len(CJK.findall(text))
    if cjk >= 50 and len(OCR_NOISE.findall(text)) >= max(4, cjk * 0.012):
        return PageWarning.OCR_NOISE
    return None
