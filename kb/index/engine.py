"""Answering a parsed query over the Whoosh index: exact substring matching and BM25 ranking.

Why not Whoosh's own Phrase queries: measured on 30,000 passages, a bigram phrase query took
50–180 ms, because Whoosh decodes and compares positions in Python for every candidate passage,
and decoding a posting list costs about 0.6 µs per posting. A substring test on text already in
memory costs about 0.1 µs per passage. So:

1. `Corpus` keeps every live passage's folded text in memory, per Whoosh segment (segments never
   change, only gain deletions, so a segment's texts are loaded once from the ``folded`` column
   and reused until Whoosh merges the segment away). About 2 bytes per character: 25 MB for
   100,000 passages. A searcher's first search (all a command-line search makes) reads only the
   texts it looks at, one by one, while they are fewer than 1/5 of all: loading 100,000 takes
   75 ms, which a selective query need not wait for.
2. The most selective AND group is matched first. For each of its forms (word or alias) the posting
   list of its rarest bigram (field ``grams``) gives candidates, each checked with `form in text`.
   Forms of one character, or whose rarest bigram occurs in more than 1/6 of all passages, are
   found by scanning every text instead (C-speed, ~10 ms per 100,000 passages).
3. The other groups, the -exclusions and the exact-phrase tier are checked on those candidates only.
4. Ranking is BM25 (k1=1.2, b=0.75) over the query groups, with a group's term frequency = how
   often its forms occur in the passage, plus `WORD_BOOST` × BM25 of matching jieba words (field
   ``words``), a BM25F-like sum of the two fields. Passages containing the typed words side by
   side rank before all others.

Everything here reads Whoosh through its public reader API except `_block_postings`, which
reads whole posting blocks of Whoosh 2.7's W3 codec, and `_folded_texts` and `_small_numbers`,
which read a whole column at once; all for speed, all with a slow public fallback.
"""
from __future__ import annotations

import heapq
import logging
import math
from bisect import bisect_right
from codecs import utf_16_le_decode as _decode  # bytes.decode("utf-16-le") looks the codec up each call
from itertools import accumulate, compress, repeat
from operator import contains, neg
from typing import Iterable

from kb.index.analysis import bigrams, words
from kb.index.query import ParsedQuery
from kb.index.substance import FACTORS
from kb.index.understand import BIGRAM_WEIGHT, Concept

log = logging.getLogger(__name__)

GRAMS = "grams"
WORDS = "words"

K1 = 1.2
B = 0.75
WORD_BOOST = 0.5  # jieba words only reorder passages that all contain the query string
SCAN_FRACTION = 6  # scan all texts when the rarest bigram is in more than 1/6 of passages
READ_ONE_BY_ONE = 5  # a first search reads texts one by one, up to 1/5 of them (then loads all)
WORD_POSTINGS_FRACTION = 10  # read a jieba word's postings only if in ≤ 1/10 of passages…
WORD_SKIP_LIMIT = 2000  # …or when at most this many hits need its frequency (skip_to each)
COMMON_FRACTION = 25  # related tier: a concept in more than 1/25 of passages only scores others' finds
POOL = 300  # …on this many of the best passages found by the rarer concepts
COVERAGE = 1.0  # related tier: score × (share of the query's concept weight present) ** COVERAGE


FOLDED = "folded"  # column: folded text as UTF-16-LE bytes (half the size of UTF-8 for Chinese)
SUBSTANCE = "substance"  # column: the passage's kb.index.substance class
KEY = "key"  # column: "doc_id:passage_id"
FOLDED_ENCODING = "utf-16-le"


