"""Word lists the rules read, kept as text so a word can be reviewed or changed without the code.

Every file here is UTF-8 with one entry per line; "#" starts a comment and "[name]" starts a
section. An entry of several columns separates them by spaces (no word contains a space).

    departments.txt          kb.extract.departments        endings of unit names, generic subjects, places
    roles.txt                kb.extract.responsibilities   role words of notes, block lines, tables, prose
    target_verbs.txt         kb.extract.targets            verbs before a target value → direction
    indicator_synonyms.txt   kb.extract.indicators         names of one indicator in different plans
    policy_terms.txt         kb.index.analysis             terms jieba keeps whole
    query_terms.txt          kb.index.understand           words a query need not contain, synonyms,
                                                           date forms, department families (search)
    aliases.txt              kb.aliases                    department name variants (its own " = " format)

Each file has one cached accessor below; the file is read on the first call.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent


def read_sections(name: str) -> dict[str, tuple[str, ...]]:
    """The entries of data file `name`, by section, in file order.

    Entries before the first "[section]" line (a file without sections) are under "".

    >>> read_sections("departments.txt")["suffixes"][:3]
    ('局', '委', '厅')
    >>> read_sections("policy_terms.txt")[""][:2]
    ('减污降碳', '协同增效')
    """
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            sections.setdefault(current, [])
        else:
            sections.setdefault(current, []).append(line)
    return {k: tuple(v) for k, v in sections.items()}


def _columns(entries: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(entry.split()) for entry in entries)


@lru_cache(maxsize=1)
def departments() -> dict[str, tuple[str, ...]]:
    """departments.txt: sections suffixes, generic, outside, places.

    >>> "政府" in departments()["suffixes"], "各有关部门" in departments()["generic"]
    (True, True)
    """
    return read_sections("departments.txt")


@lru_cache(maxsize=1)
def role_words() -> dict[str, tuple[tuple[str, ...], ...]]:
    """roles.txt: section (label, inline, header, prose) → (word, role, flag …) rows, in file order.

    >>> role_words()["label"][2]
    ('牵头单位', 'lead', 'block', 'trailing')
    >>> role_words()["inline"][0]
    ('牵头负责', 'lead')
    """
    return {section: _columns(entries) for section, entries in read_sections("roles.txt").items()}


@lru_cache(maxsize=1)
def target_verbs() -> dict[str, tuple[tuple[str, str], ...]]:
    """target_verbs.txt: section (level, object) → (verb, direction) pairs, in file order.

    >>> dict(target_verbs()["level"])["不超过"], dict(target_verbs()["object"])["新建"]
    ('不高于', '新增')
    """
    return {section: _pairs(entries) for section, entries in read_sections("target_verbs.txt").items()}


@lru_cache(maxsize=1)
def indicator_synonyms() -> tuple[tuple[str, str], ...]:
    """indicator_synonyms.txt: (variant, canonical) pairs, in the order they are replaced.

    >>> indicator_synonyms()[0]
    ('万元国内生产总值', '单位GDP')
    """
    return _pairs(read_sections("indicator_synonyms.txt")[""])


@lru_cache(maxsize=1)
def policy_terms() -> tuple[str, ...]:
    """policy_terms.txt: the terms jieba keeps whole.

    >>> "减污降碳" in policy_terms()
    True
    """
    return read_sections("policy_terms.txt")[""]


@lru_cache(maxsize=1)
def query_terms() -> dict[str, tuple[tuple[str, ...], ...]]:
    """query_terms.txt: section (ignore, synonyms, dates, families, levels) → rows of names.

    >>> query_terms()["synonyms"][0][:2], query_terms()["dates"][0][:2]
    (('VOCs', '挥发性有机物'), ('Y年底前', 'Y年年底前'))
    """
    return {section: _columns(entries) for section, entries in read_sections("query_terms.txt").items()}


def _pairs(entries: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    rows = _columns(entries)
    bad = [r for r in rows if len(r) != 2]
    if bad:
        raise ValueError(f"expected two columns, got {bad}")
    return tuple((a, b) for a, b in rows)
