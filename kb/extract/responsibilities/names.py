"""A task's name, as a 重点任务分工表 lists it: its clause heading when the task is the only one
under it ("（二）开展公共机构节能降碳情况调查" → 开展公共机构节能降碳情况调查, 上海 004), else its first
sentence without its clause number and unit notes ("健全绿色发展环境政策体系。…", 德州 15); a row of a
plan's own 分工表 is named by its cell, whole (珠海 002).
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from ...models import Obligation
from ...text import NUMBERING
from .roles import INLINE_ROLE, ROLE_KEY

NAME_MAX = 60  # characters of a task's name; longer first sentences are cut at a comma
# A note inside a task's text naming its units: （市发展改革委牵头，市统计局配合）, （责任单位：…）
ROLE_NOTE = re.compile(r"[（(][^（）()]*[）)]")


def without_numbering(text: str) -> str:
    """Text without the clause number it starts with.

    >>> without_numbering("（二）开展公共机构节能降碳情况调查"), without_numbering("39.强化领导干部培训")
    ('开展公共机构节能降碳情况调查', '强化领导干部培训')
    """
    for _, pattern in NUMBERING:
        found = pattern.match(text)
        if found:
            return text[found.end():].lstrip(" 　.．、")
    return text


def first_sentence(text: str, limit: int = NAME_MAX) -> str:
    """A task's first sentence, without its clause number and unit notes, cut at a comma when long.

    >>> first_sentence("1.大力发展非化石能源。坚持市内、市外并举。")
    '大力发展非化石能源'
    >>> first_sentence("健全绿色发展环境政策体系（市发展改革委牵头）。贯彻执行…")
    '健全绿色发展环境政策体系'
    """
    text = ROLE_NOTE.sub(lambda m: "" if _names_units(m.group(0)[1:-1]) else m.group(0), without_numbering(text.strip()))
    sentence = re.split(r"[。；;！？]", text, maxsplit=1)[0].strip("，, ")
    if len(sentence) <= limit:
        return sentence
    cut = max(sentence.rfind(mark, 0, limit) for mark in "，,、：:")
    return sentence[: cut if cut > limit // 3 else limit] + "…"


def _names_units(note: str) -> bool:
    return bool(ROLE_KEY.search(note) or INLINE_ROLE.search(note))


def named(obligations: Sequence[Obligation]) -> list[Obligation]:
    """The obligations of one document, each with its `name`.

    >>> tasks = [Obligation(0, "围绕公共机构绿色低碳循环发展，采集数据。", (23,), ("二、基础工程", "（二）开展调查")),
    ...          Obligation(1, "领导小组要加强统筹协调。", (25,), ("四、组织实施",)),
    ...          Obligation(2, "成员单位要扎实推进。", (25,), ("四、组织实施",))]
    >>> [o.name for o in named(tasks)]
    ['开展调查', '领导小组要加强统筹协调', '成员单位要扎实推进']
    """
    clauses = Counter(o.clause_path for o in obligations)
    out = []
    for o in obligations:
        heading = without_numbering(o.clause_path[-1]) if o.clause_path else ""
        if o.source == "table":
            name = o.text  # the plan's own 分工表 says it in its words; cut nothing
        elif clauses[o.clause_path] == 1 and 2 <= len(heading) <= NAME_MAX:
            name = heading
        else:
            name = first_sentence(o.text)
        out.append(replace(o, name=name))
    return out
