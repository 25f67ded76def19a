"""分工表 and department ledger exports, read back with openpyxl, python-docx and csv."""
from __future__ import annotations

import csv
import re
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from openpyxl import load_workbook

from kb.cli import main as cli_main
from kb.export import ExportError, TaskOptions, export_ledger, export_tasks, ledger_order
from kb.export.report import cell_text
from kb.knowledge_base import KnowledgeBase
from kb.models import Filters, Role
from kb.read.pdf import page_count

from kb.export.tables import PAGE_WIDTH
from render import pdf_text, render_pdf, text_height

DEPARTMENT = "市生态环境局"
TODAY = date(2026, 11, 21)
SHANGHAI_PUBLIC = "上海市公共机构绿色低碳循环发展行动方案"  # corpus 004: tasks in prose, 责任单位 in notes
ZHUHAI = "珠海市碳达峰实施方案"  # corpus 002: its own 重点任务分工表 (序号 | 重点任务 | | 主要负责单位), p.27-31


@pytest.fixture(scope="module")
def kb(corpus_kb_dir):
    # exports only read the KB, so the session KB is shared rather than copied per test
    with KnowledgeBase(corpus_kb_dir) as opened:
        yield opened


@pytest.fixture(scope="module")
def zhuhai_rows(kb):
    rows = kb.obligations(Filters(doc=ZHUHAI), order="document")
    assert rows
    return rows


@pytest.fixture(scope="module")
def shanghai_rows(kb):
    rows = kb.obligations(Filters(doc=SHANGHAI_PUBLIC), order="document")
    assert len(rows) > 20
    return rows


def xlsx_rows(path: Path, sheet=None) -> tuple[list, list[list]]:
    """(header, task rows) of a sheet: header on row 3, tasks from row 4 (section rows left out)."""
    ws = load_workbook(path)[sheet] if sheet else load_workbook(path).worksheets[0]
    values = [list(r) for r in ws.iter_rows(values_only=True)]
    return values[2], [v for v in values[3:] if not is_section(v)]


def is_section(values: list) -> bool:
    """A row across the table naming a group of tasks (一、…): text in the first cell only."""
    return isinstance(values[0], str) and not any(values[1:])


def docx_rows(table) -> list[list[str]]:
    """Task rows of a Word table (the header and section rows left out)."""
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    return [r for r in rows if len(set(r)) > 1]


def units(names) -> str | None:
    return "、".join(names) or None  # openpyxl reads an empty cell back as None


# ------------------------------------------------------------- a plan's 分工表 ----
def test_a_plan_without_its_own_table_gets_the_standard_columns_task_names_and_sections(shanghai_rows, tmp_path):
    path = export_tasks(shanghai_rows, tmp_path / "分工表.xlsx", today=TODAY)

    ws = load_workbook(path).worksheets[0]
    assert ws["A1"].value == f"《{SHANGHAI_PUBLIC}》重点任务分工表"
    assert ws["A2"].value is None  # no filter text, no date: the title alone, as on the plans' own
    header, rows = xlsx_rows(path)
    # the plan names one responsible unit per task: 牵头/配合 would be empty and are left out
    assert header == ["序号", "重点任务", "责任单位", "完成时限"]
    assert [r[0] for r in rows] == list(range(1, len(shanghai_rows) + 1))
    names = {r[1] for r in rows}
    # each task is named by its heading, not by the start of its paragraph
    assert {"开展公共机构节能降碳情况调查", "构建公共机构节能降碳档案"} <= names
    assert all(len(name) <= 61 for name in names)
    assert [r[2] for r in rows] == [units(t.responsible) for t in shanghai_rows]
    sections = [v[0] for v in ws.iter_rows(min_row=4, values_only=True) if is_section(list(v))]
    assert sections[:2] == ["二、基础工程", "三、绿色产业工程"]

    assert all(c.font.name == "黑体" for c in ws[3]) and ws.freeze_panes == "A4"
    assert ws["B5"].alignment.wrap_text and ws["B5"].font.sz >= 10.5
    setup = ws.page_setup
    assert (setup.orientation, setup.fitToWidth, setup.fitToHeight) == ("landscape", 1, 0)
    # the columns span an A4 landscape page at 100%: printed, the text stays readable
    widths = [ws.column_dimensions[chr(ord("A") + i)].width for i in range(len(header))]
    assert PAGE_WIDTH - 3 <= sum(widths) <= PAGE_WIDTH + 3
    assert ws.print_title_rows == "$3:$3"


