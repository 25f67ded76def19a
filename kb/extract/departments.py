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
LEVEL_PREFIX = re.compile(r"^(市委|省委|区委|县委|自治区|自治州|直辖市|市(?!场)|省|区(?!域)|县|镇|乡(?!村))")
# A level standing alone in a list, waiting for the next item's stem: the "市" of "市、区机管局",
# the "各区" of "各区、市政府" (青岛).
BARE_LEVEL = re.compile(r"^(各)?(市|省|区|县|州|盟|旗|镇|乡|街道|自治区|自治州|直辖市)$")
# A named place already says whose body it is: 珠海市税务局, 西海岸新区管委, 青浦区机管局.
PLACE_NAMED = re.compile(r"^[\u4e00-\u9fff]{2,3}(市|省)(?![场容政])|^[\u4e00-\u9fff]{2,4}(新区|区|县|镇|街道)(?!域)")
# "市碳达峰碳中和工作领导小组办公室及各成员单位" → the office and the group's member units
OFFICE_AND_MEMBERS = re.compile(r"^(.+?(?:领导小组|委员会|指挥部|联席会议))(办公室)?及(各|其)?成员单位$")
# "市生态环境局和市发展改革委", "农业农村部和中国海警局": 和/及/与 join two units right after a
# unit's last character (inside a name they follow a plain word: 工业和信息化局, 海洋与渔业执法监察局)
JOINED_PAIR = re.compile(r"(?<=[局委厅办部院心府司])(?:以及|和|及|与)(?!各?成员单位)")
# A thing and its own body: "基金与基金管理中心" (303 p.6) is the fund and the fund's centre, two items
REPEATED_PAIR = re.compile(r"(?<=^([\u4e00-\u9fff]{2}))(?:与|和|及)(?=\1)")
# A level written twice in front of a name that already carries it: "市市级机关工作党委" (seed 004,
# 上海市公共机构绿色低碳循环发展行动方案) is the 市级机关工作党委
DOUBLED_LEVEL = re.compile(r"^(市|省|区|县)(?=\1级)")
# List separators outside brackets
SEPARATORS = "、，,；;"
# "市生态环境局等" / "…等有关部门" / "…等部门" / "各相关部门按分工"
TRAILING_ETC = re.compile(r"(?:等[\u4e00-\u9fff]{0,8}?(?:部门|单位)|等)?(?:按照?(?:职责)?分工|按职责)?$")
# What comes before a unit and is not part of its name: an article or item number ("第五条交通运输部"),
# a label ("推进单位：市住建局"), the words of the clause that hands over the task ("…行动由国家发展改革委")
LEADING_NOISE = re.compile(
    r"^(?:第[一二三四五六七八九十百零〇\d]+条|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.．、](?!\d)|"
    r"[\u4e00-\u9fff]{2,6}(?:单位|部门)[：:]|.{2,30}?(?:行动|工作|任务|事项)由)")
# Bodies named by their kind alone after "和", taking the place of the name before: 党委和政府
BARE_BODIES = {"政府", "人民政府", "党委", "人大", "政协", "管委会"}
BODY_ENDING = re.compile(r"(党委|人民政府|政府|人大常委会|人大|政协|管委会)$")
# Functions whose own name has a 和: "经济和信息化主管部门" is one body, not two
ONE_FUNCTION = ("经济和信息化", "工业和信息化", "住房和城乡建设", "人力资源和社会保障", "文化和旅游", "自然资源和规划",
                "规划和自然资源", "发展和改革", "科学技术和", "商务和", "农业和农村")
