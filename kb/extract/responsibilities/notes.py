"""Responsibility notes after tasks, in brackets or as "牵头单位：…" block lines.

Forms read (each seen in a real plan):
  （省生态环境厅牵头，省住房城乡建设厅、省农业农村厅等参与）          山东 13
  〔牵头单位：市生态环境局；配合单位：市发展改革委…〕  （市…等按职责分工负责）  德州 15
  （责任单位：市发展改革委、市经济信息化委…）                       上海 03
  （责任单位：市生态环境局，市委组织部，各区、市政府）                青岛 19
and block lines: a passage of its own "牵头单位：市发展改革委" (optionally several roles), or a
paragraph's last sentence "…。责任单位：市发展改革委。".
A note applies to the task text before it, back to the previous note or the start of the item.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ...models import Document, Obligation, Passage, Role
from ..deadlines import document_year, find_deadlines
from ..departments import clean_unit_text, split_top_level, split_units
from .roles import (
    BLOCK_LINE,
    DEADLINE,
    INLINE_ROLE,
    LABEL_ROLE,
    ROLE_KEY,
    TRAILING_BLOCK,
    Assignment,
    _acceptable,
    _named_body,
    _parse_inline,
)

OPEN_TO_CLOSE = {"（": "）", "(": ")", "〔": "〕", "［": "］", "[": "]", "【": "】"}
# A task starts with an item number (1. / （一） / 一是) or a short lead sentence
# ("强化入海排污口溯源整治与规范管理。" — 山东 13 p.9).
ITEM_START = re.compile(
    r"^(\d{1,2}\s*[.．、](?!\d)|[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]+[、．.]|"
    r"第[一二三四五六七八九十百\d]+[条章节]|[①-⑳]|[一二三四五六七八九十]是)"
)
LEAD_SENTENCE = re.compile(r"^[^，,。；;：:！？]{3,30}[。：:]")
# A box ("专栏 1：入海排污口分类整治与监管") interrupts a run of task text
BOX_TITLE = re.compile(r"^\s*专栏\s*\d*")
MAX_TASK_PASSAGES = 6
MAX_TASK_CHARS = 3000
# A blanket note: units that carry out every task after it, not named again ("以下均需各县（市、区）政府
# （管委会）落实，不再一一列出" 德州 15 p.15)
BLANKET = re.compile(r"[，,；;。]?以下(?:各项|任务|工作)?(?:均|都|皆)?(?:需|须|由)?(?P<units>.+?)(?:负责)?(?:落实|实施|推进)"
                     r"[，,]?不再(?:一一|逐项)?(?:列出|列举|列明|重复)[。.]?")
# "（排在第一为牵头单位，下同）": the first unit of each list leads ("下同": in the later notes too)
FIRST_LEADS = re.compile(r"[（(]?(?:排|列)?(?:在)?(?:第一|首位|第一位)(?:位|个)?(?:的)?(?:单位)?为牵头单位(?P<onward>[，,]?下同)?[）)]?")


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
    >>> a = parse_assignment("牵头单位：市生态环境局；配合单位：市发展改革委、市工业和信息化局")
    >>> a.lead, a.co
    (['市生态环境局'], ['市发展改革委', '市工业和信息化局'])
    >>> parse_assignment("以下简称“两高一低”项目") is None
    True
    >>> a = parse_assignment("市生态环境局负责，各县（市、区）政府（管委会）负责落实。以下均需各县（市、区）政府（管委会）落实，不再一一列出")
    >>> a.responsible, a.blanket
    (['市生态环境局', '各县（市、区）政府（管委会）'], ['各县（市、区）政府（管委会）'])
    """
    note = clean_unit_text(note)
    blanket: list[str] = []
    m = BLANKET.search(note)
    if m:
        blanket = [u for u in split_units(m.group("units"), jurisdiction) if _acceptable(u)]
        note = note[: m.start()] + note[m.end():]
    first_leads = ""
    m = FIRST_LEADS.search(note)
    if m:
        first_leads = "onward" if m.group("onward") else "here"
        note = note[: m.start()] + note[m.end():]
    result = _parse_note(note.strip("，,；;。 "), jurisdiction)
    if result is None and not blanket:
        return None
    result = result or Assignment()
    result.blanket, result.first_leads = blanket, first_leads
    if first_leads:
        result.first_as_lead()
    return result


def _parse_note(note: str, jurisdiction: str) -> Assignment | None:
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
    if not result.units() and not result.deadline_text:
        return None
    return result


