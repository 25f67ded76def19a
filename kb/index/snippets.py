"""Where the query terms occur in a passage, and a short excerpt with those places marked.

Design: a hit carries the full passage `text` and `spans`, (start, end) character offsets into that
text (end exclusive, sorted, non-overlapping), computed on folded text and mapped back, so a span
covers the original characters including any spaces inside ("2025 年" for the query 2025年).
The excerpt around the first hit is derived from text + spans by `mark`: as plain text with
【 】 markers (CLI, logs) or as escaped HTML with <b>…</b> (Qt rich text).
"""
from __future__ import annotations

import html
from typing import Callable, Iterable

from kb.index.analysis import fold_with_origins

SNIPPET_CHARS = 80  # excerpt length in characters of the original text
LEAD_CHARS = 16  # context kept before the first hit


def find_spans(text: str, forms: Iterable[str]) -> tuple[tuple[int, int], ...]:
    """Spans of `text` whose folded form equals one of the folded `forms`, merged.

    >>> find_spans("到 2025 年，下降14.5%", ["2025年", "14.5%"])
    ((2, 8), (11, 16))
    """
    folded, origins = fold_with_origins(text)
    found = []
    for form in forms:
        if not form:
            continue
        at = folded.find(form)
        while at >= 0:
            found.append((origins[at], origins[at + len(form) - 1] + 1))
            at = folded.find(form, at + 1)
    merged: list[list[int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((start, end) for start, end in merged)


def window(text: str, spans: tuple[tuple[int, int], ...], width: int = SNIPPET_CHARS) -> tuple[int, int]:
    """The (start, end) of the excerpt: `width` characters starting a little before the first hit.

    >>> window("甲" * 200, ((100, 102),))
    (84, 164)
    """
    if len(text) <= width:
        return 0, len(text)
    first = spans[0][0] if spans else 0
    start = max(0, min(first - LEAD_CHARS, len(text) - width))
    return start, start + width


def mark(text: str, spans: tuple[tuple[int, int], ...], open_mark: str, close_mark: str,
         escape: Callable[[str], str] = str, width: int = SNIPPET_CHARS) -> str:
    """The excerpt of `text` with each span wrapped in the marks; "…" where the text was cut.

    >>> mark("单位GDP能耗下降14.5%", ((9, 14),), "<b>", "</b>", html.escape)
    '单位GDP能耗下降<b>14.5%</b>'
    """
    start, end = window(text, spans, width)
    out = ["…" if start > 0 else ""]
    at = start
    for span_start, span_end in spans:
        span_start, span_end = max(span_start, start), min(span_end, end)
        if span_start >= span_end:
            continue
        out.append(escape(text[at:span_start]))
        out.append(open_mark + escape(text[span_start:span_end]) + close_mark)
        at = span_end
    out.append(escape(text[at:end]))
    out.append("…" if end < len(text) else "")
    return "".join(out)


def plain_snippet(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """Excerpt with hits in 【 】 (for plain-text output).

    >>> plain_snippet("推进减污降碳协同增效", ((2, 6),))
    '推进【减污降碳】协同增效'
    """
    return mark(text, spans, "【", "】")


def html_snippet(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """Excerpt as escaped HTML with hits in <b>…</b> (for Qt rich text).

    >>> html_snippet("<PUE>值", ((1, 4),))
    '&lt;<b>PUE</b>&gt;值'
    """
    return mark(text, spans, "<b>", "</b>", html.escape)
