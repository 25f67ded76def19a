"""kb.index: search behaviour a user notices, on a real Whoosh index in tmp_path."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kb.index import EXACT, RELATED, IndexRecord, SearchIndex

ROOT = Path(__file__).resolve().parents[1]

ZHUHAI = "珠海市碳达峰实施方案"
SHENZHEN = "深圳市减污降碳协同增效实施方案"


def record(doc_id: int, passage_id: int, text: str, **extra) -> IndexRecord:
    """A passage record with the title of its document (1 = Zhuhai plan, else Shenzhen plan)."""
    title = ZHUHAI if doc_id == 1 else SHENZHEN
    fields = dict(kind="text", title=title, file=f"{doc_id}.pdf", clause="二、重点任务", page=passage_id + 1)
    fields.update(extra)
    return IndexRecord(doc_id=doc_id, passage_id=passage_id, text=text, **fields)


ZHUHAI_PASSAGES = [
    record(1, 0, "到 2025 年，单位地区生产总值能源消耗比 2020 年下降 14.5%。", kind="text", flags=("target",),
           jurisdiction="珠海市", year=2023, deadline_years=(2025,)),
    record(1, 1, "推进碳达峰实施方案落地。（市发展改革局牵头，市生态环境局配合）", flags=("obligation",),
           jurisdiction="珠海市", year=2023, departments=("市发展改革局", "市生态环境局")),
    record(1, 2, "新建数据中心PUE不高于1.3，开展CCUS示范。", jurisdiction="珠海市", year=2023),
    record(1, 3, "单位GDP能耗下降145%的说法有误。", jurisdiction="珠海市", year=2023),
    record(1, 4, "市工业和信息化局 | 2025年底前 | 完成", kind="table_row", jurisdiction="珠海市", year=2023,
           departments=("市工业和信息化局",), deadline_years=(2025,)),
]
SHENZHEN_PASSAGES = [
    record(2, 0, "落实工业和信息化部等部门要求，协同推进减污降碳。", jurisdiction="深圳市", year=2022),
    record(2, 1, "生态环境部门加强监测，环境质量持续改善，局部地区试点。", jurisdiction="深圳市", year=2022),
    record(2, 2, "国家发展和改革委员会印发碳达峰行动方案，各地制定实施方案。", jurisdiction="深圳市", year=2022,
           departments=("国家发展和改革委员会",)),
    record(2, 3, "光伏发电和海上风电加快发展。", jurisdiction="深圳市", year=2022, deadline_years=(2030,)),
    record(2, 4, "住房和城乡建设局推动绿色建筑实施方案，碳达峰目标写入实施方案。", jurisdiction="深圳市", year=2022,
           flags=("obligation",), departments=("市住房和城乡建设局",)),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> SearchIndex:
    built = SearchIndex(tmp_path_factory.mktemp("index"))
    built.replace_document(1, ZHUHAI_PASSAGES)
    built.replace_document(2, SHENZHEN_PASSAGES)
    yield built
    built.close()


def found(index: SearchIndex, query: str, **filters) -> list[tuple[int, int]]:
    """The exact tier: passages containing the words as typed (or department aliases)."""
    return [(hit.doc_id, hit.passage_id) for hit in index.search(query, limit=None, exact=True, **filters)]


# ----------------------------------------------------------------- matching ----
def test_phrase_with_he_is_found_exactly(index):
    """jieba's ChineseAnalyzer drops 和 as a stop word; ours must match 工业和信息化部 as written."""
    assert found(index, "工业和信息化部") == [(2, 0)]
    assert found(index, '"工业和信息化部"') == [(2, 0)]


def test_sub_word_inside_longer_word_is_found(index):
    """生态环境 must be found inside 生态环境局 and 生态环境部门, whatever jieba makes of them."""
    assert sorted(found(index, "生态环境")) == [(1, 1), (2, 1)]


def test_unquoted_word_matches_only_as_contiguous_string(index):
    """生态环境局 must not match a passage that has 生态环境 … 局 apart."""
    assert found(index, "生态环境局") == [(1, 1)]


