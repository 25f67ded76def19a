"""Layout: from pages of lines to a flow of paragraphs and tables.

Removes what the printer put on every page (running headers, page numbers), joins hard-wrapped
lines into paragraphs (across page breaks too), and joins a table continued over several pages.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from statistics import median

from .data import role_words
from .models import Block, Line, Page, Paragraph, RawTable, Table
from .text import TOC_ENTRY, join_wrapped, normalize, starts_with_numbering

# "— 3 —", "- 3 -", "－3－", "3", OCR'd "-2 一" and "3 •"
PAGE_NUMBER = re.compile(r"^[—–\-－一―_•·~〜\s]*\d{1,4}[—–\-－一―_•·~〜\s]*$")
# "第3页", "第 3 页 共 20 页", "3/20", "3 / 20"
PAGE_NUMBER_WORDS = re.compile(r"^(第\s*\d{1,4}\s*页(\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})$")
# A number between dashes never belongs to the text, wherever it stands: "— 24 —", "——1——"
DASHED_PAGE_NUMBER = re.compile(r"^[—–\-－―]{1,3}\s*\d{1,4}\s*[—–\-－―]{1,3}$")
# A table of contents line that ends in dot leaders, its page number drawn on the line below
LEADERS_AT_END = re.compile(r"(\.{4,}|…{2,}|(\. ){4,}|·{4,})\s*$")
BARE_NUMBER = re.compile(r"^\d{1,3}$")
# A cover's date line: "2022 年 04 月", "二〇二二年五月"
MONTH_LINE = re.compile(r"^((19|20)\d{2}|[二〇一三四五六七八九零]{4})年[\d一二三四五六七八九十]{1,2}月")
# Share of the page height counted as header or footer band.
BAND = 0.1
# A page needs this many body lines for its own margins to be measured (else the file's count).
PAGE_MARGIN_LINES = 3
# ... and its text block must be at least this share of the file's text width.
PAGE_MIN_WIDTH = 0.85
# An OCR'd page needs this many lines for its body size to be told (see even_ocr_sizes).
OCR_BODY_LINES = 8


def is_page_number(text: str) -> bool:
    """True for page-number lines such as "— 3 —", "- 3 -", "第3页", "3/20".

    >>> is_page_number("— 3 —"), is_page_number("第3页"), is_page_number("2025年")
    (True, True, False)
    """
    text = text.replace("\t", " ").strip()
    return bool(PAGE_NUMBER.match(text) or PAGE_NUMBER_WORDS.match(text))


def remove_page_furniture(pages: Sequence[Page]) -> list[Page]:
    """Pages without running headers, footers and page numbers.

    A page number is furniture in the header or footer band, and anywhere as the page's first
    or last line (re-typeset and scanned pages put the footer higher than the band).
    """
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
        edges = [ln for ln in _edge_lines(keep) if _stands_as_page_number(ln, keep, page)]
        keep = [ln for ln in keep if ln not in edges]
        cleaned.append(replace(page, lines=_toc_numbers_joined(keep)))
    return cleaned


def _stands_as_page_number(line: Line, lines: list[Line], page: Page) -> bool:
    """A page number outside the band: decorated ("— 12 —", "一1一"), or a bare number centred
    on the page or standing apart from the text (a bare "25" right under a line is the end of
    "2025" wrapped, not a page number)."""
    text = line.text.replace("\t", " ").strip()
    if not is_page_number(text):
        return False
    if not text.isdigit():
        return True
    centred = abs((line.x0 + line.x1) / 2 - page.width / 2) < max(line.size, 1) * 2
    gaps = [abs(line.top - other.bottom) if other.top < line.top else abs(other.top - line.bottom)
            for other in lines if other is not line]
    return centred or not gaps or min(gaps) > max(line.size, 1) * 1.5


def _edge_lines(lines: list[Line]) -> list[Line]:
    """The first and last of a page's lines by position (where page numbers stand)."""
    if not lines:
        return []
    ordered = sorted(lines, key=lambda ln: ln.top)
    return [ordered[0], ordered[-1]]


def _toc_numbers_joined(lines: list[Line]) -> list[Line]:
    """A table of contents whose page numbers stand on the line below their entries: each
    number joined to its entry ("一、总体要求……" + "5" → "一、总体要求……5"). On a page of
    dot leaders every bare number is such a page number."""
    out: list[Line] = []
    toc = sum(bool(LEADERS_AT_END.search(ln.text)) for ln in lines) >= 2
    for line in lines:
        prev = out[-1] if out else None
        if prev is not None and BARE_NUMBER.match(line.text.strip()) and (toc or LEADERS_AT_END.search(prev.text)):
            out[-1] = replace(prev, text=prev.text.rstrip() + line.text.strip(), x1=max(prev.x1, line.x1))
        else:
            out.append(line)
    return out


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
    size = _body_size(lines)
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


