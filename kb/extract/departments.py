"""Department names: split a list of responsible units, and give each a jurisdiction-aware
canonical form for querying ("市发展改革局" in a 珠海 plan → "珠海市发展改革委").

Units are kept as the text names them, except that a shared level prefix is distributed:
"市、区机管局" → 市机管局, 区机管局; "市发展改革局、工业和信息化局" → 市发展改革局, 市工业和信息化局.
"""
from __future__ import annotations

import re

from ..aliases import canonical_stem, expanded_name
from ..data import departments

# The level a unit name starts with: 市委宣传部, 市发展改革局, 省生态环境厅, 区机管局.
# "市场监督管理局" is not 市 + 场…, "区域…" not 区 + 域…, "乡村振兴局" not 乡 + 村….
LEVEL_PREFIX = re.compile(r"^(市委|省委|区委|县委|市(?!场)|省|区(?!域)|县|镇|乡(?!村))")
# A level standing alone in a list, waiting for the next item's stem: the "市" of "市、区机管局",
# the "各区" of "各区、市政府" (青岛).
BARE_LEVEL = re.compile(r"^(各)?(市|省|区|县|镇|乡|街道)$")
# A named place already says whose body it is: 珠海市税务局, 西海岸新区管委, 青浦区机管局.
PLACE_NAMED = re.compile(r"^[\u4e00-\u9fff]{2,3}(市|省)(?![场容政])|^[\u4e00-\u9fff]{2,4}(新区|区|县|镇|街道)(?!域)")
# "市碳达峰碳中和工作领导小组办公室及各成员单位" → the office and the group's member units
OFFICE_AND_MEMBERS = re.compile(r"^(.+?(?:领导小组|委员会|指挥部|联席会议))(办公室)?及(各|其)?成员单位$")
# "市生态环境局和市发展改革委", "农业农村部和中国海警局": 和/及/与 join two units right after a
# unit's last character (inside a name they follow a plain word: 工业和信息化局, 海洋与渔业执法监察局)
JOINED_PAIR = re.compile(r"(?<=[局委厅办部院心府司])(?:以及|和|及|与)(?!各?成员单位)")
# A level written twice in front of a name that already carries it: "市市级机关工作党委" (seed 004,
# 上海市公共机构绿色低碳循环发展行动方案) is the 市级机关工作党委
DOUBLED_LEVEL = re.compile(r"^(市|省|区|县)(?=\1级)")
# List separators outside brackets
SEPARATORS = "、，,；;"
# "市生态环境局等" / "…等有关部门" / "…等部门"
TRAILING_ETC = re.compile(r"等(?:有关|相关)?(?:部门|单位)?$")
# Page numbers that leak into a note broken over two pages: "市生态环境－10－局"
PAGE_NUMBER = re.compile(r"[－—\-]\s*\d{1,3}\s*[－—\-]")
# A closing note after a unit name: 各区人民政府（管委会）, 市委党校（行政学院）
TRAILING_NOTE = re.compile(r"[（(][^（）()]*[）)]$")
# "各级政府", "有关区政府": no one body in particular
GENERIC_OPENINGS = ("各级", "有关", "相关", "各有关", "各相关", "其他", "其它")
OPEN_BRACKETS = "（(〔［[【"
CLOSE_BRACKETS = "）)〕］]】"


def registry() -> dict[str, tuple[str, ...]]:
    """Sections of kb/data/departments.txt: suffixes, generic, outside, places (read once).

    >>> "局" in registry()["suffixes"]
    True
    """
    return departments()


def split_top_level(text: str, separators: str = SEPARATORS) -> list[str]:
    """`text` split at separators that are not inside brackets.

    >>> split_top_level("各县（市、区）政府、市生态环境局")
    ['各县（市、区）政府', '市生态环境局']
    """
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in OPEN_BRACKETS:
            depth += 1
        elif ch in CLOSE_BRACKETS:
            depth = max(0, depth - 1)
        elif ch in separators and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p for p in parts if p.strip()]


def level_of(name: str) -> str:
    """The level prefix a unit name starts with, or "".

    >>> level_of("市委宣传部"), level_of("市市场监督管理局"), level_of("市场监督管理局")
    ('市委', '市', '')
    """
    m = LEVEL_PREFIX.match(name)
    return m.group(1) if m else ""


def place_stem(jurisdiction: str) -> str:
    """The place name without its level: "珠海市" → "珠海", "广东省" → "广东", "国家" → ""."""
    if not jurisdiction or jurisdiction in ("国家", "全国", "中央"):
        return ""
    return re.sub(r"(特别行政区|自治区|自治州|省|市|区|县)$", "", jurisdiction)


def is_unit_name(name: str) -> bool:
    """Whether `name` reads as a responsible body (ends like 局/委/厅/政府/领导小组 …).

    >>> is_unit_name("各区人民政府（管委会）"), is_unit_name("国有企业"), is_unit_name("各有关部门")
    (True, False, False)
    """
    core = TRAILING_NOTE.sub("", name) if not name.startswith(("（", "(")) else name
    if len(core) < 2 or is_generic(name):
        return False
    return core.endswith(registry()["suffixes"])


