"""Reading the KB: every SELECT the app, the CLI, the exports and the index need, in one place.

Functions take the database and return the typed rows of kb.models (DocumentInfo, ObligationRow,
TargetRow, …). Lists are narrowed by one `Filters` value, interpreted here the same way for every
caller: `--doc` is an id, a file name, part of a title or a 文号 everywhere; a department matches
its aliases everywhere (kb.aliases.department_matches); a deadline year is any deadline's year.

    >>> rows = obligations(db, Filters(department="发改委", jurisdiction="珠海市"))   # doctest: +SKIP
    >>> rows[0].lead, rows[0].deadline.label                                       # doctest: +SKIP
    (('市发展改革局',), '2025年底前')
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import date

from ..aliases import body_variants, department_matches
from ..text import display_path
from .connection import Store
from ..models import (
    Deadline,
    DeadlineBucket,
    DeadlineGroup,
    DepartmentSummary,
    Document,
    DocumentInfo,
    DocumentMeta,
    Filters,
    IndexRecord,
    IndicatorSummary,
    ObligationRow,
    PageWarning,
    Passage,
    PassageView,
    Role,
    StoredFile,
    Table,
    TargetRow,
    deadline_group,
)

Database = Store

# ------------------------------------------------------------------ files ----
def find_file(db: Database, path: str) -> StoredFile | None:
    return _one(_stored_file, db.query("SELECT * FROM files WHERE path = ?", [display_path(path)]))


def _stored_file(row: dict) -> StoredFile:
    return StoredFile(row["id"], _real_path(row), row["name"], row["sha256"], row["pages"])


def _real_path(row: dict) -> str:
    """The path that opens the file: its own bytes when they are not UTF-8 (a str Python's file
    functions accept), else the stored text."""
    return os.fsdecode(row["raw_path"]) if row.get("raw_path") is not None else row["path"]


def _one(make, rows: Iterable[dict]):
    for row in rows:
        return make(row)
    return None


# -------------------------------------------------------------- documents ----
DOCUMENT_SQL = """SELECT d.*, f.name AS file, f.path AS path, f.raw_path AS raw_path, f.pages AS file_pages
    FROM documents d JOIN files f ON f.id = d.file_id"""


# A document shown in lists and counts: not a copy of another (the same plan from another file).
PRIMARY = "d.duplicate_of IS NULL"
# Between a body's name and its jurisdiction when the pair is compared as one value in SQL
# (a control character: in neither)
BODY_SEP = "\x1f"


def filtered_documents(db: Database, filters: Filters) -> list[DocumentInfo]:
    """The documents the filters' document part lets through (document, jurisdiction, year of issue)."""
    found = _document_filters(db, filters, "d")
    if found is None:
        return []
    where, args = found
    if not where:
        return documents(db)
    ids = [r[0] for r in db.execute(f"SELECT d.id FROM documents d WHERE {' AND '.join([*where, PRIMARY])}", args)]
    return documents(db, ids)


def documents(db: Database, ids: Sequence[int] | None = None) -> list[DocumentInfo]:
    """Stored documents by jurisdiction, newest first, each with its page warnings, OCR'd pages
    and source files. Without `ids`: every document but the copies of others."""
    if ids is not None:
        condition, value = db.among("d.id", ids)
        where, args = f"WHERE {condition}", [value]
    else:
        where, args = f"WHERE {PRIMARY}", []
    warnings: dict[int, list[tuple[int, PageWarning]]] = {}
    ocr: dict[int, list[tuple[int, float]]] = {}
    for row in db.query(f"SELECT p.doc_id, p.number, p.warning, p.ocr, p.ocr_confidence FROM pages p "
                        f"JOIN documents d ON d.id = p.doc_id {where} AND (p.warning IS NOT NULL OR p.ocr = 1) "
                        "ORDER BY p.doc_id, p.number", args):
        if row["warning"] is not None:
            warnings.setdefault(row["doc_id"], []).append((row["number"], PageWarning(row["warning"])))
        if row["ocr"]:
            ocr.setdefault(row["doc_id"], []).append((row["number"], row["ocr_confidence"] or 0.0))
    copies: dict[int, list[str]] = {}
    for row in db.query("SELECT d.duplicate_of, f.path FROM documents d JOIN files f ON f.id = d.file_id "
                        "WHERE d.duplicate_of IS NOT NULL ORDER BY d.id"):
        copies.setdefault(row["duplicate_of"], []).append(row["path"])
    sql = f"{DOCUMENT_SQL} {where} ORDER BY d.jurisdiction, d.issue_date DESC, d.title, d.id"
    return [_document_info(row, warnings.get(row["id"], ()), ocr.get(row["id"], ()), copies.get(row["id"], ()))
            for row in db.query(sql, args)]


