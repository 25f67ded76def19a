"""Read-only SQL for the app's views, over the KB's SQLite file (kb.db, sqlite-utils).

These run on the main thread: each is one indexed query that returns in milliseconds even for a
KB of a thousand documents. They return plain dicts; the widgets turn them into rows.

    >>> [b.label for b in deadline_buckets(kb.db, date(2026, 11, 21))]   # doctest: +SKIP
    ['已逾期（早于今天）', '以后年度', '时间段', '持续推进', '未注明时限']
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

# Five-year plans by their years: "十四五" is 2021–2025.
FIVE_YEAR_PLANS = {(2016, 2020): "十三五", (2021, 2025): "十四五", (2026, 2030): "十五五", (2031, 2035): "十六五"}
ONGOING = "ongoing"  # the deadline value kb.extract gives to 长期坚持 / 持续推进

OBLIGATION_SQL = """SELECT o.*, d.title AS document, d.jurisdiction, f.name AS file, f.path AS path
    FROM obligations o JOIN documents d ON d.id = o.doc_id JOIN files f ON f.id = d.file_id"""
OBLIGATION_ORDER = "ORDER BY o.deadline_sort IS NULL, o.deadline_sort, d.title, o.page, o.id"
TARGET_SQL = """SELECT t.*, d.title AS document, d.jurisdiction, f.name AS file, f.path AS path
    FROM targets t JOIN documents d ON d.id = t.doc_id JOIN files f ON f.id = d.file_id"""


# ------------------------------------------------------------ obligations ----
def _decoded(row: dict) -> dict:
    for key in ("lead", "co", "responsible", "pages", "deadlines"):
        row[key] = json.loads(row[key])
    return row


def obligations_of_document(db, doc_id: int) -> list[dict]:
    """A document's obligations in reading order (page, then id)."""
    sql = f"{OBLIGATION_SQL} WHERE o.doc_id = ? ORDER BY o.page, o.id"
    return [_decoded(r) for r in db.query(sql, [doc_id])]


def obligations_of_department(db, canonical: str, jurisdiction: str) -> list[dict]:
    """Obligations naming a department (as kb.departments() lists it), each with its `role`.

    `role` is the department's part in that task, "lead" / "co" / "responsible" (several joined
    with "," when a plan names it twice), e.g. {'text': '推进…', 'role': 'responsible', ...}.
    """
    sql = f"""SELECT o.*, d.title AS document, d.jurisdiction, f.name AS file, f.path AS path,
                     GROUP_CONCAT(DISTINCT od.role) AS role
              FROM obligation_departments od JOIN obligations o ON o.id = od.obligation_id
              JOIN documents d ON d.id = o.doc_id JOIN files f ON f.id = d.file_id
              WHERE od.canonical = ? AND d.jurisdiction = ?
              GROUP BY o.id {OBLIGATION_ORDER}"""
    return [_decoded(r) for r in db.query(sql, [canonical, jurisdiction])]


# -------------------------------------------------------------- deadlines ----
@dataclass
class DeadlineBucket:
    """A node of the 时限 view: a group of obligations by deadline, possibly with sub-groups."""

    key: str
    label: str
    obligation_ids: list[int] = field(default_factory=list)
    children: list[DeadlineBucket] = field(default_factory=list)


def deadline_group(value: str | None, sort_key: str | None, today: date) -> tuple[str, str]:
    """(group key, sub-group label) of one obligation's deadline for the 时限 view.

    >>> deadline_group("2021/2025", "2025-12-31", date(2026, 11, 21))
    ('range', '2021–2025年（“十四五”期间）')
    >>> deadline_group("2027", "2027-12-31", date(2026, 11, 21))
    ('later', '2027年')
    """
    if not value:
        return "none", ""
    if value == ONGOING:
        return "ongoing", ""
    if "/" in value:
        return "range", range_label(value)
    if sort_key and sort_key < today.isoformat():
        return "overdue", ""
    year = int(value[:4])
    if year == today.year:
        return "this_year", ""
    return "later", f"{year}年"


def range_label(value: str) -> str:
    """'2021/2025' → '2021–2025年（“十四五”期间）'; other ranges without a plan name."""
    first, last = value.split("/")[0][:4], value.split("/")[-1][:4]
    label = f"{first}–{last}年"
    plan = FIVE_YEAR_PLANS.get((int(first), int(last))) if first.isdigit() and last.isdigit() else None
    return f"{label}（“{plan}”期间）" if plan else label


def deadline_buckets(db, today: date) -> list[DeadlineBucket]:
    """The 时限 view's groups, in the order a user checks them: overdue first, no deadline last.

    Empty groups are left out; 以后年度 and 时间段 have one child per year or range.
    """
    labels = {
        "overdue": "已逾期（早于今天）",
        "this_year": f"今年到期（{today.year}年）",
        "later": "以后年度",
        "range": "时间段",
        "ongoing": "持续推进",
        "none": "未注明时限",
    }
    groups = {key: DeadlineBucket(key, label) for key, label in labels.items()}
    children: dict[tuple[str, str], DeadlineBucket] = {}
    sql = "SELECT id, deadline, deadline_sort FROM obligations ORDER BY deadline_sort, id"
    for row in db.query(sql):
        key, sub = deadline_group(row["deadline"], row["deadline_sort"], today)
        groups[key].obligation_ids.append(row["id"])
        if sub:
            child = children.get((key, sub))
            if child is None:
                child = children[(key, sub)] = DeadlineBucket(f"{key}:{sub}", sub)
                groups[key].children.append(child)
            child.obligation_ids.append(row["id"])
    return [g for g in groups.values() if g.obligation_ids]


