"""Queries are cut by a compact copy of the jieba dictionary exactly as by the loaded one, and a
command-line search loads neither the dictionary nor the import pipeline, nor anything else it
does not need to answer (numpy, the writer lock, multiprocessing): each costs start-up time."""
from __future__ import annotations

import subprocess
import sys

from conftest import ROOT, corpus_pdf

from kb.index import analysis, lexicon
from kb.knowledge_base import KnowledgeBase

SEEDS = ROOT.parent / "shared" / "seeds"


def sentences() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))] if SEEDS.is_dir() else []
    lines = [line.strip() for text in texts for line in text.splitlines() if line.strip()]
    # as users type them: Latin, numbers, spaces and punctuation, and names no dictionary has (the HMM's part)
    return lines + ["如何推进减污降碳", "发改委 牵头 能耗双控", "公交车出租车全部使用新能源汽车", "PM2.5 浓度", "市机管局",
                    "单位GDP能耗下降14.5%", "C++ & C# 3-5年", "\r\n换行\t制表", "嵩岱峪屹镇", "“双碳”目标；（一）", ""]


def test_the_stored_copy_cuts_every_sentence_as_the_loaded_dictionary(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(analysis, "_query_segmenter", None)
    loaded = analysis.segmenter()
    assert lexicon.open_stored(analysis._added_words()) is None  # none yet
    stale = tmp_path / "PolicyKB" / "jieba-0123456789abcdef.sqlite"  # a copy for other words
    stale.parent.mkdir()
    stale.write_bytes(b"")
    analysis.keep_query_copy()
    assert not stale.exists() and len(list(stale.parent.glob("jieba-*.sqlite"))) == 1  # replaced, not kept
    stored = lexicon.open_stored(analysis._added_words())
    assert isinstance(stored.FREQ, lexicon.StoredFrequencies)
    for sentence in sentences():
        assert stored.lcut(sentence) == loaded.lcut(sentence), sentence
    assert len(stored.FREQ) < len(loaded.FREQ) // 20  # it read the words asked for, not the dictionary


def test_a_command_line_search_loads_only_what_answering_needs(tmp_path):
    kb_dir = tmp_path / "kb"
    env = {**__import__("os").environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    with KnowledgeBase(kb_dir) as kb:
        kb.ingest([corpus_pdf("002")], ocr=False)
    searches = []
    for _ in range(2):  # the first search leaves the copy (the ingest's indexer used another cache)
        searches.append(subprocess.run([sys.executable, "-X", "importtime", str(ROOT / "main.py"), "search",
                                        "碳达峰 工作方案", "--kb", str(kb_dir), "--json"],
                                       capture_output=True, text=True, cwd=ROOT, env=env, timeout=120))
    first, second = searches
    assert first.returncode == second.returncode == 0 and first.stdout and first.stdout == second.stdout
    imported = {line.split("|")[-1].strip() for line in second.stderr.splitlines() if line.startswith("import time:")}
    assert not {"kb.ingest", "kb.extract", "pdfplumber", "PySide6"} & imported
    # ranking needs no numpy; an index in step with the store takes no lock; no processes start;
    # the query's words are in the dictionary copy, so jieba (its HMM) is not needed; Whoosh's
    # imports that PolicyKB never calls are left out (kb.index.whoosh_import)
    assert not {"numpy", "filelock", "multiprocessing", "jieba", "urllib.request", "whoosh.lang.morph_en"} & imported
    assert list((tmp_path / "cache").rglob("jieba-*.sqlite"))


def test_whoosh_is_imported_without_modules_it_never_calls_and_they_still_work():
    """kb.index.whoosh_import keeps urllib.request and Whoosh's English morphology out of start-up;
    afterwards both import for real, and Whoosh's names for them still work."""
    check = ("import sys, kb.index; from kb.index.whoosh_import import UNUSED; assert not set(UNUSED) & set(sys.modules); "
             "import urllib.request; assert callable(urllib.request.urlopen); "
             "from whoosh.query.terms import variations; assert 'rendered' in variations('render'); "
             "from whoosh.analysis import StemmingAnalyzer, DoubleMetaphoneFilter, RegexTokenizer; "
             "assert [t.text for t in StemmingAnalyzer()('rendering')] == ['render']; "
             "assert [t.text for t in (RegexTokenizer() | DoubleMetaphoneFilter())('Smith')][0] == 'SM0'")
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
