"""Split a file's flow into documents (a compilation of notices holds several) and read each
document's metadata from its text: title, 文号, issuing bodies, date of issue, jurisdiction.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .models import Block, DocumentMeta, Paragraph, Table
from .outline import starts_with_numbering

# 关于印发《重点海域综合治理攻坚战行动方案》的通知 — opens a notice
NOTICE_TITLE = re.compile(r"^(?P<issuer>[^，。；《]{0,40}?)关于(印发|转发|发布)?.{0,80}?(的)?(通知|意见|决定|批复|函)$")
# The notice title sometimes wraps its last words onto a line of their own: "的通知"
TITLE_TAIL = re.compile(r"^的?(通知|意见|决定|批复|函)$")
# 珠府〔2023〕39号, 环海洋〔2022〕11号, 沪发改环资〔2022〕6号, 厦环联〔2022〕4号
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}\s*[〔［\[【(（﹝]\s*(19|20)\d{2}\s*[〕］\]】)）﹞]\s*\d{1,4}\s*号")
# 2023年5月19日, 2022年 1月 29日
DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
# 2022 年 04 月 (cover pages give only the month)
MONTH = re.compile(r"^((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月$")
# 二〇二二年五月
CN_MONTH = re.compile(r"^([二〇一三四五六七八九零]{4})年([一二三四五六七八九十]{1,2})月$")
# 《珠海市碳达峰实施方案》 or 印发珠海市碳达峰实施方案的通知
QUOTED_TITLE = re.compile(r"[《〈<](.+?)[》〉>]")
PRINTED_TITLE = re.compile(r"印发(.+?)的通知")
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
# Captions of tables and figures: 表1 2022年中国GDP总量前十城市环境质量情况
CAPTION = re.compile(r"^(表|图|附表)\s*\d")
NATIONAL_MARKS = ("国务院", "国家", "中共中央", "生态环境部", "发展改革委", "全国")


@dataclass
class DocumentBlocks:
    meta: DocumentMeta
    blocks: list[Block]


def split_documents(blocks: Sequence[Block], fallback_title: str = "") -> list[DocumentBlocks]:
    """One DocumentBlocks per notice in a compilation; one for an ordinary file.

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
    out = []
    for a, b in zip(starts, [*starts[1:], len(blocks)]):
        part = list(blocks[a:b])
        out.append(DocumentBlocks(read_meta(part, fallback_title if a == 0 else ""), part))
    return out


def _is_notice_title(blocks: Sequence[Block], i: int) -> bool:
    text = _title_text(blocks, i)
    return bool(text) and len(text) <= 90 and bool(NOTICE_TITLE.match(text))


def _title_text(blocks: Sequence[Block], i: int) -> str:
    block = blocks[i]
    if not isinstance(block, Paragraph):
        return ""
    text = re.sub(r"（[^）]*〔\d{4}〕[^）]*）$", "", block.text)  # "…的通知（珠府〔2023〕39号）"
    following = blocks[i + 1] if i + 1 < len(blocks) else None
    if isinstance(following, Paragraph) and TITLE_TAIL.match(following.text):
        text += following.text
    return text


def read_meta(blocks: Sequence[Block], fallback_title: str = "") -> DocumentMeta:
    """Title, 文号, issuers, date and jurisdiction from the opening of a document.

    For 珠海市人民政府关于印发珠海市碳达峰实施方案的通知（珠府〔2023〕39号）… 2023年5月19日:
    title 珠海市碳达峰实施方案, doc_number 珠府〔2023〕39号, issuers (珠海市人民政府,),
    issue_date 2023-05-19, jurisdiction 珠海市.
    """
    paragraphs = [b for b in blocks if isinstance(b, Paragraph)][:60]
    head = paragraphs[:25]
    meta = DocumentMeta()
    meta.title = _title(paragraphs, fallback_title)
    for p in head:
        # only the opening's short lines carry the document's own 文号; the body cites others
        found = DOC_NUMBER.search(p.text) if len(p.text) <= 80 else None
        if found:
            meta.doc_number = re.sub(r"\s+", "", found.group(0))
            break
    meta.issue_date = _issue_date(paragraphs)
    meta.issuers = _issuers(paragraphs)
    meta.jurisdiction = jurisdiction_of(meta.title, meta.issuers, meta.doc_number)
    return meta


def _title(paragraphs: Sequence[Paragraph], fallback: str = "") -> str:
    for i, p in enumerate(paragraphs[:8]):
        text = _title_text(paragraphs, i)
        if NOTICE_TITLE.match(text) and len(text) <= 90:
            quoted = QUOTED_TITLE.search(text) or PRINTED_TITLE.search(text)
            return _clean_title(quoted.group(1) if quoted else text)
    # No notice: the title is the first short, big or centred paragraph on the first page.
    # (a numbered heading is a clause, not a title: then the file's own title is better)
    candidates = [p for p in paragraphs[:10] if len(p.text) <= 60 and not _is_month(p.text) and not starts_with_numbering(p.text) and not CAPTION.match(p.text) and not _is_sentence(p.text)]
    if not candidates:
        return fallback or (paragraphs[0].text[:40] if paragraphs else "")
    biggest = max(candidates, key=lambda p: (p.size, p.centered or p.bold, -paragraphs.index(p)))
    return _clean_title(biggest.text)


def _is_sentence(text: str) -> bool:
    """Body text, not a title: titles have no commas and no full stop inside or at the end."""
    return "，" in text or "。" in text


def _clean_title(title: str) -> str:
    return re.sub(r"\s+", "", title).strip("《》〈〉<>\"“”")


def _issue_date(paragraphs: Sequence[Paragraph]) -> str:
    for p in paragraphs[:40]:
        found = DATE.search(p.text)
        if found and len(p.text) <= 40:
            y, m, d = (int(g) for g in found.groups())
            return f"{y:04d}-{m:02d}-{d:02d}"
    for p in paragraphs[:10]:
        if _is_month(p.text):
            return _month(p.text)
    return ""


_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}


def _is_month(text: str) -> bool:
    return bool(MONTH.match(text) or CN_MONTH.match(text))


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
    first = _title_text(paragraphs, 0) if paragraphs else ""
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
