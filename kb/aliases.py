"""Department names, kept as data in kb/data/aliases.txt, of two kinds:

- names of one body ("发展改革委 = 发改委 = 发展和改革委员会"): extraction files a unit under the
  canonical one, so a plan's 市发改委 and 市发展和改革委员会 are one body;
- bodies of one level with the same function under other names ("住房城乡建设局 ~ 住房城乡建设委"):
  search lets a query for one find the others, and never treats them as one body.

One table shared by department extraction and search, so both agree on what names mean.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from kb.text import LazyPattern

ALIAS_FILE = Path(__file__).parent / "data" / "aliases.txt"


@lru_cache(maxsize=1)
def _read() -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]]:
    same, function = [], []
    for raw in ALIAS_FILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        sep, groups = ("~", function) if "~" in line else ("=", same)
        names = tuple(n.strip() for n in line.split(sep) if n.strip())
        if len(names) > 1:
            groups.append(names)
    return tuple(same), tuple(function)


def alias_groups() -> tuple[tuple[str, ...], ...]:
    """Names of one body, canonical name first.

    >>> alias_groups()[0][:2]
    ('发展改革委', '发改委')
    """
    return _read()[0]


def function_groups() -> tuple[tuple[str, ...], ...]:
    """Bodies of one level and one function under different names, for search only.

    >>> "住房城乡建设委" in next(g for g in function_groups() if "住房城乡建设局" in g)
    True
    """
    return _read()[1]


@lru_cache(maxsize=2)
def _longest_first(with_functions: bool) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(name, every name it may stand for) longest name first; with_functions adds the bodies of
    the same function and their own names."""
    same = {name: group for group in alias_groups() for name in group}
    out: dict[str, list[str]] = {name: list(group) for name, group in same.items()}
    if with_functions:
        for group in function_groups():
            members = [n for stem in group for n in same.get(stem, (stem,))]
            for name in members:
                out.setdefault(name, [name])
                out[name] += [m for m in members if m not in out[name]]
    return tuple(sorted(((n, tuple(g)) for n, g in out.items()), key=lambda p: -len(p[0])))


def _replace_stem(term: str, with_functions: bool) -> list[str]:
    for name, group in _longest_first(with_functions):
        at = term.find(name)
        if at < 0:
            continue
        out = [term]
        for other in group:
            candidate = term[:at] + other + term[at + len(name):]
            if candidate not in out:
                out.append(candidate)
        return out
    return [term]


def variants(term: str) -> list[str]:
    """Every way of writing `term` a search should find: its department stem replaced by each
    name of the body, then by the bodies of the same function. The term itself comes first.

    >>> variants("市发改委")[:3]
    ['市发改委', '市发展改革委', '市发展和改革委员会']
    >>> "市发展改革局" in variants("市发改委")
    True
    """
    return _replace_stem(term, with_functions=True)


def body_variants(term: str) -> list[str]:
    """The other names of the same body only: "市教委" → 市教育委员会, never 市教育局.

    >>> body_variants("市教委")
    ['市教委', '市教育委员会']
    """
    return _replace_stem(term, with_functions=False)


@lru_cache(maxsize=50_000)  # every list filter asks it of every unit name
def canonical_stem(name: str) -> str:
    """The name with its department stem replaced by the canonical name of the same body.

    >>> canonical_stem("市发改委"), canonical_stem("市发展改革局"), canonical_stem("市教委")
    ('市发展改革委', '市发展改革局', '市教委')
    """
    for alias, group in _longest_first(False):
        at = name.find(alias)
        if at >= 0 and name.endswith(alias):
            return name[:at] + group[0]
    return name


@lru_cache(maxsize=50_000)
def function_stem(name: str) -> str:
    """The name with its department stem replaced by the first name of its function group (for
    matching a search to units): "市发展改革局" and "市发改委" give the same."""
    for alias, group in _longest_first(True):
        at = name.find(alias)
        if at >= 0 and name.endswith(alias):
            return name[:at] + min(group)
    return name