def _document_info(row: dict, warnings: Iterable[tuple[int, PageWarning]], ocr: Iterable[tuple[int, float]],
                   copies: Iterable[str]) -> DocumentInfo:
    return DocumentInfo(
        id=row["id"], title=row["title"], doc_number=row["doc_number"], issuers=tuple(json.loads(row["issuers"])),
        issue_date=row["issue_date"], year=row["year"], jurisdiction=row["jurisdiction"],
        first_page=row["first_page"], last_page=row["last_page"], file=row["file"], path=_real_path(row),
        file_pages=row["file_pages"], page_warnings=tuple(warnings), ocr_pages=tuple(ocr),
        duplicate_of=row["duplicate_of"], sources=(row["path"], *copies),
    )


def document_ids(db: Database, ref: int | str) -> list[int]:
    """The documents a reference names: an id, else a file name, part of a title, or a 文号.

    A number that is a document's id means that document; otherwise it is read as text (a title
    may hold numbers: 2035).
    """
    text = str(ref).strip()
    if text.isdigit() and db.execute("SELECT 1 FROM documents WHERE id = ?", [int(text)]).fetchone():
        return [int(text)]
    if not text:
        return []
    like = f"%{_escape_like(text)}%"
    # a copy is found through its original (a copy's file name finds the original too)
    sql = """SELECT DISTINCT COALESCE(d.duplicate_of, d.id) AS id, o.jurisdiction, o.issue_date, o.title
             FROM documents d JOIN files f ON f.id = d.file_id JOIN documents o ON o.id = COALESCE(d.duplicate_of, d.id)
             WHERE d.title LIKE ? ESCAPE '\\' OR f.name LIKE ? ESCAPE '\\' OR f.path = ? OR d.doc_number LIKE ? ESCAPE '\\'
             ORDER BY o.jurisdiction, o.issue_date DESC, o.title, id"""
    return [r[0] for r in db.execute(sql, [like, like, display_path(text), like])]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def document_count(db: Database) -> int:
    """How many documents the KB holds, each copy of one counted once."""
    return db.execute(f"SELECT COUNT(*) FROM documents d WHERE {PRIMARY}").fetchone()[0]


def document_titles(db: Database) -> list[tuple[int, str]]:
    sql = f"SELECT id, title FROM documents d WHERE {PRIMARY} ORDER BY jurisdiction, title"
    return [(r["id"], r["title"]) for r in db.query(sql)]


def jurisdictions(db: Database) -> list[str]:
    sql = f"SELECT DISTINCT jurisdiction FROM documents d WHERE jurisdiction != '' AND {PRIMARY} ORDER BY jurisdiction"
    return [r[0] for r in db.execute(sql)]


# ------------------------------------------------------------- duplicates ----
def file_document_ids(db: Database, path: str) -> list[int]:
    """The documents read from the file at `path`."""
    sql = "SELECT d.id FROM documents d JOIN files f ON f.id = d.file_id WHERE f.path = ? ORDER BY d.id"
    return [r[0] for r in db.execute(sql, [path])]


