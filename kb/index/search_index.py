"""The Whoosh full-text index of passages and table rows (`SearchIndex`).

Matching never depends on word segmentation: a query word is looked up by its rarest character
bigram (field ``grams``) and confirmed by a substring test on the passage's folded text, so any
string a passage contains is found (see kb.index.engine for how and why). jieba words (field
``words``) only add to the BM25 score. Passages containing all query words side by side
("exact phrase") are returned before passages where they are scattered.

The index lives in its own files (``policykb_v1*``) inside the directory given; a missing,
corrupt or outdated index is recreated empty and `needs_rebuild` is set, never raised.
"""
from __future__ import annotations

import contextlib
import functools
import gc
import logging
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh import writing
from whoosh.codec.whoosh3 import W3Codec
from whoosh.columns import NumericColumn, VarBytesColumn
from whoosh.filedb.filestore import RamStorage
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, FieldType, Schema
from whoosh.formats import Existence, Frequency

from kb.aliases import department_matches
from kb.index import apart
from kb.index.analysis import BigramTokenizer, JiebaTokenizer, fold
from kb.index.engine import FOLDED_ENCODING, GRAMS, WORDS, Corpus, SegmentTexts
from kb.index.mapped import read_segments_in_place
from kb.index.query import parse_query
from kb.index.snippets import find_spans, html_snippet, plain_snippet
from kb.index.substance import substance
from kb.index.understand import WORD_WEIGHT, concepts
from kb.models import Filters, IndexRecord

log = logging.getLogger(__name__)
read_segments_in_place()  # an open index is read from its memory map, not copied (kb.index.mapped)

# Bump the version when the schema or the analyzers change: an index under another name is
# treated as missing, so the facade rebuilds it from SQLite.
# v3: task units (note) searched with the task, a substance column, a version marker per document
INDEX_NAME = "policykb_v3"
FILE_PREFIXES = ("policykb", "_policykb")  # every index generation's files start with these

EXACT, RELATED = "exact", "related"  # the two tiers of results: 精确匹配, 相关结果
TIER_NAMES = {EXACT: "精确匹配", RELATED: "相关结果"}
RELATED_LIMIT = 50  # best-match hits shown after the exact ones, at most
NOTE_SEPARATOR = "\n"  # between a passage's folded text and its note: no folded query contains it

PROGRESS_EVERY = 500  # records between on_progress calls during a rebuild
MARKER = "document"  # the kind of the one record per document that carries its version
OPEN_ATTEMPTS = 3  # an index another process rewrote while this one opened it is opened again
LOCK_WAIT = 5.0  # seconds to wait for another writer (e.g. a second app window) to finish
# Posting blocks are written without zlib: nearly every bigram's postings are one short block,
# where compressing cost 8% of indexing time and saved 1% of the index's size (../shared/pdfs).
# Whoosh reads either kind, so older indexes stay readable.
POSTINGS_COMPRESSION = 0

ProgressCallback = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Hit:
    """One search result.

    `tier` is EXACT (the passage contains the words as typed, or their department aliases) or
    RELATED (a best match: some of the words, their synonyms, other date forms…); exact hits
    come first. `note` names the units of the passage's tasks that its text does not (searched
    with it: "牵头：省林业局"). `spans` are (start, end) offsets into `text` (end exclusive) covering every occurrence of
    the query words and their aliases; `snippet` is an excerpt of `text` with those places
    in 【 】, and `snippet_html()` the same excerpt as escaped HTML with <b>…</b>.
    `score` is the BM25 score (query words as substrings, plus jieba words at a lower weight);
    hits are listed best first, but exact-phrase hits come before the others whatever their score.
    """

    doc_id: int
    passage_id: int
    title: str
    file: str
    page: int
    clause: str
    kind: str
    text: str
    snippet: str
    spans: tuple[tuple[int, int], ...]
    score: float
    tier: str = EXACT
    note: str = ""

    @property
    def tier_name(self) -> str:
        """精确匹配 or 相关结果."""
        return TIER_NAMES[self.tier]

    def snippet_html(self) -> str:
        """The excerpt as HTML: '…推进<b>减污降碳</b>协同增效…'."""
        return html_snippet(self.text, self.spans)


