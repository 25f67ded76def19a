"""Shared fixtures: real files, a real SQLite KB and Whoosh index in tmp_path."""
from __future__ import annotations

import os
import shutil
import sys
from collections import Counter
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
SHARED_PDFS = SHARED / "pdfs"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold"
FIXTURES = ROOT / "tests" / "fixtures"


def absent(path: Path) -> str:
    """The skip reason of a test that reads `path` under ../shared, which only the project's own
    machines have: '../shared/pdfs is absent'. The summary at the end of the run lists these."""
    return f"../{path.relative_to(ROOT.parent).as_posix()} is absent"


def shared_pdf(prefix: str) -> Path:
    """A PDF of ../shared/pdfs by its number ("13"), skipping the test where it is absent."""
    found = sorted(SHARED_PDFS.glob(f"{prefix}_*.pdf")) if SHARED_PDFS.is_dir() else []
    if not found:
        pytest.skip(absent(SHARED_PDFS))
    return found[0]


def corpus_pdf(prefix: str) -> Path:
    return next(CORPUS.glob(f"{prefix}_*.pdf"))


@pytest.fixture(scope="session")
def corpus_kb_dir(tmp_path_factory) -> Path:
    """A KB with the bundled corpus ingested once per session; copy it before changing it."""
    from kb.knowledge_base import KnowledgeBase

    directory = tmp_path_factory.mktemp("corpus_kb")
    with KnowledgeBase(directory) as kb:
        report = kb.ingest([CORPUS])
        assert not report.failed, report.failed
    return directory


@pytest.fixture
def corpus_kb(corpus_kb_dir, tmp_path):
    """A private copy of the corpus KB, open."""
    from kb.knowledge_base import KnowledgeBase

    target = tmp_path / "kb"
    shutil.copytree(corpus_kb_dir, target)
    with KnowledgeBase(target) as kb:
        yield kb


def pytest_terminal_summary(terminalreporter) -> None:
    """Say which tests were skipped because ../shared (the real PDFs, seeds and gold answers) is not
    beside this checkout: a clone elsewhere passes without them, but tests less."""
    skipped = [report for report in terminalreporter.stats.get("skipped", [])
               if isinstance(report.longrepr, tuple) and report.longrepr[2].startswith("Skipped: ../shared")]
    if skipped:
        files = Counter(report.nodeid.split("::")[0].removeprefix("tests/") for report in skipped)
        listed = ", ".join(f"{name} ({n})" for name, n in sorted(files.items()))
        terminalreporter.write_line(f"{len(skipped)} tests skipped because ../shared is absent: {listed}")