def obligations_by_ids(db, ids: list[int]) -> list[dict]:
    """The obligations with these ids, sorted by deadline (for a 时限 group)."""
    if not ids:
        return []
    sql = f"{OBLIGATION_SQL} WHERE o.id IN (SELECT value FROM json_each(?)) {OBLIGATION_ORDER}"
    return [_decoded(r) for r in db.query(sql, [json.dumps(ids)])]


def filtered_obligations(kb, filters: dict) -> list[dict]:
    """Obligations matching the search bar's filters without query words, sorted by deadline.

    `filters` as ui.search_bar gives them: {"department": "发改委", "deadline_year": 2025, ...};
    the department matches aliases the way KnowledgeBase.obligations(dept=…) does.
    """
    doc = filters.get("doc")
    rows = kb.obligations(dept=filters.get("department"), doc=str(doc) if doc is not None else None)
    if filters.get("jurisdiction"):
        rows = [r for r in rows if r["jurisdiction"] == filters["jurisdiction"]]
    if filters.get("deadline_year"):
        year = str(filters["deadline_year"])
        rows = [r for r in rows if (r["deadline_sort"] or "").startswith(year)]
    return rows


# ------------------------------------------------------------- indicators ----
def indicators(db) -> list[dict]:
    """Each indicator with how many targets and plans state it, most-planned first.

    e.g. {'indicator_key': '森林覆盖率', 'indicator': '森林覆盖率', 'targets': 2, 'plans': 2}
    """
    sql = """SELECT indicator_key, MIN(indicator) AS indicator, COUNT(*) AS targets,
                    COUNT(DISTINCT doc_id) AS plans
             FROM targets GROUP BY indicator_key ORDER BY plans DESC, targets DESC, indicator_key"""
    return list(db.query(sql))


def targets_of_indicator(db, indicator_key: str) -> list[dict]:
    """Every plan's target for one indicator (by its normalised key), by jurisdiction and year."""
    sql = f"{TARGET_SQL} WHERE t.indicator_key = ? ORDER BY d.jurisdiction, t.year, d.title, t.page"
    return list(db.query(sql, [indicator_key]))


def targets_of_document(db, doc_id: int) -> list[dict]:
    sql = f"{TARGET_SQL} WHERE t.doc_id = ? ORDER BY t.page, t.id"
    return list(db.query(sql, [doc_id]))


# --------------------------------------------------------------- passages ----
def passage(db, passage_id: int) -> dict | None:
    """One passage with its document's title, number, jurisdiction and file path."""
    sql = """SELECT p.*, d.title AS document, d.doc_number, d.jurisdiction, d.first_page, d.last_page,
                    f.name AS file, f.path AS path, f.pages AS file_pages
             FROM passages p JOIN documents d ON d.id = p.doc_id JOIN files f ON f.id = d.file_id
             WHERE p.id = ?"""
    rows = list(db.query(sql, [passage_id]))
    if not rows:
        return None
    row = rows[0]
    row["clause_path"] = json.loads(row["clause_path"])
    row["pages"] = json.loads(row["pages"])
    return row


def file_pages(db, path: str) -> int:
    """How many pages the file at `path` has (0 when unknown)."""
    rows = list(db.query("SELECT pages FROM files WHERE path = ?", [path]))
    return rows[0]["pages"] if rows else 0


# ---------------------------------------------------------------- filters ----
def jurisdictions(db) -> list[str]:
    return [r["jurisdiction"] for r in db.query("SELECT DISTINCT jurisdiction FROM documents WHERE jurisdiction != '' ORDER BY 1")]


def deadline_years(db) -> list[int]:
    """Years some obligation is due in (ranges count by their last year), ascending."""
    sql = """SELECT DISTINCT CAST(substr(deadline_sort, 1, 4) AS INTEGER) AS year FROM obligations
             WHERE deadline_sort IS NOT NULL AND deadline_sort < '9999' ORDER BY year"""
    return [r["year"] for r in db.query(sql)]


def department_names(db) -> list[str]:
    """Canonical department names, the most tasked first."""
    sql = """SELECT canonical, COUNT(DISTINCT obligation_id) AS n FROM obligation_departments
             GROUP BY canonical ORDER BY n DESC, canonical"""
    return [r["canonical"] for r in db.query(sql)]


def document_titles(db) -> list[tuple[int, str]]:
    return [(r["id"], r["title"]) for r in db.query("SELECT id, title FROM documents ORDER BY jurisdiction, title")]