def test_single_character_query(index):
    assert sorted(found(index, "局")) == [(1, 1), (1, 4), (2, 1), (2, 4)]


def test_numbers_percent_and_spaces_inside_numbers(index):
    assert sorted(found(index, "2025年")) == [(1, 0), (1, 4)]  # (1, 0) says "到 2025 年"
    assert found(index, "14.5%") == [(1, 0)]
    assert found(index, "145%") == [(1, 3)]  # the decimal point matters
    assert found(index, "１４．５％") == [(1, 0)]  # full-width input


def test_latin_is_case_insensitive(index):
    assert found(index, "pue") == found(index, "PUE") == found(index, "ＰＵＥ") == [(1, 2)]
    assert found(index, "CCUS示范") == [(1, 2)]


def test_punctuation_in_query_is_ignored(index):
    assert found(index, "（市发展改革局牵头，") == [(1, 1)]
    assert found(index, "，。") == []  # nothing searchable left


# ----------------------------------------------------------- query language ----
def test_words_separated_by_spaces_must_all_occur(index):
    assert sorted(found(index, "碳达峰 实施方案")) == [(1, 1), (2, 2), (2, 4)]
    assert found(index, "碳达峰 光伏") == []


def test_or_and_exclusion(index):
    assert sorted(found(index, "光伏 OR 数据中心")) == [(1, 2), (2, 3)]
    assert sorted(found(index, "碳达峰 -住房")) == [(1, 1), (2, 2)]
    assert sorted(found(index, '实施方案 -"碳达峰行动"')) == [(1, 1), (2, 4)]


def test_quoted_phrase_joins_words_across_spaces(index):
    assert found(index, '"海上 风电"') == [(2, 3)]
    assert found(index, "海上 风电") == [(2, 3)]
    assert found(index, '"风电 海上"') == []


# ------------------------------------------------------------------ aliases ----
def test_department_alias_finds_every_spelling(index):
    assert sorted(found(index, "发改委")) == [(1, 1), (2, 2)]  # 市发展改革局, 发展和改革委员会
    assert found(index, "住建局") == [(2, 4)]  # 住房和城乡建设局


def test_quoted_phrase_has_no_aliases(index):
    assert found(index, '"发改委"') == []


# ------------------------------------------------------------------ ranking ----
def test_exact_phrase_ranks_above_scattered_words(index):
    """(1, 1) has 碳达峰实施方案 side by side; the others have the two words apart, and (2, 4)
    says 实施方案 twice — it must still rank below."""
    hits = index.search("碳达峰 实施方案")
    assert (hits[0].doc_id, hits[0].passage_id) == (1, 1)
    assert len(hits) == 3


def test_limit(index):
    assert len(index.search("方案", limit=2)) == 2
    assert index.count("方案") == len(index.search("方案", limit=None)) == 3
    assert index.passage_ids("方案") == {(1, 1), (2, 2), (2, 4)}


# ----------------------------------------------------------------- snippets ----
def test_hit_carries_citation_and_highlight(index):
    hit = index.search("2025年", kind="target")[0]
    assert (hit.title, hit.file, hit.page, hit.clause, hit.kind) == (ZHUHAI, "1.pdf", 1, "二、重点任务", "text")
    assert [hit.text[start:end] for start, end in hit.spans] == ["2025 年"]
    assert hit.snippet == "到 【2025 年】，单位地区生产总值能源消耗比 2020 年下降 14.5%。"


def test_alias_hit_is_highlighted_as_written(index):
    hit = index.search("发改委", doc=2)[0]
    assert [hit.text[s:e] for s, e in hit.spans] == ["发展和改革委员会"]
    assert hit.snippet_html() == "国家<b>发展和改革委员会</b>印发碳达峰行动方案，各地制定实施方案。"


def test_long_passage_snippet_is_an_excerpt_around_the_hit(tmp_path):
    text = "前言。" * 60 + "推进减污降碳协同增效。" + "结语。" * 60
    with SearchIndex(tmp_path) as index:
        index.replace_document(7, [record(7, 0, text)])
        hit = index.search("减污降碳")[0]
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert "推进【减污降碳】协同增效" in hit.snippet
    assert len(hit.snippet) < 100


