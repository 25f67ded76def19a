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
    from kb.export import TaskOptions, export_ledger, export_tasks
    from kb.models import ObligationRow

    rows = hostile_kb.obligations(order="document")
    # a control character a PDF can carry into a task's text (the reader keeps text as drawn)
    rows.append(ObligationRow(text="建立\x0b台账\x00制度。", responsible=("市统计局",), document="某市推进节能降碳工作方案"))
    whole = TaskOptions(full_text=True)
    for suffix in ("xlsx", "docx", "csv"):
        export_tasks(rows, tmp_path / f"分工表.{suffix}", options=whole)
        export_ledger(rows, tmp_path / f"台账.{suffix}", department="市统计局", options=whole)
    assert "建立台账制度。" in [c.text for row in Document(str(tmp_path / "分工表.docx")).tables[0].rows for c in row.cells]
    values = [c.value for row in openpyxl.load_workbook(tmp_path / "台账.xlsx").worksheets[0].iter_rows() for c in row]
    assert "建立台账制度。" in values


# ----------------------------------------------------------------- hostile files ----
@pytest.fixture(scope="module")
def bombs(tmp_path_factory) -> Path:
    """A folder of small hostile files built to exhaust memory, and one good plan."""
    import shutil

    import pdfgen

    folder = tmp_path_factory.mktemp("bombs")
    pdfgen.decompression_bomb_pdf(folder / "inflates.pdf")  # 2 KB → 800 MB of page content
    pdfgen.many_lines_pdf(folder / "lines.pdf")  # 20 KB, 100,000 hairlines
    pdfgen.docx_zip_bomb(folder / "unpacks.docx", megabytes=600)
    shutil.copy(ROOT / "corpus" / "002_zhuhai_carbon_peak_plan.pdf", folder / "plan.pdf")
    return folder


