"""The command line: `policykb <command> [--kb DIR] [--json]` (or `python main.py <command> …`).

One click command per user action: it opens the KnowledgeBase, calls one method and prints. With
--json every record is one JSON object on its own line; scripts rely on the field names, so keep
them stable (new fields may be added). Library errors become one line "错误：…" and exit status 1.
With no command the desktop app opens (the launcher in ui/launch.py passes how to open it).
"""
from __future__ import annotations

import contextlib
import functools
import itertools
import json
import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import click

from .knowledge_base import KnowledgeBase, default_kb_dir, kb_location
from .models import DocumentInfo, Filters, ObligationRow, Role, TargetRow

KB_HELP = "知识库目录，或共享知识库 postgresql://用户@服务器/数据库（默认：用户数据目录，或环境变量 POLICYKB_DIR）"
VIEWS = ("文件", "部门", "时限", "指标")


class CliError(click.ClickException):
    """A problem to tell the user in one line; exit status 1."""

    def show(self, file=None) -> None:
        click.echo(f"错误：{self.format_message()}", err=True, file=file)


# ---------------------------------------------------------------- options ----
class KbLocation(click.ParamType):
    """--kb: a folder (a Path), or a shared KB's postgresql:// URL (kept as it is)."""

    name = "DIR|URL"

    def convert(self, value, param, ctx):
        if isinstance(value, Path) or value is None:
            return value
        location = kb_location(value)
        if isinstance(location, Path) and location.exists() and not location.is_dir():
            self.fail(f"“{value}”不是文件夹", param, ctx)
        return location


KB = KbLocation()


def kb_command(f: Callable) -> Callable:
    """Gives a command `--kb DIR` and an open KnowledgeBase as its first argument; turns library
    errors into clean messages."""

    @click.option("--kb", "kb_dir", type=KB, default=None, help=KB_HELP)
    @click.pass_context
    @functools.wraps(f)
    def command(ctx: click.Context, kb_dir: Path | str | None, **options):
        directory = kb_dir or (ctx.obj or {}).get("kb") or default_kb_dir()
        with _user_errors():
            with KnowledgeBase(directory) as kb:
                try:
                    return f(kb, **options)
                finally:
                    for message in kb.messages:
                        click.echo(message, err=True)

    return command


@contextlib.contextmanager
def _user_errors() -> Iterator[None]:
    """Library errors that carry a message for users become a CliError."""
    from .store import StoreError

    try:
        yield
    except StoreError as error:
        raise CliError(str(error)) from error
    except Exception as error:
        # an export error can only come from kb.export once a command imported it (importing it
        # here would cost every command a tenth of a second)
        export = sys.modules.get("kb.export.files")
        if export is not None and isinstance(error, export.ExportError):
            raise CliError(str(error)) from error
        raise


json_option = click.option("--json", "as_json", is_flag=True, help="每条记录输出一行JSON")
doc_option = click.option("--doc", help="限定文件：编号、文件名、标题的一部分或文号")
dept_option = click.option("--dept", "department", help="限定部门，如 市生态环境局、发改委（简称、别名均可）")
region_option = click.option("--region", "--jurisdiction", "jurisdiction", help="限定地区：国家、广东省、珠海市…")
year_option = click.option("--year", type=int, help="限定发文年份")
deadline_year_option = click.option("--deadline-year", type=int, help="限定完成年份（任一完成时限在该年）")
due_before_option = click.option("--due-before", metavar="DATE", help="完成时限早于此日期（YYYY或YYYY-MM-DD）")


def emit(records: Iterable[dict], as_json: bool, text_line: Callable[[dict], str]) -> int:
    count = 0
    for record in records:
        click.echo(json.dumps(record, ensure_ascii=False) if as_json else text_line(record))
        count += 1
    return count


# ------------------------------------------------------------------ group ----
@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--kb", type=KB, default=None, help=KB_HELP)
@click.option("--screenshot", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="FILE.png",
              help="（桌面程序）离屏渲染主窗口并保存为PNG后退出")