def test_html_snippet_escapes_text(tmp_path):
    with SearchIndex(tmp_path) as index:
        index.replace_document(3, [record(3, 0, "指标<PUE>≤1.25")])
        assert index.search("PUE")[0].snippet_html() == "指标&lt;<b>PUE</b>&gt;≤1.25"


# ------------------------------------------------------------------ filters ----
def test_document_filter_by_one_id_or_several(index):
    # the index knows documents by id; references (titles, file names, 文号) are resolved by the store
    assert found(index, "实施方案", doc=1) == [(1, 1)]
    assert sorted(found(index, "实施方案", doc=[2])) == [(2, 2), (2, 4)]
    assert sorted(found(index, "实施方案", doc=[1, 2])) == [(1, 1), (2, 2), (2, 4)]
    assert found(index, "实施方案", doc=[]) == []


def test_jurisdiction_year_and_deadline_filters(index):
    assert found(index, "碳达峰", jurisdiction="珠海市") == [(1, 1)]
    assert sorted(found(index, "碳达峰", year=2022)) == [(2, 2), (2, 4)]
    assert sorted(found(index, "2025", deadline_year=2025)) == [(1, 0), (1, 4)]
    assert found(index, "风电", deadline_year=2025) == []


def test_department_filter_understands_aliases_and_prefixes(index):
    assert sorted(found(index, "碳达峰", department="发改委")) == [(1, 1), (2, 2)]
    assert found(index, "2025", department="工信局") == [(1, 4)]
    assert found(index, "碳达峰", department="住建局") == [(2, 4)]


def test_kind_filter_takes_kinds_and_flags(index):
    assert found(index, "2025", kind="table_row") == [(1, 4)]
    assert found(index, "2025", kind="target") == [(1, 0)]
    assert sorted(found(index, "碳达峰", kind="obligation")) == [(1, 1), (2, 4)]
    assert sorted(found(index, "2025", kind=["target", "table_row"])) == [(1, 0), (1, 4)]
    assert index.count("碳达峰", kind="obligation") == 2


# -------------------------------------------------------------- keeping sync ----
def test_replace_and_remove_document(tmp_path):
    with SearchIndex(tmp_path) as index:
        index.replace_document(1, ZHUHAI_PASSAGES)
        index.replace_document(1, [record(1, 0, "修订后：到2030年前实现碳达峰。")])
        assert found(index, "碳达峰") == [(1, 0)]
        assert found(index, "14.5%") == []
        index.remove_document(1)
        assert found(index, "碳达峰") == []
        assert index.doc_count() == 0


def test_failed_replace_keeps_previous_passages(tmp_path):
    def records_then_failure():
        yield record(1, 0, "新的第一段：氢能产业。")
        raise OSError("数据库读取失败")

    with SearchIndex(tmp_path) as index:
        index.replace_document(1, ZHUHAI_PASSAGES)
        with pytest.raises(OSError):
            index.replace_document(1, records_then_failure())
        with pytest.raises(ValueError):
            index.replace_document(1, [record(2, 0, "别的文件的段落")])
        assert found(index, "氢能") == [] and found(index, "别的文件") == []
        assert found(index, "14.5%") == [(1, 0)]
        assert index.doc_count() == len(ZHUHAI_PASSAGES)