def _apply_key(result: Assignment, key: str, content: str, jurisdiction: str) -> None:
    role = LABEL_ROLE[key]
    if role == DEADLINE:
        result.deadline_text = content
        return
    if INLINE_ROLE.search(content):
        # 责任单位：市发展改革委牵头，市经济信息化委配合
        inline = _parse_inline(content, jurisdiction)
        if inline is not None:
            if role == Role.CO:
                inline.co = inline.co + inline.lead + inline.responsible
                inline.lead, inline.responsible = [], []
            result.merge(inline)
            return
    units = [u for u in split_units(content, jurisdiction) if _acceptable(u)]
    target = result.of(role)
    target.extend(u for u in units if u not in target)


def _bare_units(note: str, jurisdiction: str) -> Assignment | None:
    # "（市发展改革委、市能源局）": a note of names only, every one a named body with a level
    units = split_units(note, jurisdiction)
    if len(note) > 200 or not units or not all(_named_body(u, jurisdiction) and len(u) >= 4 for u in units):
        return None
    return Assignment(responsible=units)


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
    """Obligations from notes and block lines; also the seqs of passages they cover.

    A blanket note ("以下均需各市人民政府落实，不再列出") adds its units to every later task, and
    "（排在第一为牵头单位，下同）" makes the first unit of every later list its lead.
    """
    jurisdiction = doc.meta.jurisdiction
    year = document_year(doc)
    texts = _merged_texts(doc.passages)
    notes = [(_notes_in(t.text, jurisdiction) if t.kind == "text" else []) for t in texts]
    blocks = [t.kind == "text" and bool(BLOCK_LINE.match(t.text)) for t in texts]
    out: list[Obligation] = []
    covered: set[int] = set()
    state = _NoteState()
    for i, t in enumerate(texts):
        if blocks[i]:
            a = parse_assignment(t.text, jurisdiction)
            if a is None:
                continue
            state.apply(a)
            covered.update(t.seqs)
            if i > 0 and blocks[i - 1] and out and out[-1].source == "block":
                out[-1] = _with_more_units(out[-1], a, year)  # 牵头单位 line, then 配合单位 / 完成时限 line
                continue
            if a.units():
                parts, first = _task_back(texts, notes, blocks, i, "")
                _add(out, covered, texts[first:i + 1], parts, a, year, "block", state.blanket)
            state.after(a)
            continue
        prev_end = 0
        for start, end, a in notes[i]:
            state.apply(a)
            segment = t.text[prev_end:start]
            if prev_end == 0:
                parts, first = _task_back(texts, notes, blocks, i, segment)
            else:
                parts, first = [segment], i
            prev_end = end
            if a.units():
                _add(out, covered, texts[first:i + 1], parts, a, year, "paren", state.blanket)
            state.after(a)
    return out, covered


@dataclass
class _NoteState:
    """What earlier notes of a document say about the later ones."""

    blanket: list[str] = field(default_factory=list)  # units every later task carries out
    first_leads: bool = False  # "排在第一为牵头单位，下同"

    def apply(self, a: Assignment) -> None:
        if self.first_leads:
            a.first_as_lead()

    def after(self, a: Assignment) -> None:
        """The note's own conventions hold from the next task on."""
        self.blanket = a.blanket or self.blanket
        self.first_leads = self.first_leads or a.first_leads == "onward"


def _add(out: list[Obligation], covered: set[int], span: list[_Text], parts: list[str],
         a: Assignment, year: int | None, source: str, blanket: list[str] = ()) -> None:
    text = _clean_task("".join(parts))
    if not text:
        return
    covered.update(seq for t in span for seq in t.seqs)
    start = span[0]
    added = tuple(u for u in blanket if u not in a.units())
    out.append(Obligation(
        passage_seq=start.seq,
        text=text,
        pages=tuple(dict.fromkeys(p for t in span for p in t.pages)),
        clause_path=start.clause_path,
        lead=tuple(a.lead),
        co=tuple(a.co),
        responsible=tuple(a.responsible) + added,
        deadlines=_deadlines(text, a.deadline_text, year),
        source=source,
        blanket=added,
    ))


def _deadlines(task: str, note_deadline: str, year: int | None) -> tuple:
    found = find_deadlines(note_deadline, year, labelled=True) if note_deadline else []
    for d in find_deadlines(task, year):
        if all(d.value != f.value for f in found):
            found.append(d)
    return tuple(found)


def _with_more_units(ob: Obligation, a: Assignment, year: int | None) -> Obligation:
    merged = Assignment(list(ob.lead), list(ob.co), list(ob.responsible))
    merged.merge(a)
    deadlines = ob.deadlines
    if a.deadline_text:
        extra = [d for d in find_deadlines(a.deadline_text, year, labelled=True)
                 if all(d.value != o.value for o in deadlines)]
        deadlines = tuple(extra) + tuple(deadlines)
    return replace(ob, lead=tuple(merged.lead), co=tuple(merged.co), responsible=tuple(merged.responsible),
                   deadlines=deadlines)


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