def duplicates_of(db: Database, doc_ids: Sequence[int]) -> list[int]:
    """The documents that are copies of these."""
    condition, value = db.among("duplicate_of", doc_ids)
    return [r[0] for r in db.execute(f"SELECT id FROM documents WHERE {condition} ORDER BY id", [value])]


def duplicate_of(db: Database, doc_id: int) -> int | None:
    row = db.execute("SELECT duplicate_of FROM documents WHERE id = ?", [doc_id]).fetchone()
    return row[0] if row else None


def duplicate_candidates(db: Database, doc_id: int) -> tuple[list[int], list[int]]:
    """Earlier documents of other files, themselves no copies, that `doc_id` may repeat: those with
    the same text hash, and those with the same title or 文号 (to compare by text)."""
    sql = """SELECT o.id, o.text_hash = d.text_hash AS same FROM documents d JOIN documents o
              ON o.id < d.id AND o.file_id != d.file_id AND o.duplicate_of IS NULL
              AND (o.text_hash = d.text_hash OR o.title = d.title OR (d.doc_number != '' AND o.doc_number = d.doc_number))
              WHERE d.id = ? ORDER BY o.id"""
    rows = db.execute(sql, [doc_id]).fetchall()
    return [r[0] for r in rows if r[1]], [r[0] for r in rows if not r[1]]


def passage_texts(db: Database, doc_id: int) -> list[str]:
    return [r[0] for r in db.execute("SELECT text FROM passages WHERE doc_id = ? ORDER BY seq", [doc_id])]


# --------------------------------------------------------------- passages ----
def passages(db: Database, doc_id: int) -> list[Passage]:
    """A document's passages in reading order, as the pipeline made them."""
    return [
        Passage(r["seq"], r["kind"], r["text"], tuple(json.loads(r["pages"])), tuple(json.loads(r["clause_path"])),
                r["table_index"], r["row_index"])
        for r in db.query("SELECT * FROM passages WHERE doc_id = ? ORDER BY seq", [doc_id])
    ]


def passage_ids(db: Database, doc_id: int) -> dict[int, int]:
    """A document's passages: seq → row id."""
    return {r[0]: r[1] for r in db.execute("SELECT seq, id FROM passages WHERE doc_id = ?", [doc_id])}


def tables(db: Database, doc_id: int) -> list[Table]:
    """A document's tables in order (a table continued over pages is one table)."""
    return [
        Table(tuple(json.loads(t["pages"])), tuple(tuple(r) for r in json.loads(t["rows"])), tuple(json.loads(t["header"])),
              tuple(t["clause"].split(" › ")) if t["clause"] else (), t["title"])
        for t in db.query("SELECT * FROM tables WHERE doc_id = ? ORDER BY idx", [doc_id])
    ]


def passage_view(db: Database, passage_id: int) -> PassageView | None:
    """One passage with its document's title, 文号, jurisdiction and file."""
    sql = """SELECT p.*, d.title AS document, d.doc_number, d.jurisdiction, f.name AS file, f.path AS path,
                    f.raw_path AS raw_path, f.pages AS file_pages
             FROM passages p JOIN documents d ON d.id = p.doc_id JOIN files f ON f.id = d.file_id WHERE p.id = ?"""
    return _one(lambda r: PassageView(
        id=r["id"], doc_id=r["doc_id"], kind=r["kind"], text=r["text"], pages=tuple(json.loads(r["pages"])),
        clause_path=tuple(json.loads(r["clause_path"])), document=r["document"], doc_number=r["doc_number"],
        jurisdiction=r["jurisdiction"], file=r["file"], path=_real_path(r), file_pages=r["file_pages"],
    ), db.query(sql, [passage_id]))