@click.option("--view", type=click.Choice(VIEWS), default="文件", help="（桌面程序）截图时显示的视图")
@click.option("--query", default="", help="（桌面程序）截图时在搜索框中输入的内容")
@click.option("--region", "screenshot_region", default="", metavar="地区", help="（桌面程序）截图时选定的地区")
@click.option("--year", "screenshot_year", type=int, default=None, help="（桌面程序）截图时选定的时限年份")
@click.option("--find", default="", help="（桌面程序）截图时在列表筛选框中输入的内容（如 机管局）")
@click.version_option(package_name="policykb", message="PolicyKB %(version)s")
@click.pass_context
def cli(ctx: click.Context, kb: Path | None, screenshot: Path | None, view: str, query: str, screenshot_region: str,
        screenshot_year: int | None, find: str) -> None:
    """PolicyKB 政策知识库：离线阅读、检索政策文件，按部门、时限、指标查找任务。

    不带命令时打开桌面程序。
    """
    ctx.ensure_object(dict)["kb"] = kb
    if ctx.invoked_subcommand is None:
        if ctx.obj.get("open_app") is None:
            click.echo(ctx.get_help())
            return
        shown = {k: v for k, v in (("region", screenshot_region), ("year", screenshot_year), ("find", find)) if v}
        _open_app(ctx, kb, screenshot=screenshot, view=view, query=query, **shown)


def _open_app(ctx: click.Context, kb_dir: Path | None, **options) -> None:
    """Hand over to the desktop app (the launcher passed `open_app`) and exit with its status."""
    open_app = ctx.obj.get("open_app")
    if open_app is None:
        raise CliError("桌面程序不可用：请用 policykb 命令启动")
    ctx.exit(open_app(kb_dir or ctx.obj.get("kb") or default_kb_dir(), **options))


def main(argv: list[str] | None = None, open_app: Callable[..., int] | None = None) -> int:
    """Run the CLI; `open_app(kb_dir, screenshot=, view=, query=, paths=)` opens the desktop app."""
    # what the library logs goes to the log file; the terminal gets the messages meant for users
    handler = logging.FileHandler(log_file(), encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.WARNING, handlers=[handler])
    try:
        return cli.main(args=argv, prog_name="policykb", obj={"open_app": open_app}, standalone_mode=False) or 0
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except click.Abort:
        click.echo("已中止", err=True)
        return 1
    except BrokenPipeError:  # `… | head` closed the pipe
        sys.stderr.close()  # nothing more can be said; keep Python from complaining at exit
        return 0
    except KeyboardInterrupt:
        click.echo("已中止", err=True)
        return 130
    except Exception as error:  # a bug: one line for the user, the details in the log file
        click.echo(f"内部错误：{error.__class__.__name__}: {error}（详情已记入 {log_error(error)}）", err=True)
        return 2


def log_file() -> Path:
    """PolicyKB's log file (~/.local/state/PolicyKB/log/policykb.log on Linux), its folder made."""
    from platformdirs import user_log_dir

    path = Path(user_log_dir("PolicyKB", appauthor=False)) / "policykb.log"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass  # logging then fails quietly; the user still gets every message meant for them
    return path


def log_error(error: BaseException) -> Path:
    """Log the traceback of an unexpected error to PolicyKB's log file; returns the file."""
    logging.getLogger("kb").error("unexpected error", exc_info=error)
    return log_file()


@cli.command(name="open")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--kb", "kb_dir", type=KB, default=None, help=KB_HELP)
@click.pass_context
def open_command(ctx: click.Context, paths: tuple[Path, ...], kb_dir: Path | None) -> None:
    """打开桌面程序，并导入给出的PDF/DOCX/TXT文件或文件夹（桌面菜单和“打开方式”用）。"""
    _open_app(ctx, kb_dir, paths=list(paths))


# ---------------------------------------------------------------- ingest ----
broker_option = click.option("--broker", metavar="URL", help="共享知识库的任务队列，如 redis://服务器:6379/0（由工作进程导入）")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--no-ocr", is_flag=True, help="不对无文字层的扫描页做OCR识别（更快，扫描件只标注“需要OCR”）")
@broker_option
@json_option
@kb_command
def ingest(kb: KnowledgeBase, paths: tuple[Path, ...], no_ocr: bool, broker: str | None, as_json: bool) -> None:
    """导入PDF/DOCX/TXT文件或文件夹（递归）。扫描页默认OCR识别。共享知识库可加 --broker 交给工作进程导入。"""
    bar = ProgressBar(sys.stderr)
    report = kb.ingest(list(paths), on_progress=bar.update, ocr=not no_ocr, broker=broker)
    bar.finish()
    for r in report.results:
        if as_json:
            click.echo(json.dumps({"file": r.shown_path, "status": r.status.value, "reason": r.reason,
                                   "stage": r.stage.value if r.stage else None, "documents": r.documents,
                                   "pages": r.pages, "warnings": r.warnings, "duplicate_of": r.duplicate_of},
                                  ensure_ascii=False))
        else:
            click.echo(r.line())
    click.echo(f"{report.summary()}，用时{report.seconds:.1f}秒", err=True)
    if report.failed and not report.stored and not report.unchanged:
        raise click.exceptions.Exit(1)


