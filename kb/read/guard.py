"""Reading untrusted files in guarded worker processes.

A 2 KB PDF can decompress to gigabytes, a page can draw 300,000 lines, a .docx can be a zip bomb.
Files are therefore read in worker processes that watch their own memory and end themselves past
a limit (the file then fails with a clear reason and the batch goes on), and that end when the
program that started them dies (a kill -9 of the CLI or the app leaves no reader behind).
"""
from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time

# A reader using more memory than this is reading something built to exhaust it: the watch ends
# it. The watch looks every few milliseconds; the kernel's hard cap on the reader's data stops a
# runaway the watch is too slow for (a busy machine), pdfium then aborts the process.
MAX_READER_MB = 400
# While a page is recognised (kb.read.ocr) the reader may use more: OCR's models and the page's
# image (with onnxruntime 1.32 and opencv 5 a page peaks near 390 MB resident and holds about
# 620 MB of address space; the old 400/600 limits failed pages or killed the reader at random).
OCR_READER_MB = 800
# The kernel's cap counts address space the heap holds, not only memory in use: above OCR's need.
HARD_CAP_MB = 1200
# How a guarded worker ends when it passes the limit (the parent tells it from other crashes).
MEMORY_EXIT = 86
WATCH_INTERVAL_S = 0.02
PR_SET_PDEATHSIG = 1  # linux/prctl.h
M_ARENA_MAX = -8  # malloc.h


def guard_worker(parent_pid: int, max_mb: int | None = MAX_READER_MB) -> None:
    """Initialise a worker process (ProcessPoolExecutor initializer): die with the parent, and
    exit with MEMORY_EXIT when resident memory passes `max_mb` (None: a worker that reads no
    untrusted file, such as the indexer, only dies with the parent)."""
    if sys.platform.startswith("linux"):
        try:  # the kernel kills this process when the parent dies, however it dies
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
    if max_mb is not None:
        _cap_memory(max_mb)
    threading.Thread(target=_watch, args=(parent_pid, max_mb), name="worker-guard", daemon=True).start()


def _cap_memory(max_mb: int) -> None:
    if sys.platform.startswith("linux"):
        try:
            import resource

            cap = (max(max_mb, OCR_READER_MB) + HARD_CAP_MB - MAX_READER_MB) * 2**20
            resource.setrlimit(resource.RLIMIT_DATA, (cap, cap))
        except (ImportError, ValueError, OSError):
            pass
        try:  # one malloc arena: freed memory is handed back (release_memory) instead of kept per thread
            ctypes.CDLL(None).mallopt(M_ARENA_MAX, 1)
        except (OSError, AttributeError):
            pass


# Set while this process recognises a page (`recognising`): the watch then allows OCR_READER_MB.
_recognising = threading.Event()


@contextlib.contextmanager
def recognising():
    """The reader recognises a page's image: OCR's allowance applies until it is done."""
    _recognising.set()
    try:
        yield
    finally:
        _recognising.clear()


def _watch(parent_pid: int, max_mb: int | None) -> None:
    page_mb = os.sysconf("SC_PAGE_SIZE") / 2**20 if hasattr(os, "sysconf") and max_mb is not None else 0
    while True:
        if os.getppid() != parent_pid:  # the parent died (and was replaced by init): stop reading
            os._exit(0)
        limit = max(max_mb, OCR_READER_MB) if _recognising.is_set() and max_mb is not None else max_mb
        if page_mb and _resident_pages() * page_mb > limit:
            os._exit(MEMORY_EXIT)
        time.sleep(WATCH_INTERVAL_S)


def _resident_pages() -> int:
    """Resident pages of this process (Linux /proc); 0 where unknown."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1])
    except (OSError, IndexError, ValueError):
        return 0


def release_memory() -> None:
    """Hand freed memory back to the system (after an OCR'd page: the next page starts low)."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None).malloc_trim(0)
        except (OSError, AttributeError):
            pass
