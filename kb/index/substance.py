"""How much a passage says, for ranking: tasks and targets above headings, titles and notes.

Short lines win BM25 on length alone (a heading "（三）发展海洋碳汇" holds the query words in few
characters), yet users look for what must be done and by how much. So every passage gets a class
when it is indexed, and the class's factor multiplies its score in both tiers.
"""
from __future__ import annotations

import re

from kb.models import IndexRecord

HEADING, NOTE, TEXT, VALUE_ROW, FACT = range(5)
# Score factor of each class (index = class): a heading or note still ranks, below content. The
# factors never fall as the class rises: a server KB ranks a very common word's passages from the
# highest class down (kb.store.search.RANK_POOL).
FACTORS = (0.45, 0.45, 0.8, 1.0, 1.0)
assert list(FACTORS) == sorted(FACTORS), "classes are numbered by substance"

# Lines that annotate rather than say: "注：带*号的为约束性指标", "资料来源：…", "…待科学设定",
# a unit line of its own ("牵头单位：市林业局"), "备注".
NOTE_LINE = re.compile(r"^\s*(注|备注|说明|资料来源|数据来源)\s*\d*\s*[：:]|待科学设定|待定|"
                  r"^\s*[（(〔]?\s*(牵头|配合|责任|参与|主要负责|协办|主办)单位\s*[：:]")
# Who a notice is sent to or signed by, not what it says: "各区（不含洞头区）财政局、住建局：",
# "北京市地方金融监督管理局北京市机关事务管理局" (no sentence, only unit names).
ADDRESS_LINE = re.compile(r"^各.{0,300}[：:]\s*$")
SIGNATURE = re.compile(r"^[^，,。；;：:！？]{0,120}(局|委|厅|部|办|办公室|政府|中心|委员会)\s*$")
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
    >>> substance(R(1, 4, "text", "北京市地方金融监督管理局北京市机关事务管理局", "", "", "", 1))
    1
    """
    if "obligation" in record.flags or "target" in record.flags:
        return FACT
    if record.kind == "heading" or record.text.strip() == record.title.strip():
        return HEADING
    if NOTE_LINE.search(record.text) or ADDRESS_LINE.match(record.text) or SIGNATURE.match(record.text):
        return NOTE
    if record.kind == "table_row":
        return VALUE_ROW if DIGIT.search(record.text) else NOTE
    return TEXT if len(record.text) >= SHORT else NOTE
