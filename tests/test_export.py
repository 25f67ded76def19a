"""分工表 and department ledger exports, read back with openpyxl, python-docx and csv."""
from __future__ import annotations

import csv
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from openpyxl import load_workbook

from kb.cli import main as cli_main
from kb.export import ExportError, export_ledger, export_tasks
from kb.export.report import cell_text
from kb.knowledge_base import KnowledgeBase
from kb.models import Filters

TASK_HEADERS = ["序号", "重点任务", "牵头单位", "配合单位", "责任单位", "完成时限", "来源"]
LEDGER_HEADERS = ["序号", "重点任务", "牵头单位", "配合单位", "责任单位", "完成时限", "状态", "来源"]
DEPARTMENT = "市生态环境局"
TODAY = date(2026, 11, 21)


@pytest.fixture(scope="module")
def kb(corpus_kb_dir):
    # exports only read the KB, so the session KB is shared rather than copied per test
    with KnowledgeBase(corpus_kb_dir) as opened:
        yield opened


@pytest.fixture(scope="module")
def zhuhai_rows(kb):
    rows = kb.obligations(Filters(doc="珠海市碳达峰实施方案"))
    assert rows
    return rows


def xlsx_rows(path: Path, sheet=None) -> tuple[list, list[list]]:
    """(header, data rows) of a sheet: header on row 3, data from row 4."""
    ws = load_workbook(path)[sheet] if sheet else load_workbook(path).worksheets[0]
    values = [list(r) for r in ws.iter_rows(values_only=True)]
    return values[2], values[3:]


def units(names: list[str]) -> str | None:
    return "、".join(names) or None  # openpyxl reads an empty cell back as None


# --------------------------------------------------------------------- xlsx ----
def test_xlsx_task_table_has_title_bold_frozen_header_and_one_row_per_task(kb, zhuhai_rows, tmp_path):
    path = export_tasks(zhuhai_rows, tmp_path / "分工表.xlsx", title="珠海市碳达峰重点任务分工表", today=TODAY)

    ws = load_workbook(path).worksheets[0]
    assert ws["A1"].value == "珠海市碳达峰重点任务分工表"
    assert "导出日期：2026年11月21日" in ws["A2"].value and f"共{len(zhuhai_rows)}项" in ws["A2"].value
    assert [c.value for c in ws[3]] == TASK_HEADERS
    assert all(c.font.b for c in ws[3])
    assert ws.freeze_panes == "A4"
    assert ws["B4"].alignment.wrap_text
    assert ws.column_dimensions["B"].width > ws.column_dimensions["A"].width * 5  # the task text gets the room

    header, rows = xlsx_rows(path)
    assert len(rows) == len(zhuhai_rows)
    for n, (row, task) in enumerate(zip(rows, zhuhai_rows), 1):
        assert row[0] == n
        assert row[1] == task.text
        assert row[2:5] == [units(task.lead), units(task.co), units(task.responsible)]
        assert row[5] == ((task.deadline.label if task.deadline else None) or None)
        assert row[6].startswith("《珠海市碳达峰实施方案》") and row[6].endswith(f"第{task.page}页")
    assert any(DEPARTMENT in (row[4] or "") for row in rows)


def test_xlsx_grouped_by_document_has_one_sheet_per_plan(kb, tmp_path):
    tasks = kb.obligations()
    documents = list(dict.fromkeys(t.document for t in tasks))
    assert len(documents) >= 2
    path = export_tasks(tasks, tmp_path / "all.xlsx", group_by_document=True, today=TODAY)

    book = load_workbook(path)
    assert len(book.sheetnames) == len(documents)
    total = 0
    for ws, document in zip(book.worksheets, documents):
        assert document.startswith(ws.title[:20].rstrip("_"))  # sheet names are cut at 31 characters
        header, rows = xlsx_rows(path, ws.title)
        assert header == TASK_HEADERS
        assert [r[0] for r in rows] == list(range(1, len(rows) + 1))  # numbering restarts per plan
        assert all(r[6].startswith(f"《{document}》") for r in rows)
        total += len(rows)
    assert total == len(tasks)


# --------------------------------------------------------------------- docx ----
def test_docx_task_table_is_a4_landscape_with_chinese_fonts_and_a_repeating_header(zhuhai_rows, tmp_path):
    path = export_tasks(zhuhai_rows, tmp_path / "分工表.docx", title="珠海市碳达峰重点任务分工表", today=TODAY)

    doc = Document(str(path))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    assert doc.paragraphs[0].text == "珠海市碳达峰重点任务分工表"
    assert "导出日期：2026年11月21日" in doc.paragraphs[1].text
    (table,) = doc.tables
    assert [c.text for c in table.rows[0].cells] == TASK_HEADERS
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert len(table.rows) == len(zhuhai_rows) + 1
    for row, task in zip(table.rows[1:], zhuhai_rows):
        cells = [c.text for c in row.cells]
        assert cells[1] == task.text
        assert cells[4] == "、".join(task.responsible)
        assert f"第{task.page}页" in cells[6]

    def east_asian(run) -> str:
        return run._element.rPr.rFonts.get(qn("w:eastAsia"))

    assert east_asian(doc.paragraphs[0].runs[0]) == "宋体"
    assert east_asian(table.rows[0].cells[1].paragraphs[0].runs[0]) == "黑体"
    assert east_asian(table.rows[1].cells[1].paragraphs[0].runs[0]) == "仿宋"
    # the task column is the widest, and the table fits between the margins
    widths = [c.width for c in table.columns]
    assert max(widths) == widths[1]
    assert sum(widths) <= section.page_width - section.left_margin - section.right_margin + Mm(1)