def test_resource_bombs_are_refused_and_memory_stays_bounded(bombs, tmp_path):
    script = ("import resource, sys; from ui.launch import main; code = main(sys.argv[1:]); "
              # this process's peak from /proc (ru_maxrss of SELF keeps the forked test runner's size
              # from before exec); the readers' from the children's rusage
              "own = int(open('/proc/self/status').read().split('VmHWM:')[1].split()[0]) // 1024; "
              "peaks = [own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024]; "
              "print('PEAK', max(peaks), peaks, file=sys.stderr); sys.exit(code)")
    proc = subprocess.run([sys.executable, "-c", script, "ingest", str(bombs), "--kb", str(tmp_path / "kb"), "--json"],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert_no_traceback(proc)
    results = {Path(r["file"]).name: r for r in map(__import__("json").loads, proc.stdout.splitlines())}
    assert results["plan.pdf"]["status"] == "stored"  # the batch goes on
    assert results["inflates.pdf"]["status"] == "failed" and "内存" in results["inflates.pdf"]["reason"]
    assert results["unpacks.docx"]["status"] == "failed" and "解压后过大" in results["unpacks.docx"]["reason"]
    assert results["lines.pdf"]["status"] == "stored"  # read, without looking for tables in the drawing
    peak_mb = int(proc.stderr.split("PEAK")[-1].split()[0])
    assert peak_mb <= 500, f"peak memory {proc.stderr.split('PEAK')[-1].strip()} MB (this process, largest reader)"


# -------------------------------------------------------------------- file names ----
def test_a_gbk_file_name_from_a_windows_zip_is_stored_under_a_readable_name(tmp_path):
    import os
    import shutil

    folder = tmp_path / "unzipped"
    folder.mkdir()
    gbk_name = os.fsdecode(folder.as_posix().encode() + b"/" + "减污降碳方案.pdf".encode("gbk"))
    shutil.copy(ROOT / "corpus" / "001_shenzhen_pollution_carbon_synergy_plan.pdf", gbk_name)
    shutil.copy(ROOT / "corpus" / "002_zhuhai_carbon_peak_plan.pdf", folder / "a.pdf")
    shutil.copy(ROOT / "corpus" / "003_shenzhen_growth_ecology_article.pdf", folder / "b.pdf")
    kb = tmp_path / "kb"

    first = run_cli("ingest", str(folder), "--kb", str(kb))
    assert_no_traceback(first)
    assert first.returncode == 0 and first.stdout.count("已存") == 3
    assert f"已存 {folder}/减污降碳方案.pdf: 深圳市减污降碳协同增效实施方案" in first.stdout
    assert "未变" in run_cli("ingest", str(folder), "--kb", str(kb)).stdout  # found again by its name
    with KnowledgeBase(kb) as opened:
        (doc,) = opened.find_documents("减污降碳方案.pdf")
        assert doc.file == "减污降碳方案.pdf" and Path(doc.path).is_file()  # the path still opens the file
        assert opened.search("减污降碳", Filters(doc=doc.id))
        assert opened.remove(str(doc.id)) == ["深圳市减污降碳协同增效实施方案"]


# ----------------------------------------------------------- edits, concurrency ----
def plan_pdf(path: Path, phrase: str) -> Path:
    import pdfgen

    return pdfgen.paged_text_pdf(path, ["某市节能降碳实施方案", f"一、到2025年，{phrase}。（市发展改革局牵头）"] * 4)


def test_an_edited_file_is_found_by_its_new_text_right_after_reingest(tmp_path):
    plan = plan_pdf(tmp_path / "plan.pdf", "完成公共机构屋顶光伏改造")
    with KnowledgeBase(tmp_path / "kb") as kb:
        kb.ingest([plan])
        assert kb.search('"屋顶光伏改造"')
        plan_pdf(plan, "建成城市绿道五十公里")  # the same file, edited: SQLite reuses the removed rowid
        kb.ingest([plan])
        assert kb.search('"建成城市绿道"', exact=True) and not kb.search('"屋顶光伏改造"', exact=True)
        assert kb.check().repaired == []  # the index already held the new version


def test_two_ingests_of_the_same_edited_files_at_once_leave_them_searchable(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    for i in range(4):
        plan_pdf(folder / f"plan{i}.pdf", f"完成第{i}批屋顶光伏改造")
    kb = tmp_path / "kb"
    assert run_cli("ingest", str(folder), "--kb", str(kb)).returncode == 0
    for i in range(4):
        plan_pdf(folder / f"plan{i}.pdf", f"建成第{i}段城市绿道")
    procs = [subprocess.Popen([sys.executable, str(ROOT / "main.py"), "ingest", str(folder), "--kb", str(kb)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    assert all("Traceback" not in err for _, err in outputs)
    with KnowledgeBase(kb) as opened:
        for i in range(4):
            assert {h.file for h in opened.search(f'"建成第{i}段城市绿道"', exact=True)} == {f"plan{i}.pdf"}
            assert opened.search(f'"完成第{i}批屋顶光伏改造"', exact=True) == []
        assert opened.check().repaired == []


def test_a_second_ingest_waits_for_the_first_and_searches_never_fail(tmp_path):
    import pdfgen

    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    for i in range(3):
        pdfgen.big_pdf(first / f"a{i}.pdf", pages=80 + i)
        pdfgen.big_pdf(second / f"b{i}.pdf", pages=90 + i)
    kb = tmp_path / "kb"
    assert run_cli("ingest", str(ROOT / "corpus" / "002_zhuhai_carbon_peak_plan.pdf"), "--kb", str(kb)).returncode == 0
    procs = [subprocess.Popen([sys.executable, str(ROOT / "main.py"), "ingest", str(folder), "--kb", str(kb), "--json"],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for folder in (first, second)]
    searches = []
    while any(p.poll() is None for p in procs):
        searches.append(run_cli("search", "碳达峰", "--kb", str(kb), "--limit", "1"))
    outputs = [p.communicate() for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    assert sum(line.count('"stored"') for out, _ in outputs for line in out.splitlines()) == 6  # no file lost
    assert any("另一个导入正在进行" in err for _, err in outputs)  # one waited for the other, and said so
    assert searches and all(s.returncode == 0 and "珠海市碳达峰实施方案" in s.stdout for s in searches)
    assert all("Traceback" not in s.stderr and "Lock" not in s.stderr for s in searches)


# ---------------------------------------------------------------- damaged KBs ----
def test_a_damaged_kb_gets_one_clear_line_naming_the_file_and_the_way_out(tmp_path):
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "kb.sqlite").write_bytes(b"this is not a database, it was overwritten" * 100)
    proc = run_cli("docs", "--kb", str(kb))
    assert_no_traceback(proc)
    assert proc.returncode == 1
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith("错误：知识库文件已损坏：") and str(kb / "kb.sqlite") in line and "policykb restore" in line

    from ui.launch import main  # the app says the same instead of dying

    assert main(["--kb", str(kb), "--screenshot", str(tmp_path / "x.png")]) == 1


def test_backup_and_restore_bring_back_what_was_removed(tmp_path):
    kb, backup = tmp_path / "kb", tmp_path / "备份.sqlite"
    assert run_cli("ingest", str(ROOT / "corpus" / "002_zhuhai_carbon_peak_plan.pdf"), "--kb", str(kb)).returncode == 0
    assert run_cli("backup", str(backup), "--kb", str(kb)).stdout.strip() == f"已备份：{backup}"
    assert run_cli("remove", "珠海", "--kb", str(kb)).returncode == 0
    restored = run_cli("restore", str(backup), "--kb", str(kb))
    assert restored.returncode == 0 and "1个文件" in restored.stdout
    assert "珠海市碳达峰实施方案" in run_cli("search", "碳达峰", "--kb", str(kb)).stdout
    assert run_cli("check", "--kb", str(kb)).stdout.strip() == "知识库完好，搜索索引与数据库一致"

    (tmp_path / "garbage.sqlite").write_bytes(b"\0" * 4096)
    refused = run_cli("restore", str(tmp_path / "garbage.sqlite"), "--kb", str(kb))
    assert refused.returncode == 1 and refused.stderr.startswith("错误：") and "Traceback" not in refused.stderr
    assert "珠海市碳达峰实施方案" in run_cli("docs", "--kb", str(kb)).stdout  # the KB is untouched


def test_check_finds_and_repairs_an_index_that_lost_a_write(tmp_path):
    from kb.index import SearchIndex

    kb = tmp_path / "kb"
    assert run_cli("ingest", str(ROOT / "corpus" / "001_shenzhen_pollution_carbon_synergy_plan.pdf"),
                   str(ROOT / "corpus" / "002_zhuhai_carbon_peak_plan.pdf"), "--kb", str(kb)).returncode == 0
    with KnowledgeBase(kb) as opened:
        zhuhai = opened.find_documents("珠海")[0].id
    with SearchIndex(kb / "index") as index:  # as if the program died between the store and the index
        index.update(removed=[zhuhai])
    proc = run_cli("check", "--kb", str(kb))
    assert proc.returncode == 0 and proc.stdout.strip() == "搜索索引已与数据库核对：补建1个文件，移除0个文件"
    assert "珠海市碳达峰实施方案" in run_cli("search", "碳达峰", "--kb", str(kb)).stdout


# ------------------------------------------------------- full and read-only disks ----
@pytest.fixture
def small_disk(tmp_path):
    """A 1 MB tmpfs (root only: skipped elsewhere)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True)
    if made.returncode != 0:
        pytest.skip("needs root to mount a small tmpfs")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_a_full_disk_fails_files_cleanly_and_keeps_the_kb_whole(small_disk, tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    import shutil

    for pdf in sorted((ROOT / "corpus").glob("*.pdf")):
        shutil.copy(pdf, folder / pdf.name)
    kb = small_disk / "kb"
    proc = run_cli("ingest", str(folder), "--kb", str(kb), "--json")
    assert_no_traceback(proc)
    results = [__import__("json").loads(line) for line in proc.stdout.splitlines()]
    assert len(results) == 5  # the batch report reached the user
    failed = [r for r in results if r["status"] == "failed"]
    assert failed and all("磁盘空间不足" in r["reason"] for r in failed)
    assert any(r["status"] == "stored" for r in results)
    leftovers = [p.name for p in (kb / "index").iterdir() if p.suffix not in (".seg", ".toc") and "LOCK" not in p.name]
    assert leftovers == []  # no half-written segment files
    still_full = run_cli("check", "--kb", str(kb))
    assert_no_traceback(still_full)
    assert still_full.returncode == 1 and "错误：" in still_full.stderr

    subprocess.run(["mount", "-o", "remount,size=20m", str(small_disk)], check=True)  # the user frees space
    with KnowledgeBase(kb) as opened:  # whatever was stored is whole, and searchable once checked
        assert opened.check().sound
        stored = [title for r in results if r["status"] == "stored" for title in r["documents"]]
        assert sorted(d.title for d in opened.documents()) == sorted(stored)
        assert {h.title for h in opened.search("的", limit=None, exact=True)} == set(stored)


def test_a_kb_on_a_read_only_disk_opens_for_reading(small_disk):
    kb = small_disk / "kb"
    subprocess.run(["mount", "-o", "remount,size=20m", str(small_disk)], check=True)
    assert run_cli("ingest", str(ROOT / "corpus" / "002_zhuhai_carbon_peak_plan.pdf"), "--kb", str(kb)).returncode == 0
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    assert "珠海市碳达峰实施方案" in run_cli("docs", "--kb", str(kb)).stdout
    assert "珠海市碳达峰实施方案" in run_cli("search", "碳达峰", "--kb", str(kb)).stdout
    refused = run_cli("ingest", str(ROOT / "corpus" / "001_shenzhen_pollution_carbon_synergy_plan.pdf"), "--kb", str(kb))
    assert_no_traceback(refused)
    assert refused.returncode == 1 and refused.stderr.strip() == f"错误：知识库是只读的：{kb}。可以查看和搜索，不能导入或修改"


# ----------------------------------------------------------------- kill -9 ----
def _children(pid: int) -> set[int]:
    """Every process below `pid` (Linux /proc)."""
    found, todo = set(), [pid]
    while todo:
        parent = todo.pop()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == parent:
                child = int(stat.parent.name)
                if child not in found:
                    found.add(child)
                    todo.append(child)
    return found


def test_reader_processes_end_when_the_program_is_killed(tmp_path):
    import os
    import signal
    import time

    import pdfgen

    folder = tmp_path / "plans"
    folder.mkdir()
    for i in range(4):
        pdfgen.big_pdf(folder / f"big{i}.pdf", pages=150 + i)
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "ingest", str(folder), "--kb", str(tmp_path / "kb")],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and len(_children(proc.pid)) < 2:  # the readers (and their helper) are up
        time.sleep(0.05)
    readers = _children(proc.pid)
    assert readers
    os.kill(proc.pid, signal.SIGKILL)  # the program only, as a crash would: not its process group
    proc.wait()
    deadline = time.time() + 10
    while time.time() < deadline and any(Path(f"/proc/{pid}").exists() for pid in readers):
        time.sleep(0.1)
    alive = [pid for pid in readers if Path(f"/proc/{pid}").exists()
             and Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"]
    assert alive == []
