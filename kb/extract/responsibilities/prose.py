"""Prose subjects: a sentence whose clause opens with named bodies and a verb that gives them the
task, in passages no note or block line covers.

Forms read (the role each gives):
  市碳达峰碳中和工作领导小组办公室要加强统筹协调…                     responsible
  由市生态环境局负责… / 由市发展改革委牵头…                         responsible / lead
  市生态环境局会同市发展改革委等有关部门组织专家组对申报项目进行评审   lead, co 市发展改革委 (深圳 25)
Sentences about what was done are not tasks: "…制定了《重点海域综合治理攻坚战行动方案》".
"""
from __future__ import annotations

import re

from ...models import Document, Obligation, Role
from ..deadlines import doc_year_of, find_deadlines
from ..departments import is_unit_name, registry, split_units
from .roles import BY_UNIT, PROSE_ROLE, SUBJECT_VERB, WITH_VERBS, _named_body

# A sentence about what was done, not a task: "…会同发展改革委…制定了《重点海域综合治理攻坚战行动方案》"
# (了 after a verb; 为了/除了/了解 are not past), "已经启动", "已建成" (but "在已有基础上" and "已建成的设施"
# can be part of a task), and the notice's own issuing ("现予印发", "现印发给你们").
PAST_TENSE = re.compile(
    r"(?<![为除])了(?![解结])|已经|已(?:完成|建成|制定|印发|出台|发布|取得|形成|实现)(?!的)|现予印发|印发给你们")


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
                lead=tuple(units) if role == Role.LEAD else (),
                co=tuple(co),
                responsible=tuple(units) if role == Role.RESPONSIBLE else (),
                deadlines=tuple(find_deadlines(task, year)),
                source="prose",
            ))
    return out


def _prose_subject(sentence: str, jurisdiction: str):
    """(task text, role, units, co units) for a sentence whose clause opens with named bodies.

    >>> _prose_subject("市生态环境局会同市发展改革委等有关部门组织专家组对申报项目进行评审。", "深圳市")[1:]
    (<Role.LEAD: 'lead'>, ['市生态环境局'], ['市发展改革委'])
    """
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
            return PROSE_ROLE[by.group("role")], units, []
        return None
    for m in SUBJECT_VERB.finditer(clause):
        subject = clause[:m.start()]
        if not subject or len(subject) > 60:
            return None
        units = split_units(subject, jurisdiction)
        if not units or not all(_named_body(u, jurisdiction) for u in units):
            continue
        verb = m.group(1)
        co = _leading_units(clause[m.end():], jurisdiction) if verb in WITH_VERBS else []
        return PROSE_ROLE[verb], units, co
    return None


def _leading_units(text: str, jurisdiction: str) -> list[str]:
    """The named bodies a text opens with: "市发展改革委等有关部门组织专家组…" → ["市发展改革委"].

    >>> _leading_units("市发展改革委等有关部门组织专家组对申报项目进行评审", "深圳市")
    ['市发展改革委']
    """
    head = re.split(r"[等，,。；;]", text, maxsplit=1)[0][:60]
    best: list[str] = []
    for k in range(2, len(head) + 1):
        if not head[:k].endswith(registry()["suffixes"]):
            continue
        units = split_units(head[:k], jurisdiction)
        if units and all(is_unit_name(u) for u in units):
            best = units
    return best
