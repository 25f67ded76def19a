"""Role words, and what the three sources share: the Assignment a note or a table row makes, the
inline reading of "A、B牵头，C等参与", and which names count as units.

Every role-word pattern is built from one table, kb/data/roles.txt, which gives each word its role
(a kb.models.Role, or DEADLINE for a label of the completion time), by where the word is read:
  [label]   before a colon: 〔牵头单位：市生态环境局；配合单位：市发展改革委…〕            德州 15
  [inline]  after a unit list: （省生态环境厅牵头，省住房城乡建设厅、省农业农村厅等参与）  山东 13
  [header]  in a task table's header: 重点任务分工表 | 序号 | 重点任务 | | 主要负责单位 |  珠海 (seed 002)
  [prose]   after a subject: 市碳达峰碳中和工作领导小组办公室要加强统筹协调

>>> [(m.group(1), INLINE_ROLE_OF[m.group(1)].value) for m in INLINE_ROLE.finditer("省生态环境厅牵头，省农业农村厅等参与")]
[('牵头', 'lead'), ('等参与', 'co')]
>>> [(m.group(1), str(LABEL_ROLE[m.group(1)])) for m in ROLE_KEY.finditer("牵头单位：市生态环境局；完成时限：2025年底")]
[('牵头单位', 'lead'), ('完成时限', 'deadline')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...data import role_words
from ...models import Role
from ..departments import is_generic, is_unit_name, level_of, place_stem, split_units, stands_alone

DEADLINE = "deadline"  # 完成时限: labels the note's deadline, names no unit
UNIT_ROLES = tuple(Role)  # lead, co, responsible: one list each in an Assignment
# A prose subject names its level (市…/省…/各区…) or is a short proper name (生态环境部)
MAX_BARE_SUBJECT = 10


@dataclass(frozen=True)
class RoleWord:
    """One row of kb/data/roles.txt."""

    word: str
    role: Role | str  # a Role, or DEADLINE
    flags: tuple[str, ...] = ()

    def flag(self, name: str) -> str | None:
        """The value of flag `name` ("" for a flag without one), or None when it is not set."""
        for f in self.flags:
            key, _, value = f.partition(":")
            if key == name:
                return value
        return None


# The flags each section of roles.txt may give a word
FLAGS = {"label": {"block", "trailing"}, "inline": {"stays"}, "header": set(), "prose": {"by", "with", "not-before"}}


def _read(section: str, deadline: bool = False) -> tuple[RoleWord, ...]:
    """The words of a section of roles.txt; only label and header words may be DEADLINE."""
    out = []
    for word, role, *flags in role_words()[section]:
        if role == DEADLINE and not deadline:
            raise ValueError(f"roles.txt [{section}]: {word} cannot be a deadline word")
        unknown = [f for f in flags if f.partition(":")[0] not in FLAGS[section]]
        if unknown:
            raise ValueError(f"roles.txt [{section}]: {word} has unknown flags {unknown}")
        out.append(RoleWord(word, DEADLINE if role == DEADLINE else Role(role), tuple(flags)))
    return tuple(out)


def _alternatives(words) -> str:
    return "|".join(re.escape(w.word) for w in words)


LABEL_WORDS = _read("label", deadline=True)
INLINE_WORDS = _read("inline")
HEADER_WORDS = _read("header", deadline=True)
PROSE_WORDS = _read("prose")

# The role each label gives the units after it: "主办单位" → lead, "完成时限" → DEADLINE
LABEL_ROLE: dict[str, Role | str] = {w.word: w.role for w in LABEL_WORDS}
INLINE_ROLE_OF: dict[str, Role | str] = {w.word: w.role for w in INLINE_WORDS}
# Responsible words whose units stay responsible when a lead is named ("…，各区政府负责落实")
STAYS = frozenset(w.word for w in INLINE_WORDS if w.flag("stays") is not None)
PROSE_ROLE: dict[str, Role | str] = {w.word: w.role for w in PROSE_WORDS}
# Prose verbs whose object names the co units: "市生态环境局会同市发展改革委…"
WITH_VERBS = frozenset(w.word for w in PROSE_WORDS if w.flag("with") is not None)

# A role keyword opening part of a note: "牵头单位：市生态环境局" / "配合单位：…" / "完成时限：2025年底"
ROLE_KEY = re.compile(rf"({_alternatives(LABEL_WORDS)})\s*[:：]")
# Role words closing a list inside a note: "省生态环境厅牵头" / "…等参与" / "…等按职责分工负责"
INLINE_ROLE = re.compile(rf"({_alternatives(INLINE_WORDS)})(?=$|[，,；;。、\s])")
# A whole passage that is a block line: "牵头单位：市发展改革委" (optionally several roles)
BLOCK_LINE = re.compile(
    rf"^\s*({_alternatives(w for w in LABEL_WORDS if w.flag('block') is not None)})\s*[:：]")
# A note written as a sentence at the end of a paragraph: "…。责任单位：市发展改革委。"
TRAILING_BLOCK = re.compile(
    rf"(?<=[。；])\s*(?=({_alternatives(w for w in LABEL_WORDS if w.flag('trailing') is not None)})"
    r"\s*[:：][^。]*。?\s*$)")
# Column roles of a task table, in the order they are tried: (role, pattern searched in the cell)
HEADER_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (str(role), re.compile(_alternatives(w for w in HEADER_WORDS if w.role == role)))
    for role in dict.fromkeys(w.role for w in HEADER_WORDS)
)
# Verbs after a unit that make it the subject of a task: "领导小组办公室要加强…", "X牵头制定…"
# (not the 要 of 要求, the 应 of 应用/应对, the 对 of 对标/对接)
SUBJECT_VERB = re.compile("(" + "|".join(
    re.escape(w.word) + (f"(?![{re.escape(w.flag('not-before'))}])" if w.flag("not-before") else "")
    for w in PROSE_WORDS) + ")")
# "由市生态环境局负责…" / "由市发展改革委牵头…"
BY_UNIT = re.compile(
    rf"由(?P<units>[^，。；由]{{2,60}}?)(?P<role>{_alternatives(w for w in PROSE_WORDS if w.flag('by') is not None)})")


@dataclass
class Assignment:
    """The units a note names, by role, and a deadline it states (完成时限)."""

    lead: list[str] = field(default_factory=list)
    co: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    deadline_text: str = ""
    # units a blanket note makes responsible for every later task ("以下均需各市人民政府落实，不再列出")
    blanket: list[str] = field(default_factory=list)
    # "（排在第一为牵头单位，下同）": the first unit of a list leads ("here", or "onward" for later notes too)
    first_leads: str = ""

    def units(self) -> list[str]:
        return self.lead + self.co + self.responsible

    def of(self, role: Role | str) -> list[str]:
        """The units in `role` ("lead", "co" or "responsible"): the list itself, to extend."""
        return getattr(self, role)

    def merge(self, other: "Assignment") -> None:
        for role in UNIT_ROLES:
            mine = self.of(role)
            mine.extend(u for u in other.of(role) if u not in mine)
        self.deadline_text = self.deadline_text or other.deadline_text
        self.blanket = self.blanket or other.blanket
        self.first_leads = self.first_leads or other.first_leads

    def first_as_lead(self) -> None:
        """The first responsible unit leads and the others help it: "责任单位：A、B、C（排在第一为
        牵头单位）"."""
        if not self.lead and len(self.responsible) > 1:
            self.lead, self.co, self.responsible = self.responsible[:1], self.co + self.responsible[1:], []