def _body_size(lines: Sequence[Line]) -> int:
    """The type size most of the text is set in (rounded to a point)."""
    sizes: Counter[int] = Counter()
    for ln in lines:
        sizes[round(ln.size)] += len(ln.text)
    return sizes.most_common(1)[0][0]


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


def _page_metrics(pages: Sequence[Page], m: _Metrics) -> dict[int, _Metrics]:
    """Each page's own type size and margins where it has enough full lines to tell them:
    re-typeset books and scans shift the text block from page to page (mirrored margins, a
    skewed scan, a chapter set smaller), and a paragraph read against another page's margins
    looks indented or stopped short."""
    out = {}
    for page in pages:
        out[page.number] = m
        if not page.lines or not m.size:
            continue  # plain text: one page, the file's metrics are its own
        size = _body_size(page.lines)
        body = [ln for ln in page.lines if round(ln.size) == size and "\t" not in ln.text]
        # full lines span most of the file's text width: a page of short items says nothing
        full = [ln for ln in body if ln.x1 - ln.x0 >= (m.right - m.left) * 0.7]
        if len(full) < PAGE_MARGIN_LINES:
            continue
        unit = size or 1
        right = _full_line_end(sorted(ln.x1 for ln in full), unit)
        # the left margin is where a paragraph's lines go on after a full line (a first line,
        # a caption or a table row may stand indented)
        going_on = [ln for above, ln in zip(body, body[1:]) if above.x1 >= right - unit * 2]
        lefts = Counter(round(ln.x0 / (unit / 2)) for ln in going_on)
        common = [x for x, n in lefts.items() if n >= max(2, len(going_on) * 0.2)]
        left = min(common) * (unit / 2) if common else None
        # a text block moves, it hardly narrows: a narrow "block" is a list of formulas or items
        if left is not None and right - left >= (m.right - m.left) * PAGE_MIN_WIDTH:
            out[page.number] = replace(m, size=size, left=left, right=right)
    return out


def even_ocr_sizes(pages: Sequence[Page]) -> list[Page]:
    """OCR'd pages with their type sizes evened out: a scan's pages come at different scales
    (a phone photographs one page closer than the next), so the same body text measures 18 pt
    on one page and 16 pt on the next; layout and outline read a size change as a new paragraph
    or a heading. Each OCR'd page with enough lines is scaled so its body size is the median
    body size of the file's OCR'd pages."""
    bodies = {p.number: median(ln.size for ln in p.lines) for p in pages if p.ocr and len(p.lines) >= OCR_BODY_LINES}
    if not bodies:
        return list(pages)
    target = median(bodies.values())
    out = []
    for page in pages:
        factor = target / bodies[page.number] if page.number in bodies else 1.0
        lines = [replace(ln, size=round(ln.size * factor * 2) / 2) for ln in page.lines] if factor != 1.0 else page.lines
        out.append(replace(page, lines=lines))
    return out


def flow(pages: Sequence[Page]) -> list[Block]:
    """Paragraphs and tables in reading order: page furniture removed, hard wraps and page
    breaks undone. A footnote at the foot of a page waits until the paragraph it interrupts
    has ended on the next page."""
    pages = remove_page_furniture(even_ocr_sizes(pages))
    m = _metrics(pages)
    margins = _page_metrics(pages, m)
    blocks: list[Block] = []
    current: list[Line] = []
    waiting: list[Block] = []  # footnotes of a page whose last paragraph goes on

    def close_paragraph() -> None:
        if current:
            blocks.append(_paragraph(current, m, pages))
            current.clear()
        blocks.extend(waiting)
        waiting.clear()

    for page in pages:
        body, notes = _footnotes(page, margins[page.number])
        items: list[Line | RawTable] = [*body, *page.tables]
        items.sort(key=lambda it: it.top)
        for it in items:
            if isinstance(it, RawTable):
                close_paragraph()
                table = _merge_or_start_table(blocks, it, nothing_before=_first_on_page(it, page))
                if table is not None:
                    blocks.append(table)
                continue
            if current and _starts_new_paragraph(current, it, margins[current[-1].page], margins[it.page], page.width):
                close_paragraph()
            current.append(it)
        waiting.extend(_note_paragraphs(notes, margins[page.number], pages))
        if not current:
            close_paragraph()
    close_paragraph()
    return _attach_responsibility_lines(blocks)


# Footnotes are set this much smaller than the page's text, below all of it, and open with a
# mark: [6], ［6］, ①, *, ※, a number. (A table's "注：" below it runs on like text.)
FOOTNOTE_SIZE = 0.85
FOOTNOTE_MARK = re.compile(r"^(\[\d{1,3}\]|［\d{1,3}］|[①-⑳]|[*＊※]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\d{1,2}\s)")