def load_document(db: Database, doc_id: int) -> Document:
    """The stored document as the pipeline's Document (extraction runs again on it)."""
    (info,) = documents(db, [doc_id])
    meta = DocumentMeta(info.title, info.doc_number, info.issuers, info.issue_date, info.jurisdiction)
    return Document(meta, passages(db, doc_id), tables(db, doc_id), info.first_page, info.last_page, dict(info.page_warnings))


# ------------------------------------------------------------ obligations ----
OBLIGATION_SQL = """SELECT o.*, d.title AS document, d.jurisdiction, f.name AS file, f.path AS path, f.raw_path AS raw_path
    FROM obligations o JOIN documents d ON d.id = o.doc_id JOIN files f ON f.id = d.file_id"""
ORDERS = {
    "deadline": "o.deadline_sort IS NULL, o.deadline_sort, d.title, o.page, o.id",  # a ledger: soonest first
    "document": "d.id, o.id",  # a 分工表: each plan's own order (obligations are stored in reading order)
}


def obligations(db: Database, filters: Filters = Filters(), order: str = "deadline") -> list[ObligationRow]:
    """Obligations the filters let through, soonest deadline first (or in each plan's order)."""
    where, args = _obligation_filters(db, filters)
    if where is None:
        return []
    return _obligation_rows(db, f"{OBLIGATION_SQL} {where} ORDER BY {ORDERS[order]}", args)


def department_obligations(db: Database, name: str, jurisdiction: str, filters: Filters = Filters()) -> list[ObligationRow]:
    """The tasks of one body (its DepartmentSummary.key), each with that body's `roles` in it;
    the filters narrow them further (a deadline year)."""
    where, args = _obligation_filters(db, replace(filters, department=None, jurisdiction=None))
    if where is None:
        return []
    sql = f"""{OBLIGATION_SQL} {where} {'AND' if where else 'WHERE'} o.id IN (SELECT od.obligation_id
              FROM obligation_departments od WHERE od.canonical = ?) AND d.jurisdiction = ? ORDER BY {ORDERS['deadline']}"""
    rows = _obligation_rows(db, sql, [*args, name, jurisdiction])
    roles: dict[int, set[Role]] = {}
    for r in db.query("""SELECT od.obligation_id, od.role FROM obligation_departments od
                         JOIN obligations o ON o.id = od.obligation_id JOIN documents d ON d.id = o.doc_id
                         WHERE od.canonical = ? AND d.jurisdiction = ?""", [name, jurisdiction]):
        roles.setdefault(r["obligation_id"], set()).add(Role(r["role"]))
    return [_with_roles(row, roles.get(row.id, ())) for row in rows]


def _with_roles(row: ObligationRow, roles: Iterable[Role]) -> ObligationRow:
    return replace(row, roles=tuple(r for r in Role if r in set(roles)))


def obligations_by_ids(db: Database, ids: Sequence[int]) -> list[ObligationRow]:
    """These obligations, soonest deadline first (a 时限 group)."""
    if not ids:
        return []
    condition, value = db.among("o.id", ids)
    return _obligation_rows(db, f"{OBLIGATION_SQL} WHERE {condition} ORDER BY {ORDERS['deadline']}", [value])


def _obligation_filters(db: Database, f: Filters) -> tuple[str | None, list]:
    """SQL WHERE and arguments for `f`; None when nothing can match (an unknown document)."""
    found = _document_filters(db, f, "o")
    if found is None:
        return None, []
    where, args = found
    where.append(PRIMARY)
    if f.deadline_year is not None:
        where.append(f"EXISTS (SELECT 1 FROM {db.json_ints('o.due_years')} WHERE value = ?)")
        args.append(f.deadline_year)
    if f.due_before_day:
        where.append("o.deadline_sort IS NOT NULL AND o.deadline_sort < ?")
        args.append(f.due_before_day)
    if f.department:
        bodies = matching_bodies(db, f.department)
        if not bodies:
            return None, []
        # (body, jurisdiction) pairs: a subquery of its own, run once, not once per task
        pairs, value = db.among("od.canonical || ? || d2.jurisdiction", [f"{name}{BODY_SEP}{place}" for name, place in bodies])
        where.append(f"""o.id IN (SELECT od.obligation_id FROM obligation_departments od
                        JOIN obligations o2 ON o2.id = od.obligation_id JOIN documents d2 ON d2.id = o2.doc_id
                        WHERE {pairs})""")
        args.extend([BODY_SEP, value])
    return ("WHERE " + " AND ".join(where)) if where else "", args


