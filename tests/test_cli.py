"""The CLI end to end: exit codes and exact output (scripts are built on it)."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from contextlib import redirect_stdout

import pdfgen
from conftest import ROOT, corpus_pdf

from kb.cli import cli


def run(*args, kb):
    proc = subprocess.run([sys.executable, str(ROOT / "main.py"), *args, "--kb", str(kb)], capture_output=True, text=True, cwd=ROOT, timeout=300)
    return proc.returncode, proc.stdout, proc.stderr


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def test_every_command_has_help_and_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(cli.commands) >= 12
    for name, command in cli.commands.items():
        assert command.help and command.get_short_help_str(), f"{name} has no help"
        for option in command.params:
            if option.name not in ("kb_dir",) and getattr(option, "help", None) is None and option.param_type_name == "option":
                raise AssertionError(f"{name} {option.opts} has no help")
        assert f"main.py {name}" in readme or f"policykb {name}" in readme, f"{name} is not in the README"


def test_help_lists_every_command():
    code, out, _ = run("--help", kb="/tmp/unused")
    assert code == 0
    assert all(name in out for name in cli.commands)


def test_ingest_docs_show_end_to_end(tmp_path):
    kb = tmp_path / "kb"
    code, out, err = run("ingest", str(corpus_pdf("002")), str(tmp_path / "missing.pdf"), kb=kb)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"已存 {corpus_pdf('002')}: 珠海市碳达峰实施方案 31页"
    assert lines[1] == f"失败 {tmp_path / 'missing.pdf'}: 文件或文件夹不存在"
    assert "已存 1，未变 0，失败 1" in err

    code, out, _ = run("docs", "--json", kb=kb)
    (doc,) = json_lines(out)
    assert {k: doc[k] for k in ("title", "doc_number", "jurisdiction", "date", "pages", "warnings")} == {
        "title": "珠海市碳达峰实施方案", "doc_number": "珠府〔2023〕39号", "jurisdiction": "珠海市",
        "date": "2023-05-19", "pages": 31, "warnings": [],
    }

    code, out, _ = run("show", "珠海", "--json", kb=kb)
    records = json_lines(out)
    assert records[0]["type"] == "document"
    passage = next(r for r in records if r["type"] == "passage" and r["text"].startswith("1.严格合理控制煤炭消费"))
    assert passage["clause"] == "二、重点任务 › （一）能源绿色低碳转型行动 › 1.严格合理控制煤炭消费"
    assert passage["kind"] == "text" and passage["pages"][0] >= 2
    (table,) = [r for r in records if r["type"] == "table"]
    assert len(table["rows"]) == 30 and table["header"] == ["序号", "重点任务", "", "主要负责单位"]

    code, out, _ = run("ingest", str(corpus_pdf("002")), kb=kb)
    assert out.splitlines() == [f"未变 {corpus_pdf('002')}"]


def test_show_unknown_document_is_a_clear_error(tmp_path):
    code, out, err = run("show", "不存在的文件", kb=tmp_path / "kb")
    assert code == 1
    assert err.strip() == "错误：知识库中没有与“不存在的文件”匹配的文件"


def test_search_json_and_reindex_and_the_kb_env_variable(tmp_path):
    import os

    kb = tmp_path / "kb"
    env = {**os.environ, "POLICYKB_DIR": str(kb)}
    proc = subprocess.run([sys.executable, str(ROOT / "main.py"), "ingest", str(corpus_pdf("002"))],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert proc.returncode == 0 and (kb / "kb.sqlite").exists()  # the variable chose the directory

    code, out, _ = run("search", '"下降14.5%"', "--json", "--exact", kb=kb)
    (hit,) = json_lines(out)
    assert set(hit) >= {"document", "file", "page", "clause", "text", "snippet", "score", "tier"}
    assert hit["tier"] == "exact"
    assert hit["document"] == "珠海市碳达峰实施方案" and hit["file"] == "002_zhuhai_carbon_peak_plan.pdf"
    assert hit["clause"] == "一、总体要求 › （二）主要目标"
    assert "【下降14.5%】" in hit["snippet"] and "下降14.5%" in hit["text"]

    # without --exact the best related passages follow, labelled as such
    code, out, _ = run("search", '"下降14.5%"', "--json", kb=kb)
    tiers = [h["tier"] for h in json_lines(out)]
    assert tiers[0] == "exact" and len(tiers) > 1 and set(tiers[1:]) == {"related"}
    code, out, _ = run("search", '"下降14.5%"', kb=kb)
    lines = out.splitlines()
    assert lines[0] == "—— 精确匹配（1条）——" and f"—— 相关结果（{len(tiers) - 1}条）——" in lines

    code, _, err = run("reindex", kb=kb)
    import sqlite3

    with sqlite3.connect(kb / "kb.sqlite") as conn:
        indexable = conn.execute("SELECT COUNT(*) FROM passages WHERE kind != 'toc'").fetchone()[0]
    assert code == 0 and err.splitlines()[-1] == f"已重建索引：{indexable}条"
    code, out, _ = run("search", "发改委", "--json", "--limit", "500", kb=kb)
    assert any("发展改革局" in h["text"] for h in json_lines(out))


def test_without_a_display_the_app_says_so_and_the_commands_and_screenshots_still_work(tmp_path):
    """A terminal without X11 or Wayland (ssh, a server): no Qt abort, a message pointing at the CLI."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    kb = tmp_path / "kb"
    pdfgen.paged_text_pdf(tmp_path / "plan.pdf", ["测试市实施方案", "到2025年，完成任务。（市发展改革局牵头）"])

    def main_py(*args):
        return subprocess.run([sys.executable, str(ROOT / "main.py"), *args, "--kb", str(kb)], capture_output=True,
                              text=True, cwd=tmp_path, env=env, timeout=300)

    opened = main_py()
    assert opened.returncode != 0
    assert "没有图形界面：请在桌面环境中运行，或使用命令行 `policykb …`" in opened.stderr
    assert "Traceback" not in opened.stderr + opened.stdout
    assert main_py("ingest", str(tmp_path / "plan.pdf")).returncode == 0
    assert json_lines(main_py("docs", "--json").stdout)[0]["title"] == "测试市实施方案"
    shot = main_py("--screenshot", str(tmp_path / "x.png"))
    assert shot.returncode == 0, shot.stderr
    assert (tmp_path / "x.png").stat().st_size > 10_000


