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


def function_stem(name: str) -> str:
    """The name with its department stem replaced by the first name of its function group (for
    matching a search to units): "市发展改革局" and "市发改委" give the same."""
    for alias, group in _longest_first(True):
        at = name.find(alias)
        if at >= 0 and name.endswith(alias):
            return name[:at] + min(group)
    return name


def department_matches(name: str, wanted: str) -> bool:
    """Whether a unit name answers a department filter: the one rule every list and search uses.

    The filter names a unit by any alias, with or without its level or place (发改委, 市发改委,
    珠海市发展改革局), or a body of the same function (a search convenience); `name` is a unit as a
    plan writes it or the body it names.

    >>> department_matches("珠海市发展改革委", "发改委"), department_matches("市发展改革局", "市发改委")
    (True, True)
    >>> department_matches("市生态环境局", "住建局")
    False
    """
    wanted = "".join(wanted.split())
    if not wanted:
        return False
    if name.endswith(wanted):
        return True
    return function_stem(name).endswith(function_stem(wanted))
