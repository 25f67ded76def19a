"""Text folding and the two Whoosh analyzers of the search index.

Search matches on *folded* text: NFKC (full-width → half-width), case-folded, with whitespace and
punctuation removed, except the marks that carry meaning inside numbers and units (. % ‰ /).
So "到 2025 年" folds to "到2025年" and "１４．５％" to "14.5%", and a query is found wherever its
folded form is a substring of a passage's folded form.

Two analyzers feed the index:

* `BigramTokenizer` (field ``grams``): every bigram of the folded text. It only finds candidate
  passages; kb.index.engine confirms each with a substring test, so recall and exact phrases never
  depend on word segmentation (jieba's own ChineseAnalyzer breaks phrase queries and drops 和).
* `JiebaTokenizer` (field ``words``): jieba words with sequential positions and no stop list, used
  only for ranking (a passage where 生态环境 is a word ranks above one where it is part of
  生态环境局). The jieba dictionary loads lazily on first use (it costs about a second).
"""
from __future__ import annotations

import logging
import threading
import unicodedata
from functools import lru_cache

from whoosh.analysis import Token, Tokenizer

log = logging.getLogger(__name__)

# Punctuation that stays in folded text because it changes meaning: 14.5% ≠ 145, 吨/万元, 3‰.
KEPT_PUNCTUATION = frozenset(".%‰/")


@lru_cache(maxsize=None)
def _fold_char(ch: str) -> str:
    """The folded form of one character: "" for whitespace and punctuation.

    >>> _fold_char("％"), _fold_char("Ｐ"), _fold_char("，")
    ('%', 'p', '')
    """
    out = []
    for c in unicodedata.normalize("NFKC", ch).casefold():
        if c in KEPT_PUNCTUATION or unicodedata.category(c)[0] in "LNSM":
            out.append(c)
    return "".join(out)


class _FoldTable(dict):
    """str.translate table filled on demand: code point → folded string (None drops it).

    translate() runs in C, so folding a passage costs a few microseconds instead of a Python
    call per character.
    """

    def __missing__(self, code: int) -> str | None:
        folded = _fold_char(chr(code)) or None
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """The text as search compares it.

    >>> fold("到 2025 年，单位ＧＤＰ能耗下降１４．５％。")
    '到2025年单位gdp能耗下降14.5%'
    """
    return text.translate(_FOLD_TABLE)


class _WidthTable(dict):
    """str.translate table filled on demand: code point → "0", "1" … how many characters it folds to."""

    def __missing__(self, code: int) -> str:
        width = str(min(len(_fold_char(chr(code))), 9))
        self[code] = width
        return width


_WIDTH_TABLE = _WidthTable()


