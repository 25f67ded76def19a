"""The package handed out (scripts/build_package.sh → dist/policykb_*.deb), unpacked as dpkg installs
it: the packaged program, with its own Python and Qt, imports its bundled corpus on the first start,
draws its window, searches, and says so when there is no display — from its own files, with a bare
PATH, outside this source tree. Skipped unless a .deb has been built (the build takes minutes)."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT

DEBS = sorted((ROOT / "dist").glob("policykb_*.deb"), key=lambda p: p.stat().st_mtime)
pytestmark = pytest.mark.skipif(not DEBS, reason="no dist/policykb_*.deb: scripts/build_package.sh builds it")


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The newest .deb unpacked into a temporary root."""
    root = tmp_path_factory.mktemp("deb_root")
    subprocess.run(["dpkg-deb", "-x", str(DEBS[-1]), str(root)], check=True, timeout=300)
    return root


def run(root: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    """`policykb ARGS` as a user's shell runs it: the command on PATH, no display, nothing of ours."""
    env = {"PATH": f"{root / 'usr' / 'bin'}:/usr/bin:/bin", "HOME": str(cwd), "LANG": "C.UTF-8"}
    return subprocess.run(["policykb", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=600)


def test_the_package_has_the_command_the_menu_entry_its_icon_and_dependencies(installed):
    command = installed / "usr" / "bin" / "policykb"
    assert command.resolve() == (installed / "opt" / "policykb" / "policykb").resolve()
    entry = (installed / "usr" / "share" / "applications" / "policykb.desktop").read_text(encoding="utf-8")
    assert "Name[zh_CN]=政策知识库" in entry and "Exec=policykb open %F" in entry and "Icon=policykb" in entry
    assert "application/pdf;" in entry and "inode/directory;" in entry
    icons = installed / "usr" / "share" / "icons" / "hicolor"
    assert (icons / "scalable" / "apps" / "policykb.svg").is_file()
    assert (icons / "256x256" / "apps" / "policykb.png").stat().st_size > 2000
    control = subprocess.run(["dpkg-deb", "-f", str(DEBS[-1]), "Depends", "Installed-Size"], capture_output=True,
                             text=True, check=True).stdout
    assert "libc6 (>= 2." in control and "libxcb-cursor0" in control
    bundled = installed / "opt" / "policykb" / "_internal" / "corpus"
    assert sorted(p.name for p in bundled.glob("*.pdf")) == sorted(p.name for p in CORPUS.glob("*.pdf"))


def test_the_packaged_program_imports_its_corpus_shows_its_window_and_searches(installed, tmp_path):
    from PySide6.QtGui import QImage

    kb, png = tmp_path / "kb", tmp_path / "window.png"
    shot = run(installed, "--kb", str(kb), "--screenshot", str(png), "--view", "部门", cwd=tmp_path)
    assert shot.returncode == 0, shot.stderr
    image = QImage(str(png))
    assert (image.width(), image.height()) == (1360, 840)
    assert len({image.pixel(x, y) for x in range(0, 1360, 17) for y in range(0, 840, 13)}) > 20  # drawn, not blank

    docs = run(installed, "docs", "--json", "--kb", str(kb), cwd=tmp_path)
    assert docs.returncode == 0, docs.stderr
    files = {Path(json.loads(line)["file"]).name for line in docs.stdout.splitlines()}
    assert files == {p.name for p in CORPUS.glob("*.pdf")}  # the first start imported the bundled corpus

    found = run(installed, "search", "碳达峰", "--json", "--kb", str(kb), cwd=tmp_path)
    assert found.returncode == 0, found.stderr
    hits = [json.loads(line) for line in found.stdout.splitlines()]
    assert "珠海市碳达峰实施方案" in {hit["document"] for hit in hits}


def test_the_packaged_program_without_a_display_says_so(installed, tmp_path):
    opened = run(installed, "--kb", str(tmp_path / "kb"), cwd=tmp_path)
    assert opened.returncode != 0
    assert "没有图形界面" in opened.stderr and "Traceback" not in opened.stderr + opened.stdout