class SegmentTexts:
    """Length, substance class and (when first needed) folded text and (doc_id, passage_id) of
    each document number of one segment.

    Read from Whoosh columns, not stored fields: 100,000 passages load in about 0.1 s instead of
    about 2 s (unpickling and folding every stored text). The lengths (for ranking) come from the
    column's own table of value sizes, so a search that needs only a few texts reads only those.
    """

    def __init__(self, leaf_reader):
        column = leaf_reader.column_reader(FOLDED, translate=False)
        self._texts: list[str] | None = None
        sizes = getattr(column, "_lengths", None)  # VarBytesColumn.Reader: bytes of each value
        if sizes is None:
            self._texts = _folded_texts(column)
            sizes = [len(text.encode(FOLDED_ENCODING)) for text in self._texts]
        # characters (UTF-16 code units: one beyond the BMP counts two) of each text
        self.lengths: list[int] = [size // 2 for size in sizes]
        self.substance: list[int] = _small_numbers(leaf_reader.column_reader(SUBSTANCE, translate=False))
        self._keys: list[tuple[int, int] | None] | None = None

    def texts(self, leaf_reader) -> list[str]:
        if self._texts is None:
            self._texts = _folded_texts(leaf_reader.column_reader(FOLDED, translate=False))
        return self._texts

    def text(self, column, docnum: int) -> str:
        """One document's text: from the loaded texts, or read from the segment's `column`."""
        return self._texts[docnum] if self._texts is not None else _decode(column[docnum])[0]

    def keys(self, leaf_reader) -> list[tuple[int, int] | None]:
        if self._keys is None:
            self._keys = [_parse_key(key) for key in leaf_reader.column_reader(KEY)]
        return self._keys


# Whoosh's column readers return one value a call (a file read, an unpack and a translation each:
# 2 µs, 0.2 s for 100,000 passages). The two columns every search loads are read in one piece
# from the memory-mapped file instead, in half the time; another reader is read the slow way.
def _folded_texts(column) -> list[str]:
    """The folded texts of a VarBytesColumn reader, decoded in one call when they can be."""
    if not {"_dbfile", "_basepos", "_lengths"} <= vars(column).keys():
        return [_decode(value)[0] for value in column]
    ends = list(accumulate(column._lengths))
    data = column._dbfile.get(column._basepos, ends[-1] if ends else 0)
    whole = _decode(data)[0]
    if 2 * len(whole) != len(data):  # a character beyond the BMP takes two code units: value by value
        return [_decode(data[start:end])[0] for start, end in zip([0, *ends], ends)]
    del data  # not held while the texts are cut (2 bytes a character)
    return [whole[start // 2:end // 2] for start, end in zip([0, *ends], ends)]  # byte offsets halve


def _small_numbers(column) -> list[int]:
    """The values of a NumericColumn("B") reader (one byte each)."""
    if not ({"_dbfile", "_basepos", "_count", "_doccount", "_default"} <= vars(column).keys()
            and getattr(column, "_typecode", None) == "B"):
        return list(column)
    present = list(column._dbfile.get(column._basepos, column._count))
    return present + [column._default] * (column._doccount - len(present))


def _parse_key(key: str) -> tuple[int, int] | None:
    """ "12:345" → (12, 345); None for the empty value of a deleted or missing document."""
    if not key:
        return None
    doc_id, _, passage_id = key.partition(":")
    if not passage_id.isdigit():
        return None  # a document's version marker, not a passage
    return int(doc_id), int(passage_id)


def _block_postings(matcher, with_weights: bool) -> tuple[list[int], list[float]]:
    """All (ids, weights) of a leaf posting matcher, a block at a time where possible.

    Deleted documents are included (FilterMatcher unwrapped): callers drop them via the texts.
    """
    leaf = getattr(matcher, "child", matcher)
    ids: list[int] = []
    weights: list[float] = []
    if all(hasattr(leaf, name) for name in ("_read_ids", "_read_weights", "_next_block", "_ids")):
        while leaf.is_active():  # W3LeafMatcher: one pickled block of up to 128 postings at a time
            leaf._read_ids()
            ids.extend(leaf._ids)
            if with_weights:
                leaf._read_weights()
                weights.extend(leaf._weights)
            leaf._next_block()
        return ids, weights
    while matcher.is_active():  # any other codec: the public, slower way
        ids.append(matcher.id())
        if with_weights:
            weights.append(matcher.weight())
        matcher.next()
    return ids, weights


def idf(doc_frequency: int, total: int) -> float:
    """BM25 inverse document frequency (never negative).

    >>> round(idf(10, 1000), 2)
    4.56
    """
    return math.log(1 + (total - doc_frequency + 0.5) / (doc_frequency + 0.5))


class Corpus:
    """One searcher's view for matching: folded texts by global document number.

    `segment_cache` (segment id → SegmentTexts) is shared between successive Corpus objects of
    the same index so that only new segments are read after a write.
    """

    def __init__(self, searcher, segment_cache: dict[str, SegmentTexts]):
        self.searcher = searcher
        self.reader = searcher.reader()
        self.leaves = [(leaf, base) for leaf, base in self.reader.leaf_readers() if leaf.doc_count_all()]
        self._bases = [base for _, base in self.leaves]
        lengths: list[int] = []
        substance: list[int] = []
        self._segments: list[SegmentTexts] = []
        self._deleted: list[frozenset[int]] = []  # per segment: deletions only grow, so per searcher
        self._columns: dict[int, object] = {}  # segment → its folded-text column, for reading one text
        self._texts: list[str] | None = None
        self._read: dict[int, str] = {}  # the texts read one by one
        self.searches = 0
        self._keys: list[tuple[int, int] | None] | None = None
        live_ids = set()
        for leaf, base in self.leaves:
            segment = leaf.segment()
            segment_id = segment.segment_id() if segment is not None else None
            cached = segment_cache.get(segment_id) if segment_id else None
            if cached is None:
                cached = SegmentTexts(leaf)
                if segment_id:
                    segment_cache[segment_id] = cached
            live_ids.add(segment_id)
            self._segments.append(cached)
            deleted = frozenset(segment.deleted_docs()) if leaf.has_deletions() else frozenset()
            self._deleted.append(deleted)
            assert base == len(lengths), "leaf readers out of order"
            if deleted:  # a deleted passage has no length: it counts in no average
                lengths.extend(0 if docnum in deleted else n for docnum, n in enumerate(cached.lengths))
            else:
                lengths.extend(cached.lengths)
            substance.extend(cached.substance)
        for stale in set(segment_cache) - live_ids:  # merged away
            del segment_cache[stale]
        self.count = len(lengths)  # document numbers, deleted ones included
        self.size = self.reader.doc_count()  # live passages
        avg_length = sum(lengths) / self.size if self.size else 1.0
        # BM25 length norm k1·(1 − b + b·len/avg_len) of every passage, computed once
        self.norms = [K1 * (1 - B + B * n / avg_length) for n in lengths]
        # how much each passage says (tasks above headings): multiplies its score
        self.prior = [FACTORS[kind] for kind in substance]
        self.filter_cache: dict[str, set[int]] = {}
        self._rarest: dict[str, tuple[str, int]] = {}  # form → (rarest bigram, its doc frequency)

    @property
    def texts(self) -> list[str]:
        """Every folded text by global document number ("" for a deleted one), loaded on first use."""
        if self._texts is None:
            texts: list[str] = []
            for (leaf, _), cached, deleted in zip(self.leaves, self._segments, self._deleted):
                segment_texts = cached.texts(leaf)
                if deleted:  # "" never matches
                    segment_texts = ["" if docnum in deleted else text for docnum, text in enumerate(segment_texts)]
                texts.extend(segment_texts)
            self._texts = texts
            self._read = {}
        return self._texts

    def texts_of(self, docs: list[int]) -> list[str]:
        """The folded texts of `docs`. The first search of a searcher (a command-line search is
        the only one) reads them one by one while that is cheaper than loading all of them
        (about 0.75 s per million passages); any later search, as in the app, loads them all."""
        if self._texts is None and self.searches <= 1:
            read = self._read
            missing = [d for d in docs if d not in read]
            if len(read) + len(missing) <= self.count // READ_ONE_BY_ONE:
                for doc in missing:
                    read[doc] = self._text(doc)
                return list(map(read.__getitem__, docs))
        return list(map(self.texts.__getitem__, docs))

    def _text(self, doc: int) -> str:
        i = bisect_right(self._bases, doc) - 1
        docnum = doc - self._bases[i]
        if docnum in self._deleted[i]:
            return ""
        column = self._columns.get(i)
        if column is None:
            column = self._columns[i] = self.leaves[i][0].column_reader(FOLDED, translate=False)
        return self._segments[i].text(column, docnum)

    @property
    def keys(self) -> list[tuple[int, int] | None]:
        """(doc_id, passage_id) by global document number, loaded on first use."""
        if self._keys is None:
            keys: list[tuple[int, int] | None] = []
            for (leaf, _), cached in zip(self.leaves, self._segments):
                keys.extend(cached.keys(leaf))
            self._keys = keys
        return self._keys

    # -------------------------------------------------------------- postings ----
    def postings(self, field: str, term: str, with_weights: bool = False) -> tuple[list[int], list[float]]:
        """Global (ids, weights) of a term over every segment."""
        all_ids: list[int] = []
        all_weights: list[float] = []
        for leaf, base in self.leaves:
            if (field, term) not in leaf:
                continue
            ids, weights = _block_postings(leaf.postings(field, term), with_weights)
            all_ids.extend(ids if base == 0 else [i + base for i in ids])
            all_weights.extend(weights)
        return all_ids, all_weights

    def rarest_bigram(self, form: str) -> tuple[str, int]:
        """The bigram of `form` in fewest passages, and that number (0: the form cannot occur).

        >>> corpus.rarest_bigram("生态环境局")   # doctest: +SKIP
        ('境局', 212)
        """
        if form not in self._rarest:
            pairs = [(self.reader.doc_frequency(GRAMS, gram), gram) for gram in bigrams(form)]
            frequency, gram = min(pairs)
            self._rarest[form] = gram, frequency
        return self._rarest[form]

    def estimate(self, forms: Iterable[str]) -> int:
        """Upper bound of how many passages contain one of `forms` (single characters: all)."""
        total = 0
        for form in forms:
            total += self.rarest_bigram(form)[1] if len(form) > 1 else self.size
        return min(total, self.size)

    # -------------------------------------------------------------- matching ----
    def find(self, form: str) -> list[int]:
        """Every live document number whose folded text contains `form`."""
        if len(form) > 1:
            gram, frequency = self.rarest_bigram(form)
            if frequency == 0:
                return []
            if frequency * SCAN_FRACTION <= self.size:
                candidates, _ = self.postings(GRAMS, gram)
                return list(compress(candidates, map(contains, self.texts_of(candidates), repeat(form))))
        texts = self.texts
        return list(compress(range(len(texts)), map(contains, texts, repeat(form))))

    def keep_containing(self, candidates: Iterable[int], forms: Iterable[str]) -> set[int]:
        """The candidates whose text contains at least one of `forms`."""
        remaining = list(candidates)
        found: set[int] = set()
        for form in forms:
            hits = list(compress(remaining, map(contains, self.texts_of(remaining), repeat(form))))
            found.update(hits)
            if len(hits) == len(remaining):
                break
            if hits:
                hit_set = set(hits)
                remaining = [d for d in remaining if d not in hit_set]
        return found

    def match(self, parsed: ParsedQuery, allowed: set[int] | None) -> tuple[set[int], dict[tuple, int]]:
        """Document numbers answering `parsed` (restricted to `allowed` unless None).

        Also returns the exact document frequency of each group matched over the whole index,
        for ranking.
        """
        self.searches += 1
        groups = sorted(parsed.group_forms(), key=self.estimate)
        exact_frequency: dict[tuple, int] = {}
        candidates = allowed
        for forms in groups:
            if candidates is None or len(candidates) > self.estimate(forms):
                found: set[int] = set()
                for form in forms:
                    found.update(self.find(form))
                exact_frequency[forms] = len(found)
                candidates = found if candidates is None else candidates & found
            else:
                candidates = self.keep_containing(candidates, forms)
            if not candidates:
                return set(), exact_frequency
        excluded = parsed.excluded_forms()
        if excluded:
            candidates = candidates - self.keep_containing(candidates, excluded)
        return candidates, exact_frequency

    # --------------------------------------------------------------- ranking ----
    def word_frequencies(self, word: str, docs: list[int]) -> dict[int, float] | None:
        """jieba word frequency in each of `docs` that contains it; None when too costly to know."""
        frequency = self.reader.doc_frequency(WORDS, word)
        if frequency == 0:
            return {}
        if frequency * WORD_POSTINGS_FRACTION <= self.size:
            ids, weights = self.postings(WORDS, word, with_weights=True)
            return dict(zip(ids, weights))
        if len(docs) > WORD_SKIP_LIMIT:
            return None
        out: dict[int, float] = {}
        for leaf, base in self.leaves:
            if (WORDS, word) not in leaf:
                continue
            matcher = leaf.postings(WORDS, word)
            for doc in sorted(d - base for d in docs if base <= d < base + leaf.doc_count_all()):
                if not matcher.is_active():
                    break
                matcher.skip_to(doc)
                if matcher.is_active() and matcher.id() == doc:
                    out[doc + base] = matcher.weight()
        return out

    def rank(self, parsed: ParsedQuery, docs: set[int], exact_frequency: dict[tuple, int],
             limit: int | None) -> list[tuple[int, float]]:
        """(docnum, score) of the best `limit` docs (all when None): exact-phrase tier first."""
        doc_list = list(docs)  # order is irrelevant: ties are broken by document number below
        doc_texts = self.texts_of(doc_list)
        norms = list(map(self.norms.__getitem__, doc_list))
        scores: list[float] | None = None
        k = K1 + 1
        # BM25 = idf·tf·(k1+1) / (tf + norm); 碳 or 和 match half of all passages, so each step is
        # one pass over lists in comprehensions, not a Python loop of several steps a passage
        for forms in parsed.group_forms():
            live = [f for f in forms if len(f) == 1 or self.rarest_bigram(f)[1]]  # skip absent aliases
            if not live:
                continue
            weight = idf(self._group_frequency(forms, exact_frequency), self.size) * k
            tf = _occurrences(doc_texts, live)
            if scores is None:
                scores = [weight * t / (t + n) for t, n in zip(tf, norms)]
            else:
                scores = [s + weight * t / (t + n) for s, t, n in zip(scores, tf, norms)]
        if scores is None:
            scores = [0.0] * len(doc_list)
        position: dict[int, int] | None = None
        for word in self._ranking_words(parsed):
            frequencies = self.word_frequencies(word, doc_list)
            if not frequencies:
                continue
            weight = WORD_BOOST * idf(self.reader.doc_frequency(WORDS, word), self.size) * k
            if position is None:  # passage number → its place in doc_list
                position = dict(zip(doc_list, range(len(doc_list))))
            places = map(position.get, frequencies)  # usually far fewer than the hits
            for i, t in zip(places, frequencies.values()):
                if i is not None:
                    scores[i] += weight * t / (t + norms[i])
        scores = [s * p for s, p in zip(scores, map(self.prior.__getitem__, doc_list))]
        phrase = parsed.exact_phrase()
        ordering = scores
        # passages with the typed words side by side first: lift them above every other score
        if phrase and scores:
            lift = max(scores) + 1.0
            ordering = [s + lift if side_by_side else s
                        for s, side_by_side in zip(scores, map(contains, doc_texts, repeat(phrase)))]
        best = _best(doc_list, ordering, limit if limit is not None else len(doc_list))
        return [(doc_list[i], scores[i]) for i in best]

    def _group_frequency(self, forms: tuple[str, ...], exact_frequency: dict[tuple, int]) -> int:
        """Passages containing the group: exact when it was matched over the whole index, else
        estimated from rarest bigrams (a single character counts as in half of all passages)."""
        if forms in exact_frequency:
            return exact_frequency[forms]
        guess = sum(self.rarest_bigram(f)[1] if len(f) > 1 else self.size // 2 for f in forms)
        return min(guess, self.size)

    @staticmethod
    def _ranking_words(parsed: ParsedQuery) -> list[str]:
        """Distinct jieba words of every positive form (the query's words for the ``words`` field)."""
        out: dict[str, None] = {}
        for forms in parsed.group_forms():
            for form in forms:
                out.update(dict.fromkeys(words(form, query=True)))
        return list(out)

    # ---------------------------------------------------------- related tier ----
    def related(self, concepts: list[Concept], allowed: set[int] | None, skip: set[int],
                excluded: tuple[str, ...], limit: int,
                skip_groups: list[tuple[str, ...]] | None = None) -> list[tuple[int, float]]:
        """(docnum, score) of the best `limit` passages with any of the concepts, `skip` (the exact
        tier, the passages with a form of each of `skip_groups`) and passages with an `excluded`
        form left out; best first, ties by document number.

        Score: Σ concept weight × BM25 (tf = occurrences of any of its forms), × the share of the
        query's concept weight the passage has (so passages with more of the query rank first), ×
        the passage's substance factor. A concept in more than 1/COMMON_FRACTION of passages
        scores only the POOL best passages the rarer concepts found: it cannot lift a passage
        that has nothing else, and reading it everywhere would cost 10 ms per 100,000 passages.
        """
        size = self.count
        groups = skip_groups or []
        live = [(c, tuple(f for f in c.forms if (len(f) == 1 or self.rarest_bigram(f)[1]) and not implies(f, groups)))
                for c in concepts]
        live = sorted(((c, forms) for c, forms in live if forms), key=lambda item: self.estimate(item[1]))
        if not live or limit <= 0 or not size:
            return []
        scores: dict[int, float] = {}  # passage → score, for the passages a concept was found in
        present: dict[int, float] = {}  # passage → concept weight it has

        def scored() -> list[int]:
            """The passages that scored and may be shown, in order."""
            return sorted(d for d, score in scores.items()
                          if score > 0 and d not in skip and (allowed is None or d in allowed))

        used = [item for item in live if item[0].weight > BIGRAM_WEIGHT]
        deferred = self._score_concepts(used, scores, present)
        candidates = scored()
        grams = [item for item in live if item[0].weight <= BIGRAM_WEIGHT]
        if grams and len(candidates) < POOL:  # the words found little: two characters of them count too
            deferred += self._score_concepts(grams, scores, present)
            used += grams
            candidates = scored()
        if deferred and candidates:
            candidates = [candidates[i] for i in _best(candidates, [scores[d] for d in candidates], POOL)]
            for concept, forms in deferred:
                docs = sorted(self.keep_containing(candidates, forms))
                frequency = min(self.size, sum(self.rarest_bigram(f)[1] if len(f) > 1 else self.size // 2
                                               for f in forms))
                self._add_concept(concept, forms, docs, frequency, scores, present)
        if not candidates:
            return []
        total = sum(concept.weight for concept, _ in used)
        final = [scores[d] * (present[d] / total) ** COVERAGE * self.prior[d] for d in candidates]
        out: list[tuple[int, float]] = []
        for i in _best(candidates, final, limit + len(excluded) * limit):
            doc = candidates[i]
            if excluded and self.keep_containing([doc], excluded):
                continue
            out.append((doc, final[i]))
            if len(out) == limit:
                break
        return out

    def _score_concepts(self, items: list[tuple[Concept, tuple[str, ...]]], scores: dict[int, float],
                        present: dict[int, float]) -> list:
        """Score every passage containing each concept; return the concepts too common to look
        for everywhere (in more than 1/COMMON_FRACTION of passages), once something has scored."""
        deferred = []
        for concept, forms in items:
            if any(scores.values()) and self.estimate(forms) * COMMON_FRACTION > self.size:
                deferred.append((concept, forms))
                continue
            docs: set[int] = set()
            for form in forms:
                docs.update(self.find(form))
            self._add_concept(concept, forms, sorted(docs), len(docs), scores, present)
        return deferred

    def _add_concept(self, concept: Concept, forms: tuple[str, ...], docs: list[int], frequency: int,
                     scores: dict[int, float], present: dict[int, float]) -> None:
        """Add one concept's weighted BM25 to the passages `docs` (which contain it)."""
        if not docs:
            return
        tf = _occurrences(self.texts_of(docs), forms)
        weight = concept.weight * idf(frequency, self.size) * (K1 + 1)
        norms = self.norms
        for doc, t in zip(docs, tf):
            scores[doc] = scores.get(doc, 0.0) + weight * t / (t + norms[doc])
            present[doc] = present.get(doc, 0.0) + concept.weight


def implies(form: str, groups: list[tuple[str, ...]]) -> bool:
    """Whether every passage containing `form` contains a form of each group (so is in the exact
    tier and need not be looked for again).

    >>> implies("碳达峰", [("碳",)]), implies("光伏", [("光伏",), ("公共机构",)])
    (True, False)
    """
    return bool(groups) and all(any(g in form for g in group) for group in groups)


def _occurrences(texts: list[str], forms: Iterable[str]) -> list[int]:
    """How often the forms occur in each text, in all.

    >>> _occurrences(["碳达峰碳中和", "降碳"], ["碳", "降碳"])
    [2, 2]
    """
    counts = [list(map(str.count, texts, repeat(form))) for form in forms]
    return counts[0] if len(counts) == 1 else [sum(c) for c in zip(*counts)]


def _best(docs: list[int], scores: list[float], count: int) -> list[int]:
    """Indices of the `count` docs of highest score, best first, ties by lower document number.

    >>> _best([7, 3, 5], [1.0, 2.0, 2.0], 2), _best([7, 3, 5], [1.0, 2.0, 2.0], 5)
    ([1, 2], [1, 2, 0])
    """
    indices: Iterable[int] = range(len(docs))
    if 0 < count < len(docs):  # only what can be among the best: scores from the count-th down
        cut = heapq.nlargest(count, scores)[-1]
        indices = list(compress(indices, map(cut.__le__, scores)))
    ranked = sorted(zip(map(scores.__getitem__, indices), map(neg, map(docs.__getitem__, indices)), indices),
                    reverse=True)  # compared in C: score, then lower document number
    return [i for _, _, i in ranked[:max(count, 0)]]
