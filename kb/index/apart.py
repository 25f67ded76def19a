"""Half of an index update written by a second process, as a segment of its own.

The last index batch of an ingest is written while nothing else runs: the readers are done and
the importer waits for it, so one of the two cores idles (on ../shared/pdfs it was 0.7–1.0 s of a
4.6 s ingest, a file's worth of analysing and writing postings). Whoosh lets writers that do not
hold the index's lock write segments that the lock holder's commit then lists (its own
multiprocessing writer does so); here the one writer hands half of the documents to a child made
by fork, which has the jieba dictionary loaded already, and its commit lists the child's segment
beside its own, through Whoosh's merge-function hook. All or nothing still: a child that fails
fails the commit, and the files it may have left are no index's (the leftover sweep takes them).

Only where fork is safe and cheap (Linux); elsewhere the one writer writes everything.

"""
from __future__ import annotations

import contextlib
import os
import pickle
import sys
from collections.abc import Callable, Sequence

from whoosh.writing import SegmentWriter

# An update of fewer records than this is written by one process: a child's start and its
# segment's files cost more than half of a small batch.
MIN_RECORDS = 400
# The helper's part of the work. The one writer commits after waiting for the helper, so it takes
# the smaller part: it writes its own segment's postings only once the helper is done.
SHARE = 0.5


def possible() -> bool:
    """Whether a child can write half (fork, with what this process has loaded)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def parts(documents: Sequence, weight: Callable[[object], int], share: float = SHARE) -> tuple[list, list]:
    """The documents cut in two, in order, `share` of their `weight` (the work of indexing them)
    in the first part.

    >>> parts(["aa", "bb", "cc", "dd"], weight=len, share=0.5)
    (['aa', 'bb'], ['cc', 'dd'])
    """
    total, done = sum(map(weight, documents)), 0
    for n, document in enumerate(documents):
        if done + weight(document) / 2 > total * share:
            return list(documents[:n]), list(documents[n:])
        done += weight(document)
    return list(documents), []


def segment_of(index, write: Callable[[SegmentWriter], None], **writer_options):
    """A segment written here by a writer that does not hold the index's lock (listed by the
    commit of the one that does)."""
    writer = SegmentWriter(index, _lk=False, **writer_options)
    write(writer)
    return writer._finalize_segment()  # as Whoosh's MpWriter finishes its children's


class Apart:
    """A child process writing one segment of `index` (a Whoosh FileIndex) with `write(writer)`;
    `segment()` waits for it and gives the segment, or raises if the child failed."""

    def __init__(self, index, write: Callable[[SegmentWriter], None], **writer_options):
        self.waited = False
        self.read_end, write_end = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child: write, say what was written, and leave without cleanup
            status = 1
            try:
                os.close(self.read_end)
                segment = segment_of(index, write, **writer_options)  # the parent holds the lock
                with os.fdopen(write_end, "wb") as out:
                    out.write(pickle.dumps(segment))
                status = 0
            finally:
                os._exit(status)  # noqa: B012 — nothing of the parent's may run or flush here
        os.close(write_end)

    def segment(self):
        with os.fdopen(self.read_end, "rb") as result:
            data = result.read()
        status = self._wait()
        if status != 0 or not data:
            raise OSError(f"索引写入子进程失败（退出状态 {status}）")
        return pickle.loads(data)

    def discard(self) -> None:
        """After a failure: the child waited for, its segment listed nowhere."""
        if not self.waited:
            with contextlib.suppress(OSError):
                os.close(self.read_end)
            self._wait()

    def _wait(self) -> int:
        self.waited = True
        return os.waitpid(self.pid, 0)[1]