def _footnotes(page: Page, m: _Metrics) -> tuple[list[Line], list[Line]]:
    """The page's lines, and apart from them its footnotes: smaller lines in the lower half of
    the page below every line of body text ("[6]蓝碳：即海洋碳汇…")."""
    body_size = [ln.bottom for ln in page.lines if abs(ln.size - m.size) <= 1]
    if not body_size or not m.size:
        return page.lines, []
    last_body = max(body_size)
    notes = [ln for ln in page.lines if ln.top > last_body and ln.top > page.height / 2
             and ln.size <= m.size * FOOTNOTE_SIZE]
    if not notes or len(notes) != sum(ln.top > last_body for ln in page.lines) or not FOOTNOTE_MARK.match(notes[0].text):
        return page.lines, []  # something other than a footnote stands below the text
    return [ln for ln in page.lines if ln not in notes], notes


def _note_paragraphs(notes: list[Line], m: _Metrics, pages: Sequence[Page]) -> list[Paragraph]:
    """Footnote lines joined into one paragraph per note (a note starts with its mark, indented
    or numbered)."""
    out: list[list[Line]] = []
    for line in notes:
        opens = FOOTNOTE_MARK.match(line.text) or starts_with_numbering(line.text)
        if out and line.x0 <= m.left + (m.size or 1) and not opens:
            out[-1].append(line)
        else:
            out.append([line])
    return [_paragraph(lines, m, pages) for lines in out]


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


def _starts_new_paragraph(current: list[Line], line: Line, m: _Metrics, here: _Metrics, width: float) -> bool:
    """Whether `line` opens a new paragraph after the lines of the current one; `m` holds the
    margins of the page the current paragraph stops on, `here` those of the line's page."""
    prev = current[-1]
    unit = m.size or 1
    if _title_wrap(prev, line, m, width):
        return False
    if TOC_ENTRY.search(prev.text) or TOC_ENTRY.search(line.text):
        return True
    if abs(line.size - prev.size) > 1:
        return True
    if starts_with_numbering(line.text.strip()) or NOTE.match(line.text.strip()):
        return True
    if _full_mid_sentence(current, m):
        return False  # a full line of prose that stops mid-sentence goes on, however the next one stands
    if line.x0 > here.left + unit * 1.2:
        return True  # first-line indent (or a centred line)
    if line.page == prev.page and line.bottom - prev.bottom > m.pitch * 1.8:
        return True
    # lines end a little ragged: justified type, half-width digits in plain text
    if prev.x1 < m.right - unit * 2 and not _runs_on(prev, m) and not _tail_wrap(current, m):
        return True  # the previous line stopped short: its paragraph ended there
    return False


# A paragraph ends with one of these; a long line ending otherwise runs on ("到 2025 年，初步构建减污降碳协").
PARAGRAPH_END = tuple("。；！？：:;!?”）)")
# A note under a table or a list opens a paragraph of its own: 注：1.具体目标最终以省分解任务为准
NOTE = re.compile(r"^注\s*\d*\s*[：:]")
# Punctuation inside a sentence: a line holding one is prose, not a heading.
MID_SENTENCE = tuple("，、。；：")
SENTENCE_INSIDE = tuple("。；")


def _runs_on(line: Line, m: _Metrics) -> bool:
    """A line a little short of the margin (spaces, half-width digits) that ends mid-sentence."""
    text = line.text.rstrip()
    return line.x1 - m.left >= (m.right - m.left) * 0.75 and not text.endswith(PARAGRAPH_END)


def _full_line(line: Line, m: _Metrics) -> bool:
    return line.x1 >= m.right - (m.size or 1) * 2


def _full_mid_sentence(current: list[Line], m: _Metrics) -> bool:
    """The paragraph's last line is prose that reaches the right margin without closing
    punctuation: its sentence goes on below even when the next line is indented (a hanging
    tail) or on the next page. A one-line paragraph is prose only with punctuation in it; a
    numbered one only when a sentence ends in it ("（四）强化宣传教育。加强…"): else it is a
    heading ("（四）启动靶向导引，编制行动方案") or a caption."""
    line = current[-1]
    marks = SENTENCE_INSIDE if starts_with_numbering(line.text.strip()) else MID_SENTENCE
    prose = len(current) > 1 or any(mark in line.text for mark in marks)
    return prose and _full_line(line, m) and "\t" not in line.text and not line.text.rstrip().endswith(PARAGRAPH_END)


def _tail_wrap(current: list[Line], m: _Metrics) -> bool:
    """The last line is short but the sentence goes on: a paragraph re-typeset a little wider
    than its page wraps the last characters of a full line onto a line of their own ("…大" /
    "湘西" / "区域严禁…"). It follows a full line and ends without closing punctuation; the
    caller has checked that the next line is neither indented nor numbered."""
    prev = current[-1]
    before = current[-2] if len(current) > 1 else None
    return (
        before is not None
        and _full_line(before, m)
        and not prev.text.rstrip().endswith(PARAGRAPH_END)
        and abs(before.size - prev.size) <= 1
    )


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
