"""Recall: every string of 1–10 characters that occurs in a passage finds that passage.

Queries are drawn (seeded) from the passages themselves and the search results are compared with
a plain substring scan: no passage containing the query may be missing (recall), and every
result must contain the query (or a department alias of it) once whitespace and punctuation are
ignored (precision, checked with ParsedQuery.matches, a plain scan of folded text).
"""
from __future__ import annotations

import random
from pathlib import Path

import pytest
from conftest import SEEDS, absent

from kb.index import EXACT, IndexRecord, SearchIndex, fold, parse_query

# Self-made passages: numbers with spaces, percentages, Latin, full-width forms, punctuation.
SMALL_SET = [
    "到 2025 年，单位地区生产总值能源消耗比 2020 年下降 14.5%，非化石能源消费比重达到 30% 以上。",
    "工业和信息化部、生态环境部等七部委联合印发《减污降碳协同增效实施方案》。",
    "新建大型、超大型数据中心电能利用效率（PUE）不高于 1.3，推进 CCUS 技术示范。",
    "“十四五”期间，市发展改革局牵头，市生态环境局、市工业和信息化局按职责分工负责。",
    "全市新能源汽车保有量达到 ２０ 万辆，建成充电桩 1.5 万个；公交车 100% 电动化。",
    "到2030年前实现碳达峰，单位ＧＤＰ二氧化碳排放比2005年下降65%以上。",
    "加强入海排污口排查整治，近岸海域水质优良（一、二类）比例达到 85% 左右。",
    "推广光伏建筑一体化（BIPV），新建公共建筑屋顶光伏覆盖率力争达到 50%。",
    "严格控制煤炭消费，“煤改气”工作成果全面巩固，供热锅炉逐步淘汰。",
    "责任单位：市住房和城乡建设局、市交通运输局、市机关事务管理局。",
    "和",
    "A",
]


def whitespace_normalised(line: str) -> str:
    return " ".join(line.split())


def seed_passages() -> list[str]:
    """Every non-empty line of the real seed texts 001–004 as one passage."""
    passages = []
    for path in sorted(SEEDS.glob("00[1-4]_*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                passages.append(whitespace_normalised(line))
    return passages


def draw_queries(passages: list[str], count: int, seed: int) -> list[str]:
    """`count` substrings of 1–10 characters from random passages, each with something searchable."""
    rng = random.Random(seed)
    queries: list[str] = []
    while len(queries) < count:
        passage = rng.choice(passages)
        length = rng.randint(1, min(10, len(passage)))
        start = rng.randrange(len(passage) - length + 1)
        query = passage[start:start + length]
        if fold(query) and query.strip() == query:
            queries.append(query)
    return queries


def as_typed(query: str) -> str:
    """How a user would type the string so that it means itself: quoted when it contains
    spaces, starts with "-" or is an operator; unquoted otherwise."""
    if any(c.isspace() for c in query) or query.startswith("-") or query in ("OR", "|"):
        return f'"{query}"'
    return query


def build(tmp_path: Path, passages: list[str]) -> SearchIndex:
    index = SearchIndex(tmp_path)
    records = [IndexRecord(doc_id=1 + i // 100, passage_id=i, kind="text", text=text, title=f"文件{1 + i // 100}",
                           file="seed.txt", clause="", page=1) for i, text in enumerate(passages)]
    index.rebuild(records)
    return index


def check_recall(index: SearchIndex, passages: list[str], queries: list[str]) -> list[str]:
    """Problems found: queries whose results differ from the substring scan."""
    folded = [fold(p) for p in passages]
    problems = []
    for query in queries:
        if '"' in query:
            continue  # cannot be typed as a phrase of itself
        got = {passage_id for _, passage_id in index.passage_ids(as_typed(query))}
        raw = {i for i, p in enumerate(passages) if query in p}
        parsed = parse_query(as_typed(query))
        expected = {i for i, p in enumerate(folded) if parsed.matches_folded(p)}
        if not raw <= got:
            problems.append(f"{query!r}: missed passages {sorted(raw - got)[:5]}")
        elif got != expected:
            problems.append(f"{query!r}: wrong passages {sorted(got ^ expected)[:5]}")
    return problems


def test_every_substring_of_the_small_set_is_found(tmp_path):
    with build(tmp_path, SMALL_SET) as index:
        queries = draw_queries(SMALL_SET, 400, seed=1)
        queries += ["14.5%", "2025年", "PUE", "pue", "CCUS", "和", "A", "20万辆", "１．５万个", "ＧＤＰ"]
        assert check_recall(index, SMALL_SET, queries) == []
        # search()'s exact tier holds the same passages as passage_ids(), ranked, before any related hit
        for query in queries[:40]:
            hits = index.search(as_typed(query), limit=None)
            exact = [h.passage_id for h in hits if h.tier == EXACT]
            assert set(exact) == {p for _, p in index.passage_ids(as_typed(query))}
            assert [h.tier for h in hits[:len(exact)]] == [EXACT] * len(exact)


def test_aliases_widen_without_losing_recall(tmp_path):
    with build(tmp_path, SMALL_SET) as index:
        got = {p for _, p in index.passage_ids("发改委")}
        assert got == {i for i, text in enumerate(SMALL_SET) if "发展改革局" in text}


@pytest.mark.skipif(not SEEDS.is_dir(), reason=absent(SEEDS))
def test_every_substring_of_the_seed_texts_is_found(tmp_path):
    passages = seed_passages()
    assert len(passages) > 1000
    with build(tmp_path, passages) as index:
        queries = draw_queries(passages, 600, seed=20240601)
        queries += ["14.5%", "2025年", "PUE", "CCUS", "工业和信息化部", "生态环境", "生态环境局", "碳达峰",
                    "减污降碳", "市发展改革局", "和", "%", "V类"]
        assert check_recall(index, passages, queries) == []
