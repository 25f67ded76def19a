"""Extraction: who must do what by when (obligations) and quantitative targets.

Works on stored passages and tables only, so it can be re-run when the rules change without
reading the PDFs again:

    >>> obligations, targets = extract_document(doc)  # doctest: +SKIP
"""
from __future__ import annotations

from dataclasses import replace

from ..models import Document, Obligation, Target
from ..read.quality import GARBLED, SCRAMBLED
from .responsibilities import find_obligations
from .targets import find_document_targets

__all__ = ["extract_document"]

# Text on these pages is not what the page says: facts read from it would be invented.
UNTRUSTED = (GARBLED, SCRAMBLED)


def extract_document(doc: Document) -> tuple[list[Obligation], list[Target]]:
    """The document's obligations and targets, each in reading order.

    Pages whose text is scrambled or garbled are left out: a civil servant must never be shown an
    obligation or a target the document does not state.
    """
    doc = _without_untrusted_pages(doc)
    return find_obligations(doc), find_document_targets(doc)


def _without_untrusted_pages(doc: Document) -> Document:
    bad = {page for page, warning in doc.page_warnings.items() if warning in UNTRUSTED}
    if not bad:
        return doc
    passages = [p for p in doc.passages if not set(p.pages) & bad]
    tables = [t for t in doc.tables if not set(t.pages) & bad]
    return replace(doc, passages=passages, tables=tables)
