"""What `pip install .` gives a user: a wheel installed (not editable) into a fresh environment
runs every command, export included, from its own files."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from conftest import ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv holding the policykb wheel; its dependencies are this interpreter's (a .pth
    line: no network), but the project itself comes only from the wheel."""
    tmp = tmp_path_factory.mktemp("wheel")
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation",
                            "-w", str(tmp / "dist")], capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr
    (wheel,) = (tmp / "dist").glob("policykb-*.whl")
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    site = next((venv / "lib").glob("python*/site-packages"))
    # the dependencies from this interpreter; .pth files there (an editable install) are not run
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    install = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--no-deps", "--no-index", str(wheel)],
                             capture_output=True, text=True, timeout=300)
    assert install.returncode == 0, install.stderr
    return venv


def run(venv: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "POLICYKB_DIR")}
    return subprocess.run([str(venv / "bin" / "policykb"), *args], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=300)


def test_the_installed_command_runs_from_the_wheel(installed, tmp_path):
    where = subprocess.run([str(installed / "bin" / "python"), "-c", "import kb, kb.data; print(kb.__file__)"],
                           capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert where.stdout.strip().startswith(str(installed)), where.stdout + where.stderr  # not the source tree

    help_text = run(installed, "export", "--help", cwd=tmp_path)
    assert help_text.returncode == 0 and "-o, --output FILE" in help_text.stdout


def test_the_installed_command_ingests_searches_and_exports(installed, tmp_path):
    kb = tmp_path / "kb"
    pdf = ROOT / "corpus" / "002_zhuhai_carbon_peak_plan.pdf"
    assert run(installed, "ingest", str(pdf), "--kb", str(kb), cwd=tmp_path).returncode == 0
    found = run(installed, "search", "单位地区生产总值能源消耗", "--json", "--kb", str(kb), cwd=tmp_path)
    assert found.returncode == 0, found.stderr
    hits = [json.loads(line) for line in found.stdout.splitlines()]
    assert hits and all(h["document"] == "珠海市碳达峰实施方案" for h in hits)
    exported = run(installed, "export", "--doc", "珠海", "-o", str(tmp_path / "分工表.xlsx"), "--kb", str(kb), cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "分工表.xlsx").stat().st_size > 5000