def _document_filters(db: Database, f: Filters, table: str) -> tuple[list[str], list] | None:
    """The conditions on a row's document (alias d, the row's table `table`): which document,
    jurisdiction, year of issue. None when the document reference names no document."""
    where, args = [], []
    if f.doc is not None and f.doc != "":
        ids = document_ids(db, f.doc)
        if not ids:
            return None
        condition, value = db.among(f"{table}.{'id' if table == 'd' else 'doc_id'}", ids)
        where.append(condition)
        args.append(value)
    if f.jurisdiction:
        where.append("d.jurisdiction = ?")
        args.append(f.jurisdiction)
    if f.year is not None:
        where.append("d.year = ?")
        args.append(f.year)
    return where, args


def unit_names(db: Database) -> list[str]:
    """Every unit name a task gives, as written and as the body it names: the names a search
    record's departments are made of (index_records)."""
    sql = "SELECT department FROM obligation_departments UNION SELECT canonical FROM obligation_departments ORDER BY 1"
    return [r[0] for r in db.execute(sql)]


def matching_bodies(db: Database, wanted: str) -> list[tuple[str, str]]:
    """(body, jurisdiction) of every unit a department filter matches by a name it is written with
    or the body it names (kb.aliases.department_matches, in its plan's jurisdiction)."""
    sql = """SELECT DISTINCT od.department, od.canonical, d.jurisdiction FROM obligation_departments od
             JOIN obligations o ON o.id = od.obligation_id JOIN documents d ON d.id = o.doc_id"""
    return sorted({(canonical, place) for written, canonical, place in db.execute(sql)
                   if department_matches(written, wanted, place) or department_matches(canonical, wanted, place)})


def _obligation_rows(db: Database, sql: str, args: Sequence) -> list[ObligationRow]:
    return [
        ObligationRow(
            id=r["id"], doc_id=r["doc_id"], passage_id=r["passage_id"], text=r["text"], clause=r["clause"],
            page=r["page"], pages=tuple(json.loads(r["pages"])), lead=tuple(json.loads(r["lead"])),
            co=tuple(json.loads(r["co"])), responsible=tuple(json.loads(r["responsible"])),
            deadlines=tuple(Deadline(v, t) for v, t in json.loads(r["deadlines"])), source=r["source"], number=r["number"],
            name=r["name"],
            document=r["document"], jurisdiction=r["jurisdiction"], file=r["file"], path=_real_path(r),
            blanket=tuple(json.loads(r["blanket"])),
        )
        for r in db.query(sql, args)
    ]


def deadline_buckets(db: Database, today: date, filters: Filters = Filters()) -> list[DeadlineBucket]:
    """The 时限 view's groups in DeadlineGroup order (overdue first, none last), empty ones left
    out; 以后年度 and 时间段 have one child per year or range. Only tasks the filters let through."""
    groups = {g: DeadlineBucket(g.value, g.label(today)) for g in DeadlineGroup}
    children: dict[tuple[DeadlineGroup, str], DeadlineBucket] = {}
    where, args = _obligation_filters(db, filters)
    if where is None:
        return []
    sql = f"SELECT o.id, o.deadlines FROM obligations o JOIN documents d ON d.id = o.doc_id {where} ORDER BY o.deadline_sort NULLS FIRST, o.id"
    for row in db.query(sql, args):
        found = json.loads(row["deadlines"])
        group, sub = deadline_group(Deadline(*found[0]) if found else None, today)
        groups[group].obligation_ids.append(row["id"])
        if sub:
            child = children.get((group, sub))
            if child is None:
                child = children[(group, sub)] = DeadlineBucket(f"{group.value}:{sub}", sub)
                groups[group].children.append(child)
            child.obligation_ids.append(row["id"])
    return [g for g in groups.values() if g.obligation_ids]