def test_full_text_puts_each_tasks_whole_text_in_the_table(shanghai_rows, tmp_path):
    path = export_tasks(shanghai_rows, tmp_path / "全文.xlsx", options=TaskOptions(full_text=True, source=True))
    header, rows = xlsx_rows(path)
    assert header == ["序号", "重点任务", "责任单位", "完成时限", "页码"]  # one plan: its name is the title
    assert [r[1] for r in rows] == [t.text for t in shanghai_rows]
    assert [r[4] for r in rows] == [t.page for t in shanghai_rows]


def test_a_plan_with_its_own_table_is_exported_as_that_table(kb, zhuhai_rows, tmp_path):
    tabled = [r for r in zhuhai_rows if r.source == "table"]
    assert len(tabled) < len(zhuhai_rows)  # 珠海 also assigns tasks in prose (四、组织实施)
    xlsx = export_tasks(zhuhai_rows, tmp_path / "分工表.xlsx")
    docx = export_tasks(zhuhai_rows, tmp_path / "分工表.docx")

    header, rows = xlsx_rows(xlsx)
    assert header == ["序号", "重点任务", "责任单位"]  # the table's columns: no 牵头/配合, no 完成时限
    # the table's rows, in its order, with its own 序号 and its cells whole
    assert [(r[0], r[1], r[2]) for r in rows] == [(int(t.number), t.text, units(t.responsible)) for t in tabled]
    assert [r[0] for r in rows] == list(range(1, len(tabled) + 1))
    (table,) = Document(str(docx)).tables
    assert [c.text for c in table.rows[0].cells] == header
    assert [r[:2] for r in docx_rows(table)] == [[t.number, t.text] for t in tabled]
    sections = [row.cells[0].text for row in table.rows[1:] if len({c.text for c in row.cells}) == 1]
    assert sections[:3] == ["能源绿色低碳转型行动", "节能降碳增效行动", "工业领域降碳行动"]  # the table's 重点任务 column


def test_the_cli_exports_a_plans_table_in_the_plans_order(corpus_kb_dir, kb, tmp_path, capsys):
    out = tmp_path / "分工表.xlsx"
    assert cli_main(["export", "--format", "xlsx", "--doc", "珠海", "-o", str(out), "--kb", str(corpus_kb_dir)]) == 0
    tabled = [o for o in kb.obligations(Filters(doc="珠海"), order="document") if o.source == "table"]
    assert capsys.readouterr().out == f"已导出{len(tabled)}项任务：{out}\n"
    assert load_workbook(out).worksheets[0]["A1"].value == f"《{ZHUHAI}》重点任务分工表"
    assert [r[1] for r in xlsx_rows(out)[1]] == [t.text for t in tabled]