@cli.command()
@click.option("--kb", "kb_dir", type=KB, required=True, help="共享知识库：postgresql://用户@服务器/数据库")
@click.option("--broker", required=True, metavar="URL", help="任务队列，如 redis://服务器:6379/0")
@click.option("--concurrency", type=click.IntRange(1), default=1, show_default=True,
              help="同时导入的文件数（每个一个进程；一般每个CPU核一个）")
def worker(kb_dir: Path | str, broker: str, concurrency: int) -> None:
    """运行导入工作进程：从任务队列领取文件，读取、抽取并存入共享知识库（Ctrl-C 停止）。"""
    from .store import is_server

    if not is_server(kb_dir):
        raise CliError("工作进程只用于共享知识库：请用 --kb postgresql://… 指定服务器上的知识库")
    from .distributed import run_worker

    with _user_errors():
        run_worker(kb_dir, broker, concurrency)


@cli.command()
@kb_command
def reindex(kb: KnowledgeBase) -> None:
    """从数据库重建搜索索引。"""
    count = kb.reindex(on_progress=ProgressBar(sys.stderr).update)
    click.echo(f"已重建索引：{count}条", err=True)


@cli.command()
@kb_command
def reextract(kb: KnowledgeBase) -> None:
    """用当前规则重新抽取任务和指标（不重读文件）。"""
    count = kb.reextract(on_progress=ProgressBar(sys.stderr).update)
    click.echo(f"已重新抽取：{count}个文件", err=True)


@cli.command()
@click.argument("doc", metavar="DOC")
@kb_command
def remove(kb: KnowledgeBase, doc: str) -> None:
    """从知识库删除文件（DOC：编号、文件名或标题的一部分）。"""
    found = _one_document(kb, doc)
    for title in kb.remove(str(found.id)):
        click.echo(f"已删除 {title}")


@cli.command()
@kb_command
def check(kb: KnowledgeBase) -> None:
    """检查知识库文件是否完好，并使搜索索引与数据库一致（说明修复了什么）。"""
    report = kb.check()
    for line in report.problems:
        click.echo(f"数据库问题：{line}")
    for line in report.repaired:
        click.echo(line)
    if not report.sound:
        raise CliError(f"知识库文件已损坏：{kb.shown}。可用 policykb restore 从备份恢复")
    if not report.repaired:
        click.echo("知识库完好，搜索索引与数据库一致")


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@kb_command
def backup(kb: KnowledgeBase, file: Path) -> None:
    """把知识库备份到 FILE（知识库使用中也可备份；搜索索引不备份，恢复时重建）。"""
    click.echo(f"已备份：{kb.backup(file)}")


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@kb_command
def restore(kb: KnowledgeBase, file: Path) -> None:
    """用备份文件 FILE 恢复知识库（替换现有内容，并重建搜索索引）。"""
    kb.restore(file)
    click.echo(f"已从备份恢复：{file}（{kb.document_count()}个文件）")


# ------------------------------------------------------------- documents ----
def _doc_record(d: DocumentInfo) -> dict:
    return {"id": d.id, "title": d.title, "doc_number": d.doc_number, "issuers": list(d.issuers),
            "jurisdiction": d.jurisdiction, "date": d.issue_date, "pages": d.pages, "first_page": d.first_page,
            "last_page": d.last_page, "warnings": list(d.warnings), "file": d.file,
            "ocr": list(d.ocr_notes), "ocr_pages": [{"page": n, "confidence": c} for n, c in d.ocr_pages],
            "sources": [Path(p).name for p in d.sources]}


def _notes(d: dict) -> str:
    """What a document's line adds: OCR'd pages, page warnings, other files holding it."""
    notes = [f"  ⓘ {'；'.join(d['ocr'])}" if d["ocr"] else "", f"  ⚠ {'；'.join(d['warnings'])}" if d["warnings"] else ""]
    if len(d["sources"]) > 1:
        notes.append(f"  （同一文件另见：{'、'.join(d['sources'][1:])}）")
    return "".join(notes)