def deadline_years(db: Database) -> list[int]:
    """Years some task is due in or some target is set for, ascending."""
    sql = f"""SELECT value FROM obligations o JOIN documents d ON d.id = o.doc_id, {db.json_ints('o.due_years')} WHERE {PRIMARY}
              UNION SELECT t.year FROM targets t JOIN documents d ON d.id = t.doc_id
              WHERE t.year IS NOT NULL AND {PRIMARY} ORDER BY 1"""
    return [r[0] for r in db.execute(sql)]


# ------------------------------------------------------------ departments ----
def departments(db: Database, filters: Filters = Filters()) -> list[DepartmentSummary]:
    """Every body named in an obligation the filters let through, per jurisdiction, with its name
    as the plans write it (level and short name written out), its other spellings and task counts
    by role; by jurisdiction, then most tasks first. A department filter keeps the bodies any of
    whose names answers it (kb.aliases.department_matches)."""
    where, args = _obligation_filters(db, replace(filters, department=None))
    if where is None:
        return []
    sql = f"""SELECT od.canonical, od.department, od.role, od.obligation_id, d.jurisdiction
              FROM obligation_departments od JOIN obligations o ON o.id = od.obligation_id
              JOIN documents d ON d.id = o.doc_id {where}"""
    tasks: dict[tuple[str, str], dict[Role, set[int]]] = {}
    spellings: dict[tuple[str, str], dict[str, int]] = {}
    for r in db.query(sql, args):
        key = (r["canonical"], r["jurisdiction"])
        tasks.setdefault(key, {role: set() for role in Role})[Role(r["role"])].add(r["obligation_id"])
        written = spellings.setdefault(key, {})
        written[r["department"]] = written.get(r["department"], 0) + 1
    from ..extract.departments import display_department  # here: a command-line search needs no extraction rules

    out = []
    for (canonical, jurisdiction), by_role in tasks.items():
        written = spellings[(canonical, jurisdiction)]
        name = display_department(max(written, key=lambda n: (written[n], n)), jurisdiction)
        names = {canonical, name, *written}
        if filters.department and not any(department_matches(n, filters.department, jurisdiction) for n in names):
            continue
        aliases = (names | set(body_variants(canonical)[1:])) - {name}
        out.append(DepartmentSummary(name, jurisdiction, tuple(sorted(aliases)), canonical=canonical,
                                     **{role.value: len(ids) for role, ids in by_role.items()}))
    out.sort(key=lambda e: (e.jurisdiction, -e.total, e.name))
    return out


def department_names(db: Database, filters: Filters = Filters()) -> list[str]:
    """Bodies named in obligations the filters let through, as departments() names them, the most
    tasked first."""
    return [d.name for d in sorted(departments(db, filters), key=lambda d: (-d.total, d.name))]


# ---------------------------------------------------------------- targets ----
TARGET_SQL = """SELECT t.*, d.title AS document, d.jurisdiction, f.name AS file, f.path AS path, f.raw_path AS raw_path
    FROM targets t JOIN documents d ON d.id = t.doc_id JOIN files f ON f.id = d.file_id"""


def targets(db: Database, filters: Filters = Filters(), order: str = "indicator") -> list[TargetRow]:
    """Targets the filters let through, by indicator, jurisdiction and year (or in each plan's order)."""
    where = _target_filters(db, filters)
    if where is None:
        return []
    orders = {"indicator": "t.indicator_key, d.jurisdiction, t.year NULLS FIRST, t.id", "document": "d.id, t.page, t.id",
              "plans": "d.jurisdiction, t.year NULLS FIRST, d.title, t.page"}
    return _target_rows(db, f"{TARGET_SQL} {where[0]} ORDER BY {orders[order]}", where[1])


