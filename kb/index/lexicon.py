"""A compact copy of the jieba dictionary for cutting queries: an SQLite file looked up word by word.

jieba's dictionary takes about 0.7 s and 100 MB to load (500,000 words and prefixes in a dict),
which a command-line search would pay to cut a query of a few characters. jieba only ever asks
its table about pieces of the sentence it cuts (is 碳达峰 a word or the start of one, and how
often does it occur) and about the total of all frequencies. So a cutter whose table answers
those questions from a file, one SQL lookup a piece, cuts every query exactly as the loaded one.

`StoredCutter` is jieba's accurate-mode cut (jieba 0.42.1's `Tokenizer.cut` with the HMM; the
algorithm has not changed since 2020) over that table, so that a search does not import jieba
either (about 15 ms, most of it the HMM's tables, which only a run of characters that make no
dictionary word needs: jieba is imported then). tests/test_lexicon.py checks that it cuts every
seed sentence as jieba does; a difference could only change ranking, never what is found.

The copy is written once per machine, into the user's cache folder, by whatever process has the
dictionary loaded (the ingest's indexer, or the first search), under a name that changes with
jieba's dictionary file and with the words PolicyKB adds (so an update makes a new copy, which
replaces the old one).
"""
from __future__ import annotations

import contextlib
import importlib.util
import logging
import math
import os
import re
import sqlite3
import zlib
from pathlib import Path

log = logging.getLogger(__name__)


def _file(added: list[str]) -> Path | None:
    """Where the copy for this jieba and these added words lives (None: jieba is not installed)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        return None
    dictionary = Path(spec.origin).parent / "dict.txt"
    try:
        stat = dictionary.stat()
    except OSError:
        return None
    key = f"{zlib.crc32(f'{stat.st_size}:{stat.st_mtime_ns}'.encode()):08x}{zlib.crc32(chr(10).join(added).encode()):08x}"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("PolicyKB", appauthor=False)) / f"jieba-{key}.sqlite"


class StoredFrequencies(dict):
    """jieba's word → frequency table, each word looked up in the file when first asked for
    (answers, and words that are not in it, are kept)."""

    def __init__(self, connection: sqlite3.Connection):
        super().__init__()
        self.connection = connection
        self.absent: set[str] = set()

    def __missing__(self, word: str) -> int:
        if word not in self.absent:
            row = self.connection.execute("SELECT n FROM words WHERE w = ?", (word,)).fetchone()
            if row is not None:
                self[word] = row[0]
                return row[0]
            self.absent.add(word)
        raise KeyError(word)

    def __contains__(self, word) -> bool:
        try:
            self[word]
        except KeyError:
            return False
        return True

    def get(self, word, default=None):
        try:
            return self[word]
        except KeyError:
            return default


# jieba's re_han_default and re_skip_default: runs it cuts into words, and what separates them
_HAN = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)")
_SKIP = re.compile(r"(\r\n|\s)")


class StoredCutter:
    """Cuts a sentence as jieba.Tokenizer().cut(sentence) does, reading `frequencies` (word →
    count, 0 for a prefix that is no word) and the `total` of all counts."""

    def __init__(self, frequencies: StoredFrequencies, total: int):
        self.FREQ = frequencies  # jieba's name: callers may treat either cutter as a jieba Tokenizer
        self.total = total

    def cut(self, sentence: str):
        for block in _HAN.split(sentence):
            if not block:
                continue
            if _HAN.match(block):
                yield from self._cut_words(block)
            else:
                for piece in _SKIP.split(block):
                    if _SKIP.match(piece):
                        yield piece
                    else:
                        yield from piece

    def lcut(self, sentence: str) -> list[str]:
        return list(self.cut(sentence))

    def _route(self, run: str) -> list[int]:
        """End (exclusive) of the word starting at each position on the likeliest path (jieba's
        get_DAG and calc: the path maximising the sum of log frequencies)."""
        frequencies, n = self.FREQ, len(run)
        ends: list[list[int]] = []
        for k in range(n):
            here, i, piece = [], k, run[k]
            while i < n and piece in frequencies:
                if frequencies[piece]:
                    here.append(i)
                i += 1
                piece = run[k:i + 1]
            ends.append(here or [k])
        log_total = math.log(self.total)
        best: list[tuple[float, int]] = [(0.0, 0)] * (n + 1)
        for k in range(n - 1, -1, -1):
            best[k] = max((math.log(frequencies.get(run[k:x + 1]) or 1) - log_total + best[x + 1][0], x)
                          for x in ends[k])
        return [x + 1 for _, x in best[:n]]

    def _cut_words(self, run: str):
        """jieba's __cut_DAG: words on the route; runs of single characters that make no word go
        to the HMM (which may join them into words the dictionary lacks)."""
        route, x, single = self._route(run), 0, ""
        while x < len(run):
            y = route[x]
            if y - x == 1:
                single += run[x]
            else:
                if single:
                    yield from self._singles(single)
                    single = ""
                yield run[x:y]
            x = y
        if single:
            yield from self._singles(single)

    def _singles(self, run: str):
        if len(run) == 1 or self.FREQ.get(run):
            yield from run
        else:
            from jieba import finalseg  # the HMM: its tables are most of jieba's import time

            yield from finalseg.cut(run)


def open_stored(added: list[str]) -> StoredCutter | None:
    """A cutter reading the stored copy, or None when there is none (or it is unreadable)."""
    path = _file(added)
    if path is None or not path.exists():
        return None
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        (total,) = connection.execute("SELECT n FROM total").fetchone()
    except sqlite3.Error as error:
        log.warning("%s: unreadable (%s), the dictionary is loaded instead", path, error)
        return None
    return StoredCutter(StoredFrequencies(connection), total)


def save(tokenizer, added: list[str]) -> None:
    """Write the copy of a loaded tokenizer's table (whole, then renamed into place: a reader
    never sees half of it); a folder that may not be written only means no copy."""
    path = _file(added)
    if path is None or path.exists():
        return
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(partial) as connection:
            connection.execute("CREATE TABLE words (w TEXT PRIMARY KEY, n INTEGER) WITHOUT ROWID")
            connection.execute("CREATE TABLE total (n INTEGER)")
            connection.executemany("INSERT INTO words VALUES (?, ?)", tokenizer.FREQ.items())
            connection.execute("INSERT INTO total VALUES (?)", (tokenizer.total,))
        connection.close()
        os.replace(partial, path)
    except (OSError, sqlite3.Error) as error:
        log.warning("%s: jieba dictionary copy not written (%s)", path, error)
        partial.unlink(missing_ok=True)
        return
    for stale in path.parent.glob("jieba-*.sqlite"):  # copies for other words: 9 MB each
        if stale != path:
            with contextlib.suppress(OSError):  # in use (Windows) or gone already: left
                stale.unlink()