@cli.command()
@json_option
@kb_command
def docs(kb: KnowledgeBase, as_json: bool) -> None:
    """列出知识库中的文件：标题、文号、地区、日期、页数、文字质量。"""
    def line(d: dict) -> str:
        return f"[{d['id']}] {d['title']}  {d['doc_number'] or '-'}  {d['jurisdiction'] or '-'}  {d['date'] or '-'}  {d['pages']}页{_notes(d)}"

    emit((_doc_record(d) for d in kb.documents()), as_json, line)


def _one_document(kb: KnowledgeBase, ref: str) -> DocumentInfo:
    found = kb.find_documents(ref)
    if not found:
        raise CliError(f"知识库中没有与“{ref}”匹配的文件")
    if len(found) > 1:
        names = "；".join(f"[{d.id}] {d.title}" for d in found[:10])
        raise CliError(f"“{ref}”匹配到{len(found)}个文件，请用编号指定：{names}")
    return found[0]


@cli.command()
@click.argument("doc", metavar="DOC")
@json_option
@kb_command
def show(kb: KnowledgeBase, doc: str, as_json: bool) -> None:
    """显示一个文件的段落和表格（DOC：编号、文件名、标题的一部分或文号）。"""
    info = _one_document(kb, doc)
    passages, tables = kb.passages(info.id), kb.tables(info.id)
    if as_json:
        click.echo(json.dumps({"type": "document", **_doc_record(info)}, ensure_ascii=False))
        for p in passages:
            click.echo(json.dumps({"type": "passage", "seq": p.seq, "kind": p.kind, "clause": p.clause,
                                   "clause_path": list(p.clause_path), "pages": list(p.pages), "text": p.text},
                                  ensure_ascii=False))
        for i, t in enumerate(tables):
            click.echo(json.dumps({"type": "table", "index": i, "title": t.title, "clause": " › ".join(t.clause_path),
                                   "pages": list(t.pages), "header": list(t.header), "rows": [list(r) for r in t.rows]},
                                  ensure_ascii=False))
        return
    click.echo(f"{info.title}  {info.doc_number}  {info.jurisdiction}  {info.issue_date}  第{info.first_page}–{info.last_page}页（{info.file}）")
    for note in info.ocr_notes:
        click.echo(f"ⓘ {note}")
    for w in info.warnings:
        click.echo(f"⚠ {w}")
    for other in info.sources[1:]:
        click.echo(f"ⓘ 同一文件另见：{other}")
    for p in passages:
        if p.kind == "table_row":
            continue
        pages = f"{p.pages[0]}–{p.pages[-1]}" if len(p.pages) > 1 else str(p.page)
        click.echo(f"\n[p{pages}] {p.kind}  {p.clause}\n{p.text}")
    for i, t in enumerate(tables):
        click.echo(f"\n表{i + 1} {t.title}（第{'、'.join(map(str, t.pages))}页，{len(t.rows)}行）")
        click.echo(" | ".join(t.header))
        for row in t.rows:
            click.echo(" | ".join(row))


# ---------------------------------------------------------------- search ----
@cli.command()
@click.argument("query", metavar="QUERY")
@doc_option
@dept_option
@year_option
@region_option
@deadline_year_option
@click.option("--kind", type=click.Choice(["obligation", "target", "table_row", "text", "heading"]), help="限定段落类型")
@click.option("--limit", type=int, default=20, show_default=True, help="最多显示多少条")
@click.option("--exact", is_flag=True, help="只显示精确匹配（含所输入的词），不显示相关结果")
@json_option
@kb_command
def search(kb: KnowledgeBase, query: str, limit: int, exact: bool, as_json: bool, **filters) -> None:
    """全文搜索：先列出含所输入词语的段落（精确匹配），再列出最相关的其他段落（相关结果：
    同义词、别的写法、部分词语）。空格分隔的词须同时出现；"引号"为精确短语；-词 排除；OR 任一。"""
    from .index import TIER_NAMES

    hits = kb.search(query, Filters(**filters), limit=limit, exact=exact)

    def record(h) -> dict:
        return {"document": h.title, "file": h.file, "page": h.page, "clause": h.clause, "kind": h.kind,
                "text": h.text, "snippet": h.snippet, "score": round(h.score, 3), "tier": h.tier, "note": h.note}

    if as_json:
        emit((record(h) for h in hits), as_json, str)
        return
    for tier, group in itertools.groupby(hits, key=lambda h: h.tier):
        group = list(group)
        click.echo(f"—— {TIER_NAMES[tier]}（{len(group)}条）——")
        for h in group:
            note = f"\n  〔{h.note}〕" if h.note else ""
            click.echo(f"{h.title} 第{h.page}页 {h.clause}\n  {h.snippet}{note}")
    if not hits:
        click.echo("没有找到。换个说法，或减少筛选条件试试。", err=True)