def build_schema() -> Schema:
    """The index schema: stored fields for display, bigrams for matching, jieba words for ranking."""
    return Schema(
        key=ID(unique=True, stored=True, sortable=True),  # "doc_id:passage_id", also a column
        doc_id=ID(stored=True),
        passage_id=STORED,
        kind=STORED,
        kinds=KEYWORD(commas=True),  # kind plus flags, for the kind filter
        text=STORED,
        note=STORED,
        # bigrams: only which passages contain them (matches are verified on the text itself);
        # scorable only because Whoosh otherwise stats a missing length file for every posting
        grams=FieldType(Existence(), BigramTokenizer(), scorable=True),
        # jieba words with frequencies and lengths, for ranking
        words=FieldType(Frequency(), JiebaTokenizer(), scorable=True),
        # the folded text the engine matches on, as a column so it loads fast
        folded=COLUMN(VarBytesColumn()),
        # the passage's kb.index.substance class, read for ranking like the folded text
        substance=COLUMN(NumericColumn("B")),
        title=ID(stored=True),
        file=STORED,
        clause=STORED,
        page=STORED,
        jurisdiction=ID,
        year=ID,
        departments=KEYWORD(commas=True),
        deadline_years=KEYWORD(commas=True),
        # "doc_id:version" on one marker record per document: which version of each document the
        # index holds, read from the term list in one go (see SearchIndex.versions)
        doc_version=ID,
    )


def _documents(added: Mapping[int, Iterable[IndexRecord]], versions: Mapping[int, str] | None) -> Iterator[dict]:
    """The Whoosh documents of each document's records, each document's version marker after them."""
    for doc_id, records in added.items():
        for record in records:
            if record.doc_id != doc_id:
                raise ValueError(f"record of document {record.doc_id} given for document {doc_id}")
            yield _fields(record)
        if versions is not None:
            yield _marker(doc_id, versions[doc_id])


def _write_apart(writer, documents: list[dict]) -> None:
    """A helper's part (kb.index.apart), written as the one writer writes."""
    _read_lengths_once(writer)
    for fields in documents:
        writer.add_document(**fields)


def _codec() -> W3Codec:
    return W3Codec(compression=POSTINGS_COMPRESSION)


def _marker(doc_id: int, version: str) -> dict:
    """The record that says the index holds `version` of document `doc_id` (it has no text, so no
    query ever matches it)."""
    return {"key": f"{doc_id}:{MARKER}", "doc_id": str(doc_id), "kind": MARKER, "kinds": MARKER, "text": "",
            "folded": b"", "doc_version": f"{doc_id}:{version}"}


def record_kinds(record: IndexRecord) -> list[str]:
    """What the kind filter finds a passage by: its kind, then its flags (obligation, target)."""
    return [record.kind, *(f for f in record.flags if f != record.kind)]


def searched_text(record: IndexRecord) -> tuple[str, str]:
    r"""(the text a passage is searched by, its folded form): its text, then the units of its
    tasks that the text does not name, after a separator no folded query contains.

    >>> from kb.models import IndexRecord as R
    >>> searched_text(R(1, 2, "text", "发展林业碳汇。", "", "", "", 3, note="牵头：省林业局"))
    ('发展林业碳汇。\n牵头：省林业局', '发展林业碳汇\n牵头省林业局')
    """
    searched = f"{record.text}{NOTE_SEPARATOR}{record.note}" if record.note else record.text
    folded = fold(record.text) + (NOTE_SEPARATOR + fold(record.note) if record.note else "")
    return searched, folded


def _fields(record: IndexRecord) -> dict:
    """Whoosh document fields for a record; empty values are left out."""
    kinds = record_kinds(record)
    searched, folded = searched_text(record)
    return {
        "key": f"{record.doc_id}:{record.passage_id}",
        "doc_id": str(record.doc_id),
        "passage_id": record.passage_id,
        "kind": record.kind,
        "kinds": ",".join(kinds),
        "text": record.text,
        "note": record.note,
        "grams": searched,
        "words": searched,
        "folded": folded.encode(FOLDED_ENCODING),
        "substance": substance(record),
        "title": record.title or None,
        "file": record.file,
        "clause": record.clause,
        "page": record.page,
        "jurisdiction": record.jurisdiction or None,
        "year": str(record.year) if record.year else None,
        "departments": ",".join(record.departments) or None,
        "deadline_years": ",".join(str(y) for y in record.deadline_years) or None,
    }