# Two functions sharing one ending: "水利和生态环境部门"
FUNCTIONS_AND = re.compile(r"^([\u4e00-\u9fff]{2,4})和([\u4e00-\u9fff]{2,8}?)(主管部门|部门)$")
# Endings that several names of a list share when only the last writes them: "公安、商务主管部门",
# "武昌区、青山区、蔡甸区、江夏区人民政府" (longest first)
SHARED_ENDINGS = ("主管部门", "人民政府", "管委会", "部门", "政府")
# Page numbers that leak into a note broken over two pages: "市生态环境－10－局"
PAGE_NUMBER = re.compile(r"[－—\-]\s*\d{1,3}\s*[－—\-]")
# A closing note after a unit name: 各区人民政府（管委会）, 市委党校（行政学院）
TRAILING_NOTE = re.compile(r"[（(][^（）()]*[）)]$")
# "各级政府", "有关区政府": no one body in particular
GENERIC_OPENINGS = ("各级", "有关", "相关", "各有关", "各相关", "其他", "其它")
# Bodies whose names carry no level after their place: "德州市海关" is 德州海关
NO_LEVEL = re.compile(r"^([\u4e00-\u9fff]{2,4})[市省](海关|海事局|海警局|供电公司|供电局|银保监分局)$")
# The committee of a named zone: "平潭综合实验区管委会", "高新区管委会"
ZONE_BODY = re.compile(r"[\u4e00-\u9fff]{2,}(?:区|园|港)(?:管委会|管委|管理委员会)$")
# A name never opens with a verb: "组织有关部门", "推动…局"
VERB_OPENINGS = ("组织", "推动", "督促", "指导", "协调", "会同", "配合", "加强", "支持", "鼓励", "引导", "深化", "落实", "根据", "按照",
                 "同时", "开展", "并", "实施", "推进", "建立", "健全", "完善", "继续", "进一步", "大力", "积极", "不断",
                 "持续", "切实", "充分", "坚持", "强化", "统筹", "提高", "提升", "部署", "全面加强", "全面推进",
                 "全面落实", "严格")
# Words that end like a body's name and are none: 领导干部, 全部, 东部
NOT_BODY_ENDINGS = ("干部", "全部", "内部", "外部", "局部", "东部", "西部", "南部", "北部", "中部", "俱乐部", "总部", "基部",
                    "布局", "格局", "大局", "全局", "结局", "开局", "变局", "网站",
                    # facilities, not bodies: "大型地面光伏电站要合理布局" (江苏 560 p.28), "…的转运中心"
                    "电站", "电厂", "数据中心", "转运中心", "配送中心", "物流中心")
# Openings of a kind of body: "各地交通运输主管部门", "各级财政部门", "省级交通运输主管部门"
KIND_OPENINGS = re.compile(r"^(各地|各级|各个|各|省级|市级|县级|区级|地方|属地|市直|省直|区直|县直|本级|同级|上级|下级)+")
# Words before 部门 that name no function: "行业主管部门", "职能部门"
VAGUE_FUNCTIONS = {"行业", "职能", "业务", "责任", "有关", "相关", "其他", "其它", "主管", "牵头", "配合", "成员", "各"}
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
    if len(core) < 2 or is_generic(name) or core.endswith(NOT_BODY_ENDINGS) or core.startswith(VERB_OPENINGS):
        return False
    return core.endswith(registry()["suffixes"])


def is_generic(name: str) -> bool:
    """Subjects too vague to name a body: 各部门, 有关单位, 市各有关部门 …

    >>> is_generic("市各有关部门"), is_generic("市生态环境局"), is_generic("各地交通运输主管部门")
    (True, False, False)
    """
    core = re.sub(r"^地方(?=各级)", "", LEVEL_PREFIX.sub("", name, count=1))  # "地方各级人民政府" is 各级人民政府
    generic = registry()["generic"]
    if core in generic or name in generic:
        return True
    if core in BARE_BODIES:
        return True  # "政府" alone: whose?
    if core.startswith("各级") and len(core) > 2:
        rest = core[2:]
        return rest in ("政府", "人民政府", "党委和政府", "党委政府", "党委") or is_generic(rest)  # 各级政府 / 各级财政部门
    if core.startswith(GENERIC_OPENINGS) or core.endswith(("有关单位", "相关单位", "各单位", "各级各部门")):
        return True
    # "各有关部门", "市直部门" say nothing; "交通运输主管部门", "各级财政部门" name a function
    function = KIND_OPENINGS.sub("", re.sub(r"(主管)?部门$", "", core)) if core.endswith("部门") else "x"
    if not re.sub(r"[各级地省市区县州直有关相]", "", function) or "有关" in function or "相关" in function:
        return True  # "各区各部门", "市直有关部门", "省政府有关部门"
    return function in registry()["generic"] or function in VAGUE_FUNCTIONS


