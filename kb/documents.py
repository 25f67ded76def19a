"""Documents: each outlined document of a file with its metadata read from its text (文号,
issuing bodies, date of issue, jurisdiction), its page span and its page warnings.

    >>> docs = documents(outline(blocks, "文件名"), pages)          # doctest: +SKIP
    >>> docs[0].meta.doc_number, docs[0].meta.jurisdiction        # doctest: +SKIP
    ('珠府〔2023〕39号', '珠海市')
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence

from .models import Block, Document, DocumentMeta, Outline, Page, Paragraph
from .outline import CN_MONTH, DOC_NUMBER, MONTH, NOTICE_TITLE, is_month, title_text

# 2023年5月19日, 2022年 1月 29日
DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
# Bodies that sign a notice: 珠海市人民政府, 生态环境部, 上海市发展和改革委员会, 上 海 市 水 务 局
ISSUER = re.compile(r"^[\u4e00-\u9fff（）()]{2,30}(人民政府|政府|办公厅|办公室|委员会|部|委|局|厅|署|院|会议办公室|管委会)$")
# "深圳市生态环境局深圳市发展和改革委员会" names two bodies
ISSUER_PART = re.compile(r".+?(?:人民政府|办公厅|办公室|委员会|部|局|厅|署)(?=[\u4e00-\u9fff]{2,}(?:市|省|国|部)|等|$)")
PROVINCES = (
    "北京市 天津市 上海市 重庆市 河北省 山西省 辽宁省 吉林省 黑龙江省 江苏省 浙江省 安徽省 福建省 江西省 山东省 河南省 "
    "湖北省 湖南省 广东省 海南省 四川省 贵州省 云南省 陕西省 甘肃省 青海省 台湾省 内蒙古自治区 广西壮族自治区 "
    "西藏自治区 宁夏回族自治区 新疆维吾尔自治区 香港特别行政区 澳门特别行政区"
).split()
# A city or county named in a title: 珠海市, 德州市, 青岛市, 厦门市 (two to four characters + 市/县/区)
PLACE = re.compile(r"([\u4e00-\u9fff]{2,4}?(?:市|县|自治州|地区))")
NATIONAL_MARKS = ("国务院", "国家", "中共中央", "生态环境部", "发展改革委", "全国")


def documents(outlines: Sequence[Outline], pages: Sequence[Page]) -> list[Document]:
    """The file's documents: each outline with its metadata, its page span and page warnings.

    A document runs from the first page of the file (or of its notice) to the page before the
    next notice starts, so pages without text still belong to a document and keep their warnings.
    """
    starts = [pages[0].number] + [_first_page(o.blocks, pages) for o in outlines[1:]]
    # a notice may start in the middle of the page the previous one ends on
    ends = [max(start - 1, _last_page(o.blocks, pages)) for start, o in zip(starts[1:], outlines)] + [pages[-1].number]
    warnings = {page.number: page.warning for page in pages if page.warning is not None}
    ocr = {page.number: page.ocr_confidence for page in pages if page.ocr}
    return [
        Document(read_meta(o.blocks, o.title), o.passages, o.tables, first, last,
                 {n: w for n, w in warnings.items() if first <= n <= last},
                 {n: c for n, c in ocr.items() if first <= n <= last}, text_hash(p.text for p in o.passages))
        for o, first, last in zip(outlines, starts, ends)
    ]


# What a document's identity ignores: spacing, punctuation and symbols differ between the PDF,
# the .docx and an OCR of one text.
NOT_WORDS = re.compile(r"[^\w]|_")


def words(texts: Iterable[str]) -> str:
    """The text's words alone, run together: what two copies of one document share.

    >>> words(["一、总体要求", "到 2025 年，下降14.5%。"])
    '一总体要求到2025年下降145'
    """
    return "".join(NOT_WORDS.sub("", text) for text in texts)


# Two texts are one document when this share of the shorter one's 8-character runs occur in the
# longer, and neither is much longer (a notice is not the compilation that holds it).
SAME_TEXT = 0.9
SAME_LENGTH = 0.8
SHINGLE = 8


def same_text(a: str, b: str) -> bool:
    """Whether two documents' words (see `words`) are one text: the PDF and the .docx of one plan
    differ in page furniture, a table of contents and a few characters, not in their sentences.

    >>> plan = "到2025年单位地区生产总值能源消耗比2020年下降145" * 5
    >>> same_text(plan + "目录", plan), same_text(plan, plan[:40])
    (True, False)
    """
    if not a or not b or min(len(a), len(b)) < max(len(a), len(b)) * SAME_LENGTH:
        return False
    runs_a = {a[i:i + SHINGLE] for i in range(max(len(a) - SHINGLE + 1, 1))}
    runs_b = {b[i:i + SHINGLE] for i in range(max(len(b) - SHINGLE + 1, 1))}
    return len(runs_a & runs_b) >= min(len(runs_a), len(runs_b)) * SAME_TEXT


def text_hash(texts: Iterable[str]) -> str:
    """A hash of the text's words alone (letters, digits, Chinese characters): the same for the
    same document read from a PDF or a .docx, whatever the line breaks, spaces and punctuation.

    >>> text_hash(["一、总体要求", "到2025年，能耗下降14.5%。"]) == text_hash(["一 总体要求到 2025 年能耗下降14.5%"])
    True
    """
    return hashlib.sha256(words(texts).encode("utf-8")).hexdigest()


def _first_page(blocks: Sequence[Block], pages: Sequence[Page]) -> int:
    return min((n for b in blocks for n in b.pages), default=pages[0].number)


def _last_page(blocks: Sequence[Block], pages: Sequence[Page]) -> int:
    return max((n for b in blocks for n in b.pages), default=pages[0].number)


def read_meta(blocks: Sequence[Block], title: str) -> DocumentMeta:
    """文号, issuers, date and jurisdiction from the opening of a document titled `title`.

    For 珠海市人民政府关于印发珠海市碳达峰实施方案的通知（珠府〔2023〕39号）… 2023年5月19日:
    doc_number 珠府〔2023〕39号, issuers (珠海市人民政府,), issue_date 2023-05-19, jurisdiction 珠海市.
    """
    paragraphs = [b for b in blocks if isinstance(b, Paragraph)][:60]
    meta = DocumentMeta(title=title)
    for p in paragraphs[:25]:
        # only the opening's short lines carry the document's own 文号; the body cites others
        found = DOC_NUMBER.search(p.text) if len(p.text) <= 80 else None
        if found:
            meta.doc_number = re.sub(r"\s+", "", found.group(0))
            break
    meta.issue_date = _issue_date(paragraphs)
    meta.issuers = _issuers(paragraphs)
    meta.jurisdiction = jurisdiction_of(meta.title, meta.issuers, meta.doc_number)
    return meta


def _issue_date(paragraphs: Sequence[Paragraph]) -> str:
    for p in paragraphs[:40]:
        found = DATE.search(p.text)
        if found and len(p.text) <= 40:
            y, m, d = (int(g) for g in found.groups())
            return f"{y:04d}-{m:02d}-{d:02d}"
    for p in paragraphs[:10]:
        if is_month(p.text):
            return _month(p.text)
    return ""


_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}


def _month(text: str) -> str:
    """"2022 年 04 月" → "2022-04"; "二〇二二年五月" → "2022-05"."""
    found = MONTH.match(text)
    if found:
        return f"{int(found.group(1)):04d}-{int(found.group(2)):02d}"
    found = CN_MONTH.match(text)
    year = int("".join(str(_CN_DIGITS[c]) for c in found.group(1)))
    month_text = found.group(2)
    month = 10 + (_CN_DIGITS.get(month_text[-1], 0) if len(month_text) > 1 else 0) if "十" in month_text else _CN_DIGITS[month_text]
    return f"{year:04d}-{month:02d}"


def _issuers(paragraphs: Sequence[Paragraph]) -> tuple[str, ...]:
    names: list[str] = []
    first = title_text(paragraphs, 0) if paragraphs else ""
    notice = NOTICE_TITLE.match(first)
    if notice and notice.group("issuer"):
        names.extend(ISSUER_PART.findall(notice.group("issuer")) or [notice.group("issuer")])
    # the signature block: short lines naming bodies right before the date
    for i, p in enumerate(paragraphs[:40]):
        if DATE.search(p.text) and len(p.text) <= 40:
            j = i - 1
            block: list[str] = []
            while j >= 0 and ISSUER.match(re.sub(r"\s+", "", paragraphs[j].text)):
                block.insert(0, re.sub(r"\s+", "", paragraphs[j].text))
                j -= 1
            names.extend(block)
            break
    return tuple(dict.fromkeys(names))


def jurisdiction_of(title: str, issuers: Sequence[str], doc_number: str = "") -> str:
    """国家, a province or a city, judged from the title first, then the issuing bodies.

    >>> jurisdiction_of("珠海市碳达峰实施方案", ())
    '珠海市'
    >>> jurisdiction_of("重点海域综合治理攻坚战行动方案", ("生态环境部", "发展改革委"))
    '国家'
    """
    for text in (title, *issuers):
        found = _place(text)
        if found:
            return found
    if any(mark in text for text in (title, *issuers) for mark in NATIONAL_MARKS):
        return "国家"
    return ""


def _place(text: str) -> str:
    """The first province or city the text names ("广东省…" → 广东省, "珠海市…" → 珠海市)."""
    found = [(text.find(p), p) for p in PROVINCES if p in text]
    found += [
        (m.start(), m.group(1))
        for m in PLACE.finditer(text)
        if not m.group(1).startswith(("城市", "全市", "本市", "各市", "地市", "省市")) and not m.group(1).endswith("城市")
    ]
    return min(found)[1] if found else ""
