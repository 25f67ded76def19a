"""One small function per user action that runs in the background (widgets call these)."""
from __future__ import annotations

from pathlib import Path

from kb.knowledge_base import KnowledgeBase

from .tasks import Task, run_task


def ingest(kb_dir: Path, paths: list[Path], on_progress, on_done, on_failure) -> Task:
    """Import files and folders on a worker thread with its own connection to the KB."""

    def work(progress, should_cancel):
        with KnowledgeBase(kb_dir) as kb:
            return kb.ingest(paths, on_progress=progress, should_cancel=should_cancel)

    return run_task(work, on_success=on_done, on_failure=on_failure, on_progress=on_progress)
