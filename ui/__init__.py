"""The PolicyKB desktop app (PySide6), a thin layer over kb.KnowledgeBase."""