def _parse_inline(text: str, jurisdiction: str) -> Assignment | None:
    """Role words after unit lists: "A、B牵头，C等参与" → lead A, B; co C. None if not a note.

    >>> a = _parse_inline("省交通运输厅、山东海事局牵头，省生态环境厅等参与", "山东省")
    >>> a.lead, a.co
    (['省交通运输厅', '山东海事局'], ['省生态环境厅'])
    >>> a = _parse_inline("市经济信息委牵头，市发展改革委、市财政局等按职责分工负责，各区县政府负责落实", "重庆市")
    >>> a.lead, a.co, a.responsible
    (['市经济信息委'], ['市发展改革委', '市财政局'], ['各区县政府'])
    """
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
        if role == Role.RESPONSIBLE and result.lead and m.group(1) not in STAYS:
            role = Role.CO  # "X牵头，Y等按职责分工负责": Y helps the lead
        target = result.of(role)
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


def _role_of(word: str) -> Role:
    """The role an inline word gives the units before it: "等参与" → co."""
    return INLINE_ROLE_OF[word]


def _acceptable(unit: str) -> bool:
    return is_unit_name(unit) or is_generic(unit)


def _named_body(unit: str, jurisdiction: str) -> bool:
    """A unit that names one body on its own: it has a level, is short, or names its place."""
    if not is_unit_name(unit):
        return False
    if level_of(unit) or unit.startswith("各") or len(unit) <= MAX_BARE_SUBJECT:
        return True
    return stands_alone(unit, place_stem(jurisdiction))
