"""What a query means beyond its words as typed: the concepts the second tier (相关结果) ranks by.

A concept is one thing the query asks about with every folded form that counts as it. The typed
text becomes concepts by these rules, all of them data in kb/data/query_terms.txt unless noted:

* words that only ask (如何, 有什么, 要求 — [ignore]) are dropped;
* a deadline becomes every way plans write it: 2025年底前 = 2025年年底前 = 2025年末 … ([dates]);
* a name with synonyms becomes its group: VOCs = 挥发性有机物 ([synonyms]), 单位GDP = 单位地区生产总值
  (kb/data/indicator_synonyms.txt, shared with target extraction);
* a department becomes its aliases (kb/data/aliases.txt) and its function at every level:
  住建局 ~ 住房城乡建设厅 ~ 住房和城乡建设部 ([families] × [levels]); a search convenience only;
* the rest is cut into jieba words; a Chinese word of three or more characters also gives its
  bigrams as weaker concepts, so a half-remembered word still finds text that writes it a little
  otherwise (they count only when the words themselves find few passages: kb.index.engine).

A typed term of several pieces is also a concept of its own (the pieces side by side, with every
combination of their forms), worth more than a piece: 单位GDP能耗 finds 单位地区生产总值能源消耗.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from kb.aliases import variants
from kb.data import indicator_synonyms, query_terms
from kb.index.analysis import bigrams, fold, query_segmenter
from kb.index.query import ParsedQuery, QueryTerm, parse_query

PHRASE_WEIGHT = 1.5  # a whole typed term (or a synonym of it), pieces side by side
WORD_WEIGHT = 1.0  # one piece: a word, a date, a synonym, a department
BIGRAM_WEIGHT = 0.3  # two characters of a longer word
MAX_FORMS = 48  # combinations of piece forms kept for a phrase
YEAR = "Y"  # the year placeholder of [dates]


@dataclass(frozen=True)
class Concept:
    """One thing the query asks about: any of `forms` (folded) in a passage counts as it.

    >>> [c.forms[:2] for c in concepts("VOCs 治理")]
    [('vocs', '挥发性有机物'), ('治理',)]
    """

    text: str
    forms: tuple[str, ...]
    weight: float = WORD_WEIGHT


# ------------------------------------------------------------- the tables ----
@lru_cache(maxsize=1)
def ignored_words() -> frozenset[str]:
    """Folded words a query may contain that a passage need not."""
    return frozenset(fold(row[0]) for row in query_terms().get("ignore", ()))


@lru_cache(maxsize=1)
def synonym_groups() -> dict[str, tuple[str, ...]]:
    """Folded name → its group of folded names. [synonyms] first; indicator names (from
    indicator_synonyms.txt: each canonical name with its variants) only for names not listed there.

    >>> synonym_groups()["单位地区生产总值"][:2]
    ('单位gdp', '万元国内生产总值')
    """
    groups: dict[str, tuple[str, ...]] = {}
    for row in query_terms().get("synonyms", ()):
        group = tuple(dict.fromkeys(fold(name) for name in row))
        for name in group:
            groups[name] = tuple(dict.fromkeys(groups.get(name, ()) + group))
    by_canonical: dict[str, list[str]] = {}
    for variant, canonical in indicator_synonyms():
        by_canonical.setdefault(fold(canonical), [fold(canonical)]).append(fold(variant))
    for group in by_canonical.values():
        for name in group:
            groups.setdefault(name, tuple(dict.fromkeys(group)))
    return groups


@lru_cache(maxsize=1)
def _date_patterns() -> tuple[tuple[re.Pattern, tuple[str, ...]], ...]:
    """(pattern with the year as group 1, the group's templates), longest template first."""
    out = []
    for row in query_terms().get("dates", ()):
        templates = tuple(fold(t).replace(fold(YEAR), YEAR) for t in row)
        for template in templates:
            pattern = re.compile(re.escape(template).replace(YEAR, r"(\d{4})"))
            out.append((len(template), pattern, templates))
    out.sort(key=lambda item: -item[0])
    return tuple((pattern, templates) for _, pattern, templates in out)


@lru_cache(maxsize=1)
def _department_pattern() -> tuple[re.Pattern, dict[str, tuple[str, ...]]]:
    """A pattern for any family stem followed by a level, and stem → every name of its family."""
    levels = [fold(row[0]) for row in query_terms().get("levels", ())]
    names_of: dict[str, tuple[str, ...]] = {}
    for row in query_terms().get("families", ()):
        stems = [fold(stem) for stem in row]
        names = tuple(stem + level for stem in stems for level in levels)
        for stem in stems:
            names_of[stem] = names
    stems = sorted(names_of, key=len, reverse=True)
    pattern = re.compile(f"({'|'.join(map(re.escape, stems))})({'|'.join(map(re.escape, levels))})")
    return pattern, names_of


# ------------------------------------------------------------- the pieces ----
def _dates(text: str) -> list[tuple[int, int, tuple[str, ...]]]:
    """(start, end, forms) of each deadline in folded text.

    >>> _dates("2025年底前完成")
    [(0, 7, ('2025年底前', '2025年年底前', '2025年末前', '2025年12月底前', '2025年12月31日前', '2025年底', '2025年年底', '2025年末', '2025年12月底'))]
    """
    found: list[tuple[int, int, tuple[str, ...]]] = []
    for pattern, templates in _date_patterns():
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e, _ in found):
                continue
            year = match.group(1)
            found.append((match.start(), match.end(), tuple(t.replace(YEAR, year) for t in templates)))
    return sorted(found)


