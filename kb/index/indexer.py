"""The ingest's indexer process, and the one way a batch of stored documents enters the index.

kb.ingest hands each batch of stored files to a process of its own (kb.ingest.IndexBatch) so that
reading, storing and indexing overlap on both cores. That process starts with `start` and runs
`index_batch` for each batch; it imports only this stage and the store (about 0.1 s of start-up
less than importing the whole pipeline, on the core the readers need then).
"""
from __future__ import annotations

import atexit
import gc
import os
from collections.abc import Sequence
from pathlib import Path

from kb.index.analysis import keep_query_copy
from kb.index.search_index import SearchIndex
from kb.read.guard import guard_worker
from kb.store import Store, open_db, read


def index_documents(db: Store, index: SearchIndex, doc_ids: Sequence[int], removed: Sequence[int] = (),
                    merge: bool = True, split: bool = False) -> None:
    """Make the search index hold these documents as the store does (with the version of each),
    dropping `removed` ones, in one index transaction. A document that is a copy of another, or
    that is no longer stored, is not searched on its own: it is dropped too. Each document's
    records are read from the store as the index takes them (a batch is never held whole), unless
    the batch is `split` between two processes (kb.index.apart) when the other core would idle."""
    live = read.document_versions(db, doc_ids)
    copies = [doc_id for doc_id in doc_ids if doc_id not in live]
    index.update(removed=[*removed, *copies], added={doc_id: read.index_records(db, doc_id) for doc_id in live},
                 versions=live, merge=merge, split=split)


# In the indexer process: the KB's store and search index, opened once.
_OPENED: tuple[Store, SearchIndex] | None = None


def start(parent_pid: int, database: str, index_dir: str) -> None:
    """Initialise the indexer process: guarded (it dies with the importer), the store and the
    index opened, the jieba dictionary loaded before the first batch comes."""
    global _OPENED
    guard_worker(parent_pid, max_mb=None)
    _OPENED = open_db(Path(database)), SearchIndex(Path(index_dir))
    keep_query_copy()  # loads the dictionary (and, once per machine, leaves a copy for searches)
    # what is loaded now lives as long as the process: each index write's garbage collection
    # (see kb.index.search_index) then looks only at what the batch made, not at all of it again
    gc.freeze()
    # Every batch is committed and answered before the pool stops this process: it may end at
    # once, not free its heap object by object first (jieba's dictionary alone: ~0.1 s the
    # importer would wait for).
    atexit.register(os._exit, 0)


def index_batch(added: list[int], removed: list[int], last: bool) -> None:
    """Index a batch in the indexer process. The last one merges the index's small segments, and
    is written by two processes (kb.index.apart): the readers are done and the importer waits."""
    db, index = _OPENED
    index_documents(db, index, added, removed=removed, merge=last, split=last)
