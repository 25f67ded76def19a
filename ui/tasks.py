"""Background work: run a function on a worker thread, report progress, deliver the result or
the error on the main thread. The worker function never touches widgets.
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
# Tasks stay referenced until their signals were delivered: when the caller drops its reference
# in a success handler, the signals object would otherwise die with queued `finished` calls pending.
_running: set[Task] = set()


class TaskSignals(QObject):
    progress = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(str)
    finished = Signal()


class Task(QRunnable):
    """fn(on_progress, should_cancel) runs on a pool thread; signals arrive on the main thread."""

    def __init__(self, fn: Callable[[Callable[[int, int, str], None], Callable[[], bool]], Any]):
        super().__init__()
        self.fn = fn
        self.signals = TaskSignals()
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        try:
            result = self.fn(self.signals.progress.emit, self._cancel.is_set)
        except Exception as exc:  # shown to the user as a message, never a crash
            log.error("background task failed:\n%s", traceback.format_exc())
            self.signals.failed.emit(f"{exc.__class__.__name__}: {exc}")
        else:
            self.signals.succeeded.emit(result)
        finally:
            self.signals.finished.emit()


def pool() -> QThreadPool:
    """The app's thread pool: at least 4 threads, so a long import never delays a search or a preview."""
    threads = QThreadPool.globalInstance()
    if threads.maxThreadCount() < MIN_THREADS:
        threads.setMaxThreadCount(MIN_THREADS)
    return threads


def wait_all(timeout_ms: int = 60_000) -> bool:
    """Block until every task finished and its signals were delivered (screenshot mode, shutdown)."""
    from PySide6.QtWidgets import QApplication

    done = pool().waitForDone(timeout_ms)
    QApplication.processEvents()  # deliver the queued succeeded/failed signals
    return done


def run_task(
    fn,
    on_success: Callable[[Any], None] | None = None,
    on_failure: Callable[[str], None] | None = None,
    on_progress: Callable[[int, int, str], None] | None = None,
) -> Task:
    """Start fn(on_progress, should_cancel) on the pool; the callbacks run on the main thread."""
    task = Task(fn)
    _running.add(task)
    # released on the next turn of the event loop, after every slot of `finished` ran
    ref = weakref.ref(task)  # a strong reference here would keep every finished task alive
    task.signals.finished.connect(lambda: QTimer.singleShot(0, lambda: _running.discard(ref())))
    if on_success:
        task.signals.succeeded.connect(on_success)
    if on_failure:
        task.signals.failed.connect(on_failure)
    if on_progress:
        task.signals.progress.connect(on_progress)
    pool().start(task)
    return task
