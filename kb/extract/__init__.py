"""Extraction: who must do what by when (obligations) and quantitative targets.

Works on stored passages and tables only, so it can be re-run when the rules change without
reading the PDFs again:

    >>> obligations, targets = extract_document(doc)  # doctest: +SKIP
"""
from __future__ import annotations

from ..models import Document, Obligation, Target
from .responsibilities import find_obligations
from .targets import find_document_targets

__all__ = ["extract_document"]


def extract_document(doc: Document) -> tuple[list[Obligation], list[Target]]:
    """The document's obligations and targets, each in reading order."""
    return find_obligations(doc), find_document_targets(doc)