class _Lengths:
    """A segment's per-document reader answering field lengths from lists read once.

    Whoosh asks the length of the field of every posting it writes, and reads it from the
    segment's length column each time (7% of indexing time, measured on ../shared/pdfs)."""

    def __init__(self, reader):
        self.reader = reader
        self.lengths: dict[str, list[int]] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        lengths = self.lengths.get(fieldname)
        if lengths is None:
            reader = self.reader
            lengths = self.lengths[fieldname] = [reader.doc_field_length(d, fieldname, default)
                                                 for d in range(reader.doc_count_all())]
        return lengths[docnum]

    def __getattr__(self, name: str):
        return getattr(self.reader, name)


def _collects_garbage(write: Callable) -> Callable:
    """A write that leaves no garbage behind. Each Whoosh writer ends up in a reference cycle:
    its codec's temporary storage keeps an ignored "folder exists" error in a local variable, and
    the error's traceback holds every frame of the call, the writer's own __init__ among them.
    The writer and the postings it pooled then outlive it until the collector makes a full pass,
    which it seldom does in a long-lived process: an ingest's indexer grew by ~170 MB over
    corpus-dev. So every write ends with one (a few ms in the indexer, which freezes what it
    holds for good out of the collector's passes; more in the app, once per write)."""

    @functools.wraps(write)
    def collected(*args, **kwargs):
        try:
            return write(*args, **kwargs)
        finally:
            gc.collect()

    return collected


def _read_lengths_once(writer) -> None:
    """Make a Whoosh SegmentWriter hand its posting writer `_Lengths` (see there)."""
    per_document_reader = getattr(writer, "per_document_reader", None)
    if per_document_reader is not None:
        writer.per_document_reader = lambda: _Lengths(per_document_reader())


def _delete(path: Path) -> None:
    """Delete an index file, or a writer's temporary folder (where it sorts postings)."""
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _segments(reader) -> list:
    """The segments a reader reads (a reader of one segment is its own leaf)."""
    found = (leaf.segment() for leaf, _ in reader.leaf_readers() if hasattr(leaf, "segment"))
    return [segment for segment in found if segment is not None]  # an empty index has none


