"""Who must do what: responsibility notes after tasks, "牵头单位：" block lines, task-assignment
tables and prose subjects ("领导小组办公室要加强统筹协调").

Forms read (each seen in a real plan):
  （省生态环境厅牵头，省住房城乡建设厅、省农业农村厅等参与）          山东 13
  〔牵头单位：市生态环境局；配合单位：市发展改革委…〕  （市…等按职责分工负责）  德州 15
  （责任单位：市发展改革委、市经济信息化委…）                       上海 03
  （责任单位：市生态环境局，市委组织部，各区、市政府）                青岛 19
  重点任务分工表 | 序号 | 重点任务 | | 主要负责单位 |                  珠海 (seed 002)
A note applies to the task text before it, back to the previous note or the start of the item.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from ..models import Document, Obligation, Passage, Table
from .deadlines import doc_year_of, find_deadlines
from .departments import (
    clean_unit_text,
    is_generic,
    is_unit_name,
    level_of,
    place_stem,
    registry,
    split_top_level,
    split_units,
    stands_alone,
)

log = logging.getLogger(__name__)

OPEN_TO_CLOSE = {"（": "）", "(": ")", "〔": "〕", "［": "］", "[": "]", "【": "】"}
# A role keyword opening part of a note: "牵头单位：市生态环境局" / "配合单位：…" / "完成时限：2025年底"
ROLE_KEY = re.compile(
    r"(主要责任单位|主要负责单位|牵头单位|牵头部门|主办单位|责任单位|责任部门|负责单位|实施单位|"
    r"配合单位|配合部门|参与单位|参与部门|协办单位|协同单位|完成时限|完成时间|时间节点|时限要求|时限)\s*[:：]"
)
# Role words closing a list inside a note: "省生态环境厅牵头" / "…等参与" / "…等按职责分工负责"
INLINE_ROLE = re.compile(
    r"(牵头负责|牵头|等?按照?职责分工负责|按职责负责|分别负责|共同负责|负责落实|具体负责|负责|"
    r"等?参与|等?配合|协助|落实)(?=$|[，,；;。、\s])"
)
# A task starts with an item number (1. / （一） / 一是) or a short lead sentence
# ("强化入海排污口溯源整治与规范管理。" — 山东 13 p.9).
ITEM_START = re.compile(
    r"^(\d{1,2}\s*[.．、](?!\d)|[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]+[、．.]|"
    r"第[一二三四五六七八九十百\d]+[条章节]|[①-⑳]|[一二三四五六七八九十]是)"
)
LEAD_SENTENCE = re.compile(r"^[^，,。；;：:！？]{3,30}[。：:]")
# A box ("专栏 1：入海排污口分类整治与监管") interrupts a run of task text
BOX_TITLE = re.compile(r"^\s*专栏\s*\d*")
# A whole passage that is a block line: "牵头单位：市发展改革委" (optionally several roles)
BLOCK_LINE = re.compile(r"^\s*(主要责任单位|主要负责单位|牵头单位|牵头部门|责任单位|责任部门|配合单位|参与单位)\s*[:：]")
# A note written as a sentence at the end of a paragraph: "…。责任单位：市发展改革委。"
TRAILING_BLOCK = re.compile(r"(?<=[。；])\s*(?=(牵头单位|牵头部门|责任单位|责任部门)\s*[:：][^。]*。?\s*$)")
# Verbs after a unit that make it the subject of a task: "领导小组办公室要加强…", "X牵头制定…"
# (not the 要 of 要求, the 应 of 应用/应对, the 对 of 对标/对接)
SUBJECT_VERB = re.compile(r"(要(?![求素点件])|应当|应(?![用对急变])|须|必须|负责|牵头|会同|对(?![象标接外照比应]))")
# A prose subject names its level (市…/省…/各区…) or is a short proper name (生态环境部)
MAX_BARE_SUBJECT = 10
# "由市生态环境局负责…" / "由市发展改革委牵头…"
BY_UNIT = re.compile(r"由(?P<units>[^，。；由]{2,60}?)(?P<role>牵头|负责)")
# A sentence about what was done, not a task: "…会同发展改革委…制定了《重点海域综合治理攻坚战行动方案》"
# (了 after a verb; 为了/除了/了解 are not past), "已经启动", "已建成" (but "在已有基础上" and "已建成的设施"
# can be part of a task), and the notice's own issuing ("现予印发", "现印发给你们").
PAST_TENSE = re.compile(
    r"(?<![为除])了(?![解结])|已经|已(?:完成|建成|制定|印发|出台|发布|取得|形成|实现)(?!的)|现予印发|印发给你们")
MAX_TASK_PASSAGES = 6
MAX_TASK_CHARS = 3000


@dataclass
class Assignment:
    """The units a note names, by role, and a deadline it states (完成时限)."""

    lead: list[str] = field(default_factory=list)
    co: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    deadline_text: str = ""

    def units(self) -> list[str]:
        return self.lead + self.co + self.responsible

    def merge(self, other: "Assignment") -> None:
        for name in ("lead", "co", "responsible"):
            mine = getattr(self, name)
            mine.extend(u for u in getattr(other, name) if u not in mine)
        self.deadline_text = self.deadline_text or other.deadline_text


# ---------------------------------------------------------------- notes ----
def find_brackets(text: str) -> list[tuple[int, int, str]]:
    """Top-level bracket groups as (start, end, inside), nesting respected.

    >>> find_brackets("落实。（责任单位：市发展改革委，各区人民政府（管委会））")
    [(3, 28, '责任单位：市发展改革委，各区人民政府（管委会）')]
    """
    out, stack = [], []
    for i, ch in enumerate(text):
        if ch in OPEN_TO_CLOSE:
            stack.append((i, ch))
        elif stack and ch == OPEN_TO_CLOSE[stack[-1][1]]:
            start, _ = stack.pop()
            if not stack:
                out.append((start, i + 1, text[start + 1:i]))
        elif ch in "）)〕］]】" and stack:
            # a mismatched close (OCR "（…〕"): close the group anyway
            start, _ = stack.pop()
            if not stack:
                out.append((start, i + 1, text[start + 1:i]))
    return out


def parse_assignment(note: str, jurisdiction: str = "") -> Assignment | None:
    """The roles a responsibility note assigns, or None when the note is something else.

    >>> a = parse_assignment("省生态环境厅牵头，省住房城乡建设厅、省农业农村厅等参与")
    >>> a.lead, a.co
    (['省生态环境厅'], ['省住房城乡建设厅', '省农业农村厅'])
    >>> parse_assignment("以下简称“两高一低”项目") is None
    True
    """
    note = clean_unit_text(note)
    if not note:
        return None
    keys = list(ROLE_KEY.finditer(note))
    result = Assignment()
    keyed = bool(keys)
    head = note[: keys[0].start()] if keys else note
    if head.strip("，,；;。 "):
        inline = _parse_inline(head, jurisdiction)
        if inline is None:
            if keyed:
                return None
            return _bare_units(note, jurisdiction)
        result.merge(inline)
    for i, key in enumerate(keys):
        end = keys[i + 1].start() if i + 1 < len(keys) else len(note)
        content = note[key.end():end]
        parts = split_top_level(content, "；;。")
        first = parts[0].strip("，, ") if parts else ""
        _apply_key(result, key.group(1), first, jurisdiction)
        for extra in parts[1:]:
            # 〔…；各县（市、区）政府（管委会）负责落实。以下均需…落实，不再一一列出〕
            inline = _parse_inline(extra, jurisdiction)
            if inline is not None:
                result.merge(inline)
    if not result.units():
        return None
    return result


def _apply_key(result: Assignment, key: str, content: str, jurisdiction: str) -> None:
    if key in ("完成时限", "完成时间", "时间节点", "时限要求", "时限"):
        result.deadline_text = content
        return
    if INLINE_ROLE.search(content):
        # 责任单位：市发展改革委牵头，市经济信息化委配合
        inline = _parse_inline(content, jurisdiction)
        if inline is not None:
            if key.startswith(("配合", "参与", "协")):
                inline.co = inline.co + inline.lead + inline.responsible
                inline.lead, inline.responsible = [], []
            result.merge(inline)
            return
    units = [u for u in split_units(content, jurisdiction) if _acceptable(u)]
    if key.startswith(("牵头", "主办")):
        role = "lead"
    elif key.startswith(("配合", "参与", "协")):
        role = "co"
    else:
        role = "responsible"
    target = getattr(result, role)
    target.extend(u for u in units if u not in target)


def _parse_inline(text: str, jurisdiction: str) -> Assignment | None:
    """Role words after unit lists: "A、B牵头，C等参与" → lead A, B; co C. None if not a note."""
    text = text.strip("，,；;。 ")
    matches = list(INLINE_ROLE.finditer(text))
    if not matches:
        return None
    result = Assignment()
    start = 0
    for m in matches:
        units_text = text[start:m.start()].strip("，,；;。、 ")
        start = m.end()
        if not units_text:
            continue
        units = split_units(units_text, jurisdiction)
        if not units or not all(_acceptable(u) for u in units):
            return None
        role = _role_of(m.group(1))
        target = getattr(result, role)
        target.extend(u for u in units if u not in target)
    rest = text[start:].strip("，,；;。、 ")
    if rest:
        units = split_units(rest, jurisdiction)
        if not units or not all(_acceptable(u) for u in units):
            return None
        # "A牵头，B、C" — the units after the lead help
        target = result.co if result.lead else result.responsible
        target.extend(u for u in units if u not in target)
    if not result.units() or all(is_generic(u) for u in result.units()):
        return None
    return result


def _bare_units(note: str, jurisdiction: str) -> Assignment | None:
    # "（市发展改革委、市能源局）": a note of names only, every one a named body with a level
    units = split_units(note, jurisdiction)
    if len(note) > 200 or not units or not all(_named_body(u, jurisdiction) and len(u) >= 4 for u in units):
        return None
    return Assignment(responsible=units)


def _role_of(word: str) -> str:
    if word.startswith("牵头"):
        return "lead"
    if word.lstrip("等").startswith(("参与", "配合", "协助")):
        return "co"
    return "responsible"


def _acceptable(unit: str) -> bool:
    return is_unit_name(unit) or is_generic(unit)


# ----------------------------------------------------------- passages ----
@dataclass
class _Text:
    """A text passage, or several joined when a note was broken over them."""

    seq: int
    text: str
    pages: tuple[int, ...]
    clause_path: tuple[str, ...]
    kind: str
    seqs: tuple[int, ...] = ()  # every passage joined into this one


def _merged_texts(passages: list[Passage]) -> list[_Text]:
    """Passages in order; a text passage with an unclosed bracket is joined with the next ones
    ("（省农业农村厅、" + "省生态环境厅牵头，" + "…等参与）" in 山东 13 p.14)."""
    out: list[_Text] = []
    pending: _Text | None = None
    joined = 0
    for p in passages:
        if pending is not None:
            if p.kind == "text" and p.clause_path == pending.clause_path and joined < 3:
                pending.text += p.text
                pending.pages = tuple(dict.fromkeys(pending.pages + p.pages))
                pending.seqs += (p.seq,)
                joined += 1
                if _open_depth(pending.text) == 0:
                    out.append(pending)
                    pending = None
                continue
            out.append(pending)
            pending = None
        item = _Text(p.seq, p.text, p.pages, p.clause_path, p.kind, (p.seq,))
        if p.kind == "text" and _open_depth(p.text) > 0:
            pending, joined = item, 0
        else:
            out.append(item)
    if pending is not None:
        out.append(pending)
    return out


def _open_depth(text: str) -> int:
    depth = 0
    for ch in text:
        if ch in OPEN_TO_CLOSE:
            depth += 1
        elif ch in "）)〕］]】":
            depth = max(0, depth - 1)
    return depth


def _notes_in(text: str, jurisdiction: str) -> list[tuple[int, int, Assignment]]:
    """Responsibility notes in a passage as (start, end, assignment)."""
    out = []
    for start, end, inner in find_brackets(text):
        a = parse_assignment(inner, jurisdiction)
        if a is None:
            continue
        if not ROLE_KEY.search(inner) and not INLINE_ROLE.search(inner):
            # a bare list of names only counts as a note where a task sentence ends
            before = text[:start].rstrip()
            if before and not before.endswith(("。", "；", "！")):
                continue
        out.append((start, end, a))
    m = TRAILING_BLOCK.search(text)
    if m and not any(s <= m.start() < e for s, e, _ in out):
        a = parse_assignment(text[m.start():].strip().rstrip("。"), jurisdiction)
        if a is not None:
            out.append((m.start(), len(text), a))
    return out


def _starts_task(text: str) -> bool:
    text = text.lstrip()
    return bool(ITEM_START.match(text) or LEAD_SENTENCE.match(text))


def _clean_task(text: str) -> str:
    return re.sub(r"\s+", "", text).strip("，,；;。、 ") + ("。" if text.rstrip().endswith("。") else "")


def note_obligations(doc: Document) -> tuple[list[Obligation], set[int]]:
    """Obligations from notes and block lines; also the seqs of passages they cover."""
    jurisdiction = doc.meta.jurisdiction
    year = doc_year_of(doc.meta.issue_date)
    texts = _merged_texts(doc.passages)
    notes = [(_notes_in(t.text, jurisdiction) if t.kind == "text" else []) for t in texts]
    blocks = [t.kind == "text" and bool(BLOCK_LINE.match(t.text)) for t in texts]
    out: list[Obligation] = []
    covered: set[int] = set()
    for i, t in enumerate(texts):
        if blocks[i]:
            a = parse_assignment(t.text, jurisdiction)
            if a is None:
                continue
            covered.update(t.seqs)
            if i > 0 and blocks[i - 1] and out and out[-1].source == "block":
                out[-1] = _with_more_units(out[-1], a, year)  # 牵头单位 line, then 配合单位 line
                continue
            parts, first = _task_back(texts, notes, blocks, i, "")
            _add(out, covered, texts[first:i + 1], parts, a, year, "block")
            continue
        prev_end = 0
        for start, end, a in notes[i]:
            segment = t.text[prev_end:start]
            if prev_end == 0:
                parts, first = _task_back(texts, notes, blocks, i, segment)
            else:
                parts, first = [segment], i
            prev_end = end
            _add(out, covered, texts[first:i + 1], parts, a, year, "paren")
    return out, covered


def _add(out: list[Obligation], covered: set[int], span: list[_Text], parts: list[str],
         a: Assignment, year: int | None, source: str) -> None:
    text = _clean_task("".join(parts))
    if not text:
        return
    covered.update(seq for t in span for seq in t.seqs)
    start = span[0]
    out.append(Obligation(
        passage_seq=start.seq,
        text=text,
        pages=tuple(dict.fromkeys(p for t in span for p in t.pages)),
        clause_path=start.clause_path,
        lead=tuple(a.lead),
        co=tuple(a.co),
        responsible=tuple(a.responsible),
        deadlines=_deadlines(text, a.deadline_text, year),
        source=source,
    ))


def _deadlines(task: str, note_deadline: str, year: int | None) -> tuple:
    found = find_deadlines(note_deadline, year) if note_deadline else []
    for d in find_deadlines(task, year):
        if all(d.value != f.value for f in found):
            found.append(d)
    return tuple(found)


def _with_more_units(ob: Obligation, a: Assignment, year: int | None) -> Obligation:
    merged = Assignment(list(ob.lead), list(ob.co), list(ob.responsible))
    merged.merge(a)
    deadlines = ob.deadlines
    if a.deadline_text:
        extra = [d for d in find_deadlines(a.deadline_text, year) if all(d.value != o.value for o in deadlines)]
        deadlines = tuple(extra) + tuple(deadlines)
    return Obligation(ob.passage_seq, ob.text, ob.pages, ob.clause_path, tuple(merged.lead), tuple(merged.co),
                      tuple(merged.responsible), deadlines, ob.source)


def _task_back(texts: list[_Text], notes: list, blocks: list[bool], i: int, segment: str) -> tuple[list[str], int]:
    """The task text a note at the start of texts[i] (after `segment`) applies to: back over
    earlier passages of the same clause until a task start, a note, a box or a heading."""
    parts = [segment] if segment else []
    first = i
    here = texts[i]
    j = i
    while not (parts and _starts_task(parts[0])) and i - j < MAX_TASK_PASSAGES:
        if sum(len(p) for p in parts) > MAX_TASK_CHARS or j == 0:
            break
        prev = texts[j - 1]
        if not parts and prev.kind == "heading":
            return [prev.text], j - 1  # a note right under a heading applies to the heading's task
        if prev.kind != "text" or prev.clause_path != here.clause_path or blocks[j - 1] or BOX_TITLE.match(prev.text):
            break
        if notes[j - 1]:
            tail = prev.text[notes[j - 1][-1][1]:]
            if tail.strip("，,；;。 "):
                parts.insert(0, tail)
                first = j - 1
            break
        parts.insert(0, prev.text)
        j -= 1
        first = j
    return parts, first


# -------------------------------------------------------------- tables ----
ROLE_HEADERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("lead", re.compile(r"牵头")),  # 牵头单位
    ("co", re.compile(r"配合|参与|协办|协助|协同")),  # 配合单位
    ("responsible", re.compile(r"责任单位|责任部门|负责单位|负责部门|实施单位|责任主体|主体单位|主办单位|承办单位")),  # 主要负责单位
    ("deadline", re.compile(r"时限|完成时间|时间节点|进度|完成年限")),  # 完成时限
    ("index", re.compile(r"^(序号|编号|序)$")),
)


def table_roles(header: tuple[str, ...]) -> dict[int, str]:
    """Column roles of a task-assignment table header.

    >>> table_roles(("序号", "重点任务", "", "主要负责单位"))
    {0: 'index', 3: 'responsible', 1: 'task', 2: 'task'}
    """
    roles: dict[int, str] = {}
    for c, cell in enumerate(header):
        cell = re.sub(r"\s+", "", cell or "")
        for role, pattern in ROLE_HEADERS:
            if pattern.search(cell):
                roles[c] = role
                break
    if not any(r in ("lead", "co", "responsible") for r in roles.values()):
        return {}
    for c in range(len(header)):
        roles.setdefault(c, "task")
    return roles


def _looks_like_header(row: tuple[str, ...]) -> bool:
    return bool(table_roles(row)) and not any(len(c) > 30 for c in row)


def table_obligations(doc: Document) -> list[Obligation]:
    """One obligation per row of each task-assignment table (重点任务分工表)."""
    jurisdiction = doc.meta.jurisdiction
    year = doc_year_of(doc.meta.issue_date)
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
    cells = [re.sub(r"\s+", "", c or "") for c in row]
    task_cols = [c for c, r in sorted(roles.items()) if r == "task" and c < len(cells)]
    filled = [cells[c] for c in task_cols if cells[c]]
    if not filled:
        return None, category
    text = filled[-1]
    if len(filled) > 1:
        category = filled[0]
    a = Assignment()
    deadline_cell = ""
    for c, role in roles.items():
        if c >= len(cells) or not cells[c]:
            continue
        if role in ("lead", "co", "responsible"):
            inline = _parse_inline(cells[c], jurisdiction) if INLINE_ROLE.search(cells[c]) else None
            if inline is not None and role == "responsible":
                a.merge(inline)
                continue
            units = split_units(cells[c], jurisdiction)
            target = getattr(a, role)
            target.extend(u for u in units if u not in target)
        elif role == "deadline":
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
    )
    return ob, category


# --------------------------------------------------------------- prose ----
def prose_obligations(doc: Document, covered: set[int]) -> list[Obligation]:
    """Obligations whose subject is a named body: "市碳达峰碳中和工作领导小组办公室要加强统筹协调…"."""
    jurisdiction = doc.meta.jurisdiction
    year = doc_year_of(doc.meta.issue_date)
    out: list[Obligation] = []
    for p in doc.passages:
        if p.kind != "text" or p.seq in covered:
            continue
        for sentence in re.findall(r"[^。！？]+[。！？]?", p.text):
            found = _prose_subject(sentence, jurisdiction)
            if found is None or PAST_TENSE.search(found[0]):
                continue
            task, role, units, co = found
            out.append(Obligation(
                passage_seq=p.seq,
                text=task,
                pages=p.pages,
                clause_path=p.clause_path,
                lead=tuple(units) if role == "lead" else (),
                co=tuple(co),
                responsible=tuple(units) if role == "responsible" else (),
                deadlines=tuple(find_deadlines(task, year)),
                source="prose",
            ))
    return out


def _prose_subject(sentence: str, jurisdiction: str):
    """(task text, role, units, co units) for a sentence whose clause opens with named bodies."""
    sentence = re.sub(r"\s+", "", sentence)
    offset = 0
    for clause in re.split(r"(?<=[，；：])", sentence):
        found = _clause_subject(clause, jurisdiction)
        if found is not None:
            role, units, co = found
            return sentence[offset:], role, units, co
        offset += len(clause)
    return None


def _clause_subject(clause: str, jurisdiction: str):
    by = BY_UNIT.match(clause)
    if by:
        units = split_units(by.group("units"), jurisdiction)
        if units and all(is_unit_name(u) for u in units):
            return ("lead" if by.group("role") == "牵头" else "responsible"), units, []
        return None
    for m in SUBJECT_VERB.finditer(clause):
        subject = clause[:m.start()]
        if not subject or len(subject) > 60:
            return None
        units = split_units(subject, jurisdiction)
        if not units or not all(_named_body(u, jurisdiction) for u in units):
            continue
        verb = m.group(1)
        if verb == "牵头":
            return "lead", units, []
        if verb == "会同":
            return "lead", units, _leading_units(clause[m.end():], jurisdiction)
        return "responsible", units, []
    return None


def _named_body(unit: str, jurisdiction: str) -> bool:
    if not is_unit_name(unit):
        return False
    if level_of(unit) or unit.startswith("各") or len(unit) <= MAX_BARE_SUBJECT:
        return True
    return stands_alone(unit, place_stem(jurisdiction))


def _leading_units(text: str, jurisdiction: str) -> list[str]:
    """The named bodies a text opens with: "市发展改革委等有关部门组织专家组…" → ["市发展改革委"]."""
    head = re.split(r"[等，,。；;]", text, maxsplit=1)[0][:60]
    best: list[str] = []
    for k in range(2, len(head) + 1):
        if not head[:k].endswith(registry()["suffixes"]):
            continue
        units = split_units(head[:k], jurisdiction)
        if units and all(is_unit_name(u) for u in units):
            best = units
    return best


def find_obligations(doc: Document) -> list[Obligation]:
    """Every obligation in a document, in reading order."""
    notes, covered = note_obligations(doc)
    tables = table_obligations(doc)
    prose = prose_obligations(doc, covered)
    out = sorted(notes + tables + prose, key=lambda o: o.passage_seq)
    log.debug("%s: %d obligations (%d notes, %d table rows, %d prose)",
              doc.meta.title, len(out), len(notes), len(tables), len(prose))
    return out
