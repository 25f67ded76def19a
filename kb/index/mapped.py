"""Whoosh segments read where they lie in the memory map, not copied into memory first.

Whoosh 2.7 maps each segment file into memory and opens the files inside it as BufferFiles, and a
BufferFile wraps its bytes in a BytesIO, which copies them: every open of the index read the whole
index into the process (18 MB and 18 ms for a KB of 30 plans; 100,000 passages: most of a
command-line search's memory). Whoosh reads a BufferFile by position (`get`, a slice of the map)
far more than through its file object, so a file object that reads from the map is all it needs.

Installed once, on import of kb.index.search_index (`read_segments_in_place`). Whoosh 2.7.4 is its
last release; its compound storage takes the BufferFile class from its module's namespace.
"""
from __future__ import annotations

import io

from whoosh.filedb import compound
from whoosh.filedb.structfile import BufferFile

READ_BUFFER = 4096  # bytes read from the map at a time through the file object
LINE_PIECE = 256  # bytes looked at a time for the end of a line (pickles name classes on lines)


class ViewFile(io.RawIOBase):
    """A read-only file over a memoryview: reads copy only the bytes asked for.

    >>> f = ViewFile(memoryview(b"ab\\ncd"))
    >>> f.readline(), f.read(1), f.tell(), f.seek(0), f.read()
    (b'ab\\n', b'c', 4, 0, b'ab\\ncd')
    """

    def __init__(self, view: memoryview):
        super().__init__()
        self.view = view
        self.position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.position, io.SEEK_END: len(self.view)}[whence]
        self.position = max(0, base + offset)
        return self.position

    def read(self, size: int | None = -1) -> bytes:
        start = self.position
        end = len(self.view) if size is None or size < 0 else min(len(self.view), start + size)
        self.position = max(start, end)
        return bytes(self.view[start:end])

    def readinto(self, buffer) -> int:
        """Copy straight from the map into the caller's buffer (one copy, not two)."""
        start = self.position
        count = max(0, min(len(buffer), len(self.view) - start))
        memoryview(buffer).cast("B")[:count] = self.view[start:start + count]
        self.position = start + count
        return count

    def readline(self, size: int | None = -1) -> bytes:
        view, start = self.view, self.position
        limit = len(view) if size is None or size < 0 else min(len(view), start + size)
        end = start
        while end < limit:  # looked for a piece at a time: a line is short, the file may be large
            newline = bytes(view[end:min(limit, end + LINE_PIECE)]).find(b"\n")
            if newline >= 0:
                return self.read(end + newline + 1 - start)
            end = min(limit, end + LINE_PIECE)
        return self.read(limit - start)


class MappedBufferFile(BufferFile):
    """Whoosh's BufferFile reading from the map it was given instead of from a copy of it."""

    def __init__(self, buf, name=None, onclose=None):
        super().__init__(b"", name=name, onclose=onclose)
        self._buf = buf
        # buffered in C: Whoosh unpickles posting blocks from the file, a few reads a block
        self.file = io.BufferedReader(ViewFile(memoryview(buf)), READ_BUFFER)


def read_segments_in_place() -> None:
    """Make Whoosh open the files inside segments as MappedBufferFiles."""
    compound.BufferFile = MappedBufferFile