def fold_with_origins(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each folded character, the index of the character it came from.

    Used to turn a match in folded text back into a span of the original text. Nearly every
    character folds to itself or to nothing, so the origins are read off a width mask made by
    str.translate (C speed); characters that fold to several (rare: "㎡") take the slow path.

    >>> fold_with_origins("A，b c"), fold_with_origins("面积㎡")
    (('abc', [0, 2, 4]), ('面积m2', [0, 1, 2, 2]))
    """
    widths = text.translate(_WIDTH_TABLE)
    if not any(w in widths for w in "23456789"):
        origins = [i for i, w in enumerate(widths) if w == "1"]
        return fold(text), origins
    chars: list[str] = []
    origins: list[int] = []
    for i, ch in enumerate(text):
        for c in _fold_char(ch):
            chars.append(c)
            origins.append(i)
    return "".join(chars), origins


def bigrams(folded: str) -> list[str]:
    """The distinct bigrams of a folded string, in order of first occurrence.

    >>> bigrams("生态环境局"), bigrams("碳")
    (['生态', '态环', '环境', '境局'], [])
    """
    return list(dict.fromkeys(folded[i:i + 2] for i in range(len(folded) - 1)))


class BigramTokenizer(Tokenizer):
    """Overlapping bigrams of the folded text, positions 0, 1, 2 … (a passage of one character
    gives no bigram; single-character queries are answered by scanning, see kb.index.engine).

    >>> [(t.text, t.pos) for t in BigramTokenizer()("PUE值", positions=True)]
    [('pu', 0), ('ue', 1), ('e值', 2)]
    """

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, mode="", **kwargs):
        folded = fold(value)
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for i in range(len(folded) - 1):
            token.pos = start_pos + i
            token.text = folded[i:i + 2]
            token.boost = 1.0
            token.stopped = False
            yield token


# ------------------------------------------------------------------ jieba ----
_segmenter = None
_segmenter_lock = threading.Lock()
_query_segmenter = None


def _load_segmenter():
    """A private jieba.Tokenizer with the policy terms added (the global one is left alone)."""
    import jieba  # imported here: loading the dictionary costs about a second

    jieba.setLogLevel(logging.WARNING)  # jieba logs "Building prefix dict…" to stderr otherwise
    segmenter = jieba.Tokenizer()
    segmenter.initialize()
    for word in _added_words():
        segmenter.add_word(word)
    segmenter.lcut("预热分词模型")  # the HMM for unknown words loads on first use: pay for it here
    log.info("jieba dictionary loaded")
    return segmenter


def _added_words() -> list[str]:
    """Terms jieba should keep whole when ranking (kb/data/policy_terms.txt: 减污降碳, 碳达峰 …)
    and department names (kb/data/aliases.txt)."""
    from kb.aliases import alias_groups
    from kb.data import policy_terms

    return [*policy_terms(), *(name for group in alias_groups() for name in group)]


def segmenter():
    """The shared jieba tokenizer, loaded on first call (thread-safe)."""
    global _segmenter
    if _segmenter is None:
        with _segmenter_lock:
            if _segmenter is None:
                _segmenter = _load_segmenter()
    return _segmenter


def query_segmenter():
    """Something that cuts a query exactly as `segmenter()` would: when a compact copy of the
    dictionary is at hand, kb.index.lexicon's StoredCutter, which neither imports jieba nor loads
    its dictionary (a command-line search then starts in milliseconds, not a second, and holds a
    few words instead of 500,000); else the loaded jieba tokenizer."""
    global _query_segmenter
    if _segmenter is not None:
        return _segmenter
    if _query_segmenter is None:
        from kb.index import lexicon

        stored = lexicon.open_stored(_added_words())
        if stored is None:  # no copy yet: load the dictionary, and leave a copy for next time
            keep_query_copy()
            return segmenter()
        _query_segmenter = stored
    return _query_segmenter


def keep_query_copy() -> None:
    """Leave a compact copy of the dictionary for `query_segmenter` (once per machine; the
    ingest's indexer does it, having the dictionary loaded anyway)."""
    from kb.index import lexicon

    lexicon.save(segmenter(), _added_words())


def words(text: str, query: bool = False) -> list[str]:
    """Folded jieba words of `text`, in order, punctuation dropped, no stop list; a `query`'s are
    cut by the query segmenter (the same words).

    >>> words("工业和信息化部、生态环境局")
    ['工业和信息化部', '生态环境局']
    """
    out = []
    cutter = query_segmenter() if query else segmenter()
    for word in cutter.cut(unicodedata.normalize("NFKC", text).casefold()):
        folded = fold(word)
        if folded:
            out.append(folded)
    return out


class JiebaTokenizer(Tokenizer):
    """jieba words with sequential positions (0, 1, 2 …), unlike jieba's ChineseAnalyzer.

    >>> [(t.text, t.pos) for t in JiebaTokenizer()("推进减污降碳", positions=True)]
    [('推进', 0), ('减污降碳', 1)]
    """

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for i, word in enumerate(words(value)):
            token.pos = start_pos + i
            token.text = word
            token.boost = 1.0
            token.stopped = False
            yield token