class SearchIndex:
    """Full-text search over passages, kept in sync document by document.

    Its own files beside the KB file: written after the store's transaction (`in_store` False;
    kb.index.server.ServerIndex is the index a server KB keeps in its own tables).

    >>> index = SearchIndex(Path("kb_dir/index"))   # doctest: +SKIP
    >>> index.search("发改委 碳达峰", kind="obligation")[0].snippet   # doctest: +SKIP
    '…由【市发展改革局】牵头推进【碳达峰】…'
    """

    in_store = False

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.needs_rebuild = False
        self.problem = ""  # why a rebuild is needed, for the log / status bar
        self._lock = threading.RLock()
        self._searcher = None
        self._corpus: Corpus | None = None
        self._segment_texts: dict[str, SegmentTexts] = {}  # survives writes: segments never change
        self._index = self._open()

    # ------------------------------------------------------------ opening ----
    # Opening never writes: a program that only searches must not touch files a writer (another
    # program, holding the KB's writer lock) may be writing. A missing or damaged index is made
    # anew by the first write: `rebuild`, `update`, `remove_leftovers`.
    def _open(self):
        """The index, or None when it is missing or damaged (needs_rebuild says why)."""
        for attempt in range(1, OPEN_ATTEMPTS + 1):
            generation = self._generation()
            try:
                if not whoosh_index.exists_in(str(self.directory), indexname=INDEX_NAME):
                    return self._missing("index missing")
                ix = whoosh_index.open_dir(str(self.directory), indexname=INDEX_NAME)
                if ix.schema.names() != build_schema().names():
                    return self._missing("index schema outdated")
                # the searcher every read uses until the next write; opening it touches every segment's files
                reader = self._searcher_of(ix).reader()
                reader.doc_count_all()
                reader.doc_frequency(GRAMS, "发展")
                reader.doc_frequency(WORDS, "发展")
                return ix
            except Exception as error:
                self._searcher = None
                if attempt < OPEN_ATTEMPTS and self._generation() != generation:
                    # another process committed while this one opened (an ingest's indexer): the
                    # segments it listed were merged and their files deleted; open the new generation
                    continue
                return self._missing(f"index unreadable ({type(error).__name__}: {error})")  # damage: start again from SQLite

    def _generation(self) -> int:
        """The newest generation of the index on disk (-1: none)."""
        numbers = [toc.stem.rpartition("_")[2] for toc in self.directory.glob(f"_{INDEX_NAME}_*.toc")]
        return max((int(n) for n in numbers if n.isdigit()), default=-1)

    def _missing(self, reason: str) -> None:
        # a missing index is what every new knowledge base starts with; damage deserves a warning
        log.log(logging.INFO if reason == "index missing" else logging.WARNING, "%s: %s; needs rebuild",
                self.directory, reason)
        self.needs_rebuild, self.problem = True, reason
        return None

    def _writable_index(self):
        """The index to write to, made empty first when it was missing or damaged."""
        if self._index is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            for path in self.directory.iterdir():
                if path.name.startswith(FILE_PREFIXES):
                    _delete(path)
            self._index = whoosh_index.create_in(str(self.directory), build_schema(), indexname=INDEX_NAME)
        return self._index

    def leftovers(self) -> list[Path]:
        """Files no generation of the index uses: what a writer stopped by a full disk or a kill
        left behind."""
        if self._index is None:
            return []
        with self._lock:
            used = {segment.segment_id() for segment in _segments(self._searcher_of(self._index).reader())}  # "policykb_v2_qh3p29…"
            toc = f"_{INDEX_NAME}_{self._index.latest_generation()}.toc"
        return [path for path in self.directory.iterdir()
                if path.name.startswith(FILE_PREFIXES) and path.name != toc and not path.name.endswith("LOCK")
                and path.name.split(".")[0] not in used]

    def remove_leftovers(self) -> None:
        """Delete the `leftovers`. Only for the KB's one writer (see KnowledgeBase.writing)."""
        for path in self.leftovers():
            log.info("%s: removing leftover index file %s", self.directory, path.name)
            _delete(path)

    def close(self) -> None:
        with self._lock:
            self._drop_searcher()
            if self._index is not None:
                self._index.close()

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------ writing ----
    def _drop_searcher(self) -> None:
        """Forget the searcher after a write; segment texts stay cached for the next one."""
        self._corpus = None
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    def replace_document(self, doc_id: int, records: Iterable[IndexRecord]) -> None:
        """Replace every passage of `doc_id` by `records`, all or nothing.

        On any error (a record of another document, an analyzer failure) the writer is cancelled
        and the index keeps the document's previous passages.
        """
        self.update(added={doc_id: records})

    def remove_document(self, doc_id: int) -> None:
        """Remove every passage of `doc_id` (nothing happens when it is not indexed)."""
        self.update(removed=[doc_id])

    @contextlib.contextmanager
    def _writer(self, commit: dict | None = None, **options):
        """A Whoosh writer that commits at the end and cancels on any error. A failed commit (a
        full disk) is cleaned up too: Whoosh would keep its lock, so every later writer failed,
        and leave the files of the segment it had begun."""
        writer = self._writable_index().writer(timeout=LOCK_WAIT, codec=_codec(), **options)
        _read_lengths_once(writer)
        try:
            yield writer
        except BaseException:
            self._abandon(writer, cancel=True)
            raise
        try:
            writer.commit(**(commit or {}))
        except BaseException:
            self._abandon(writer)
            raise

    def _abandon(self, writer, cancel: bool = False) -> None:
        """Give up a writer: its lock released and its files deleted, even when cancelling it
        fails too (a full disk fails the flush of its files as they close)."""
        released = False
        if cancel:
            with contextlib.suppress(Exception):
                writer.cancel()
                released = True  # cancel releases the lock (and leaves the segment's files)
        lock = writer.writelock
        if not released and lock is not None and lock.locked:
            with contextlib.suppress(Exception):
                lock.release()
        self._delete_segment_files(getattr(writer, "newsegment", None))

    def _delete_segment_files(self, segment) -> None:
        """Remove the files a cancelled writer had begun: its segment's and a half-written table
        of contents (Whoosh leaves both)."""
        names = [f"{segment.segment_id()}.*"] if segment is not None else []
        for pattern in (*names, f"{INDEX_NAME}*.tmp"):
            for path in self.directory.glob(pattern):
                _delete(path)

    @_collects_garbage
    def update(self, removed: Iterable[int] = (), added: Mapping[int, Iterable[IndexRecord]] | None = None,
               versions: Mapping[int, str] | None = None, merge: bool = True, split: bool = False) -> None:
        """Drop the `removed` documents, then put each `added` document's records in place of
        what the index held for it, with its version from `versions`: one writer, all or nothing.
        `merge=False` leaves the index's small segments as they are (an ingest merges once, at its
        last update, instead of rewriting them after every batch). `split`: a second process
        writes half of a large update (kb.index.apart), when another core would idle meanwhile."""
        added, removed = added or {}, list(removed)
        with self._lock:
            self._drop_searcher()
            documents: Iterable[dict] = _documents(added, versions)  # read as they are written
            theirs: list[dict] = []
            if split and apart.possible():
                documents = list(documents)
                if len(documents) >= apart.MIN_RECORDS:
                    # the helper's segment is listed before this writer's own: it takes the first
                    # part, so passages keep the order (and ties the ranking) one writer gives them
                    theirs, documents = apart.parts(documents, weight=lambda fields: len(fields["text"]))
            # read when the writer commits: a helper's segment is listed by then (see below)
            commit: dict = {} if merge else {"merge": False}
            helper = mine = None
            try:
                with self._writer(commit=commit) as writer:
                    for doc_id in dict.fromkeys([*removed, *added]):
                        writer.delete_by_term("doc_id", str(doc_id))
                    if theirs:  # the helper writes its part while this process writes the other
                        helper = apart.Apart(self._index, lambda other: _write_apart(other, theirs), codec=_codec())
                        mine = apart.segment_of(self._index, lambda other: _write_apart(other, documents), codec=_codec())
                        policy = writing.MERGE_SMALL if merge else writing.NO_MERGE
                        # Whoosh's hook for the segments a commit lists: the usual ones, and the two parts
                        commit.clear()
                        commit["mergetype"] = lambda writer, segments: [*policy(writer, segments), helper.segment(), mine]
                    else:
                        for fields in documents:
                            writer.add_document(**fields)
            except BaseException:
                if helper is not None:  # neither part's segment is listed anywhere: gone with it
                    helper.discard()
                    if mine is not None:
                        self._delete_segment_files(mine)
                raise
        log.info("%s: index updated (%d removed, %d added)", self.directory, len(removed), len(added))

    def versions(self) -> dict[int, str]:
        """The version of each document the index holds (documents indexed with one)."""
        if self._index is None:
            return {}
        with self._lock:
            reader = self._searcher_of(self._index).reader()
            # a deleted document's terms stay in the term list until segments merge: keep the live ones
            live = (t for t in reader.field_terms("doc_version") if reader.postings("doc_version", t).is_active())
            pairs = (term.split(":", 1) for term in live)
            return {int(doc_id): version for doc_id, version in pairs}

    @_collects_garbage
    def rebuild(self, records: Iterable[IndexRecord], on_progress: ProgressCallback | None = None, *,
                total: int | None = None, versions: Mapping[int, str] | None = None) -> int:
        """Replace the whole index by `records`; returns how many were indexed.

        One writer for everything: if the iterable or indexing fails, the old index stays.
        `on_progress(done, total, note)` is called every few hundred records; total is `total`,
        else len(records) when the iterable has a length, else 0 (unknown).
        """
        if total is None:
            total = len(records) if hasattr(records, "__len__") else 0
        done = 0
        with self._lock:
            self._drop_searcher()
            # 512 MB sorts ~20,000 passages in memory; beyond that Whoosh spills runs to disk;
            # CLEAR drops every older segment
            with self._writer(commit={"mergetype": writing.CLEAR}, limitmb=512) as writer:
                for record in records:
                    writer.add_document(**_fields(record))
                    done += 1
                    if on_progress and done % PROGRESS_EVERY == 0:
                        on_progress(done, total, "正在建立搜索索引")
                for doc_id, version in (versions or {}).items():
                    writer.add_document(**_marker(doc_id, version))
            self.needs_rebuild = False
            self.problem = ""
        if on_progress:
            on_progress(done, total or done, "搜索索引已建立")
        log.info("%s: rebuilt index with %d passages", self.directory, done)
        return done

    # ---------------------------------------------------------- searching ----
    def _searcher_of(self, ix):
        """The one searcher every read shares until the next write drops it: its reader loads each
        segment's term index (tens of ms a segment), once, not once per question."""
        if self._searcher is None:
            self._searcher = ix.searcher()
        return self._searcher

    def _get_corpus(self) -> Corpus:
        if self._corpus is None:
            # a missing index searches as an empty one until a writer rebuilds it
            ix = self._index if self._index is not None else RamStorage().create_index(build_schema())
            self._corpus = Corpus(self._searcher_of(ix), self._segment_texts)
        return self._corpus

    def _filter_query(self, reader, doc, jurisdiction, year, department, deadline_year, kind):
        """A Whoosh query for the keyword filters, None without filters, wq.NullQuery if none can match."""
        parts: list[wq.Query] = []
        if doc is not None:  # one document id, or several (the documents a reference names)
            ids = [doc] if isinstance(doc, int) else list(doc)
            parts.append(_any_term("doc_id", [str(i) for i in ids]))
        if jurisdiction:
            parts.append(wq.Term("jurisdiction", jurisdiction))
        if year is not None:
            parts.append(wq.Term("year", str(year)))
        if department:
            names = [n for n in reader.field_terms("departments") if department_matches(n, department)]
            parts.append(_any_term("departments", names))
        if deadline_year is not None:
            parts.append(wq.Term("deadline_years", str(deadline_year)))
        if kind:
            parts.append(_any_term("kinds", [kind] if isinstance(kind, str) else list(kind)))
        if not parts:
            return None
        if any(part is wq.NullQuery for part in parts):
            return wq.NullQuery
        return parts[0] if len(parts) == 1 else wq.And(parts)

    def _allowed(self, corpus: Corpus, filters: dict) -> set[int] | None:
        """Document numbers the filters let through (None: no filter); cached per searcher."""
        query = self._filter_query(corpus.reader, **filters)
        if query is None:
            return None
        if query is wq.NullQuery:
            return set()
        key = repr(query)
        if key not in corpus.filter_cache:
            corpus.filter_cache[key] = set(corpus.searcher.docs_for_query(query))
        return corpus.filter_cache[key]

    def _match(self, query: str, filters: dict):
        """(corpus, parsed query, matching docnums, exact group frequencies)."""
        parsed = parse_query(query)
        corpus = self._get_corpus()
        if parsed.is_empty:
            return corpus, parsed, set(), {}
        allowed = self._allowed(corpus, filters)
        if allowed is not None and not allowed:
            return corpus, parsed, set(), {}
        docs, exact_frequency = corpus.match(parsed, allowed)
        return corpus, parsed, docs, exact_frequency

    def search(self, query: str, *, doc: int | Iterable[int] | None = None, jurisdiction: str | None = None,
               year: int | None = None, department: str | None = None, deadline_year: int | None = None,
               kind: str | Iterable[str] | None = None, limit: int | None = 50, exact: bool = False) -> list[Hit]:
        """Passages answering `query` (see kb.index.query for the syntax): first every passage that
        contains the words as typed (tier EXACT, best first), then, unless `exact`, up to
        RELATED_LIMIT best matches of the rest (tier RELATED, see kb.index.understand), `limit`
        hits in all.

        Filters: `doc` a document id or a collection of ids; `jurisdiction` and `year` (of issue)
        exact; `department` matches aliases and names with a jurisdiction prefix (发改委 finds
        市发展改革局); `deadline_year` one of the passage's deadline years; `kind` a passage kind or a
        flag ("table_row", "obligation", "target"), or a list of them (any). `limit=None` returns
        every exact match. An empty query (or one of punctuation only) returns [].
        """
        filters = dict(doc=doc, jurisdiction=jurisdiction, year=year, department=department,
                       deadline_year=deadline_year, kind=kind)
        with self._lock:
            corpus, parsed, docs, exact_frequency = self._match(query, filters)
            ranked = corpus.rank(parsed, docs, exact_frequency, limit) if docs else []
            forms = parsed.positive_forms()
            hits = [self._hit(corpus.searcher.stored_fields(d), score, forms, EXACT) for d, score in ranked]
            room = RELATED_LIMIT if limit is None else min(RELATED_LIMIT, limit - len(hits))
            if exact or room <= 0 or parsed.is_empty:
                return hits
            allowed = self._allowed(corpus, filters)
            if allowed is not None and not allowed:
                return hits
            wanted = concepts(parsed)
            related = corpus.related(wanted, allowed, docs, parsed.excluded_forms(), room, parsed.group_forms())
            if related:
                marked = sorted({f for c in wanted if c.weight >= WORD_WEIGHT for f in c.forms}, key=lambda f: (-len(f), f))
                hits += [self._hit(corpus.searcher.stored_fields(d), score, marked, RELATED) for d, score in related]
            return hits

    @staticmethod
    def _hit(fields: dict, score: float, forms: list[str], tier: str = EXACT) -> Hit:
        return make_hit(fields, score, forms, tier)

    def count(self, query: str, *, doc=None, jurisdiction=None, year=None, department=None,
              deadline_year=None, kind=None) -> int:
        """How many passages contain the query as typed (the exact tier; no ranking, so cheaper)."""
        filters = dict(doc=doc, jurisdiction=jurisdiction, year=year, department=department,
                       deadline_year=deadline_year, kind=kind)
        with self._lock:
            return len(self._match(query, filters)[2])

    def passage_ids(self, query: str, *, doc=None, jurisdiction=None, year=None, department=None,
                    deadline_year=None, kind=None) -> set[tuple[int, int]]:
        """(doc_id, passage_id) of every exact-tier passage, unranked (for cross-filtering with SQLite)."""
        filters = dict(doc=doc, jurisdiction=jurisdiction, year=year, department=department,
                       deadline_year=deadline_year, kind=kind)
        with self._lock:
            corpus, _, docs, _ = self._match(query, filters)
            return {corpus.keys[d] for d in docs}

    def doc_count(self) -> int:
        """Number of indexed passages (document markers not counted)."""
        with self._lock:
            return self._get_corpus().size - len(self.versions())

    def refresh(self) -> None:
        """Another process wrote the index: the next search reads what it wrote (opening the index
        if it was missing)."""
        with self._lock:
            self._drop_searcher()
            if self._index is None:
                self._index = self._open()
                if self._index is not None:
                    self.needs_rebuild, self.problem = False, ""

    def warm_up(self) -> None:
        """Load the jieba dictionary and the passage texts now (e.g. on a worker thread at start-up),
        so the first search does not pay for them."""
        from kb.index.analysis import segmenter

        segmenter()
        with self._lock:
            corpus = self._get_corpus()
            corpus.texts  # noqa: B018  (loaded, for every search; a first one would read only some)
            if corpus.size:  # the first stored-fields read maps the segment's column (~30 ms at 100k)
                corpus.searcher.stored_fields(next(corpus.reader.all_doc_ids()))


