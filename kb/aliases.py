"""Department name variants (发改委 = 发展改革委 = 发展和改革委员会 …), kept as data in kb/data/aliases.txt.

One table shared by department extraction and search, so both agree on what names mean the same body.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

ALIAS_FILE = Path(__file__).parent / "data" / "aliases.txt"


@lru_cache(maxsize=1)
def alias_groups() -> tuple[tuple[str, ...], ...]:
    """The alias groups, canonical name first.

    >>> alias_groups()[0][:2]
    ('发展改革委', '发改委')
    """
    groups = []
    for raw in ALIAS_FILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        names = tuple(n.strip() for n in line.split("=") if n.strip())
        if len(names) > 1:
            groups.append(names)
    return tuple(groups)


def _longest_first() -> list[tuple[str, tuple[str, ...]]]:
    pairs = [(name, group) for group in alias_groups() for name in group]
    return sorted(pairs, key=lambda p: -len(p[0]))


def variants(term: str) -> list[str]:
    """Every way of writing `term` with its department stem replaced by each alias.

    The term itself comes first. Only the longest alias found in the term is replaced.

    >>> variants("市发改委")[:3]
    ['市发改委', '市发展改革委', '市发展和改革委员会']
    """
    for name, group in _longest_first():
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


def canonical_stem(name: str) -> str:
    """The name with its department stem replaced by the canonical alias.

    >>> canonical_stem("市发改委")
    '市发展改革委'
    """
    for alias, group in _longest_first():
        at = name.find(alias)
        if at >= 0 and name.endswith(alias):
            return name[:at] + group[0]
    return name


def department_matches(name: str, wanted: str) -> bool:
    """Whether a unit name answers a department filter: the one rule every list and search uses.

    The filter names a unit by any alias, with or without its level or place (发改委, 市发改委,
    珠海市发展改革局); `name` is a unit as a plan writes it or the body it names.

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
    return canonical_stem(name).endswith(canonical_stem(wanted))
