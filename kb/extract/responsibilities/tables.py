"""Task-assignment tables (重点任务分工表): one obligation per row, units read from the columns the
header names.

Form read (seen in a real plan):
  重点任务分工表 | 序号 | 重点任务 | | 主要负责单位 |                  珠海 (seed 002)
A table without a header of its own continues the task table before it when it has as many columns.
"""
from __future__ import annotations

import re

from ...models import Document, Obligation, Role, Table
from ..deadlines import document_year, find_deadlines
from ..departments import split_units
from .roles import DEADLINE, HEADER_PATTERNS, INLINE_ROLE, UNIT_ROLES, Assignment, _parse_inline

# Column kinds in the order they are tried: the role-word columns (kb/data/roles.txt [header]),
# then the row-number column, which only a header cell of its own names.
ROLE_HEADERS: tuple[tuple[str, re.Pattern[str]], ...] = HEADER_PATTERNS + (
    ("index", re.compile(r"^(序号|编号|序)$")),
)


def table_roles(header: tuple[str, ...]) -> dict[int, str]:
    """Column roles of a task-assignment table header.

    >>> table_roles(("序号", "重点任务", "", "主要负责单位"))
    {0: 'index', 3: 'responsible', 1: 'task', 2: 'task'}
    >>> table_roles(("序号", "重点任务", "牵头单位", "配合单位", "完成时限"))
    {0: 'index', 2: 'lead', 3: 'co', 4: 'deadline', 1: 'task'}
    """
    roles: dict[int, str] = {}
    for c, cell in enumerate(header):
        cell = re.sub(r"\s+", "", cell or "")
        for role, pattern in ROLE_HEADERS:
            if pattern.search(cell):
                roles[c] = role
                break
    if not any(r in UNIT_ROLES for r in roles.values()):
        return {}
    for c in range(len(header)):
        roles.setdefault(c, "task")
    return roles


def _looks_like_header(row: tuple[str, ...]) -> bool:
    return bool(table_roles(row)) and not any(len(c) > 30 for c in row)


def table_obligations(doc: Document) -> list[Obligation]:
    """One obligation per row of each task-assignment table (重点任务分工表)."""
    jurisdiction = doc.meta.jurisdiction
    year = document_year(doc)
    rows_at = {(p.table_index, p.row_index): p for p in doc.passages if p.kind == "table_row"}
    out: list[Obligation] = []
    roles: dict[int, str] = {}
    width = 0
    for ti, table in enumerate(doc.tables):
        header_roles = table_roles(table.header) if table.header else {}
        rows = list(table.rows)
        if not header_roles and rows and _looks_like_header(rows[0]):
            header_roles = table_roles(rows[0])
        if header_roles:
            roles, width = header_roles, len(header_roles)
        elif not (roles and rows and len(rows[0]) == width):
            roles = {}
            continue  # not a task table, and not the continuation of one
        category = ""
        for r, row in enumerate(rows):
            if _looks_like_header(row):
                continue
            passage = rows_at.get((ti, r))
            ob, category = _row_obligation(table, row, roles, category, passage, jurisdiction, year)
            if ob is not None:
                out.append(ob)
    return out


def _row_obligation(table: Table, row, roles, category, passage, jurisdiction, year):
    """(the row's obligation or None, the category the following rows are under)."""
    cells = [re.sub(r"\s+", "", c or "") for c in row]
    task_cols = [c for c, r in sorted(roles.items()) if r == "task" and c < len(cells)]
    filled = [cells[c] for c in task_cols if cells[c]]
    if not filled:
        return None, category
    text = filled[-1]
    if len(filled) > 1:
        category = filled[0]
    a = Assignment()
    deadline_cell = number = ""
    for c, role in roles.items():
        if c >= len(cells) or not cells[c]:
            continue
        if role == "index":
            number = cells[c]
        elif role in UNIT_ROLES:
            inline = _parse_inline(cells[c], jurisdiction) if INLINE_ROLE.search(cells[c]) else None
            if inline is not None and role == Role.RESPONSIBLE:
                a.merge(inline)
                continue
            units = split_units(cells[c], jurisdiction)
            target = a.of(role)
            target.extend(u for u in units if u not in target)
        elif role == DEADLINE:
            deadline_cell = cells[c]
    if not a.units():
        return None, category
    deadlines = tuple(find_deadlines(deadline_cell, year)) if deadline_cell else tuple(find_deadlines(text, year))
    path = (passage.clause_path if passage else table.clause_path) + ((category,) if category else ())
    ob = Obligation(
        passage_seq=passage.seq if passage else -1,
        text=text,
        pages=passage.pages if passage else table.pages,
        clause_path=path,
        lead=tuple(a.lead),
        co=tuple(a.co),
        responsible=tuple(a.responsible),
        deadlines=deadlines,
        source="table",
        number=number,
    )
    return ob, category