def make_hit(fields: dict, score: float, forms: list[str], tier: str = EXACT) -> Hit:
    """A Hit from a passage's stored fields, its places of `forms` marked."""
    text = fields.get("text", "")
    spans = find_spans(text, forms)
    return Hit(
        doc_id=int(fields["doc_id"]),
        passage_id=fields["passage_id"],
        title=fields.get("title", ""),
        file=fields.get("file", ""),
        page=fields.get("page", 0),
        clause=fields.get("clause", ""),
        kind=fields.get("kind", ""),
        text=text,
        snippet=plain_snippet(text, spans),
        spans=spans,
        score=round(float(score), 6),
        tier=tier,
        note=fields.get("note", ""),
    )


def _any_term(field: str, values: list[str]) -> wq.Query:
    """Term query matching any of `values`; wq.NullQuery when there are none."""
    if not values:
        return wq.NullQuery
    terms = [wq.Term(field, v) for v in values]
    return terms[0] if len(terms) == 1 else wq.Or(terms)


def search_filters(filters: Filters, doc_ids: Iterable[int] | None = None) -> dict:
    """SearchIndex.search keyword arguments for a Filters value; `doc_ids` are the documents its
    `doc` reference names (the store resolves references: the index only knows ids)."""
    return {
        "doc": list(doc_ids) if doc_ids is not None else None,
        "jurisdiction": filters.jurisdiction or None,
        "year": filters.year,
        "department": filters.department or None,
        "deadline_year": filters.deadline_year,
        "kind": filters.kind or None,
    }