def stands_alone(item: str, place: str) -> bool:
    """Items a shared 市/省 prefix must not be added to: 珠海供电局, 团市委, 各区政府 …"""
    if item.startswith(("各", "全", "有关", "相关", "其他", "其它")) or is_generic(item) or item.endswith("部门"):
        return True  # a kind of body, not one of the list's government: 公共机构节能主管部门
    reg = registry()
    if any(marker in item for marker in reg["outside"]):
        return True
    if place and item.startswith(place):
        return True
    if ZONE_BODY.search(item):
        return True  # 平潭综合实验区管委会: a zone's own committee, not a department of the province
    if item.startswith(reg["places"]):
        return True
    return bool(PLACE_NAMED.match(item))


def clean_unit_text(text: str) -> str:
    """Whitespace and leaked page numbers removed: "市生态环境－10－ 局" → "市生态环境局"."""
    text = PAGE_NUMBER.sub("", text)
    return re.sub(r"\s+", "", text)


def strip_leading_noise(item: str) -> str:
    """A unit name without what stands before it in the text.

    >>> strip_leading_noise("第五条交通运输部"), strip_leading_noise("推进单位：市住建局")
    ('交通运输部', '市住建局')
    >>> strip_leading_noise("碳达峰十大行动由国家发展改革委")
    '国家发展改革委'
    """
    m = LEADING_NOISE.match(item)
    return item[m.end():] if m and m.end() < len(item) else item


def split_units(text: str, jurisdiction: str = "") -> list[str]:
    """The units a list names, shared level prefixes distributed, "等" dropped.

    >>> split_units("市、区机管局")
    ['市机管局', '区机管局']
    >>> split_units("市发展改革局、工业和信息化局，珠海供电局，各区人民政府（管委会）", "珠海市")
    ['市发展改革局', '市工业和信息化局', '珠海供电局', '各区人民政府（管委会）']
    >>> split_units("市委宣传部、网信办，市发展改革局，团市委、市妇联")
    ['市委宣传部', '市委网信办', '市发展改革局', '团市委', '市妇联']
    >>> split_units("公安、商务主管部门")
    ['公安主管部门', '商务主管部门']
    """
    place = place_stem(jurisdiction)
    items: list[str] = []
    for part in split_top_level(clean_unit_text(text)):
        for piece in _pairs([p for half in REPEATED_PAIR.split(part) for p in JOINED_PAIR.split(half) if p]):
            piece = TRAILING_ETC.sub("", strip_leading_noise(piece.strip("。．.：:")))
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
        every = bool(bare) and bare[0].startswith("各") and _is_government(stem)
        for b in bare:
            # 各区、市政府 / 各市、州、县人民政府: the 各 covers every level of the list
            out.append(_with_bare_level("各" + b if every and not b.startswith("各") else b, stem, level))
        if every and not item.startswith("各"):
            item = "各" + item
        bare.clear()
        out.append(item)
    out.extend(bare)  # a list ending in a bare level: keep what was written
    return _unique(_share_tier([u for u in _share_ending(out) if u]))


# A tier of government, not one government: "市级", "市（州）", "各市（州）", "县级"
TIER = re.compile(r"^各?(?:省|市|区|县|州)(?:级|[（(][\u4e00-\u9fff、]{1,6}[）)])")


def _share_tier(items: list[str]) -> list[str]:
    """A tier the first name opens with serves the kinds of body after it that name none:
    "市级林业、自然资源和规划主管部门" → 市级林业主管部门, 市级自然资源和规划主管部门;
    "市（州）生态环境局、经济和信息化主管部门" → … 市（州）经济和信息化主管部门.

    >>> _share_tier(["市（州）生态环境局", "经济和信息化主管部门"])
    ['市（州）生态环境局', '市（州）经济和信息化主管部门']
    >>> _share_tier(["市发展改革委", "公共机构节能主管部门"])
    ['市发展改革委', '公共机构节能主管部门']
    """
    tier = TIER.match(items[0]) if items else None
    if tier is None:
        return items
    return items[:1] + [tier.group(0) + u if u.endswith("部门") and not level_of(u) and not TIER.match(u)
                        and not u.startswith(("各", "全", "有关", "相关", "其他", "其它")) else u for u in items[1:]]