def test_docx_grouped_by_document_has_a_captioned_table_per_plan(kb, tmp_path):
    tasks = kb.obligations()
    documents = list(dict.fromkeys(t.document for t in tasks))
    doc = Document(str(export_tasks(tasks, tmp_path / "all.docx", group_by_document=True, today=TODAY)))

    assert len(doc.tables) == len(documents)
    captions = [p.text for p in doc.paragraphs[2:]]
    assert [c.split("（")[0] for c in captions if c.startswith("《")] == [f"《{d}》" for d in documents]
    assert sum(len(t.rows) - 1 for t in doc.tables) == len(tasks)


# ---------------------------------------------------------------------- csv ----
def test_csv_has_a_bom_and_the_same_rows_as_the_xlsx(zhuhai_rows, tmp_path):
    csv_path = export_tasks(zhuhai_rows, tmp_path / "分工表.csv", today=TODAY)
    xlsx_path = export_tasks(zhuhai_rows, tmp_path / "分工表.xlsx", today=TODAY)

    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf")
    with open(csv_path, encoding="utf-8-sig", newline="") as f:
        read_back = list(csv.reader(f))
    header, rows = xlsx_rows(xlsx_path)
    assert read_back[0] == TASK_HEADERS == header
    assert read_back[1:] == [[cell_text(v) for v in row] for row in rows]
    assert read_back[1][1] == zhuhai_rows[0].text


# ------------------------------------------------------------------- ledger ----
@pytest.fixture(scope="module")
def ledger_rows(kb):
    rows = kb.obligations(Filters(department=DEPARTMENT))
    assert len({r.document for r in rows}) >= 2, "the department should have tasks in several plans"
    return rows


def due(row) -> str | None:
    """The last day a task's (first) deadline allows, as an ISO date; ongoing sorts last."""
    return row.deadline.sort_key if row.deadline else None


def split_day(rows: list) -> date:
    """A day after the earliest dated deadline, so at least that task is overdue."""
    dated = sorted(due(r) for r in rows if r.deadline and not r.deadline.ongoing)
    assert dated, "the department should have a task with a deadline"
    return date.fromisoformat(dated[0]) + timedelta(days=1)


def test_ledger_lists_every_plan_by_deadline_and_marks_overdue_in_red(ledger_rows, tmp_path):
    today = split_day(ledger_rows)
    # handed over in reverse: the ledger sorts by deadline itself
    path = export_ledger(list(reversed(ledger_rows)), tmp_path / "台账.xlsx", department=DEPARTMENT, today=today)

    ws = load_workbook(path).worksheets[0]
    assert ws["A1"].value == f"{DEPARTMENT}重点任务台账"
    header, rows = xlsx_rows(path)
    assert header == LEDGER_HEADERS
    assert len(rows) == len(ledger_rows)
    by_text = {r.text: r for r in ledger_rows}
    sort_keys = [due(by_text[row[1]]) or "￿" for row in rows]
    assert sort_keys == sorted(sort_keys)
    assert {row[7].split("\n")[0] for row in rows} == {f"《{r.document}》" for r in ledger_rows}
    for r, row in enumerate(rows, 4):
        last_day = due(by_text[row[1]])
        overdue = bool(last_day) and last_day < today.isoformat()
        assert (row[6] == "已逾期") == overdue
        assert (ws.cell(r, 2).font.color is not None and ws.cell(r, 2).font.color.rgb.endswith("C00000")) == overdue
        assert "生态环境局" in "".join(v or "" for v in row[2:5])
    assert any(row[6] == "已逾期" for row in rows)


def test_ledger_docx_and_csv_mark_the_same_rows_overdue(ledger_rows, tmp_path):
    today = split_day(ledger_rows)
    doc = Document(str(export_ledger(ledger_rows, tmp_path / "台账.docx", department=DEPARTMENT, today=today)))
    csv_path = export_ledger(ledger_rows, tmp_path / "台账.csv", department=DEPARTMENT, today=today)
    with open(csv_path, encoding="utf-8-sig", newline="") as f:
        csv_rows = list(csv.reader(f))

    (table,) = doc.tables
    assert [c.text for c in table.rows[0].cells] == LEDGER_HEADERS == csv_rows[0]
    docx_rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert docx_rows == csv_rows[1:]
    for row in table.rows[1:]:
        run = row.cells[1].paragraphs[0].runs[0]
        red = run.font.color.rgb is not None and str(run.font.color.rgb) == "C00000"
        assert red == (row.cells[6].text == "已逾期")


