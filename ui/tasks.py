"""Background work: run a function on a worker thread, report progress, deliver the result or
the error on the main thread. The worker function never touches widgets.

Like Anki's CollectionOp, an Op is built first, its callbacks attached, and only then started,
so even a task that finishes at once delivers its result:

    >>> Op(lambda progress, cancelled: kb.ingest(paths)).success(show_report).failure(warn).run_in_background()   # doctest: +SKIP
"""
from __future__ import annotations

import logging
import threading
import traceback
import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

log = logging.getLogger(__name__)
MIN_THREADS = 4
Progress = Callable[[int, int, str], None]
# Ops stay referenced until their signals were delivered: when the caller drops its reference in a
# success handler, the signals object would otherwise die with queued calls pending.
_running: set[Op] = set()


class _Signals(QObject):
    progress = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(str)
    finished = Signal()


class _Runnable(QRunnable):
    def __init__(self, op: Op):
        super().__init__()
        self.op = op

    def run(self) -> None:
        op = self.op
        try:
            result = op.fn(op.signals.progress.emit, op.cancelled)
        except Exception as exc:  # shown to the user as a message, never a crash
            log.error("background task failed:\n%s", traceback.format_exc())
            op.signals.failed.emit(f"{exc.__class__.__name__}: {exc}")
        else:
            op.signals.succeeded.emit(result)
        finally:
            op.signals.finished.emit()


class Op:
    """fn(on_progress, should_cancel) to run on the thread pool; callbacks run on the main thread.

    Attach `success`, `failure` and `progress` callbacks, then `run_in_background()`.
    """

    def __init__(self, fn: Callable[[Progress, Callable[[], bool]], Any]):
        self.fn = fn
        self.signals = _Signals()
        self._cancel = threading.Event()
        self._started = False

    def success(self, callback: Callable[[Any], None]) -> Op:
        self.signals.succeeded.connect(callback)
        return self

    def failure(self, callback: Callable[[str], None]) -> Op:
        self.signals.failed.connect(callback)
        return self

    def progress(self, callback: Progress) -> Op:
        self.signals.progress.connect(callback)
        return self

    def run_in_background(self) -> Op:
        if self._started:
            raise RuntimeError("an Op runs once")
        self._started = True
        _running.add(self)
        ref = weakref.ref(self)  # a strong reference here would keep every finished op alive
        # released on the next turn of the event loop, after every slot of `finished` ran
        self.signals.finished.connect(lambda: QTimer.singleShot(0, lambda: _running.discard(ref())))
        pool().start(_Runnable(self))
        return self

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()


def pool() -> QThreadPool:
    """The app's thread pool: at least 4 threads, so a long import never delays a search or a preview."""
    threads = QThreadPool.globalInstance()
    if threads.maxThreadCount() < MIN_THREADS:
        threads.setMaxThreadCount(MIN_THREADS)
    return threads


def wait_all(timeout_ms: int = 60_000) -> bool:
    """Block until every op finished and its signals were delivered (screenshot mode, shutdown)."""
    from PySide6.QtWidgets import QApplication

    done = pool().waitForDone(timeout_ms)
    QApplication.processEvents()  # deliver the queued succeeded/failed signals
    return done