# ----------------------------------------------------------- obligations ----
def _obligation_record(o: ObligationRow) -> dict:
    first = o.deadline
    return {"document": o.document, "file": o.file, "page": o.page, "clause": o.clause, "text": o.text,
            "lead": list(o.lead), "co": list(o.co), "responsible": list(o.responsible),
            "deadline": first.value if first else None, "deadline_text": first.label if first else None,
            "deadlines": [{"value": d.value, "text": d.text} for d in o.deadlines], "jurisdiction": o.jurisdiction,
            "blanket": list(o.blanket)}


@cli.command()
@dept_option
@doc_option
@region_option
@year_option
@deadline_year_option
@due_before_option
@json_option
@kb_command
def obligations(kb: KnowledgeBase, as_json: bool, **filters) -> None:
    """任务分工：谁、做什么、何时完成、出自哪个文件哪一页。"""
    def line(r: dict) -> str:
        units = "；".join(f"{role.short}：{'、'.join(r[role.value])}" for role in Role if r[role.value])
        return f"{r['deadline'] or '—'}  {r['document']} 第{r['page']}页  {units}\n  {r['text']}"

    emit((_obligation_record(o) for o in kb.obligations(Filters(**filters))), as_json, line)


@cli.command()
@click.option("--indicator", help="指标名称的一部分")
@doc_option
@region_option
@year_option
@json_option
@kb_command
def targets(kb: KnowledgeBase, as_json: bool, **filters) -> None:
    """量化指标：指标、目标值、目标年、出处。"""
    def record(t: TargetRow) -> dict:
        return {"document": t.document, "file": t.file, "page": t.page, "clause": t.clause, "indicator": t.indicator,
                "value": t.value, "unit": t.unit, "direction": t.direction, "base_year": t.base_year, "year": t.year,
                "attribute": t.attribute, "cumulative": t.cumulative, "text": t.text, "qualifier": t.qualifier,
                "jurisdiction": t.jurisdiction, "value_high": t.value_high, "region": t.jurisdiction,
                "base_value": t.base_value, "base": t.base, "target": t.stated}

    def line(r: dict) -> str:
        change = r["base"] if r["base"].startswith("比") else ""  # 比2020年下降14.5%
        level = f"（基准 {r['base']}）" if r["base"] and not change else ""  # 达到20%（基准 2020年：15.9%）
        return (f"{r['year'] or '—'} {r['indicator']} {change}{r['target']}{level} {r['attribute'] or ''}  "
                f"{r['document']} 第{r['page']}页")

    emit((record(t) for t in kb.targets(Filters(**filters))), as_json, line)


@cli.command()
@dept_option
@region_option
@json_option
@kb_command
def departments(kb: KnowledgeBase, as_json: bool, **filters) -> None:
    """部门及其任务数（牵头 / 配合 / 责任），按地区分列；--dept 按简称、别名查找（机管局）。"""
    def record(d) -> dict:
        return {"name": d.name, "region": d.jurisdiction, "jurisdiction": d.jurisdiction, "aliases": list(d.aliases),
                "lead": d.lead, "co": d.co, "responsible": d.responsible, "canonical": d.key}

    def line(r: dict) -> str:
        counts = " ".join(f"{role.short}{r[role.value]}" for role in Role)
        return f"{r['region'] or '—'}  {r['name']}  {counts}"

    emit((record(d) for d in kb.departments(Filters(**filters))), as_json, line)