def _target_filters(db: Database, f: Filters) -> tuple[str, list] | None:
    """SQL WHERE and arguments for targets: the document filters; an indicator by part of its name,
    of its key, or of the key of what was typed (单位地区生产总值能源消耗 finds 单位GDP能耗); a
    deadline year is the year a target is set for. None when nothing can match."""
    found = _document_filters(db, f, "t")
    if found is None:
        return None
    where, args = found
    where.append(PRIMARY)
    if f.indicator:
        from ..extract.indicators import indicator_key  # here: a command-line search needs no extraction rules

        where.append("(t.indicator LIKE ? ESCAPE '\\' OR t.indicator_key LIKE ? ESCAPE '\\' OR t.indicator_key LIKE ? ESCAPE '\\')")
        typed = "".join(f.indicator.split())
        args.extend([f"%{_escape_like(typed)}%"] * 2 + [f"%{_escape_like(indicator_key(typed) or typed)}%"])
    if f.deadline_year is not None:
        where.append("t.year = ?")
        args.append(f.deadline_year)
    return ("WHERE " + " AND ".join(where)) if where else "", args


def targets_of_indicator(db: Database, key: str, filters: Filters = Filters()) -> list[TargetRow]:
    """Every plan's target for one indicator (by its comparable key) the filters let through, by
    jurisdiction and year."""
    where, args = _target_filters(db, filters) or (None, [])
    if where is None:
        return []
    sql = f"{TARGET_SQL} {where} {'AND' if where else 'WHERE'} t.indicator_key = ? ORDER BY d.jurisdiction, t.year NULLS FIRST, d.title, t.page"
    return _target_rows(db, sql, [*args, key])


def _target_rows(db: Database, sql: str, args: Sequence) -> list[TargetRow]:
    return [
        TargetRow(
            id=r["id"], doc_id=r["doc_id"], passage_id=r["passage_id"], clause=r["clause"], page=r["page"],
            indicator=r["indicator"], indicator_key=r["indicator_key"], value=r["value"], unit=r["unit"],
            direction=r["direction"], qualifier=r["qualifier"], base_year=r["base_year"], year=r["year"],
            attribute=r["attribute"], cumulative=bool(r["cumulative"]), text=r["text"], base_value=r["base_value"],
            document=r["document"], jurisdiction=r["jurisdiction"], file=r["file"], path=_real_path(r),
            value_high=r["value_high"],
        )
        for r in db.query(sql, args)
    ]


def indicators(db: Database, filters: Filters = Filters()) -> list[IndicatorSummary]:
    """Each indicator with how many targets (the filters let through) and plans state it, most-planned first."""
    where, args = _target_filters(db, filters) or (None, [])
    if where is None:
        return []
    sql = f"""SELECT t.indicator_key, MIN(t.indicator) AS indicator, COUNT(*) AS targets, COUNT(DISTINCT t.doc_id) AS plans
              FROM targets t JOIN documents d ON d.id = t.doc_id {where}
              GROUP BY t.indicator_key ORDER BY plans DESC, targets DESC, t.indicator_key"""
    return [IndicatorSummary(r["indicator_key"], r["indicator"], r["targets"], r["plans"]) for r in db.query(sql, args)]