# -------------------------------------------------------------- empty, errors ----
def test_an_empty_selection_gives_headers_only(kb, tmp_path):
    rows = kb.obligations(Filters(doc="知识库里没有的文件"))
    assert rows == []
    header, data = xlsx_rows(export_tasks(rows, tmp_path / "空.xlsx", today=TODAY))
    assert (header, data) == (TASK_HEADERS, [])
    doc = Document(str(export_ledger(rows, tmp_path / "空.docx", department=DEPARTMENT, today=TODAY)))
    assert [[c.text for c in r.cells] for r in doc.tables[0].rows] == [LEDGER_HEADERS]
    csv_bytes = export_tasks(rows, tmp_path / "空.csv").read_bytes()
    assert csv_bytes == ("\ufeff" + ",".join(TASK_HEADERS) + "\r\n").encode("utf-8")


def test_export_to_a_missing_folder_names_the_path(zhuhai_rows, tmp_path):
    target = tmp_path / "没有这个文件夹" / "分工表.xlsx"
    with pytest.raises(ExportError, match="文件夹.*不存在") as caught:
        export_tasks(zhuhai_rows, target)
    assert str(target) in str(caught.value)
    assert not target.parent.exists()


def test_export_onto_a_folder_or_a_read_only_file_fails_and_keeps_what_was_there(zhuhai_rows, tmp_path):
    with pytest.raises(ExportError, match="文件夹"):
        export_tasks(zhuhai_rows, tmp_path, format="xlsx")

    locked = tmp_path / "已发布.csv"
    locked.write_text("旧内容", encoding="utf-8")
    locked.chmod(stat.S_IRUSR | stat.S_IRGRP)
    try:
        with pytest.raises(ExportError, match="只读") as caught:
            export_tasks(zhuhai_rows, locked)
        assert str(locked) in str(caught.value)
        assert locked.read_text(encoding="utf-8") == "旧内容"
    finally:
        locked.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["已发布.csv"]  # no temporary file left behind


def test_unknown_format_is_refused_and_a_bare_name_gets_the_suffix(zhuhai_rows, tmp_path):
    with pytest.raises(ExportError, match="不支持的格式“txt”"):
        export_tasks(zhuhai_rows, tmp_path / "分工表.txt")
    assert export_tasks(zhuhai_rows, tmp_path / "分工表", format="docx") == tmp_path / "分工表.docx"
    assert (tmp_path / "分工表.docx").is_file()


# ---------------------------------------------------------------------- cli ----
def test_cli_export_with_dept_writes_the_ledger(corpus_kb_dir, ledger_rows, tmp_path, capsys):
    out = tmp_path / "台账.xlsx"
    assert cli_main(["export", "--kb", str(corpus_kb_dir), "--dept", DEPARTMENT, "-o", str(out)]) == 0
    assert capsys.readouterr().out == f"已导出{len(ledger_rows)}项任务：{out}\n"
    header, rows = xlsx_rows(out)
    assert header == LEDGER_HEADERS and len(rows) == len(ledger_rows)


def test_cli_export_filters_by_document_and_deadline(corpus_kb_dir, kb, tmp_path, capsys):
    out = tmp_path / "tasks"
    args = ["export", "--kb", str(corpus_kb_dir), "--format", "csv", "--doc", "珠海", "--due-before", "2031", "-o", str(out)]
    assert cli_main(args) == 0
    expected = kb.obligations(Filters(doc="珠海", due_before="2031-01-01"))
    with open(tmp_path / "tasks.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))[1:]
    assert [r[1] for r in rows] == [t.text for t in expected]
    assert f"已导出{len(expected)}项任务" in capsys.readouterr().out


def test_cli_export_error_is_one_line_and_exit_1(corpus_kb_dir, tmp_path, capsys):
    target = tmp_path / "missing" / "a.docx"
    assert cli_main(["export", "--kb", str(corpus_kb_dir), "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("错误：无法导出到“") and str(target) in err and err.count("\n") == 1


def test_cli_export_and_compare_have_help(capsys):
    for command in ("export", "compare"):
        assert cli_main([command, "--help"]) == 0
        assert "-o, --output FILE" in capsys.readouterr().out


def test_a_plans_task_table_keeps_the_plans_order(corpus_kb, tmp_path):
    """A 重点任务分工表 lists tasks as the plan does, page by page, not by deadline."""
    import openpyxl

    from kb.cli import main

    out = tmp_path / "分工表.xlsx"
    assert main(["export", "--format", "xlsx", "--doc", "珠海", "-o", str(out), "--kb", str(corpus_kb.directory)]) == 0
    sheet = openpyxl.load_workbook(out).active
    header_row = next(r for r in range(1, 6) if sheet.cell(r, 1).value == "序号")
    tasks = [sheet.cell(r, 2).value for r in range(header_row + 1, sheet.max_row + 1) if sheet.cell(r, 2).value]
    in_plan = [o.text for o in corpus_kb.obligations(Filters(doc="珠海"), order="document")]
    assert tasks == in_plan
    pages = [o.page for o in corpus_kb.obligations(Filters(doc="珠海"), order="document")]
    assert pages == sorted(pages) and len(set(pages)) > 1