def test_json_says_which_units_a_blanket_note_added_and_both_ends_of_a_range(tmp_path):
    # 15_德州市“十四五”生态环境保护规划 p.15–16 (notes) and 388、黑龙江 p.36 (a range), as a plain-text plan
    plan = tmp_path / "德州市测试规划.txt"
    plan.write_text(
        "德州市“十四五”生态环境保护规划\n\n"
        "优化国土空间开发保护格局。构建“三线一单”生态环境分区管控体系。〔牵头单位：市生态环境局；配合单位："
        "市发展改革委；各县（市、区）政府（管委会）负责落实。以下均需各县（市、区）政府（管委会）落实，不再一一列出〕\n\n"
        "完善区域绿色发展统筹协调机制。深化与省会经济圈协调发展。（市发展改革委、市生态环境局等按职责分工负责）\n\n"
        "强化美丽河湖示范引领，到2025年，率先建成1—2个具有全国示范价值的美丽河湖。\n",
        encoding="utf-8")
    kb = tmp_path / "kb"
    assert run("ingest", str(plan), kb=kb)[0] == 0
    code, out, _ = run("obligations", "--json", kb=kb)
    blankets = [(r["responsible"][-1:], r["blanket"]) for r in json_lines(out)]
    assert sorted(blankets) == sorted([(["各县（市、区）政府（管委会）"], []),
                                       (["各县（市、区）政府（管委会）"], ["各县（市、区）政府（管委会）"])])
    code, out, _ = run("targets", "--json", kb=kb)
    [target] = json_lines(out)
    assert (target["value"], target["value_high"], target["unit"]) == (1.0, 2.0, "个")
    code, out, _ = run("targets", kb=kb)
    assert "建成1—2个" in out


def test_my_units_tasks_by_short_name_and_region(corpus_kb_dir):
    """`departments` and `obligations` find 上海's 市机管局 by its short name, in 上海 only."""
    from kb.cli import main

    def records(*args) -> list[dict]:
        out = io.StringIO()
        with redirect_stdout(out):
            assert main([*args, "--kb", str(corpus_kb_dir), "--json"]) == 0
        return json_lines(out.getvalue())

    units = records("departments", "--dept", "机管局", "--region", "上海市")
    assert [(u["name"], u["region"]) for u in units] == [("上海市机关事务管理局", "上海市")]  # not 区机管局
    assert "市机管局" in units[0]["aliases"]  # as the plan writes it
    tasks = records("obligations", "--dept", "机管局", "--region", "上海市")
    assert len(tasks) == units[0]["responsible"] > 0  # 上海's plan names it 责任单位 of every one of its tasks
    assert {t["jurisdiction"] for t in tasks} == {"上海市"} and all("市机管局" in t["responsible"] for t in tasks)


def test_a_command_ends_at_once_with_all_its_output_written(corpus_kb_dir):
    """A command ends without Python's teardown (ui.launch.end_now): output far larger than a pipe
    holds still arrives whole, in order, and the exit status is the command's."""
    from kb.knowledge_base import KnowledgeBase
    from kb.models import Filters

    with KnowledgeBase(corpus_kb_dir) as kb:
        expected = [(h.file, h.page, h.text) for h in kb.search("的", Filters(), limit=3000, exact=True)]
    code, out, err = run("search", "的", "--exact", "--limit", "3000", "--json", kb=corpus_kb_dir)
    got = [(r["file"], r["page"], r["text"]) for r in json_lines(out)]
    assert code == 0 and len(out.encode()) > 200_000 and got == expected, err
    assert run("show", "99999", kb=corpus_kb_dir)[0] == 1  # a user error keeps its status