def _pairs(pieces: list[str]) -> list[str]:
    """Pieces of "和"-joined names completed: "各市州党委和政府" → 各市州党委, 各市州政府 (the place of the
    first serves the second); "水利和生态环境部门" → 水利部门, 生态环境部门 (the ending of the second
    serves the first).

    >>> _pairs(["各市州党委", "政府"]), _pairs(["水利和生态环境部门"]), _pairs(["各级工业和信息化主管部门"])
    (['各市州党委', '各市州政府'], ['水利部门', '生态环境部门'], ['各级工业和信息化主管部门'])
    """
    out: list[str] = []
    for piece in pieces:
        opening = KIND_OPENINGS.match(piece)  # "各级水利和生态环境部门": 各级 for both
        opening = opening.group(0) if opening else level_of(piece)
        rest = piece[len(opening):]
        m = FUNCTIONS_AND.match(rest)
        if m and not rest.startswith(ONE_FUNCTION):  # "各级工业和信息化主管部门" is one
            out += [opening + m.group(1) + m.group(3), opening + m.group(2) + m.group(3)]
            continue
        if piece in BARE_BODIES and out:
            head = BODY_ENDING.sub("", out[-1])
            if head != out[-1]:
                piece = head + piece
        out.append(piece)
    return out


def _share_ending(items: list[str]) -> list[str]:
    """Names before the last that lack the ending only the last writes take it: "公安、商务主管部门"
    → 公安主管部门, 商务主管部门; "武昌区、青山区、江夏区人民政府" → each district's 人民政府."""
    if len(items) < 2:
        return items
    last = items[-1]
    ending = next((e for e in SHARED_ENDINGS if last.endswith(e) and len(last) > len(e)), None)
    if ending is None:
        return items
    out = list(items)
    i = len(items) - 2
    while i >= 0 and not is_unit_name(items[i]) and 1 <= len(items[i]) <= 6 and not is_generic(items[i]):
        out[i] = items[i] + ending
        i -= 1
    if i + 1 < len(items) - 1 and out[i + 1].startswith("各"):  # 各 covers every item it shares an ending with
        out = out[: i + 1] + [u if u.startswith("各") else "各" + u for u in out[i + 1:]]
    return out


def _with_bare_level(bare: str, stem: str, level: str) -> str:
    """The unit a bare level names with the stem of the next item: "市" + 区机管局 → 市机管局."""
    # "各区" + "市政府" → "各区政府" (青岛: 各区、市政府); "各区" before a department stays alone
    # (上海: 各区、市发展改革委 = 各区 and 市发展改革委)
    stem = re.sub(r"^[（(][^（）()]*[）)]", "", stem)  # 各市、县（市、区）人民政府: the note is the 县's
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

    >>> canonical_department("市发展改革局", "珠海市"), canonical_department("市发展和改革局", "珠海市")
    ('珠海市发展改革局', '珠海市发展改革局')
    >>> canonical_department("市教委", "上海市"), canonical_department("德州市海关", "德州市")
    ('上海市教委', '德州海关')
    >>> canonical_department("各区人民政府（管委会）", "珠海市")
    '各区政府（管委会）'
    """
    name = clean_unit_text(name).replace("人民政府", "政府")
    return _with_place(NO_LEVEL.sub(r"\1\2", canonical_stem(name)), jurisdiction)


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
    if level == "自治区" and jurisdiction.endswith("自治区"):
        name = jurisdiction + name[len(level):]
    elif level and jurisdiction and jurisdiction not in ("国家", "全国") and jurisdiction.endswith(level[0]):
        name = jurisdiction + name[1:]
    return name
