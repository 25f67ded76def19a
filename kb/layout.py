"""Layout: from pages of lines to a flow of paragraphs and tables.

Removes what the printer put on every page (running headers, page numbers), joins hard-wrapped
lines into paragraphs (across page breaks too), and joins a table continued over several pages.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .data import role_words
from .models import Block, Line, Page, Paragraph, RawTable, Table
from .text import TOC_ENTRY, join_wrapped, normalize, starts_with_numbering

# "— 3 —", "- 3 -", "－3－", "3", OCR'd "-2 一" and "3 •"
PAGE_NUMBER = re.compile(r"^[—–\-－一―_•·~〜\s]*\d{1,4}[—–\-－一―_•·~〜\s]*$")
# "第3页", "第 3 页 共 20 页", "3/20", "3 / 20"
PAGE_NUMBER_WORDS = re.compile(r"^(第\s*\d{1,4}\s*页(\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})$")
# A number between dashes never belongs to the text, wherever it stands: "— 24 —"
DASHED_PAGE_NUMBER = re.compile(r"^[—–\-－―]\s*\d{1,4}\s*[—–\-－―]$")
# A cover's date line: "2022 年 04 月", "二〇二二年五月"
MONTH_LINE = re.compile(r"^((19|20)\d{2}|[二〇一三四五六七八九零]{4})年[\d一二三四五六七八九十]{1,2}月")
# Share of the page height counted as header or footer band.
BAND = 0.1


def is_page_number(text: str) -> bool:
    """True for page-number lines such as "— 3 —", "- 3 -", "第3页", "3/20".

    >>> is_page_number("— 3 —"), is_page_number("第3页"), is_page_number("2025年")
    (True, True, False)
    """
    text = text.replace("\t", " ").strip()
    return bool(PAGE_NUMBER.match(text) or PAGE_NUMBER_WORDS.match(text))


def remove_page_furniture(pages: Sequence[Page]) -> list[Page]:
    """Pages without running headers, footers and page numbers."""
    repeated = _repeated_band_texts(pages)
    cleaned = []
    for page in pages:
        keep = []
        for line in page.lines:
            text = line.text.replace("\t", " ").strip()
            in_band = _in_band(line, page)
            if DASHED_PAGE_NUMBER.match(text) or (in_band and is_page_number(text)):
                continue
            if in_band and _shape(text) in repeated:
                continue
            keep.append(line)
        cleaned.append(replace(page, lines=keep))
    return cleaned


def _in_band(line: Line, page: Page) -> bool:
    """A line that starts in the top or bottom band of the page, where running headers and
    footers stand (重庆's "重庆市人民政府行政规范性文件" reaches just below the top band)."""
    if page.height <= 0:
        return False
    return line.top < page.height * BAND or line.bottom > page.height * (1 - BAND)


def _shape(text: str) -> str:
    # headers differ from page to page only in their numbers: "第3页 珠海市…" ~ "第4页 珠海市…"
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _repeated_band_texts(pages: Sequence[Page]) -> set[str]:
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update({_shape(ln.text) for ln in page.lines if _in_band(ln, page)})
    needed = max(3, int(len(pages) * 0.3))
    return {shape for shape, n in counts.items() if n >= needed and shape}


# ------------------------------------------------------------------ flow ----
@dataclass
class _Metrics:
    size: float  # body font size
    left: float  # body left margin
    right: float  # where full lines end
    pitch: float  # usual distance between lines


def _metrics(pages: Sequence[Page]) -> _Metrics:
    lines = [ln for p in pages for ln in p.lines]
    if not lines:
        return _Metrics(1, 0, 0, 1)
    sizes = Counter()
    for ln in lines:
        sizes[round(ln.size)] += len(ln.text)
    size = sizes.most_common(1)[0][0]
    body = [ln for ln in lines if round(ln.size) == size and len(ln.text) > 3] or lines
    unit = size or 1  # plain text has no font size: one character is one unit
    # the body's left edge: the leftmost x0 that many lines share (first lines are indented)
    lefts = Counter(round(ln.x0 / (unit / 2)) for ln in body)
    common = [x for x, n in lefts.items() if n >= max(2, len(body) * 0.1)] or [lefts.most_common(1)[0][0]]
    left = min(common) * (unit / 2)
    ends = sorted(ln.x1 for ln in body)
    right = _full_line_end(ends, unit)
    pitches = Counter()
    for page in pages:
        for a, b in zip(page.lines, page.lines[1:]):
            gap = b.bottom - a.bottom
            if 0 < gap < unit * 4:
                pitches[round(gap)] += 1
    pitch = pitches.most_common(1)[0][0] if pitches else unit * 1.5
    return _Metrics(size, left, right, pitch or 1)


def _full_line_end(ends: list[float], unit: float) -> float:
    """Where a full (wrapped) line ends: the rightmost edge that many lines share.

    Text reflowed by a browser (one paragraph per line) has no common right edge; then no line
    counts as wrapped.
    """
    buckets = Counter(round(e / unit) for e in ends)
    needed = max(2, len(ends) * 0.2)
    shared = [
        e
        for e, own in buckets.items()
        if own >= needed / 2 and sum(n for b, n in buckets.items() if abs(b - e) <= 1) >= needed
    ]
    if not shared:
        return float("inf")
    edge = max(shared)
    return max(e for e in ends if round(e / unit) <= edge)


def flow(pages: Sequence[Page]) -> list[Block]:
    """Paragraphs and tables in reading order: page furniture removed, hard wraps and page
    breaks undone."""
    pages = remove_page_furniture(pages)
    m = _metrics(pages)
    blocks: list[Block] = []
    current: list[Line] = []

    def close_paragraph() -> None:
        if current:
            blocks.append(_paragraph(current, m, pages))
            current.clear()

    for page in pages:
        items: list[Line | RawTable] = [*page.lines, *page.tables]
        items.sort(key=lambda it: it.top)
        for it in items:
            if isinstance(it, RawTable):
                close_paragraph()
                table = _merge_or_start_table(blocks, it, nothing_before=_first_on_page(it, page))
                if table is not None:
                    blocks.append(table)
                continue
            if current and _starts_new_paragraph(current[-1], it, m, page.width):
                close_paragraph()
            current.append(it)
    close_paragraph()
    return _attach_responsibility_lines(blocks)


# A responsibility note printed on a line of its own belongs to the task above it:
# （牵头单位：市生态环境局；配合单位：市应急局、市审批服务局）. Its label is a block-line word of
# kb/data/roles.txt (the words responsibility extraction reads).
_BLOCK_LABELS = "|".join(word for word, _role, *flags in role_words()["label"] if "block" in flags)
RESPONSIBILITY_LINE = re.compile(rf"^[（〔(【]\s*({_BLOCK_LABELS})[：:][^（）〔〕()]*[）〕)】]。?$")


def _attach_responsibility_lines(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        if isinstance(block, Paragraph) and isinstance(prev, Paragraph) and RESPONSIBILITY_LINE.match(block.text):
            pages = tuple(dict.fromkeys((*prev.pages, *block.pages)))
            out[-1] = replace(prev, text=prev.text + block.text, pages=pages)
        else:
            out.append(block)
    return out


def _first_on_page(table: RawTable, page: Page) -> bool:
    return not any(ln.top < table.top for ln in page.lines)


def _starts_new_paragraph(prev: Line, line: Line, m: _Metrics, width: float) -> bool:
    unit = m.size or 1
    if _title_wrap(prev, line, m, width):
        return False
    if TOC_ENTRY.search(prev.text) or TOC_ENTRY.search(line.text):
        return True
    if abs(line.size - prev.size) > 1:
        return True
    # lines end a little ragged: justified type, half-width digits in plain text
    if prev.x1 < m.right - unit * 2 and not _runs_on(prev, m):
        return True  # the previous line stopped short: its paragraph ended there
    if line.x0 > m.left + unit * 1.2:
        return True  # first-line indent (or a centred line)
    if starts_with_numbering(line.text.strip()):
        return True
    if line.page == prev.page and line.bottom - prev.bottom > m.pitch * 1.8:
        return True
    return False


# A paragraph ends with one of these; a long line ending otherwise runs on ("到 2025 年，初步构建减污降碳协").
PARAGRAPH_END = tuple("。；！？：:;!?”）)")


def _runs_on(line: Line, m: _Metrics) -> bool:
    """A line a little short of the margin (spaces, half-width digits) that ends mid-sentence."""
    text = line.text.rstrip()
    return line.x1 - m.left >= (m.right - m.left) * 0.75 and not text.endswith(PARAGRAPH_END)


def _centered(line: Line, m: _Metrics, width: float) -> bool:
    unit = m.size or 1
    return width > 0 and abs((line.x0 + line.x1) / 2 - width / 2) < unit * 2 and line.x0 > m.left + unit


def _big_line(line: Line, m: _Metrics, width: float) -> bool:
    unit = m.size or 1
    return line.size > m.size + 0.5 and abs((line.x0 + line.x1) / 2 - width / 2) < unit * 2


def _title_wrap(prev: Line, line: Line, m: _Metrics, width: float) -> bool:
    """A big centred title wrapped onto a second centred line: 青岛市温室气体减排和大气污染治理
    协同控制 / 三年行动计划（2021-2023年）."""
    return (
        line.page == prev.page
        and abs(line.size - prev.size) < 0.5
        and line.size > m.size + 0.5
        and line.bottom - prev.bottom < line.size * 2.6
        and _big_line(prev, m, width)
        and _big_line(line, m, width)
        and not starts_with_numbering(line.text)
        and not MONTH_LINE.match(line.text.replace(" ", ""))
    )


def _paragraph(lines: list[Line], m: _Metrics, pages: Sequence[Page]) -> Paragraph:
    text = normalize(join_wrapped([ln.text for ln in lines]))
    first = lines[0]
    page = next((p for p in pages if p.number == first.page), None)
    centered = page is not None and _centered(first, m, page.width) and lines[-1].x1 < m.right - (m.size or 1)
    pages_seen = tuple(dict.fromkeys(ln.page for ln in lines))
    bold = sum(ln.bold for ln in lines) > len(lines) / 2
    return Paragraph(text, pages_seen, size=first.size, bold=bold, centered=centered)


def _clean_rows(raw: RawTable) -> tuple[tuple[str, ...], ...]:
    width = max(len(r) for r in raw.rows)
    return tuple(tuple(normalize(c or "") for c in r) + ("",) * (width - len(r)) for r in raw.rows)


def _merge_or_start_table(blocks: list[Block], raw: RawTable, nothing_before: bool) -> Block | None:
    """A table, or None when `raw` continues the table ending the flow (merged into it)."""
    rows = _clean_rows(raw)
    prev = blocks[-1] if blocks else None
    continues = (
        isinstance(prev, Table)
        and len(rows[0]) == len(prev.header)
        and (
            (nothing_before and raw.page == prev.pages[-1] + 1)
            # plain text has no pages: a table straight after a table with a like header goes on
            or (raw.page == prev.pages[-1] and _similar_row(rows[0], prev.header))
        )
    )
    if continues:
        if _similar_row(rows[0], prev.header):
            rows = rows[1:]  # the header row repeated on the new page
        pages = tuple(dict.fromkeys((*prev.pages, raw.page)))
        blocks[-1] = replace(prev, pages=pages, rows=prev.rows + rows)
        return None
    return Table(pages=(raw.page,), rows=rows[1:], header=rows[0])


def _similar_row(a: Sequence[str], b: Sequence[str]) -> bool:
    """Rows that agree in most of their filled cells (a repeated header: 主要负责单位 vs 主要责任单位)."""
    pairs = [(x, y) for x, y in zip(a, b) if x or y]
    same = sum(re.sub(r"\s", "", x) == re.sub(r"\s", "", y) for x, y in pairs)
    return bool(pairs) and same * 2 > len(pairs)
