"""The shape the code keeps: the pipeline's stages import only earlier stages, the app holds no
SQL and never touches the database, and `policykb` with no command (or only --kb) opens the app."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import ROOT

from kb.cli import main as cli_main

# Stages in the order the pipeline runs them; a module may import its own stage or earlier ones.
STAGES = ["base", "read", "layout", "outline", "documents", "extract", "store", "index", "ingest", "distributed", "export",
          "knowledge_base", "cli"]
BASE = {"models", "text", "data", "aliases"}  # values and words every stage shares


def stage_of(module: str) -> str:
    """'kb.extract.targets' → 'extract'; 'kb.models' → 'base'."""
    first = module.split(".")[1] if module.count(".") else "base"
    return "base" if first in BASE | {"__init__"} else first


def kb_imports(path: Path) -> set[str]:
    """The kb modules a file imports, anywhere in it (lazy imports inside functions count)."""
    module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names = [target] if node.module else [f"{target}.{a.name}" for a in node.names]
            found.update(n for n in names if n.startswith("kb"))
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("kb"))
    return found


def test_every_stage_imports_only_itself_and_earlier_stages():
    wrong = []
    for path in sorted((ROOT / "kb").rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        here = STAGES.index(stage_of(module))
        for imported in kb_imports(path):
            if imported == "kb":
                continue
            if STAGES.index(stage_of(imported)) > here:
                wrong.append(f"{module} imports {imported}")
    assert wrong == []


def test_the_app_holds_no_sql_and_never_touches_the_database():
    pattern = re.compile(r"SELECT|\.db\b|execute\(")
    hits = [f"{path.name}:{n}: {line.strip()}" for path in sorted((ROOT / "ui").glob("*.py"))
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if pattern.search(line)]
    assert hits == []


def test_no_command_or_only_a_kb_opens_the_app(tmp_path):
    opened = []

    def open_app(kb_dir, **options):
        opened.append((kb_dir, options))
        return 0

    assert cli_main(["--kb", str(tmp_path)], open_app=open_app) == 0
    assert opened == [(tmp_path, {"screenshot": None, "view": "文件", "query": ""})]
    assert cli_main(["--kb", str(tmp_path), "--screenshot", "x.png", "--view", "部门"], open_app=open_app) == 0
    assert opened[-1] == (tmp_path, {"screenshot": Path("x.png"), "view": "部门", "query": ""})
    assert cli_main(["--kb", str(tmp_path), "--screenshot", "x.png", "--view", "部门", "--region", "上海市",
                     "--find", "机管局"], open_app=open_app) == 0
    assert opened[-1][1] == {"screenshot": Path("x.png"), "view": "部门", "query": "", "region": "上海市", "find": "机管局"}
    assert cli_main(["docs", "--kb", str(tmp_path)], open_app=open_app) == 0
    assert len(opened) == 3  # a command never opens the app
    # the desktop entry's `policykb open %F`: the app, with the files and folders to import
    assert cli_main(["open", "a.pdf", "plans", "--kb", str(tmp_path)], open_app=open_app) == 0
    assert opened[-1] == (tmp_path, {"paths": [Path("a.pdf"), Path("plans")]})


def test_an_ingests_worker_processes_import_only_what_they_run():
    """Readers and the indexer are processes of their own that start with each ingest: each
    imports its own stage, not the whole pipeline (start-up time on the cores the ingest needs)."""
    import subprocess
    import sys

    entries = {"kb.read.pool": {"kb.layout", "kb.extract", "kb.store", "kb.index", "whoosh"},
               "kb.index.indexer": {"kb.layout", "kb.outline", "kb.extract", "kb.ingest", "pdfplumber"}}
    for entry, absent in entries.items():
        check = f"import sys, {entry}; print(sorted(m for m in {sorted(absent)!r} if m in sys.modules))"
        done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, cwd=ROOT, timeout=60)
        assert done.returncode == 0 and done.stdout.strip() == "[]", (entry, done.stdout, done.stderr)
