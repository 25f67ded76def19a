"""Search on a server KB: the desktop's search, answered by PostgreSQL (`ServerIndex`).

A server holds millions of passages: their texts cannot all sit in one program's memory as the
desktop's engine keeps them (kb.index.engine). So the same reading of a query — `parse_query`
(words, "phrases", -exclusions, OR, department aliases), `fold`, and `concepts` for the related
tier (kb.index.understand) — is turned into SQL over the search tables of kb.store.search:

* **exact tier** (recall 1.0): a form of one or more characters is looked up by its characters'
  grams in a GIN index and confirmed by substring, so every passage containing the words as
  typed is found, whatever jieba makes of them; ranked as the desktop ranks (BM25 of the forms,
  jieba words at a lower weight, the passage's substance), the typed words side by side first;
* **related tier**: the query's concepts as tsqueries over the passages' jieba words (a concept
  in more than 1/COMMON_FRACTION of passages only scores the others' finds, as on the desktop).

Hits are the desktop's `Hit` values, tiers and all. Rows are written in the store's own
transaction (`in_store`): a file is stored and searchable, or neither.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping

from kb.aliases import department_matches
from kb.index.analysis import bigrams, fold, segmenter, words
from kb.index.engine import COMMON_FRACTION, COVERAGE, POOL, WORD_BOOST, implies
from kb.index.query import ParsedQuery, parse_query
from kb.index.search_index import (
    EXACT,
    PROGRESS_EVERY,
    RELATED,
    RELATED_LIMIT,
    Hit,
    ProgressCallback,
    make_hit,
    record_kinds,
    searched_text,
)
from kb.index.substance import FACTORS, substance
from kb.index.understand import BIGRAM_WEIGHT, WORD_WEIGHT, Concept, concepts
from kb.models import IndexRecord
from kb.store import Store, read, search

log = logging.getLogger(__name__)

BATCH = 1000  # rows written at a time when the index is rebuilt


def grams(folded: str) -> list[str]:
    """What the GIN index finds a folded form by: its one character, or its bigrams.

    >>> grams("碳"), grams("碳达峰")
    (['碳'], ['碳达', '达峰'])
    """
    return [folded] if len(folded) == 1 else bigrams(folded)


def passage_grams(folded: str) -> list[str]:
    """Every character and bigram of a passage's folded text (none across the note's separator).

    >>> passage_grams("碳汇\\n林业")
    ['业', '林', '林业', '汇', '碳', '碳汇']
    """
    pairs = {folded[i:i + 2] for i in range(len(folded) - 1)}
    return sorted((set(folded) | pairs) - {"\n"} - {p for p in pairs if "\n" in p})


def search_row(record: IndexRecord) -> dict:
    """A passage's row in the server's search table."""
    searched, folded = searched_text(record)
    return {
        "passage_id": record.passage_id, "doc_id": record.doc_id, "kind": record.kind, "kinds": record_kinds(record),
        "text": record.text, "note": record.note, "title": record.title, "file": record.file,
        "clause": record.clause, "page": record.page, "jurisdiction": record.jurisdiction, "year": record.year,
        "departments": list(record.departments), "deadline_years": list(record.deadline_years),
        "folded": folded, "grams": passage_grams(folded), "words": search.tsvector(words(searched)),
        "substance": substance(record),
    }


def _forms(forms: Iterable[str]) -> list[tuple[str, list[str]]]:
    return [(form, grams(form)) for form in forms]


def words_query(forms: Iterable[str]) -> str:
    """A tsquery for any of `forms`, each as the phrase of its jieba words.

    >>> words_query(["碳达峰", "生态环境局"])
    "('碳达峰') | ('生态环境局')"
    """
    return search.tsquery([words(form) for form in forms])


class ServerIndex:
    """The search index of a server KB, in its own database (see kb.store.search): the methods
    of kb.index.SearchIndex, answered by PostgreSQL."""

    in_store = True

    def __init__(self, db: Store):
        self.db = db
        self.needs_rebuild = False
        self.problem = ""
        self._average: float | None = None
        try:
            if search.ensure_tables(db):
                self.needs_rebuild, self.problem = True, "index missing"
        except db.dialect.errors as error:  # an account that may only read, on an older server
            self.needs_rebuild, self.problem = True, f"index unusable ({error})"
            log.warning("search tables not usable: %s", error)

    # ------------------------------------------------------------ writing ----
    def update(self, removed: Iterable[int] = (), added: Mapping[int, Iterable[IndexRecord]] | None = None,
               versions: Mapping[int, str] | None = None, merge: bool = True, split: bool = False) -> None:
        """Drop the `removed` documents, then put each `added` document's records in place of
        what the index held for it, with its version: all or nothing. (`merge` and `split` are the
        desktop index's: PostgreSQL keeps its own indexes in shape, and workers write in parallel.)"""
        added = added or {}
        rows = []
        for doc_id, records in added.items():
            for record in records:
                if record.doc_id != doc_id:
                    raise ValueError(f"record of document {record.doc_id} given for document {doc_id}")
                rows.append(search_row(record))
        search.replace_documents(self.db, [*removed, *added], rows, dict(versions or {}))

    def rebuild(self, records: Iterable[IndexRecord], on_progress: ProgressCallback | None = None, *,
                total: int | None = None, versions: Mapping[int, str] | None = None) -> int:
        """Replace the whole index by `records` in one transaction; returns how many."""
        if total is None:
            total = len(records) if hasattr(records, "__len__") else 0
        done = 0
        with self.db.transaction():
            search.clear(self.db)
            batch: list[dict] = []
            for record in records:
                batch.append(search_row(record))
                done += 1
                if len(batch) >= BATCH:
                    search.insert_rows(self.db, batch)
                    batch = []
                if on_progress and done % PROGRESS_EVERY == 0:
                    on_progress(done, total, "正在建立搜索索引")
            search.insert_rows(self.db, batch)
            search.replace_documents(self.db, [], [], dict(versions or {}))
        self.needs_rebuild, self.problem, self._average = False, "", None
        if on_progress:
            on_progress(done, total or done, "搜索索引已建立")
        return done

    def versions(self) -> dict[int, str]:
        return {} if self.problem.startswith("index unusable") else search.versions(self.db)

    def leftovers(self) -> list:
        """Nothing is left over: the index is rows of the KB's own transactions."""
        return []

    def remove_leftovers(self) -> None:
        """Nothing to remove (see `leftovers`)."""

    def close(self) -> None:
        """The connection is the KnowledgeBase's: it closes it."""

    # ---------------------------------------------------------- searching ----
    def _filters(self, doc=None, jurisdiction=None, year=None, department=None, deadline_year=None,
                 kind=None) -> search.Filters | None:
        """The filters in the index's terms; None when no passage can pass them."""
        doc_ids = None if doc is None else (doc,) if isinstance(doc, int) else tuple(doc)
        departments = None
        if department:
            # the names search records hold that the filter matches, as the desktop index finds them
            departments = tuple(n for n in read.unit_names(self.db) if department_matches(n, department))
            if not departments:
                return None
        kinds = None if not kind else (kind,) if isinstance(kind, str) else tuple(kind)
        if doc_ids == () or kinds == ():
            return None
        return search.Filters(doc_ids, jurisdiction or None, year, departments, deadline_year, kinds)

    def _average_length(self) -> float:
        if self._average is None:
            self._average = search.average_length(self.db)
        return self._average

    def search(self, query: str, *, doc: int | Iterable[int] | None = None, jurisdiction: str | None = None,
               year: int | None = None, department: str | None = None, deadline_year: int | None = None,
               kind: str | Iterable[str] | None = None, limit: int | None = 50, exact: bool = False) -> list[Hit]:
        """As kb.index.SearchIndex.search: every passage with the words as typed (EXACT, best
        first), then unless `exact` up to RELATED_LIMIT best related ones, `limit` hits in all."""
        parsed = parse_query(query)
        found = self._filters(doc, jurisdiction, year, department, deadline_year, kind)
        if parsed.is_empty or found is None:
            return []
        filters = search.filter_sql(found)
        groups = parsed.group_forms()
        where = search.match([_forms(g) for g in groups], _forms(parsed.excluded_forms()))
        ranking = words_query(dict.fromkeys(w for forms in groups for form in forms for w in words(form)))
        score = search.exact_score(groups, ranking, WORD_BOOST, self._average_length(), FACTORS)
        rows = search.exact_hits(self.db, where, filters, score, parsed.exact_phrase(), limit)
        forms = parsed.positive_forms()
        hits = [make_hit(row, row["score"], forms, EXACT) for row in rows]
        room = RELATED_LIMIT if limit is None else min(RELATED_LIMIT, limit - len(hits))
        if exact or room <= 0:
            return hits
        wanted = concepts(parsed)
        related = self._related(parsed, wanted, filters, room)
        if related:
            marked = sorted({f for c in wanted if c.weight >= WORD_WEIGHT for f in c.forms}, key=lambda f: (-len(f), f))
            hits += [make_hit(row, row["score"], marked, RELATED) for row in related]
        return hits

    def _related(self, parsed: ParsedQuery, wanted: list[Concept], filters: search.Sql, room: int) -> list[dict]:
        """The related tier's rows: passages with the query's concepts, the exact tier left out."""
        groups = parsed.group_forms()
        live = [(c, tuple(f for f in c.forms if not implies(f, groups))) for c in wanted]
        live = [(c, forms) for c, forms in live if forms]
        if not live:
            return []
        scored = [(c.weight, words_query(forms) if c.weight > BIGRAM_WEIGHT else None, list(forms)) for c, forms in live]
        has = [search.concept_has(q, forms) for _, q, forms in scored]
        common = search.estimated_size(self.db) // COMMON_FRACTION + 1
        counts = [search.count_upto(self.db, h, common) for h in has]
        words_only = [i for i, (weight, _, _) in enumerate(scored) if weight > BIGRAM_WEIGHT]
        finders = [i for i in words_only if counts[i] < common] or sorted(words_only, key=counts.__getitem__)[:1]
        if sum(counts[i] for i in finders) < POOL:  # the words found little: their bigrams count too
            finders += [i for i in range(len(scored)) if i not in words_only]
        if not finders:
            return []
        exclude = search.any_of([search.match([_forms(g) for g in groups], []),
                                 *(search.has_any(_forms([f])) for f in parsed.excluded_forms())])
        score = search.related_score(scored, self._average_length(), FACTORS, COVERAGE)
        return search.related_hits(self.db, search.any_of([has[i] for i in finders]), filters, exclude, score, room)

    def count(self, query: str, **filters) -> int:
        """How many passages contain the query as typed (the exact tier)."""
        return len(self.passage_ids(query, **filters))

    def passage_ids(self, query: str, **filters) -> set[tuple[int, int]]:
        """(doc_id, passage_id) of every exact-tier passage, unranked."""
        parsed = parse_query(query)
        found = self._filters(**filters)
        if parsed.is_empty or found is None:
            return set()
        where = search.match([_forms(g) for g in parsed.group_forms()], _forms(parsed.excluded_forms()))
        return set(search.matching(self.db, where, search.filter_sql(found)))

    def doc_count(self) -> int:
        """Number of indexed passages."""
        return search.passage_count(self.db)

    def warm_up(self) -> None:
        """Load the jieba dictionary now, so the first search does not pay for it."""
        segmenter()


__all__ = ["ServerIndex", "fold", "grams", "passage_grams", "search_row", "words_query"]
