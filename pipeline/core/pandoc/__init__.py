"""Pandoc, for every stage: its JSON AST (``tree``: the container types, the walk, the
plain text) and the one way we run the binary (``run``). Depends on nothing of ours but
``pipeline.core.errors``."""