# ------------------------------------------------------------ the index ----
def index_records(db: Database, doc_id: int) -> Iterator[IndexRecord]:
    """The search index's records of one document: every passage but the table of contents,
    with the departments, deadline years and kinds of fact (obligation, target) it states. A copy
    of another document has none: search finds the original once."""
    doc = db.execute("SELECT d.title, d.jurisdiction, d.year, f.name FROM documents d JOIN files f ON f.id = d.file_id "
                     f"WHERE d.id = ? AND {PRIMARY}", [doc_id]).fetchone()
    if doc is None:
        return
    title, jurisdiction, year, file = doc
    departments: dict[int, set[str]] = {}
    units: dict[int, dict[Role, list[str]]] = {}  # passage → role → units as the plan writes them
    due_years: dict[int, set[int]] = {}
    flags: dict[int, set[str]] = {}
    for row in db.query("""SELECT o.passage_id, o.due_years, od.department, od.canonical, od.role FROM obligations o
                           LEFT JOIN obligation_departments od ON od.obligation_id = o.id WHERE o.doc_id = ?""", [doc_id]):
        pid = row["passage_id"]
        flags.setdefault(pid, set()).add("obligation")
        if row["department"]:
            departments.setdefault(pid, set()).update({row["department"], row["canonical"]})
            units.setdefault(pid, {}).setdefault(Role(row["role"]), []).append(row["department"])
        due_years.setdefault(pid, set()).update(json.loads(row["due_years"]))
    for row in db.query("SELECT passage_id FROM targets WHERE doc_id = ?", [doc_id]):
        flags.setdefault(row["passage_id"], set()).add("target")
    for p in db.query("SELECT id, kind, text, clause, page FROM passages WHERE doc_id = ? AND kind != 'toc' ORDER BY seq", [doc_id]):
        pid = p["id"]
        yield IndexRecord(
            doc_id=doc_id, passage_id=pid, kind=p["kind"], text=p["text"], title=title, file=file,
            clause=p["clause"], page=p["page"], jurisdiction=jurisdiction, year=year,
            departments=tuple(sorted(departments.get(pid, ()))), deadline_years=tuple(sorted(due_years.get(pid, ()))),
            flags=tuple(sorted(flags.get(pid, ()))), note=_unit_note(p["text"], units.get(pid, {})),
        )


def _unit_note(text: str, units: dict[Role, list[str]]) -> str:
    """The units of a passage's tasks that its text does not name, by role.

    >>> _unit_note("发展林业碳汇。", {Role.LEAD: ["省林业局"], Role.CO: ["省财政厅", "省财政厅"]})
    '牵头：省林业局；配合：省财政厅'
    >>> _unit_note("发展林业碳汇（省林业局牵头）。", {Role.LEAD: ["省林业局"]})
    ''
    """
    parts = []
    for role in Role:
        missing = [name for name in dict.fromkeys(units.get(role, ())) if name not in text]
        if missing:
            parts.append(f"{role.short}：{'、'.join(missing)}")
    return "；".join(parts)


def all_document_ids(db: Database) -> list[int]:
    return [r[0] for r in db.execute("SELECT id FROM documents ORDER BY id")]


def document_versions(db: Database, ids: Iterable[int] | None = None) -> dict[int, str]:
    """The versions of the documents the search index must hold (all but copies of others): all
    of them, or those among `ids`."""
    if ids is None:
        return {r[0]: r[1] for r in db.execute(f"SELECT id, version FROM documents d WHERE {PRIMARY}")}
    condition, value = db.among("id", ids)
    return {r[0]: r[1] for r in db.execute(f"SELECT id, version FROM documents d WHERE {PRIMARY} AND {condition}", [value])}


def kb_id(db: Database) -> str:
    """A server KB's own id, made when it was created ('' for a desktop KB)."""
    return db.scalar("SELECT value FROM policykb_meta WHERE name = 'kb_id'") if db.server else ""


def integrity_problems(db: Database) -> list[str]:
    """What SQLite's own check finds wrong with the file ([] when it is sound). A server checks its
    own pages (data checksums, WAL): there is nothing for a client to ask."""
    if db.server:
        return []
    found = [r[0] for r in db.execute("PRAGMA integrity_check")]
    return [] if found == ["ok"] else found
