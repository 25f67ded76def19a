"""How much a passage says, for ranking: tasks and targets above headings, titles and notes.

Short lines win BM25 on length alone (a heading "（三）发展海洋碳汇" holds the query words in few
characters), yet users look for what must be done and by how much. So every passage gets a class
when it is indexed, and the class's factor multiplies its score in both tiers.
"""
from __future__ import annotations

import re

from kb.models import IndexRecord

HEADING, NOTE, TEXT, VALUE_ROW, FACT = range(5)
# Score factor of each class (index = class): a heading or note still ranks, below content.
FACTORS = (0.45, 0.45, 0.8, 1.0, 1.0)

# Lines that annotate rather than say: "注：带*号的为约束性指标", "资料来源：…", "…待科学设定",
# a unit line of its own ("牵头单位：市林业局"), "备注".
NOTE_LINE = re.compile(r"^\s*(注|备注|说明|资料来源|数据来源)\s*\d*\s*[：:]|待科学设定|待定|"
                  r"^\s*[（(〔]?\s*(牵头|配合|责任|参与|主要负责|协办|主办)单位\s*[：:]")
DIGIT = re.compile(r"\d")
SHORT = 12  # a line shorter than this says little by itself ("二、主要任务")


def substance(record: IndexRecord) -> int:
    """The ranking class of a passage.

    >>> from kb.models import IndexRecord as R
    >>> substance(R(1, 1, "text", "牵头单位：市林业局", "", "", "", 1))
    1
    >>> substance(R(1, 2, "table_row", "森林覆盖率 | % | 46 | 48", "", "", "", 1))
    3
    >>> substance(R(1, 3, "heading", "（三）发展海洋碳汇", "", "", "", 1))
    0
    """
    if "obligation" in record.flags or "target" in record.flags:
        return FACT
    if record.kind == "heading" or record.text.strip() == record.title.strip():
        return HEADING
    if NOTE_LINE.search(record.text):
        return NOTE
    if record.kind == "table_row":
        return VALUE_ROW if DIGIT.search(record.text) else NOTE
    return TEXT if len(record.text) >= SHORT else NOTE