def _synonyms(text: str) -> list[tuple[int, int, tuple[str, ...]]]:
    """(start, end, forms) of each name with synonyms in folded text, longest names first.

    >>> _synonyms("pm2.5浓度")
    [(0, 5, ('pm2.5', '细颗粒物'))]
    """
    groups = synonym_groups()
    found: list[tuple[int, int, tuple[str, ...]]] = []
    for name in sorted(groups, key=len, reverse=True):
        at = text.find(name)
        while at >= 0:
            end = at + len(name)
            if not any(s < end and at < e for s, e, _ in found):
                found.append((at, end, groups[name]))
            at = text.find(name, at + 1)
    return sorted(found)


def department_forms(name: str) -> tuple[str, ...]:
    """Every folded name of a department's function at every level, its aliases first;
    () when `name` does not end in a known department.

    >>> department_forms("市住建局")[:4]
    ('市住建局', '市住房城乡建设局', '市住房和城乡建设局', '市住房城乡建设委')
    >>> "住房城乡建设厅" in department_forms("住建局"), department_forms("光伏")
    (True, ())
    """
    folded = fold(name)
    pattern, names_of = _department_pattern()
    match = None
    for match in pattern.finditer(folded):
        pass
    if match is None or match.end() != len(folded):
        return ()
    aliases = [fold(v) for v in variants(folded)]
    return tuple(dict.fromkeys([*aliases, *names_of[match.group(1)]]))


def _words(text: str) -> list[str]:
    """Folded jieba words of a folded stretch, words that only ask left out."""
    ignored = ignored_words()
    out = []
    for word in query_segmenter().lcut(text):
        word = fold(word)
        if word and word not in ignored:
            out.append(word)
    return out


def _word_forms(word: str) -> tuple[str, ...]:
    """A jieba word's forms: its synonyms, its department family, or its aliases."""
    if word in synonym_groups():
        return synonym_groups()[word]
    family = department_forms(word)
    if family:
        return family
    return tuple(dict.fromkeys(fold(v) for v in variants(word)))


def pieces(text: str) -> list[tuple[str, tuple[str, ...], bool]]:
    """A typed term cut into (piece, forms, recognised): dates and synonyms as wholes, the rest
    as jieba words (recognised when a word has other forms).

    >>> [(p, len(forms)) for p, forms, _ in pieces("如何发展海洋碳汇")]
    [('发展', 1), ('海洋', 1), ('碳汇', 3)]
    """
    folded = fold(text)
    spans = _dates(folded)
    spans += [s for s in _synonyms(folded) if not any(a < s[1] and s[0] < b for a, b, _ in spans)]
    out: list[tuple[str, tuple[str, ...], bool]] = []
    at = 0
    for start, end, forms in sorted(spans):
        out += [(w, _word_forms(w), False) for w in _words(folded[at:start])]
        out.append((folded[start:end], forms, True))
        at = end
    out += [(w, _word_forms(w), False) for w in _words(folded[at:])]
    return [(piece, forms, recognised or len(forms) > 1) for piece, forms, recognised in out]


# ---------------------------------------------------------------- concepts ----
def term_concepts(term: QueryTerm) -> list[Concept]:
    """The concepts of one typed word or quoted phrase."""
    parts = pieces(term.text)
    out: list[Concept] = []
    if term.quoted or len(parts) > 1:
        out.append(Concept(term.text, _phrase_forms(term, parts), PHRASE_WEIGHT))
    for piece, forms, recognised in parts:
        out.append(Concept(piece, forms, WORD_WEIGHT))
        if not recognised and len(piece) >= 3:
            out += [Concept(gram, (gram,), BIGRAM_WEIGHT) for gram in bigrams(piece) if _chinese(gram)]
    return out


def _chinese(text: str) -> bool:
    """Whether every character is a Chinese character (bigrams of numbers and Latin say nothing).

    >>> _chinese("锅炉"), _chinese("14"), _chinese("5%")
    (True, False, False)
    """
    return all("\u4e00" <= ch <= "\u9fff" for ch in text)


def _phrase_forms(term: QueryTerm, parts: list[tuple[str, tuple[str, ...], bool]]) -> tuple[str, ...]:
    """The term's own forms, then the pieces side by side in every combination of their forms."""
    combined = ("".join(p) for p in itertools.product(*(forms for _, forms, _ in parts)))
    return tuple(dict.fromkeys([*term.forms, *itertools.islice(combined, MAX_FORMS)]))


def concepts(query: str | ParsedQuery) -> list[Concept]:
    """Every concept of the query's positive terms (OR semantics: any may match), best first.

    >>> [c.text for c in concepts("公共机构 光伏 有什么要求")]
    ['公共机构', '公共', '机构', '光伏']
    >>> "2025年年底前" in concepts("2025年底前")[0].forms
    True
    """
    parsed = parse_query(query) if isinstance(query, str) else query
    out: dict[tuple[str, ...], Concept] = {}
    for group in parsed.groups:
        for term in group:
            for concept in term_concepts(term):
                known = out.get(concept.forms)
                if known is None or known.weight < concept.weight:
                    out[concept.forms] = concept
    return list(out.values())