def test_rebuild_replaces_everything_and_reports_progress(tmp_path):
    calls = []
    with SearchIndex(tmp_path) as index:
        index.replace_document(9, [record(9, 0, "旧索引里的段落")])
        many = [record(1 + i // 400, i % 400, f"第{i}段：推进节能降碳。") for i in range(1200)]
        assert index.rebuild(many, on_progress=lambda *args: calls.append(args)) == 1200
        assert found(index, "旧索引") == []
        assert index.count("节能降碳") == 1200
        assert found(index, "第1199段") == [(3, 399)]
    assert [done for done, _, _ in calls] == [500, 1000, 1200]
    assert all(total == 1200 for _, total, _ in calls)


def test_failed_rebuild_keeps_old_index(tmp_path):
    def broken():
        yield record(1, 0, "新内容")
        raise RuntimeError("interrupted")

    with SearchIndex(tmp_path) as index:
        index.replace_document(1, ZHUHAI_PASSAGES)
        with pytest.raises(RuntimeError):
            index.rebuild(broken())
        assert found(index, "14.5%") == [(1, 0)]
        assert found(index, "新内容") == []


def test_index_persists_between_openings(tmp_path):
    with SearchIndex(tmp_path) as index:
        assert index.needs_rebuild  # nothing there yet
        index.rebuild(ZHUHAI_PASSAGES)
        assert not index.needs_rebuild
    with SearchIndex(tmp_path) as reopened:
        assert not reopened.needs_rebuild
        assert found(reopened, "CCUS") == [(1, 2)]


def test_an_index_read_in_place_answers_as_one_copied_into_memory(tmp_path, monkeypatch):
    """Segments are read from their memory map (kb.index.mapped), not copied whole into the
    process at every open as Whoosh does: every record and every answer stays the same."""
    from whoosh.filedb import compound
    from whoosh.filedb.structfile import BufferFile

    from kb.index.mapped import MappedBufferFile

    with SearchIndex(tmp_path) as index:
        index.replace_document(1, ZHUHAI_PASSAGES)
        index.replace_document(2, SHENZHEN_PASSAGES)  # two segments, many files in each
    queries = ["碳达峰", "发改委", "生态环境 监测", "14.5%", "光伏 OR 风电", "如何推进减污降碳"]

    def answers() -> tuple[list, list]:
        with SearchIndex(tmp_path) as index:
            hits = [[(h.doc_id, h.passage_id, h.score, h.tier) for h in index.search(q, limit=None)] for q in queries]
            with index._index.searcher() as searcher:
                records = sorted(tuple(sorted(fields.items())) for fields in searcher.all_stored_fields())
        return hits, records

    assert compound.BufferFile is MappedBufferFile
    in_place = answers()
    monkeypatch.setattr(compound, "BufferFile", BufferFile)  # Whoosh's own: a copy of every file
    copied = answers()
    assert in_place == copied and all(in_place[0]) and len(in_place[1]) == 10


def test_the_texts_search_matches_on_are_the_ones_whoosh_reads(tmp_path):
    """The folded texts and substance classes are read a column at a time, not a value at a time
    through Whoosh's reader: every segment (one with a deleted document, one added after it, one
    holding non-BMP characters) gives what Whoosh's own reader gives."""
    from kb.index.engine import FOLDED, SUBSTANCE, SegmentTexts

    with SearchIndex(tmp_path) as index:
        index.replace_document(1, ZHUHAI_PASSAGES)
        index.replace_document(2, SHENZHEN_PASSAGES)
        index.replace_document(3, [record(3, 0, "𠀀𪚥字与全角ＧＤＰ１４．５％"), record(3, 1, "")])
        index.remove_document(1)
        with index._index.searcher() as searcher:
            leaves = [leaf for leaf, _ in searcher.reader().leaf_readers()]
            assert len(leaves) >= 2 and any(leaf.has_deletions() for leaf in leaves)
            for leaf in leaves:
                read = SegmentTexts(leaf)
                texts = [v.decode("utf-16-le") for v in leaf.column_reader(FOLDED)]
                assert read.texts(leaf) == texts and read.texts(leaf)
                assert read.lengths == [len(text.encode("utf-16-le")) // 2 for text in texts]
                assert read.substance == list(leaf.column_reader(SUBSTANCE)) and any(read.substance)
        assert found(index, "𪚥字") == [(3, 0)] and found(index, "gdp14.5%") == [(3, 0)]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a second writing process is forked on Linux only")
def test_an_update_written_by_two_processes_holds_what_one_writes(tmp_path, monkeypatch):
    """The last batch of an ingest is written half by a forked helper (kb.index.apart): the index
    then holds the same passages, in the same order, and answers the same; and if the helper fails,
    the update fails whole and the index keeps what it held."""
    from kb.index import apart

    monkeypatch.setattr(apart, "MIN_RECORDS", 2)  # these documents are few
    queries = ["碳达峰", "发改委", "生态环境 监测", "实施方案", "如何推进减污降碳"]

    def built(folder: Path, split: bool) -> tuple[list, list, dict]:
        with SearchIndex(folder) as index:
            index.update(added={1: ZHUHAI_PASSAGES[:2]}, versions={1: "a"}, merge=False)
            index.update(added={1: ZHUHAI_PASSAGES, 2: SHENZHEN_PASSAGES}, versions={1: "b", 2: "a"}, split=split)
            hits = [[(h.doc_id, h.passage_id, h.score, h.tier) for h in index.search(q, limit=None)] for q in queries]
            with index._index.searcher() as searcher:
                records = [tuple(sorted(fields.items())) for fields in searcher.all_stored_fields()]
            assert index.leftovers() == []
            return hits, records, index.versions()

    one, two = built(tmp_path / "one", split=False), built(tmp_path / "two", split=True)
    assert two == one and all(one[0]) and one[2] == {1: "b", 2: "a"}
    assert len(list((tmp_path / "two").glob("*.seg"))) > len(list((tmp_path / "one").glob("*.seg")))

    parent, write_segment = os.getpid(), apart.segment_of

    def failing_in_the_helper(*args, **kwargs):
        if os.getpid() != parent:
            raise MemoryError("the helper ran out of memory")
        return write_segment(*args, **kwargs)

    monkeypatch.setattr(apart, "segment_of", failing_in_the_helper)
    with SearchIndex(tmp_path / "two") as index:
        with pytest.raises(OSError):
            index.update(added={2: SHENZHEN_PASSAGES[:1]}, versions={2: "b"}, split=True)
    with SearchIndex(tmp_path / "two") as index:  # as it was: the update did not happen at all
        assert index.versions() == {1: "b", 2: "a"} and index.leftovers() == []
        assert [(h.doc_id, h.passage_id, h.score, h.tier) for h in index.search(queries[0], limit=None)] == one[0][0]


@pytest.mark.parametrize("damage", ["toc", "segment"])
def test_corrupt_index_is_recreated_empty_and_asks_for_rebuild(tmp_path, damage):
    with SearchIndex(tmp_path) as index:
        index.rebuild(ZHUHAI_PASSAGES)
    (tmp_path / "notes.txt").write_text("not ours", encoding="utf-8")
    pattern = "_policykb*.toc" if damage == "toc" else "policykb*.seg"
    for path in tmp_path.glob(pattern):
        path.write_bytes(b"\x00garbage" * 10)

    with SearchIndex(tmp_path) as index:
        assert index.needs_rebuild
        assert "unreadable" in index.problem
        assert index.search("CCUS") == []
        index.rebuild(ZHUHAI_PASSAGES)
        assert found(index, "CCUS") == [(1, 2)]
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "not ours"


def test_jieba_loads_lazily_and_quietly(tmp_path):
    """Opening and counting must not load jieba (about a second); searching loads it without
    printing jieba's 'Building prefix dict' chatter."""
    script = f"""
import sys
from pathlib import Path
from kb.index import SearchIndex, IndexRecord
index = SearchIndex(Path({str(tmp_path)!r}))
index.count("碳达峰")
print("jieba loaded after open:", "jieba" in sys.modules)
index.replace_document(1, [IndexRecord(1, 0, "text", "推进碳达峰", "t", "f", "", 1)])
print(index.search("碳达峰")[0].passage_id)
"""
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                         encoding="utf-8", timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["jieba loaded after open: False", "0"]
    assert "prefix dict" not in run.stderr and "Loading model" not in run.stderr


# ------------------------------------------------------- two tiers (issue 13) ----
PLAN = "某省碳达峰实施方案"
TYPED = [  # what users type finds passages written otherwise, after the exact ones
    ("2025年底前", "到2025年年底前，完成全部燃煤锅炉淘汰。"),
    ("2025年年底前", "2025年底前完成黄河流域排污口排查。"),
    ("单位GDP能耗 下降", "到2025年，单位地区生产总值能源消耗比2020年下降14%。"),
    ("VOCs 治理", "深入开展重点行业挥发性有机物综合治理。"),
    ("住建局 绿色建筑", "省住房城乡建设厅负责推动新建建筑执行绿色建筑标准。"),
    ("国管局", "国家机关事务管理局组织开展公共机构节能宣传周活动。"),
    ("市机管局", "推进党政机关屋顶光伏建设。（责任单位：市、区机管局）"),
    ("如何发展海洋碳汇", "实施滨海湿地修复，提升海洋碳汇能力。"),
    ("公交车出租车全部使用新能源汽车", "新增及更新的公交车、巡游出租车原则上全部使用新能源汽车。"),
]


@pytest.fixture(scope="module")
def typed_index(tmp_path_factory) -> SearchIndex:
    built = SearchIndex(tmp_path_factory.mktemp("typed"))
    records = [IndexRecord(doc_id=3, passage_id=i, kind="text", text=text, title=PLAN, file="3.pdf", clause="",
                           page=1) for i, (_, text) in enumerate(TYPED)]
    records.append(IndexRecord(doc_id=3, passage_id=90, kind="text", text="2025年底前完成全部任务。", title=PLAN,
                               file="3.pdf", clause="", page=2))
    built.replace_document(3, records)
    yield built
    built.close()


@pytest.mark.parametrize("query, text", TYPED)
def test_what_users_type_finds_the_passage_written_otherwise(typed_index, query, text):
    hits = typed_index.search(query, limit=5)
    related = [h.text for h in hits if h.tier == RELATED]
    assert text in related[:2], [h.text for h in hits]
    assert [h.tier for h in hits] == sorted((h.tier for h in hits), key=[EXACT, RELATED].index)  # exact first


def test_exact_keeps_only_the_words_as_typed(typed_index):
    hits = typed_index.search("2025年底前", limit=10)
    assert sorted(h.passage_id for h in hits if h.tier == EXACT) == [1, 90]  # both contain 2025年底前 as typed
    assert sorted(h.passage_id for h in typed_index.search("2025年底前", limit=10, exact=True)) == [1, 90]
    assert typed_index.search("如何发展海洋碳汇", exact=True) == []
    assert typed_index.search("有什么要求") == []  # nothing but question words: nothing to look for


def test_related_hits_respect_filters_and_exclusions(typed_index):
    assert typed_index.search("住建局 绿色建筑", jurisdiction="广东省") == []
    assert all("住房城乡建设厅" not in h.text for h in typed_index.search("住建局 绿色建筑 -住房城乡建设厅"))


def test_a_task_is_found_by_the_unit_named_on_its_own_line(tmp_path):
    """The unit line ("牵头单位：市林业局") is a passage of its own; the store hands its units to the
    task's record as a note, so "林业局 碳汇" finds the task itself, first."""
    with SearchIndex(tmp_path) as index:
        index.replace_document(4, [
            IndexRecord(4, 0, "heading", "（一）发展林业碳汇", PLAN, "4.pdf", "", 1),
            IndexRecord(4, 1, "text", "开展森林经营，提升林业碳汇能力。", PLAN, "4.pdf", "", 1, flags=("obligation",),
                        note="牵头：市林业局；配合：市自然资源局"),
            IndexRecord(4, 2, "text", "牵头单位：市林业局；配合单位：市自然资源局", PLAN, "4.pdf", "", 1),
        ])
        hits = index.search("林业局 碳汇")
        assert [(h.passage_id, h.tier) for h in hits][:1] == [(1, EXACT)]
        assert hits[0].note == "牵头：市林业局；配合：市自然资源局"


def test_tasks_and_targets_rank_above_headings_and_notes(tmp_path):
    with SearchIndex(tmp_path) as index:
        index.replace_document(5, [
            IndexRecord(5, 0, "heading", "（三）发展海洋碳汇", PLAN, "5.pdf", "", 1),
            IndexRecord(5, 1, "text", "注：海洋碳汇核算方法待科学设定。", PLAN, "5.pdf", "", 1),
            IndexRecord(5, 2, "text", "开展海洋碳汇监测与评估，建设蓝碳示范区，发展海洋碳汇交易。", PLAN, "5.pdf", "", 1,
                        flags=("obligation",)),
        ])
        assert [h.passage_id for h in index.search("海洋碳汇")] == [2, 0, 1]


def test_a_write_frees_what_its_writer_held(tmp_path):
    """Each index write leaves nothing for Python's collector to find later: a writer's reference
    cycles (with the batch's postings) outlived it, and a long ingest's indexer grew by ~170 MB."""
    import gc

    from whoosh.writing import SegmentWriter

    gc.disable()
    try:
        with SearchIndex(tmp_path) as index:
            index.replace_document(1, ZHUHAI_PASSAGES)
            index.update(added={2: SHENZHEN_PASSAGES}, versions={2: "v1"}, merge=False)
            index.rebuild([*ZHUHAI_PASSAGES, *SHENZHEN_PASSAGES])
            assert not any(isinstance(o, SegmentWriter) for o in gc.get_objects())
            assert found(index, "14.5%") == [(1, 0)]
    finally:
        gc.enable()


def test_a_first_search_reads_only_the_texts_it_needs_and_answers_as_any_other(tmp_path):
    """A searcher's first search (all a command-line search does) reads the texts of the passages
    it looks at one by one instead of loading them all: its answers, scores and order are those of
    a search over texts all loaded, over segments with deletions too."""
    from kb.index.engine import READ_ONE_BY_ONE

    many = [record(3 + i // 50, i % 50, f"第{i}段：推进{'节能降碳' if i % 7 else '海上风电'}，{'和' * (i % 3)}完成。")
            for i in range(600)]
    with SearchIndex(tmp_path) as index:
        index.replace_document(1, ZHUHAI_PASSAGES)
        index.replace_document(2, SHENZHEN_PASSAGES)
        index.update(added={doc: [r for r in many if r.doc_id == doc] for doc in {r.doc_id for r in many}}, merge=False)
        index.remove_document(4)
    queries = ["海上风电", "碳达峰", "发改委 牵头", "如何推进减污降碳", "14.5%", "第1段", "光伏 OR 风电", "节能降碳 -第2"]

    def answers(index, query):
        return [(h.doc_id, h.passage_id, h.score, h.tier) for h in index.search(query, limit=30)]

    with SearchIndex(tmp_path) as warm:
        warm.warm_up()
        loaded = {q: answers(warm, q) for q in queries}
        assert warm._get_corpus()._texts is not None
    for query in queries:
        with SearchIndex(tmp_path) as cold:
            assert answers(cold, query) == loaded[query], query
            corpus = cold._get_corpus()
            assert corpus.searches == 1
            if query == "海上风电":  # in 1 passage in 7: read one by one, not all loaded
                assert corpus._texts is None and 0 < len(corpus._read) <= corpus.count // READ_ONE_BY_ONE
    assert all(loaded.values()) and not any(h[0] == 4 for hits in loaded.values() for h in hits)


def test_an_index_rewritten_while_it_opens_is_opened_again(tmp_path, monkeypatch):
    """Another process (an ingest's indexer) may commit between this one finding the index's
    newest table of contents and reading it, and delete it: the search opens the new generation
    instead of taking the index for damaged and finding nothing."""
    from whoosh.index import TOC

    with SearchIndex(tmp_path) as index:
        index.replace_document(1, ZHUHAI_PASSAGES)
    newest = TOC._latest_generation
    commits = []

    def found_then_another_commits(storage, indexname):
        generation = newest(storage, indexname)
        if not commits:  # the other process writes the next generation and deletes this one
            commits.append(True)
            with SearchIndex(tmp_path) as other:
                other.replace_document(2, SHENZHEN_PASSAGES)
        return generation

    monkeypatch.setattr(TOC, "_latest_generation", staticmethod(found_then_another_commits))
    with SearchIndex(tmp_path) as index:
        assert commits and not index.needs_rebuild, index.problem
        assert found(index, "14.5%") == [(1, 0)] and {d for d, _ in found(index, "减污降碳")} == {2}
