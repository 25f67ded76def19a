"""Full-text search over passages and table rows (Whoosh, character n-grams + jieba ranking).

    >>> from kb.index import SearchIndex, IndexRecord   # doctest: +SKIP
    >>> index = SearchIndex(kb_dir / "index")           # doctest: +SKIP
    >>> if index.needs_rebuild: index.rebuild(records_from_sqlite(), on_progress)   # doctest: +SKIP
    >>> index.search('发改委 "碳达峰"', kind="obligation")   # doctest: +SKIP

Modules: analysis (text folding, tokenizers), query (search box syntax), snippets (highlight
spans and excerpts), search_index (the SearchIndex itself).
"""
from kb.index import whoosh_import  # noqa: F401  (first: the lean import of Whoosh)
from kb.index.analysis import fold
from kb.index.query import parse_query
from kb.index.search_index import EXACT, RELATED, TIER_NAMES, Hit, SearchIndex, search_filters
from kb.models import IndexRecord

__all__ = ["EXACT", "RELATED", "TIER_NAMES", "Hit", "IndexRecord", "SearchIndex", "fold", "parse_query", "search_filters"]
