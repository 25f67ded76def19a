"""A compact copy of the jieba dictionary for cutting queries: an SQLite file looked up word by word.

jieba's dictionary takes about 0.7 s and 100 MB to load (500,000 words and prefixes in a dict),
which a command-line search would pay to cut a query of a few characters. jieba only ever asks
its table about pieces of the sentence it cuts (is 碳达峰 a word or the start of one, and how
often does it occur) and about the total of all frequencies. So a tokenizer whose table answers
those questions from a file, one SQL lookup a piece, cuts every query exactly as the loaded one.

The copy is written once per machine, into the user's cache folder, by whatever process has the
dictionary loaded (the ingest's indexer, or the first search), under a name that changes with
jieba's dictionary file and with the words PolicyKB adds (so an update makes a new copy).
"""
from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import sqlite3
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
    key = hashlib.sha1(f"{stat.st_size}:{stat.st_mtime_ns}\n{chr(10).join(added)}".encode()).hexdigest()[:16]
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


def open_stored(added: list[str]):
    """A jieba tokenizer reading the stored copy, or None when there is none (or it is unreadable)."""
    path = _file(added)
    if path is None or not path.exists():
        return None
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        (total,) = connection.execute("SELECT n FROM total").fetchone()
    except sqlite3.Error as error:
        log.warning("%s: unreadable (%s), the dictionary is loaded instead", path, error)
        return None
    import jieba

    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = StoredFrequencies(connection), total, True
    return tokenizer


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