# Names of units below the plan's own level, or of a class of units: 区机管局, 各区政府, 县生态环境局,
# 青浦区机管局 (a district named: not the plan's own unless the plan is that district's)
LOWER_LEVEL = LazyPattern(r"^(?:区|县|镇|乡|街道|各)|^([\u4e00-\u9fff]{2,4}(?:新区|区|县|镇|街道))(?!域)")
# What a wanted name may start with that says its level or place: 市机管局, 区机管局, 上海市机管局
# ("市场监管局" is not 市 + 场…, "区域…" not 区 + 域…)
LEVEL_WORD = LazyPattern(r"^(?:[\u4e00-\u9fff]{2,3}(?:市|省)|[\u4e00-\u9fff]{2,4}(?:新区|区|县))|^(?:市(?!场)|省|区(?!域)|县|镇|乡(?!村)|街道|各)")


def department_matches(name: str, wanted: str, jurisdiction: str = "") -> bool:
    """Whether a unit name answers a department filter: the one rule every list and search uses.

    The filter names a unit by any alias, with or without its level or place (发改委, 市发改委,
    珠海市发展改革局), by part of its name (机关事务), or a body of the same function (a search
    convenience); `name` is a unit as a plan writes it or the body it names, in a plan of
    `jurisdiction`. A bare name (机管局) means the plan's own body, not a district's (区机管局,
    青浦区机管局: ask for those by their level or name).

    >>> department_matches("珠海市发展改革委", "发改委"), department_matches("市发展改革局", "市发改委")
    (True, True)
    >>> department_matches("市生态环境局", "住建局")
    False
    >>> [department_matches(n, "机管局") for n in ("上海市机关事务管理局", "市机管局", "区机关事务管理局")]
    [True, True, False]
    >>> department_matches("区机关事务管理局", "区机管局"), department_matches("上海市机关事务管理局", "机关事务")
    (True, True)
    >>> department_matches("青浦区机关事务管理局", "机管局", "上海市"), department_matches("繁昌区发改委", "发改委", "繁昌区")
    (False, True)
    """
    wanted = "".join(wanted.split())
    if not wanted:
        return False
    if not LEVEL_WORD.match(wanted) and _below(name, jurisdiction):
        return False  # 机管局 asks for the plan's own body, not 区机管局
    if name.endswith(wanted) or wanted in name:
        return True
    return function_stem(name).endswith(function_stem(wanted))


def _below(name: str, jurisdiction: str) -> bool:
    """Whether a unit is below its plan's own level (区机管局 in a city's plan)."""
    found = LOWER_LEVEL.match(name)
    return bool(found) and not (found.group(1) and found.group(1) == jurisdiction)


def expanded_name(name: str) -> str:
    """A unit's name with its short name written out: the first name of its body that ends
    alike, holds it character by character and is at least two characters longer. A body's
    canonical name (the first of its group) is no short name: 生态环境局 stays as written.

    >>> expanded_name("市机管局"), expanded_name("市发改委"), expanded_name("市经济信息化委"), expanded_name("珠海供电局")
    ('市机关事务管理局', '市发展改革委', '市经济信息化委', '珠海供电局')
    >>> expanded_name("市生态环境局")
    '市生态环境局'
    """
    for alias, group in _longest_first(False):
        if not name.endswith(alias):
            continue
        if alias == group[0]:
            return name
        longer = [full for full in group if full[-1] == alias[-1] and len(full) >= len(alias) + 2 and _spells(alias, full)]
        return name[: len(name) - len(alias)] + longer[0] if longer else name
    return name


def _spells(short: str, full: str) -> bool:
    """Whether `short` is `full` with characters left out (机管局 of 机关事务管理局)."""
    rest = iter(full)
    return all(ch in rest for ch in short)