# --------------------------------------------------------------------- docx ----
def test_docx_is_a4_landscape_in_official_fonts_with_a_repeating_header(shanghai_rows, tmp_path):
    path = export_tasks(shanghai_rows, tmp_path / "分工表.docx", today=TODAY)

    doc = Document(str(path))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    assert [p.text for p in doc.paragraphs if p.text] == [f"《{SHANGHAI_PUBLIC}》重点任务分工表"]
    (table,) = doc.tables
    assert [c.text for c in table.rows[0].cells] == ["序号", "重点任务", "责任单位", "完成时限"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows[1:])  # a task never splits
    rows = docx_rows(table)
    assert len(rows) == len(shanghai_rows)
    assert [r[2] for r in rows] == ["、".join(t.responsible) for t in shanghai_rows]

    def east_asian(run) -> str:
        return run._element.rPr.rFonts.get(qn("w:eastAsia"))

    first_task = next(row for row in table.rows[1:] if len({c.text for c in row.cells}) > 1)
    assert east_asian(doc.paragraphs[0].runs[0]) == "方正小标宋简体"
    assert east_asian(table.rows[0].cells[1].paragraphs[0].runs[0]) == "黑体"
    assert east_asian(first_task.cells[1].paragraphs[0].runs[0]) == "仿宋_GB2312"
    # a machine without the official fonts falls back to 仿宋 / 宋体 (Word and WPS read w:altName)
    fonts = next(p for p in doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml").blob.decode()
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in fonts
    widths = [c.width for c in table.columns]
    assert sum(widths) <= section.page_width - section.left_margin - section.right_margin + Mm(1)


def test_printed_a_plans_table_holds_about_ten_tasks_a_page(shanghai_rows, zhuhai_rows, tmp_path):
    """Done when: a 分工表 of a real plan, exported to .docx and .xlsx, prints about ten tasks a page
    (it was 21 tasks on 10 pages), every year and date whole."""
    for name, rows in (("上海", shanghai_rows), ("珠海", zhuhai_rows)):
        tasks = len([r for r in rows if r.source == "table"] or rows)
        for suffix in ("docx", "xlsx"):
            pdf = render_pdf(export_tasks(rows, tmp_path / f"{name}.{suffix}"), tmp_path)
            pages = page_count(pdf)
            assert tasks / pages >= 6, f"{name}.{suffix}: {tasks} tasks on {pages} pages"
            # printed at a size one reads (the old .xlsx printed at about 6 pt)
            assert text_height(pdf) >= 8.5, f"{name}.{suffix}: text {text_height(pdf):.1f} pt high"
            assert "重点任务分工表" in pdf_text(pdf)


def test_docx_grouped_by_document_has_a_captioned_table_per_plan(kb, tmp_path):
    from kb.export.tables import plan_table_rows

    tasks = plan_table_rows(kb.obligations(order="document"))
    documents = list(dict.fromkeys(t.document for t in tasks))
    doc = Document(str(export_tasks(tasks, tmp_path / "all.docx", group_by_document=True, today=TODAY)))

    assert len(doc.tables) == len(documents)
    captions = [p.text for p in doc.paragraphs[1:] if p.text]
    assert [c.split("（")[0] for c in captions] == [f"《{d}》" for d in documents]
    assert sum(len(docx_rows(t)) for t in doc.tables) == len(tasks)


def test_xlsx_grouped_by_document_has_one_sheet_per_plan(kb, tmp_path):
    tasks = kb.obligations(order="document")
    documents = list(dict.fromkeys(t.document for t in tasks))
    assert len(documents) >= 2
    path = export_tasks(tasks, tmp_path / "all.xlsx", group_by_document=True, today=TODAY)

    book = load_workbook(path)
    assert len(book.sheetnames) == len(documents)
    for ws, document in zip(book.worksheets, documents):
        assert document.startswith(ws.title[:20].rstrip("_"))  # sheet names are cut at 31 characters
        header, rows = xlsx_rows(path, ws.title)
        assert header[:2] == ["序号", "重点任务"] and ("责任单位" in header or "牵头单位" in header)
        assert rows and all(any(r[2:]) for r in rows)


# ---------------------------------------------------------------------- csv ----
def test_csv_has_a_bom_and_the_same_rows_as_the_xlsx(shanghai_rows, tmp_path):
    csv_path = export_tasks(shanghai_rows, tmp_path / "分工表.csv", today=TODAY)
    xlsx_path = export_tasks(shanghai_rows, tmp_path / "分工表.xlsx", today=TODAY)

    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf")
    with open(csv_path, encoding="utf-8-sig", newline="") as f:
        read_back = list(csv.reader(f))
    header, rows = xlsx_rows(xlsx_path)
    assert read_back[0] == header
    assert read_back[1:] == [[cell_text(v) for v in row] for row in rows]  # no section rows in a CSV


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


def ledger_headers(rows, overdue: bool) -> list[str]:
    roles = [role.label for role in Role if any(r.units(role) for r in rows)]
    return ["序号", "重点任务", *roles, "完成时限", *(["状态"] if overdue else []), "来源", "页码"]


def test_ledger_lists_every_plan_by_deadline_with_where_each_task_is_written(ledger_rows, tmp_path):
    # handed over in reverse: the ledger sorts by deadline itself
    path = export_ledger(list(reversed(ledger_rows)), tmp_path / "台账.xlsx", department=DEPARTMENT, today=TODAY)

    ws = load_workbook(path).worksheets[0]
    assert ws["A1"].value == f"{DEPARTMENT}重点任务台账"
    assert f"共{len(ledger_rows)}项" in ws["A2"].value and "逾期" not in ws["A2"].value
    header, rows = xlsx_rows(path)
    assert header == ledger_headers(ledger_rows, overdue=False)  # the tool cannot know what is done: no 状态
    assert len(rows) == len(ledger_rows)
    ordered = sorted(ledger_rows, key=lambda r: (r.deadline is None, due(r) or "", r.document, r.page))
    assert [row[header.index("来源")] for row in rows] == [f"《{r.document}》" for r in ordered]
    assert [row[header.index("页码")] for row in rows] == [r.page for r in ordered]
    assert len({row[header.index("来源")] for row in rows}) >= 2
    assert not any(ws.cell(r, 2).font.color is not None and str(ws.cell(r, 2).font.color.rgb).endswith("C00000")
                   for r in range(4, ws.max_row + 1))


def test_overdue_marks_only_when_asked_and_the_same_in_every_format(ledger_rows, tmp_path):
    today = split_day(ledger_rows)
    marked = TaskOptions(mark_overdue=True)
    xlsx = export_ledger(ledger_rows, tmp_path / "台账.xlsx", department=DEPARTMENT, today=today, options=marked)
    doc = Document(str(export_ledger(ledger_rows, tmp_path / "台账.docx", department=DEPARTMENT, today=today, options=marked)))
    csv_path = export_ledger(ledger_rows, tmp_path / "台账.csv", department=DEPARTMENT, today=today, options=marked)
    with open(csv_path, encoding="utf-8-sig", newline="") as f:
        csv_rows = list(csv.reader(f))

    header, rows = xlsx_rows(xlsx)
    assert header == ledger_headers(ledger_rows, overdue=True) == csv_rows[0]
    status = header.index("状态")
    ws = load_workbook(xlsx).worksheets[0]
    for r, (row, task) in enumerate(zip(rows, ledger_order(ledger_rows)), 4):
        overdue = bool(due(task)) and not task.deadline.ongoing and due(task) < today.isoformat()
        assert (row[status] == "已逾期") == overdue
        assert (ws.cell(r, 2).font.color is not None and str(ws.cell(r, 2).font.color.rgb).endswith("C00000")) == overdue
    assert any(row[status] == "已逾期" for row in rows)
    (table,) = doc.tables
    assert [c.text for c in table.rows[0].cells] == header
    assert docx_rows(table) == csv_rows[1:]
    for row in table.rows[1:]:
        run = row.cells[1].paragraphs[0].runs[0]
        red = run.font.color.rgb is not None and str(run.font.color.rgb) == "C00000"
        assert red == (row.cells[status].text == "已逾期")


# -------------------------------------------------------------- empty, errors ----
def test_an_empty_selection_gives_headers_only(kb, tmp_path):
    rows = kb.obligations(Filters(doc="知识库里没有的文件"))
    assert rows == []
    header, data = xlsx_rows(export_tasks(rows, tmp_path / "空.xlsx", today=TODAY))
    assert (header, data) == (["序号", "重点任务", "责任单位"], [])
    doc = Document(str(export_ledger(rows, tmp_path / "空.docx", department=DEPARTMENT, today=TODAY)))
    assert [[c.text for c in r.cells] for r in doc.tables[0].rows] == [["序号", "重点任务", "责任单位", "来源", "页码"]]
    csv_bytes = export_tasks(rows, tmp_path / "空.csv").read_bytes()
    assert csv_bytes == ("\ufeff" + ",".join(["序号", "重点任务", "责任单位"]) + "\r\n").encode("utf-8")


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
def test_cli_export_with_dept_and_region_writes_the_ledger(corpus_kb_dir, kb, tmp_path, capsys):
    out = tmp_path / "台账.xlsx"
    args = ["export", "--kb", str(corpus_kb_dir), "--dept", "机管局", "--region", "上海市", "--mark-overdue", "-o", str(out)]
    assert cli_main(args) == 0
    expected = kb.obligations(Filters(department="机管局", jurisdiction="上海市"))
    assert expected and capsys.readouterr().out == f"已导出{len(expected)}项任务：{out}\n"
    header, rows = xlsx_rows(out)
    assert "状态" in header and len(rows) == len(expected)
    assert all("机管局" in "".join(str(v) for v in row) for row in rows)


def test_cli_export_filters_by_document_and_deadline(corpus_kb_dir, kb, tmp_path, capsys):
    out = tmp_path / "tasks"
    args = ["export", "--kb", str(corpus_kb_dir), "--format", "csv", "--doc", "公共机构", "--due-before", "2023",
            "--full-text", "-o", str(out)]
    assert cli_main(args) == 0
    expected = kb.obligations(Filters(doc="公共机构", due_before="2023-01-01"), order="document")
    with open(tmp_path / "tasks.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))[1:]
    assert expected and [r[1] for r in rows] == [t.text for t in expected]
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
    assert cli_main(["export", "--help"]) == 0
    assert {"--full-text", "--mark-overdue", "--region"} <= set(re.findall(r"--[a-z-]+", capsys.readouterr().out))