# ---------------------------------------------------------------- export ----
@cli.command()
@click.option("--format", "fmt", type=click.Choice(["xlsx", "docx", "csv"]), help="文件格式（默认按 -o 的扩展名）")
@click.option("--dept", "department", help="部门：导出它在各规划中的全部任务（任务台账），按完成时限排序")
@doc_option
@region_option
@due_before_option
@click.option("--title", help="表格标题（默认：《文件》重点任务分工表）")
@click.option("--by-document", is_flag=True, help="每个文件一个工作表/一张表")
@click.option("--full-text", is_flag=True, help="“重点任务”列写任务全文（默认写任务名称：条目标题或首句）")
@click.option("--source", "with_source", is_flag=True, help="加“来源”“页码”列（台账总有）")
@click.option("--mark-overdue", is_flag=True, help="加“状态”列，已过完成时限的任务标红（本程序不知道任务是否已完成）")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, metavar="FILE", help="导出到此文件")
@kb_command
def export(kb: KnowledgeBase, fmt: str | None, department: str | None, doc: str | None, jurisdiction: str | None,
           due_before: str | None, title: str | None, by_document: bool, full_text: bool, with_source: bool,
           mark_overdue: bool, output: Path) -> None:
    """导出重点任务分工表（序号、重点任务、牵头单位、配合单位、完成时限；指定 --dept 时导出该部门的任务台账）
    为 .xlsx、.docx 或 .csv。文件自带分工表的，按原表的顺序和序号导出。"""
    from .export import TaskOptions, export_ledger, export_tasks

    filters = Filters(doc=doc, department=department, jurisdiction=jurisdiction, due_before=due_before)
    options = TaskOptions(full_text=full_text, source=with_source, mark_overdue=mark_overdue)
    # a department's ledger runs by deadline; a plan's 分工表 keeps the plan's own order
    rows = kb.obligations(filters, order="deadline" if department else "document")
    if department:
        note = "　".join(p for p in (f"地区：{jurisdiction}" if jurisdiction else "",
                                     f"完成时限早于：{due_before}" if due_before else "") if p)
        path = export_ledger(rows, output, fmt, department=department, note=note, options=options)
        count = len(rows)
    else:
        from .export.tables import plan_table_rows

        path = export_tasks(rows, output, fmt, title=title or _tasks_title(kb, doc), group_by_document=by_document,
                            options=options)
        count = len(plan_table_rows(rows))
    click.echo(f"已导出{count}项任务：{path}")


def _tasks_title(kb: KnowledgeBase, doc: str | None) -> str:
    """《珠海市碳达峰实施方案》重点任务分工表 when --doc names one document ("" lets the rows decide)."""
    found = kb.find_documents(doc) if doc else []
    return f"《{found[0].title}》重点任务分工表" if len(found) == 1 else ""


@cli.command()
@click.option("--indicator", required=True, help="指标名称，如 单位GDP能耗、森林覆盖率（同义名称一并对比）")
@click.option("--year", type=int, help="目标年，如 2025（只比较这一年的目标）")
@region_option
@json_option
@click.option("-o", "--output", type=click.Path(path_type=Path), metavar="FILE", help="导出到 .xlsx（带图表）、.docx 或 .csv")
@kb_command
def compare(kb: KnowledgeBase, indicator: str, year: int | None, jurisdiction: str | None, as_json: bool,
            output: Path | None) -> None:
    """跨规划对比一个指标的目标值：限定词（力争、左右、以上）、基准、属性；计量口径不同的
    （百分点与百分比、基准年不同、目标年不同）标为不可比并说明原因。"""
    from .export import export_comparison

    rows = kb.compare(indicator, Filters(jurisdiction=jurisdiction, deadline_year=year))
    if output:
        path = export_comparison(rows, output, indicator=indicator)
        click.echo(f"已导出{len(rows)}项指标：{path}")
        return

    def record(t: TargetRow) -> dict:
        return {"document": t.document, "region": t.jurisdiction, "indicator": t.indicator, "value": t.value,
                "unit": t.unit, "qualifier": t.qualifier, "base_value": t.base_value, "base_year": t.base_year,
                "year": t.year, "attribute": t.attribute, "comparable": t.comparable, "note": t.note,
                "jurisdiction": t.jurisdiction, "file": t.file, "page": t.page, "indicator_key": t.indicator_key,
                "direction": t.direction, "target": t.stated, "base": t.base}

    def line(r: dict) -> str:
        year_text = f"{r['year']}年" if r["year"] else "—"
        base = f"（基准 {r['base']}）" if r["base"] else ""
        mark = "" if r["comparable"] else f"  ⚠ 不可比：{r['note']}"
        note = f"  注：{r['note']}" if r["comparable"] and r["note"] else ""
        return (f"{r['indicator_key']}  {r['region'] or '—'}  {year_text} {r['target']}{base} {r['attribute'] or ''}"
                f"  {r['document']} 第{r['page']}页（{r['indicator']}）{mark}{note}")

    emit((record(t) for t in rows), as_json, line)


# -------------------------------------------------------------- progress ----
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
