"""A server KB's search index: its tables and every query on them (PostgreSQL only).

The index stage (kb.index.server) decides what a query means and what a passage is searched by
(folded text, its character grams, its jieba words — the desktop's own analysis); this module
only keeps those rows and asks PostgreSQL the questions:

* ``search_passages``: one row per searchable passage (every passage but the table of contents,
  of documents that are no copies), with what a hit shows, the filters' values, the folded text,
  ``grams`` (its distinct single characters and bigrams, under a GIN index: the exact tier's
  candidates) and ``words`` (a tsvector of its jieba words, under a GIN index: ranking and the
  related tier).
* ``search_versions``: the version of each document the index holds (as the Whoosh index's
  marker records), so a KB compares it with the store's like a desktop does.

A query arrives as `Match` values: AND over groups, OR over the folded forms of a group; a form
matches a passage whose grams hold all its bigrams (or its one character) and whose folded text
holds it (strpos): recall never depends on word segmentation.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .connection import Store

# Bump when the tables below change: an index of another version is made anew and rebuilt.
SEARCH_VERSION = "2"
TABLES = """
CREATE TABLE search_passages (
    passage_id BIGINT PRIMARY KEY,
    doc_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    kinds TEXT[] NOT NULL,
    text TEXT NOT NULL,
    note TEXT NOT NULL,
    title TEXT NOT NULL,
    file TEXT NOT NULL,
    clause TEXT NOT NULL,
    page INTEGER NOT NULL,
    jurisdiction TEXT NOT NULL,
    year INTEGER,
    departments TEXT[] NOT NULL,
    deadline_years INTEGER[] NOT NULL,
    folded TEXT NOT NULL,
    grams TEXT[] NOT NULL,
    words TSVECTOR NOT NULL,
    substance SMALLINT NOT NULL
);
CREATE INDEX search_passages_grams ON search_passages USING GIN (grams);
CREATE INDEX search_passages_words ON search_passages USING GIN (words);
CREATE INDEX search_passages_doc ON search_passages (doc_id);
CREATE INDEX search_passages_rank ON search_passages (substance DESC, passage_id);
CREATE TABLE search_versions (
    doc_id BIGINT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    version TEXT NOT NULL
)
"""
COLUMNS = ("passage_id", "doc_id", "kind", "kinds", "text", "note", "title", "file", "clause", "page",
           "jurisdiction", "year", "departments", "deadline_years", "folded", "grams", "words", "substance")
HIT_COLUMNS = "s.passage_id, s.doc_id, s.title, s.file, s.page, s.clause, s.kind, s.text, s.note"
INSERT = (f"INSERT INTO search_passages ({', '.join(COLUMNS)}) VALUES "
          f"({', '.join('?::tsvector' if c == 'words' else '?' for c in COLUMNS)})")
K1, B = 1.2, 0.75  # BM25's, as the desktop's engine


# ------------------------------------------------------------- the tables ----
def ensure_tables(db: Store) -> bool:
    """Create the search tables when missing or of another version (then empty); True when
    they were made anew (the index must be rebuilt from the store)."""
    if _version(db) == SEARCH_VERSION:
        return False
    with db.transaction():
        if _version(db) == SEARCH_VERSION:  # another program made them meanwhile
            return False
        db.conn.execute("DROP TABLE IF EXISTS search_passages, search_versions")
        for statement in TABLES.split(";"):
            db.conn.execute(statement)
        db.execute("INSERT INTO policykb_meta (name, value) VALUES ('search_version', ?) "
                   "ON CONFLICT (name) DO UPDATE SET value = excluded.value", [SEARCH_VERSION])
    return True


def _version(db: Store) -> str | None:
    return db.scalar("SELECT value FROM policykb_meta WHERE name = 'search_version'")


def replace_documents(db: Store, removed: Iterable[int], rows: Sequence[dict], versions: dict[int, str]) -> None:
    """Drop the `removed` documents and those of `versions`, then store `rows` and the versions,
    in one transaction (the caller's, if one is open)."""
    gone = list(dict.fromkeys([*removed, *versions]))
    with db.transaction():
        if gone:
            db.execute("DELETE FROM search_passages WHERE doc_id = ANY(?)", [gone])
            db.execute("DELETE FROM search_versions WHERE doc_id = ANY(?)", [gone])
        insert_rows(db, rows)
        db.insert_all("search_versions", ({"doc_id": d, "version": v} for d, v in versions.items()))


def clear(db: Store) -> None:
    db.execute("DELETE FROM search_passages")
    db.execute("DELETE FROM search_versions")


def insert_rows(db: Store, rows: Sequence[dict]) -> None:
    if rows:
        with db.conn.cursor() as cursor:
            cursor.executemany(db.dialect.translate(INSERT), [[row[c] for c in COLUMNS] for row in rows])


def versions(db: Store) -> dict[int, str]:
    return {r[0]: r[1] for r in db.execute("SELECT doc_id, version FROM search_versions")}


def passage_count(db: Store) -> int:
    return db.scalar("SELECT COUNT(*) FROM search_passages")


def estimated_size(db: Store) -> int:
    """About how many passages the index holds (the planner's count: no scan of millions)."""
    estimate = db.scalar("SELECT reltuples::bigint FROM pg_class WHERE oid = 'search_passages'::regclass")
    return passage_count(db) if estimate is None or estimate < 10_000 else int(estimate)


def average_length(db: Store, sample: int = 10_000) -> float:
    """The mean length of the folded texts (BM25's length norm), from a sample."""
    found = db.scalar(f"SELECT AVG(char_length(folded)) FROM (SELECT folded FROM search_passages LIMIT {int(sample)}) s")
    return float(found) if found else 1.0


# ---------------------------------------------------------------- queries ----
@dataclass
class Sql:
    """A piece of SQL and its parameters, in order."""

    text: str
    params: list = field(default_factory=list)


@dataclass(frozen=True)
class Filters:
    """The search filters in the index's terms (department names already widened to every
    matching spelling by the store)."""

    doc_ids: tuple[int, ...] | None = None
    jurisdiction: str | None = None
    year: int | None = None
    departments: tuple[str, ...] | None = None
    deadline_year: int | None = None
    kinds: tuple[str, ...] | None = None


def has_form(form: str, grams: Sequence[str]) -> Sql:
    """A passage holds the folded `form`: the GIN index finds candidates, strpos confirms."""
    return Sql("(s.grams @> ?::text[] AND strpos(s.folded, ?) > 0)", [list(grams), form])


def has_any(forms: Sequence[tuple[str, Sequence[str]]]) -> Sql:
    """A passage holds one of the forms ((form, its grams) pairs)."""
    parts = [has_form(form, grams) for form, grams in forms]
    return Sql("(" + " OR ".join(p.text for p in parts) + ")", [x for p in parts for x in p.params])


def match(groups: Sequence[Sequence[tuple[str, Sequence[str]]]], excluded: Sequence[tuple[str, Sequence[str]]]) -> Sql:
    """Passages answering an AND of groups, none of the excluded forms."""
    parts = [has_any(group) for group in groups]
    if excluded:
        parts.append(Sql("NOT (" + " OR ".join("strpos(s.folded, ?) > 0" for _ in excluded) + ")",
                         [form for form, _ in excluded]))
    return Sql(" AND ".join(p.text for p in parts), [x for p in parts for x in p.params])


def filter_sql(f: Filters) -> Sql:
    parts: list[Sql] = []
    if f.doc_ids is not None:
        parts.append(Sql("s.doc_id = ANY(?)", [list(f.doc_ids)]))
    if f.jurisdiction:
        parts.append(Sql("s.jurisdiction = ?", [f.jurisdiction]))
    if f.year is not None:
        parts.append(Sql("s.year = ?", [f.year]))
    if f.departments is not None:
        parts.append(Sql("s.departments && ?::text[]", [list(f.departments)]))
    if f.deadline_year is not None:
        parts.append(Sql("? = ANY(s.deadline_years)", [f.deadline_year]))
    if f.kinds is not None:
        parts.append(Sql("s.kinds && ?::text[]", [list(f.kinds)]))
    if not parts:
        return Sql("TRUE")
    return Sql(" AND ".join(p.text for p in parts), [x for p in parts for x in p.params])


def term_frequency(forms: Sequence[str], average: float) -> Sql:
    """BM25's saturated frequency of a group's forms in the folded text: tf·(k1+1)/(tf+norm),
    tf counted as the desktop counts it (occurrences of each form)."""
    counts = " + ".join("(char_length(s.folded) - char_length(replace(s.folded, ?, ''))) / ?::float8" for _ in forms)
    norm = f"{K1} * (1 - {B} + {B} * char_length(s.folded) / {float(average)!r})"
    params = [x for form in forms for x in (form, len(form))]
    return Sql(f"(({counts}) * {K1 + 1} / (({counts}) + {norm}))", params + params)


def prior(factors: Sequence[float]) -> str:
    """A passage's substance factor (kb.index.substance), by its class."""
    return f"(ARRAY[{', '.join(repr(float(f)) for f in factors)}]::float8[])[s.substance + 1]"


def exact_score(groups: Sequence[Sequence[str]], words: str, word_boost: float, average: float,
                factors: Sequence[float]) -> Sql:
    """The exact tier's score, as the desktop's: Σ over the query's groups of BM25's saturated
    frequency of the group's forms, plus `word_boost` × the rank of the query's jieba words
    (`words`, a tsquery), × the passage's substance factor. (The desktop also weighs each group
    by its rarity; here every group weighs the same: counting each over millions of passages
    would cost more than the query.)"""
    parts = [term_frequency(forms, average) for forms in groups]
    if words:
        parts.append(Sql(f"{float(word_boost)!r} * ts_rank(s.words, ?::tsquery)", [words]))
    total = " + ".join(p.text for p in parts) or "0"
    return Sql(f"{prior(factors)} * ({total})", [x for p in parts for x in p.params])


def concept_has(words: str | None, grams: Sequence[str]) -> Sql:
    """A passage has a concept: its jieba words (a tsquery), or else one of its bigrams."""
    if words:
        return Sql("s.words @@ ?::tsquery", [words])
    return Sql("s.grams && ?::text[]", [list(grams)])


def concept_rank(words: str | None, grams: Sequence[str], average: float) -> Sql:
    if words:
        return Sql("ts_rank(s.words, ?::tsquery)", [words])
    return term_frequency(grams, average)


def related_score(concepts: Sequence[tuple[float, str | None, Sequence[str]]], average: float,
                  factors: Sequence[float], coverage: float) -> Sql:
    """The related tier's score, as the desktop's: Σ weight × rank of each concept ((weight,
    tsquery or None, bigrams) triples), × the share of the query's concept weight the passage
    has, × its substance factor."""
    total = sum(weight for weight, _, _ in concepts) or 1.0
    ranks = [concept_rank(words, grams, average) for _, words, grams in concepts]
    present = [concept_has(words, grams) for _, words, grams in concepts]
    rank_sql = " + ".join(f"{float(w)!r} * {r.text}" for (w, _, _), r in zip(concepts, ranks))
    share = " + ".join(f"{float(w)!r} * ({p.text})::int" for (w, _, _), p in zip(concepts, present))
    text = f"{prior(factors)} * ({rank_sql}) * power(({share}) / {float(total)!r}, {float(coverage)!r})"
    return Sql(text, [x for r in ranks for x in r.params] + [x for p in present for x in p.params])


def any_of(parts: Sequence[Sql]) -> Sql:
    if not parts:
        return Sql("FALSE")
    return Sql("(" + " OR ".join(p.text for p in parts) + ")", [x for p in parts for x in p.params])


def quote(lexeme: str) -> str:
    r"""A lexeme as tsvector/tsquery input writes it: quoted, quotes doubled, backslashes escaped.

    >>> print(quote("it's"), quote("a\\b"))
    'it''s' 'a\\b'
    """
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


MAX_POSITION = 16383  # PostgreSQL's largest tsvector position
MAX_LEXEME_BYTES = 2046


def tsvector(words: Sequence[str]) -> str:
    """A tsvector literal of words in order, with their positions (no parsing by PostgreSQL:
    the words are jieba's, as the desktop index holds them).

    >>> tsvector(["推进", "碳达峰", "推进"])
    "'推进':1,3 '碳达峰':2"
    """
    positions: dict[str, list[int]] = {}
    for at, word in enumerate(words, 1):
        if len(word.encode("utf-8")) <= MAX_LEXEME_BYTES:
            places = positions.setdefault(word, [])
            if len(places) < 256:
                places.append(min(at, MAX_POSITION))
    return " ".join(f"{quote(word)}:{','.join(map(str, sorted(set(places))))}" for word, places in positions.items())


def tsquery(alternatives: Sequence[Sequence[str]]) -> str:
    """A tsquery for any of several word sequences, each a phrase (words side by side).

    >>> tsquery([["发展", "改革委"], ["发改委"]])
    "('发展' <-> '改革委') | ('发改委')"
    """
    phrases = [" <-> ".join(quote(w) for w in words) for words in alternatives if words]
    return " | ".join(f"({p})" for p in dict.fromkeys(phrases))


# The exact tier ranks at most this many of the passages that match: those of the most substantive
# classes (kb.index.substance), found walking search_passages_rank. A word in a third of a
# province's passages (和, 碳, 发改委: hundreds of thousands) would otherwise have every one fetched
# — seconds — to show fifty; a query matching fewer is ranked over all of them, as on a desktop.
RANK_POOL = 5000


def exact_hits(db: Store, where: Sql, filters: Sql, score: Sql, phrase: str | None, limit: int | None) -> list[dict]:
    """The passages `where` and `filters` let through, best first: those holding `phrase` (the
    typed words side by side) before the rest, then by `score`, then in the order stored (of a
    query matching more than RANK_POOL passages, the RANK_POOL most substantive are ranked)."""
    together = Sql("strpos(s.folded, ?) > 0", [phrase]) if phrase else Sql("FALSE")
    pool = f"SELECT * FROM search_passages s WHERE {where.text} AND {filters.text}"
    if limit is not None:  # every hit wanted (an export, a count): no pool
        pool += f" ORDER BY s.substance DESC, s.passage_id LIMIT {max(RANK_POOL, int(limit))}"
    sql = (f"WITH pool AS MATERIALIZED ({pool}) SELECT {HIT_COLUMNS}, {score.text} AS score, {together.text} AS together "
           f"FROM pool s ORDER BY together DESC, score DESC, s.passage_id")
    params = [*where.params, *filters.params, *score.params, *together.params]
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return list(db.query(sql, params))


def related_hits(db: Store, where: Sql, filters: Sql, exclude: Sql, score: Sql, limit: int) -> list[dict]:
    """The best `limit` passages `where` finds that `exclude` does not (the exact tier, excluded
    words), by `score`."""
    sql = (f"SELECT {HIT_COLUMNS}, {score.text} AS score FROM search_passages s "
           f"WHERE {where.text} AND {filters.text} AND NOT ({exclude.text}) ORDER BY score DESC, s.passage_id LIMIT ?")
    return list(db.query(sql, [*score.params, *where.params, *filters.params, *exclude.params, limit]))


def matching(db: Store, where: Sql, filters: Sql) -> list[tuple[int, int]]:
    """(doc_id, passage_id) of every passage answering, unranked."""
    sql = f"SELECT s.doc_id, s.passage_id FROM search_passages s WHERE {where.text} AND {filters.text}"
    return [(r[0], r[1]) for r in db.execute(sql, [*where.params, *filters.params])]


def count_upto(db: Store, where: Sql, limit: int) -> int:
    """How many passages `where` finds, counting no further than `limit` (cheap for common words)."""
    sql = f"SELECT COUNT(*) FROM (SELECT 1 FROM search_passages s WHERE {where.text} LIMIT ?) found"
    return db.scalar(sql, [*where.params, limit])


__all__ = ["Filters", "SEARCH_VERSION", "Sql", "any_of", "clear", "concept_has", "count_upto", "ensure_tables",
           "exact_hits", "exact_score", "filter_sql", "has_any", "insert_rows", "match", "matching", "passage_count",
           "related_hits", "related_score", "replace_documents", "tsquery", "tsvector", "versions"]
