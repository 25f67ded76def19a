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


# ------------------------------------------------------------ backends ----
# The suite of tests/test_backends.py runs on a desktop KB (SQLite) and on a shared KB
# (PostgreSQL). The server is the one `bash scripts/servers.sh` starts (CI does, see .ci/run);
# its URL comes from POLICYKB_TEST_PG. Each test gets a database of its own, dropped afterwards.
PG_URL = os.environ.get("POLICYKB_TEST_PG", "postgresql://policykb:policykb@127.0.0.1:5432/policykb")
BROKER_URL = os.environ.get("POLICYKB_TEST_BROKER", "redis://127.0.0.1:6379/0")
BACKENDS = ["sqlite", "postgresql"]


def pg_admin():
    """An autocommit connection to the test server's own database, or the test is skipped."""
    try:
        import psycopg

        return psycopg.connect(PG_URL, autocommit=True, connect_timeout=3)
    except Exception as error:  # not installed, not running, refused
        from kb.store import shown_location

        pytest.skip(f"PostgreSQL is not reachable at {shown_location(PG_URL)} ({type(error).__name__}): "
                    "start it with `bash scripts/servers.sh`, or set POLICYKB_TEST_PG")


def database_url(name: str) -> str:
    """The test server's URL for another database."""
    base, _, _ = PG_URL.rpartition("/")
    return f"{base}/{name}"


class ServerDatabases:
    """Fresh databases on the test server (made from a template when given), dropped at the end."""

    def __init__(self):
        self.admin = pg_admin()
        self.made: list[str] = []

    def new(self, template: str | None = None) -> str:
        import secrets

        name = f"policykb_test_{secrets.token_hex(5)}"
        self.admin.execute(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
        self.made.append(name)
        return name

    def drop_all(self) -> None:
        for name in self.made:
            self.admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        self.admin.close()


@pytest.fixture(scope="session")
def test_databases():
    databases = ServerDatabases()
    yield databases
    databases.drop_all()


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def kb_at(backend, tmp_path, request):
    """An empty KB's location on the test's backend: a folder, or a new server database's URL."""
    if backend == "sqlite":
        return tmp_path / "kb"
    return database_url(request.getfixturevalue("test_databases").new())


@pytest.fixture(scope="session")
def corpus_server_db(test_databases) -> str:
    """A server database with the bundled corpus ingested once per session (a template)."""
    from kb.knowledge_base import KnowledgeBase

    name = test_databases.new()
    with KnowledgeBase(database_url(name)) as kb:
        report = kb.ingest([CORPUS])
        assert not report.failed, report.failed
    return name


@pytest.fixture
def corpus_kb_at(backend, request, tmp_path):
    """A private KB with the bundled corpus, on the test's backend: its location."""
    if backend == "sqlite":
        target = tmp_path / "kb"
        shutil.copytree(request.getfixturevalue("corpus_kb_dir"), target)
        return target
    template = request.getfixturevalue("corpus_server_db")
    return database_url(request.getfixturevalue("test_databases").new(template=template))
