"""Extract: who must do what by when (obligations), quantitative targets, and which body each
named unit is.

Works on a Document's passages and tables only, so it runs again on stored documents when the
rules change, without reading the PDFs:

    >>> extraction = extract_document(doc)                    # doctest: +SKIP
    >>> extraction.obligations[0].lead, extraction.bodies["市发展改革局"]   # doctest: +SKIP
    (('市发展改革局',), '珠海市发展改革委')
"""
from __future__ import annotations

from dataclasses import replace

from ..models import Document, Extraction
from .departments import canonical_department
from .responsibilities import find_obligations
from .targets import find_document_targets

__all__ = ["extract_document"]


def extract_document(doc: Document) -> Extraction:
    """The document's obligations and targets, each in reading order, and the body of each unit.

    Pages whose text is scrambled or garbled are left out: a civil servant must never be shown an
    obligation or a target the document does not state.
    """
    doc = _without_untrusted_pages(doc)
    obligations = tuple(find_obligations(doc))
    targets = tuple(find_document_targets(doc))
    names = dict.fromkeys(name for o in obligations for name in (*o.lead, *o.co, *o.responsible))
    bodies = {name: canonical_department(name, doc.meta.jurisdiction) for name in names}
    return Extraction(obligations, targets, bodies)


def _without_untrusted_pages(doc: Document) -> Document:
    bad = {page for page, warning in doc.page_warnings.items() if warning.untrusted}
    if not bad:
        return doc
    passages = [p for p in doc.passages if not set(p.pages) & bad]
    tables = [t for t in doc.tables if not set(t.pages) & bad]
    return replace(doc, passages=passages, tables=tables)
