"""Whoosh, imported without the modules it loads at import time and PolicyKB never calls.

A command-line search is mostly start-up, and these are a sixth of it:

* ``whoosh.compat`` does ``from urllib.request import urlretrieve`` (a Python 2 shim), which pulls
  in http.client, email, ssl and socket: about 20 ms, for a function Whoosh calls nowhere;
* ``whoosh.query.terms`` does ``from whoosh.lang.morph_en import variations``, which compiles
  several hundred English-morphology regexes (about 5 ms) for the ``Variations`` query; PolicyKB
  builds its queries itself (kb.index.query) and never asks for one;
* ``whoosh.analysis`` takes the Porter stemmer and Double Metaphone for English filters (1 ms);
  PolicyKB's analyzers (kb.index.analysis) cut Chinese text and use neither.

While Whoosh is imported, each stands in sys.modules as a placeholder whose names load the real
module when called; the placeholders are gone once Whoosh is in, so any later import gets the real
module. kb.index imports this first, before threads that might import urllib.request exist.
"""
from __future__ import annotations

import importlib
import sys
import types

# module → the names Whoosh takes from it at import time
UNUSED = {
    "urllib.request": ("urlretrieve",),
    "whoosh.lang.morph_en": ("variations",),
    "whoosh.lang.porter": ("stem",),
    "whoosh.lang.dmetaphone": ("double_metaphone",),
}


def _loads_on_call(module: str, name: str):
    def call(*args, **kwargs):
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    call.__name__ = name
    return call


def import_whoosh() -> None:
    """Import the parts of Whoosh kb.index uses, with the placeholders in place."""
    placeholders = {}
    for module, names in UNUSED.items():
        if module not in sys.modules:
            placeholder = types.ModuleType(module, "stands in while Whoosh is imported (kb.index.whoosh_import)")
            for name in names:
                setattr(placeholder, name, _loads_on_call(module, name))
            sys.modules[module] = placeholders[module] = placeholder
    try:
        import whoosh.analysis  # noqa: F401
        import whoosh.query  # noqa: F401
        import whoosh.searching  # noqa: F401
    finally:
        for module, placeholder in placeholders.items():
            if sys.modules.get(module) is placeholder:
                del sys.modules[module]


import_whoosh()