def is_generic(name: str) -> bool:
    """Subjects too vague to name a body: 各部门, 有关单位, 市各有关部门 …

    >>> is_generic("市各有关部门"), is_generic("市生态环境局")
    (True, False)
    """
    core = LEVEL_PREFIX.sub("", name, count=1)
    generic = registry()["generic"]
    if core in generic or name in generic:
        return True
    return core.startswith(GENERIC_OPENINGS) or core.endswith(("部门", "有关单位", "相关单位", "各单位"))


def stands_alone(item: str, place: str) -> bool:
    """Items a shared 市/省 prefix must not be added to: 珠海供电局, 团市委, 各区政府 …"""
    if item.startswith(("各", "全", "有关", "相关", "其他", "其它")) or is_generic(item):
        return True  # a kind of body, not one of the list's government: 公共机构节能主管部门
    reg = registry()
    if any(marker in item for marker in reg["outside"]):
        return True
    if place and item.startswith(place):
        return True
    if item.startswith(reg["places"]):
        return True
    return bool(PLACE_NAMED.match(item))


def clean_unit_text(text: str) -> str:
    """Whitespace and leaked page numbers removed: "市生态环境－10－ 局" → "市生态环境局"."""
    text = PAGE_NUMBER.sub("", text)
    return re.sub(r"\s+", "", text)


def split_units(text: str, jurisdiction: str = "") -> list[str]:
    """The units a list names, shared level prefixes distributed, "等" dropped.

    >>> split_units("市、区机管局")
    ['市机管局', '区机管局']
    >>> split_units("市发展改革局、工业和信息化局，珠海供电局，各区人民政府（管委会）", "珠海市")
    ['市发展改革局', '市工业和信息化局', '珠海供电局', '各区人民政府（管委会）']
    >>> split_units("市委宣传部、网信办，市发展改革局，团市委、市妇联")
    ['市委宣传部', '市委网信办', '市发展改革局', '团市委', '市妇联']
    """
    place = place_stem(jurisdiction)
    items: list[str] = []
    for part in split_top_level(clean_unit_text(text)):
        for piece in JOINED_PAIR.split(part):
            piece = TRAILING_ETC.sub("", piece.strip("。．.：:"))
            piece = re.sub(r"^(以及|及|和|与|由)", "", piece)
            piece = DOUBLED_LEVEL.sub("", piece)
            m = OFFICE_AND_MEMBERS.match(piece)
            if m:
                items.append(m.group(1) + (m.group(2) or ""))
                items.append(m.group(1) + (m.group(3) or "") + "成员单位")
            elif piece:
                items.append(piece)

    out: list[str] = []
    prefix = ""  # the level of the last item that named one: carries on to bare stems
    bare: list[str] = []  # "市" of "市、区机管局", waiting for the stem
    for item in items:
        if BARE_LEVEL.match(item):
            bare.append(item)
            continue
        level = level_of(item)
        if level:
            prefix = level
        elif prefix and not stands_alone(item, place):
            item = prefix + item
            level = prefix
        stem = item[len(level):] if level else item
        for b in bare:
            out.append(_with_bare_level(b, stem, level))
            if b.startswith("各") and _is_government(stem) and not item.startswith("各"):
                item = "各" + item  # 各区、市政府: 各 covers both levels
        bare.clear()
        out.append(item)
    out.extend(bare)  # a list ending in a bare level: keep what was written
    return _unique([u for u in out if u])


def _with_bare_level(bare: str, stem: str, level: str) -> str:
    # "各区" + "市政府" → "各区政府" (青岛: 各区、市政府); "各区" before a department stays alone
    # (上海: 各区、市发展改革委 = 各区 and 市发展改革委)
    if bare.startswith("各"):
        return bare + stem if _is_government(stem) else bare
    return bare + stem


def _is_government(stem: str) -> bool:
    return TRAILING_NOTE.sub("", stem).endswith(("政府", "管委会", "管委"))


def _unique(items: list[str]) -> list[str]:
    seen: set[str] = set()
    return [x for x in items if not (x in seen or seen.add(x))]


def canonical_department(name: str, jurisdiction: str = "") -> str:
    """One spelling per body, for querying across plans: level → jurisdiction, alias → canonical.

    >>> canonical_department("市发展改革局", "珠海市")
    '珠海市发展改革委'
    >>> canonical_department("各区人民政府（管委会）", "珠海市")
    '各区政府（管委会）'
    """
    return _with_place(canonical_stem(clean_unit_text(name).replace("人民政府", "政府")), jurisdiction)


def display_department(name: str, jurisdiction: str = "") -> str:
    """A unit as lists show it: as the plan writes it, its level written as the place and its
    short name written out (市机管局 in a 上海 plan → 上海市机关事务管理局).

    >>> display_department("市机管局", "上海市"), display_department("市发展改革局", "珠海市")
    ('上海市机关事务管理局', '珠海市发展改革局')
    >>> display_department("区机管局", "上海市"), display_department("珠海供电局", "珠海市")
    ('区机关事务管理局', '珠海供电局')
    """
    return _with_place(expanded_name(clean_unit_text(name)), jurisdiction)


def _with_place(name: str, jurisdiction: str) -> str:
    """The plan's own level (市 in a city's plan) written as its place: 市统计局 → 珠海市统计局."""
    level = level_of(name)
    if level and jurisdiction and jurisdiction not in ("国家", "全国") and jurisdiction.endswith(level[0]):
        name = jurisdiction + name[1:]
    return name
