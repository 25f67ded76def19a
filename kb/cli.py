"""The command line: `python main.py <command> [--kb DIR] [--json]`.

Each command opens the KnowledgeBase, calls one method and prints. With --json every record is
one JSON object on its own line (scripts rely on the field names: keep them stable).
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterable
from pathlib import Path

from .knowledge_base import KnowledgeBase, default_kb_dir


class CliError(Exception):
    """A problem to tell the user in one line; exit status 1."""


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--kb", type=Path, default=argparse.SUPPRESS, help="知识库目录（默认：用户数据目录，或环境变量 POLICYKB_DIR）")
    parser = argparse.ArgumentParser(prog="python main.py", description="PolicyKB 政策知识库", parents=[common])
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("ingest", parents=[common], help="导入PDF/DOCX/TXT文件或文件夹（递归）")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("--json", action="store_true", help="每个文件输出一行JSON")

    p = sub.add_parser("docs", parents=[common], help="列出知识库中的文件")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("show", parents=[common], help="显示一个文件的段落和表格")
    p.add_argument("doc", metavar="DOC", help="文件编号、文件名或标题的一部分")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("search", parents=[common], help="全文搜索")
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--doc", help="限定文件（编号或标题的一部分）")
    p.add_argument("--dept", help="限定部门")
    p.add_argument("--year", type=int, help="限定发文年份")
    p.add_argument("--jurisdiction", help="限定地区（国家、广东省、珠海市…）")
    p.add_argument("--deadline-year", type=int, help="限定完成年份")
    p.add_argument("--kind", choices=["obligation", "target", "table_row", "text", "heading"], help="限定段落类型")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("reindex", parents=[common], help="从数据库重建搜索索引")

    p = sub.add_parser("reextract", parents=[common], help="用当前规则重新抽取任务和指标（不重读PDF）")

    p = sub.add_parser("remove", parents=[common], help="从知识库删除文件")
    p.add_argument("doc", metavar="DOC")

    p = sub.add_parser("obligations", parents=[common], help="任务分工：谁、做什么、何时完成")
    p.add_argument("--dept", help="部门，如 市生态环境局、发改委")
    p.add_argument("--doc", help="文件")
    p.add_argument("--due-before", metavar="DATE", help="完成时限早于此日期（YYYY或YYYY-MM-DD）")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("targets", parents=[common], help="量化指标")
    p.add_argument("--indicator", help="指标名称的一部分")
    p.add_argument("--doc", help="文件")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("departments", parents=[common], help="部门及其任务数（牵头/参与/责任）")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("export", parents=[common], help="导出任务分工表（指定 --dept 时导出该部门的任务台账）")
    p.add_argument("--format", choices=["xlsx", "docx", "csv"], help="文件格式（默认按 -o 的扩展名）")
    p.add_argument("--dept", help="部门：导出它在各规划中的全部任务，按完成时限排序，标出已逾期")
    p.add_argument("--doc", help="文件")
    p.add_argument("--due-before", metavar="DATE", help="完成时限早于此日期（YYYY或YYYY-MM-DD）")
    p.add_argument("--title", help="表格标题（默认：重点任务分工表）")
    p.add_argument("--by-document", action="store_true", help="每个文件一个工作表/一张表")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="导出到此文件")

    p = sub.add_parser("compare", parents=[common], help="跨规划对比一个指标的目标值")
    p.add_argument("--indicator", required=True, help="指标名称，如 单位GDP能耗、森林覆盖率（同义名称一并对比）")
    p.add_argument("--json", action="store_true")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="导出到 .xlsx（带图表）、.docx 或 .csv")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 0
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    try:
        with KnowledgeBase(getattr(args, "kb", None) or default_kb_dir()) as kb:
            code = COMMANDS[args.command](kb, args)
            for message in kb.messages:
                print(message, file=sys.stderr)
            return code
    except CliError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `… | head` closed the pipe
        return 0


def emit(records: Iterable[dict], as_json: bool, text_line) -> int:
    count = 0
    for record in records:
        print(json.dumps(record, ensure_ascii=False) if as_json else text_line(record))
        count += 1
    return count


# ---------------------------------------------------------------- commands ----
def cmd_ingest(kb: KnowledgeBase, args) -> int:
    bar = ProgressBar(sys.stderr)
    report = kb.ingest(args.paths, on_progress=bar.update)
    bar.finish()
    for r in report.results:
        if args.json:
            print(json.dumps({"file": str(r.path), "status": r.status, "reason": r.reason, "documents": r.documents,
                              "pages": r.pages, "warnings": r.warnings}, ensure_ascii=False))
        else:
            print(r.line())
    print(f"{report.summary()}，用时{report.seconds:.1f}秒", file=sys.stderr)
    return 1 if report.failed and not report.stored and not report.unchanged else 0


def cmd_docs(kb: KnowledgeBase, args) -> int:
    def line(d: dict) -> str:
        warn = f"  ⚠ {'；'.join(d['warnings'])}" if d["warnings"] else ""
        return f"[{d['id']}] {d['title']}  {d['doc_number'] or '-'}  {d['jurisdiction'] or '-'}  {d['date'] or '-'}  {d['pages']}页{warn}"

    emit((_doc_record(d) for d in kb.documents()), args.json, line)
    return 0


def _doc_record(d) -> dict:
    return {
        "id": d.id, "title": d.title, "doc_number": d.doc_number, "issuers": list(d.issuers),
        "jurisdiction": d.jurisdiction, "date": d.issue_date, "pages": d.pages,
        "first_page": d.first_page, "last_page": d.last_page, "warnings": list(d.warnings), "file": d.file,
    }


def _one_document(kb: KnowledgeBase, ref: str):
    found = kb.find_documents(ref)
    if not found:
        raise CliError(f"知识库中没有与“{ref}”匹配的文件")
    if len(found) > 1:
        names = "；".join(f"[{d.id}] {d.title}" for d in found[:10])
        raise CliError(f"“{ref}”匹配到{len(found)}个文件，请用编号指定：{names}")
    return found[0]


def cmd_show(kb: KnowledgeBase, args) -> int:
    doc = _one_document(kb, args.doc)
    if args.json:
        print(json.dumps({"type": "document", **_doc_record(doc)}, ensure_ascii=False))
        for p in kb.passages(doc.id):
            print(json.dumps({"type": "passage", "seq": p["seq"], "kind": p["kind"], "clause": p["clause"],
                              "clause_path": p["clause_path"], "pages": p["pages"], "text": p["text"]}, ensure_ascii=False))
        for t in kb.tables(doc.id):
            print(json.dumps({"type": "table", "index": t["idx"], "title": t["title"], "clause": t["clause"],
                              "pages": t["pages"], "header": t["header"], "rows": t["rows"]}, ensure_ascii=False))
        return 0
    print(f"{doc.title}  {doc.doc_number}  {doc.jurisdiction}  {doc.issue_date}  第{doc.first_page}–{doc.last_page}页（{doc.file}）")
    for w in doc.warnings:
        print(f"⚠ {w}")
    for p in kb.passages(doc.id):
        if p["kind"] == "table_row":
            continue
        pages = "–".join(str(n) for n in (p["pages"][0], p["pages"][-1])) if len(p["pages"]) > 1 else str(p["page"])
        print(f"\n[p{pages}] {p['kind']}  {p['clause']}\n{p['text']}")
    for t in kb.tables(doc.id):
        print(f"\n表{t['idx'] + 1} {t['title']}（第{'、'.join(map(str, t['pages']))}页，{len(t['rows'])}行）")
        print(" | ".join(t["header"]))
        for row in t["rows"]:
            print(" | ".join(row))
    return 0


def cmd_search(kb: KnowledgeBase, args) -> int:
    hits = kb.search(args.query, doc=args.doc, jurisdiction=args.jurisdiction, year=args.year, department=args.dept,
                     deadline_year=args.deadline_year, kind=args.kind, limit=args.limit)

    def record(h) -> dict:
        return {"document": h.title, "file": h.file, "page": h.page, "clause": h.clause, "kind": h.kind,
                "text": h.text, "snippet": h.snippet, "score": round(h.score, 3)}

    emit((record(h) for h in hits), args.json, lambda r: f"{r['document']} 第{r['page']}页 {r['clause']}\n  {r['snippet']}")
    return 0


def cmd_reindex(kb: KnowledgeBase, args) -> int:
    count = kb.reindex(on_progress=ProgressBar(sys.stderr).update)
    print(f"已重建索引：{count}条", file=sys.stderr)
    return 0


def cmd_reextract(kb: KnowledgeBase, args) -> int:
    count = kb.reextract(on_progress=ProgressBar(sys.stderr).update)
    print(f"已重新抽取：{count}个文件", file=sys.stderr)
    return 0


def cmd_remove(kb: KnowledgeBase, args) -> int:
    doc = _one_document(kb, args.doc)
    for title in kb.remove(str(doc.id)):
        print(f"已删除 {title}")
    return 0


def cmd_obligations(kb: KnowledgeBase, args) -> int:
    def record(o: dict) -> dict:
        return {"document": o["document"], "file": o["file"], "page": o["page"], "clause": o["clause"], "text": o["text"],
                "lead": o["lead"], "co": o["co"], "responsible": o["responsible"], "deadline": o["deadline"],
                "deadline_text": o["deadline_text"]}

    def line(r: dict) -> str:
        units = "；".join(f"{k}：{'、'.join(r[key])}" for k, key in (("牵头", "lead"), ("参与", "co"), ("责任", "responsible")) if r[key])
        return f"{r['deadline'] or '—'}  {r['document']} 第{r['page']}页  {units}\n  {r['text']}"

    emit((record(o) for o in kb.obligations(args.dept, args.doc, _due(args.due_before))), args.json, line)
    return 0


def _due(value: str | None) -> str | None:
    if value and len(value) == 4 and value.isdigit():
        return f"{value}-01-01"  # "before 2026" = before the year begins
    return value


def cmd_targets(kb: KnowledgeBase, args) -> int:
    def record(t: dict) -> dict:
        return {"document": t["document"], "file": t["file"], "page": t["page"], "clause": t["clause"],
                "indicator": t["indicator"], "value": t["value"], "unit": t["unit"], "direction": t["direction"],
                "base_year": t["base_year"], "year": t["year"], "attribute": t["attribute"],
                "cumulative": bool(t["cumulative"]), "text": t["text"]}

    def line(r: dict) -> str:
        base = f"比{r['base_year']}年" if r["base_year"] else ""
        return f"{r['year'] or '—'} {r['indicator']} {base}{r['direction']}{r['value']:g}{r['unit'] or ''} {r['attribute'] or ''}  {r['document']} 第{r['page']}页"

    emit((record(t) for t in kb.targets(args.indicator, args.doc)), args.json, line)
    return 0


def cmd_departments(kb: KnowledgeBase, args) -> int:
    def record(d: dict) -> dict:
        return {"name": d["name"], "jurisdiction": d["jurisdiction"], "aliases": d["aliases"],
                "lead": d["lead"], "co": d["co"], "responsible": d["responsible"]}

    emit((record(d) for d in kb.departments()), args.json,
         lambda r: f"{r['jurisdiction'] or '—'}  {r['name']}  牵头{r['lead']} 参与{r['co']} 责任{r['responsible']}")
    return 0


def cmd_export(kb: KnowledgeBase, args) -> int:
    from .export import ExportError, export_ledger, export_tasks

    # a department's ledger runs by deadline; a plan's 分工表 keeps the plan's own order
    rows = kb.obligations(args.dept, args.doc, _due(args.due_before), order="deadline" if args.dept else "document")
    note = "　".join(p for p in (f"文件：{args.doc}" if args.doc else "",
                                 f"完成时限早于：{args.due_before}" if args.due_before else "") if p)
    try:
        if args.dept:
            path = export_ledger(rows, args.output, args.format, department=args.dept, note=note)
        else:
            path = export_tasks(rows, args.output, args.format, title=args.title or _tasks_title(kb, args.doc),
                                group_by_document=args.by_document, note=note)
    except ExportError as exc:
        raise CliError(str(exc)) from exc
    print(f"已导出{len(rows)}项任务：{path}")
    return 0


def _tasks_title(kb: KnowledgeBase, doc: str | None) -> str:
    """《珠海市碳达峰实施方案》重点任务分工表 when --doc names one document."""
    found = kb.find_documents(doc) if doc else []
    return f"《{found[0].title}》重点任务分工表" if len(found) == 1 else "重点任务分工表"


def cmd_compare(kb: KnowledgeBase, args) -> int:
    from .export import ExportError, compare_indicator, export_comparison

    rows = compare_indicator(kb, args.indicator)
    if args.output:
        try:
            path = export_comparison(rows, args.output, indicator=args.indicator)
        except ExportError as exc:
            raise CliError(str(exc)) from exc
        print(f"已导出{len(rows)}项指标：{path}")
        return 0

    def record(t: dict) -> dict:
        return {"jurisdiction": t["jurisdiction"], "document": t["document"], "file": t["file"], "page": t["page"],
                "indicator": t["indicator"], "indicator_key": t["indicator_key"], "value": t["value"], "unit": t["unit"],
                "direction": t["direction"], "base_year": t["base_year"], "year": t["year"], "attribute": t["attribute"]}

    def line(r: dict) -> str:
        base = f"比{r['base_year']}年" if r["base_year"] else ""
        year = f"{r['year']}年" if r["year"] else "—"
        return (f"{r['indicator_key']}  {r['jurisdiction'] or '—'}  {year} {base}{r['direction']}{r['value']:g}"
                f"{r['unit'] or ''} {r['attribute'] or ''}  {r['document']} 第{r['page']}页（{r['indicator']}）")

    emit((record(t) for t in rows), args.json, line)
    return 0


COMMANDS = {
    "ingest": cmd_ingest, "docs": cmd_docs, "show": cmd_show, "search": cmd_search, "reindex": cmd_reindex,
    "reextract": cmd_reextract, "remove": cmd_remove, "obligations": cmd_obligations, "targets": cmd_targets,
    "departments": cmd_departments, "export": cmd_export, "compare": cmd_compare,
}


class ProgressBar:
    """A one-line progress bar on a terminal; plain lines when output goes to a file or pipe."""

    def __init__(self, stream, width: int = 30):
        self.stream, self.width = stream, width
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.shown = False

    def update(self, done: int, total: int, note: str = "") -> None:
        total = max(total, 1)
        filled = int(self.width * done / total)
        bar = "█" * filled + "░" * (self.width - filled)
        text = f"{bar} {done}/{total} {note[:60]}"
        if self.tty:
            self.stream.write("\r\x1b[2K" + text)
        else:
            self.stream.write(text + "\n")
        self.stream.flush()
        self.shown = True

    def finish(self) -> None:
        if self.shown and self.tty:
            self.stream.write("\n")
            self.stream.flush()
