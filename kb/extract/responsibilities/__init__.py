"""Who must do what: responsibility notes after tasks, "牵头单位：" block lines, task-assignment
tables and prose subjects ("领导小组办公室要加强统筹协调"), one module per source:

  notes.py   （省生态环境厅牵头，省住房城乡建设厅、省农业农村厅等参与）          山东 13
             〔牵头单位：市生态环境局；配合单位：市发展改革委…〕  （市…等按职责分工负责）  德州 15
             （责任单位：市发展改革委、市经济信息化委…）                       上海 03
             （责任单位：市生态环境局，市委组织部，各区、市政府）                青岛 19
  tables.py  重点任务分工表 | 序号 | 重点任务 | | 主要负责单位 |                  珠海 (seed 002)
  prose.py   市碳达峰碳中和工作领导小组办公室要加强统筹协调…
  roles.py   the role words of all three (kb/data/roles.txt) and what they share
  names.py   each task's name, as a 分工表 lists it (its heading, or its first sentence)
A note applies to the task text before it, back to the previous note or the start of the item.
"""
from __future__ import annotations

import logging

from ...models import Document, Obligation
from .names import named
from .notes import find_brackets, note_obligations, parse_assignment
from .prose import prose_obligations
from .roles import Assignment
from .tables import table_obligations, table_roles

__all__ = [
    "Assignment",
    "find_brackets",
    "find_obligations",
    "note_obligations",
    "parse_assignment",
    "prose_obligations",
    "table_obligations",
    "table_roles",
]

log = logging.getLogger(__name__)


def find_obligations(doc: Document) -> list[Obligation]:
    """Every obligation in a document, in reading order: notes and block lines, task-table rows,
    then prose subjects of the passages no note covers."""
    notes, covered = note_obligations(doc)
    tables = table_obligations(doc)
    prose = prose_obligations(doc, covered)
    out = named(sorted(notes + tables + prose, key=lambda o: o.passage_seq))
    log.debug("%s: %d obligations (%d notes, %d table rows, %d prose)",
              doc.meta.title, len(out), len(notes), len(tables), len(prose))
    return out
