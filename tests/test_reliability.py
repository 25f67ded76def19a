"""Nothing lost, nothing injected: PolicyKB under hostile files, edits, faults and concurrency.

Each test reproduces a probe an adversarial tester ran against PolicyKB, with real files (built
here, a few KB each), a real SQLite file and a real index.
"""
from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from conftest import ROOT
from docx import Document

from kb.knowledge_base import KnowledgeBase
from kb.models import Filters


def run_cli(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=300)


def assert_no_traceback(proc: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout, proc.stderr


# ------------------------------------------------------------ hostile exports ----
HOSTILE_PLAN = (
    "某市推进节能降碳工作方案\n"
    "一、重点任务\n"
    '1.=HYPERLINK("http://evil.example","点击查看")推进公共机构节能改造，到2025年完成。（责任单位：市发展改革委）\n'
    "2.开展能耗统计\x07工作。（牵头单位：@市统计局；配合单位：-市财政局、+市审计局）\n"
)


@pytest.fixture
def hostile_kb(tmp_path) -> KnowledgeBase:
    plan = tmp_path / "方案.txt"
    plan.write_text(HOSTILE_PLAN, encoding="utf-8")
    with KnowledgeBase(tmp_path / "kb") as kb:
        assert not kb.ingest([plan]).failed
        yield kb


def test_exports_never_carry_a_live_formula(hostile_kb, tmp_path):
    from kb.export import export_tasks

    rows = hostile_kb.obligations(Filters(doc="方案"), order="document")
    units = [u for r in rows for u in (*r.lead, *r.co, *r.responsible)]
    assert {"@市统计局", "-市财政局", "+市审计局"} <= set(units)  # the plan's text, as written, reached the rows

    sheet = openpyxl.load_workbook(export_tasks(rows, tmp_path / "分工表.xlsx")).worksheets[0]
    texts = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(c.value.startswith(("=", "@", "-", "+")) for c in texts)  # shown as the plan wrote it…
    assert all(c.data_type == "s" for c in texts)  # …but typed as text: nothing runs when the file opens

    with open(export_tasks(rows, tmp_path / "分工表.csv"), encoding="utf-8-sig", newline="") as f:
        cells = [c for row in csv.reader(f) for c in row]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert "'@市统计局" in cells and "'-市财政局、+市审计局" in cells


def test_a_control_character_in_one_task_does_not_break_any_export(hostile_kb, tmp_path):
    from kb.export import export_ledger, export_tasks
    from kb.models import ObligationRow

    rows = hostile_kb.obligations(order="document")
    # a control character a PDF can carry into a task's text (the reader keeps text as drawn)
    rows.append(ObligationRow(text="建立\x0b台账\x00制度。", responsible=("市统计局",), document="某市推进节能降碳工作方案"))
    for suffix in ("xlsx", "docx", "csv"):
        export_tasks(rows, tmp_path / f"分工表.{suffix}")
        export_ledger(rows, tmp_path / f"台账.{suffix}", department="市统计局")
    assert "建立台账制度。" in [c.text for row in Document(str(tmp_path / "分工表.docx")).tables[0].rows for c in row.cells]
    values = [c.value for row in openpyxl.load_workbook(tmp_path / "台账.xlsx").worksheets[0].iter_rows() for c in row]
    assert "建立台账制度。" in values
