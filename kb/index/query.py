"""The search box language: words, "exact phrases", -exclusions and OR, parsed into folded forms.

Syntax (full-width forms are accepted: ＂ － ＯＲ and the ideographic space):

* ``碳达峰 实施方案`` — words separated by spaces: passages containing all of them.
* ``"碳达峰 实施方案"`` — ASCII double quotes: the exact phrase (spaces inside are ignored like all
  whitespace, so this finds 碳达峰实施方案). Chinese quotes “ ” are ordinary punctuation.
* ``-海上风电`` — passages not containing the word (or ``-"…"`` phrase).
* ``光伏 OR 风电`` (or ``光伏 | 风电``) — either word; OR binds tighter than the implicit AND, so
  ``碳达峰 光伏 OR 风电`` means 碳达峰 AND (光伏 OR 风电).

Every unquoted word must occur as a contiguous string (生态环境局 never matches 生态…环境…局
scattered over a passage) and is widened to its department aliases with
`kb.aliases.variants` (发改委 also finds 发展改革委 and 发展和改革委员会). Quoted phrases are exact:
no aliases. Whitespace and punctuation inside a word are ignored (see `analysis.fold`).
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cached_property

from kb.aliases import variants
from kb.index.analysis import fold

OR_OPERATORS = frozenset({"OR", "|"})


@dataclass(frozen=True)
class QueryTerm:
    """One word or quoted phrase of the search box, with the folded forms it matches.

    `forms` are the folded texts to look for: the word itself first, then its alias variants.
    """

    text: str
    forms: tuple[str, ...]
    quoted: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    """AND over `groups`; each group is an OR of terms; `excluded` terms must not occur."""

    groups: tuple[tuple[QueryTerm, ...], ...]
    excluded: tuple[QueryTerm, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.groups

    def group_forms(self) -> list[tuple[str, ...]]:
        """For each AND-ed group, every folded form that satisfies it (OR-ed words and aliases).

        >>> parse_query("光伏 OR 风电 住建局").group_forms()[0]
        ('光伏', '风电')
        """
        return list(self._group_forms)

    def excluded_forms(self) -> tuple[str, ...]:
        """Folded forms none of which a hit may contain."""
        return self._excluded_forms

    @cached_property
    def _group_forms(self) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(dict.fromkeys(form for term in group for form in term.forms)) for group in self.groups)

    @cached_property
    def _excluded_forms(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(form for term in self.excluded for form in term.forms))

    def positive_forms(self) -> list[str]:
        """Every folded form a hit may contain, longest first (for highlighting).

        >>> parse_query("发改委 -风电").positive_forms()[:2]
        ['发展和改革委员会', '发展和改革局']
        """
        forms = {form for group in self.groups for term in group for form in term.forms}
        return sorted(forms, key=lambda f: (-len(f), f))

    def matches(self, text: str) -> bool:
        """Whether `text` answers the query, by plain substring tests on folded text.

        The reference the index must agree with (tests and bench compare against it).

        >>> parse_query("发改委 -风电").matches("由市发展改革局牵头")
        True
        """
        return self.matches_folded(fold(text))

    def matches_folded(self, folded: str) -> bool:
        """`matches` for text already folded with `analysis.fold`."""
        return bool(self.groups) and all(
            any(form in folded for form in forms) for forms in self._group_forms
        ) and not any(form in folded for form in self._excluded_forms)

    def exact_phrase(self) -> str | None:
        """The words typed, joined, when there are several AND-ed single words; else None.

        Passages containing this phrase rank first ("exact-phrase hits above scattered words").

        >>> parse_query("碳达峰 实施方案").exact_phrase()
        '碳达峰实施方案'
        """
        if len(self.groups) < 2 or any(len(group) != 1 for group in self.groups):
            return None
        return "".join(group[0].forms[0] for group in self.groups)


def _split(query: str) -> list[tuple[str, bool, bool]]:
    """Raw tokens as (text, quoted, excluded).

    >>> _split('光伏 -"海上 风电" OR')
    [('光伏', False, False), ('海上 风电', True, True), ('OR', False, False)]
    """
    tokens = []
    i, n = 0, len(query)
    while i < n:
        if query[i].isspace():
            i += 1
            continue
        excluded = query[i] == "-" and i + 1 < n and not query[i + 1].isspace()
        if excluded:
            i += 1
        if query[i] == '"':
            end = query.find('"', i + 1)
            end = n if end < 0 else end
            tokens.append((query[i + 1:end], True, excluded))
            i = end + 1
            continue
        end = i
        while end < n and not query[end].isspace() and query[end] != '"':
            end += 1
        tokens.append((query[i:end], False, excluded))
        i = end
    return tokens


def _term(text: str, quoted: bool) -> QueryTerm | None:
    """A QueryTerm for one token, or None when nothing searchable is left after folding."""
    if quoted:
        folded = fold(text)
        return QueryTerm(text, (folded,), True) if folded else None
    forms: list[str] = []
    for variant in variants(text):
        folded = fold(variant)
        if folded and folded not in forms:
            forms.append(folded)
    return QueryTerm(text, tuple(forms)) if forms else None


def parse_query(query: str) -> ParsedQuery:
    """Parse the search box text.

    >>> q = parse_query('碳达峰 光伏 OR 风电 -"海上风电"')
    >>> [[t.text for t in g] for g in q.groups], [t.text for t in q.excluded]
    ([['碳达峰'], ['光伏', '风电']], ['海上风电'])
    """
    groups: list[list[QueryTerm]] = []
    excluded: list[QueryTerm] = []
    pending_or = False
    for text, quoted, is_excluded in _split(unicodedata.normalize("NFKC", query)):
        if not quoted and not is_excluded and text in OR_OPERATORS:
            pending_or = bool(groups)
            continue
        term = _term(text, quoted)
        if term is None:
            continue
        if is_excluded:
            excluded.append(term)
        elif pending_or:
            groups[-1].append(term)
        else:
            groups.append([term])
        pending_or = False
    return ParsedQuery(tuple(tuple(g) for g in groups), tuple(excluded))
