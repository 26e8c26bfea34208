"""The book fixture, tests/data/book.fr.md (sixteen tales by Maupassant, one a chapter,
2,107 segments; its front matter gives the source), and books of any size cut from it,
for the tests and benchmarks that need a whole book (bench/book.py)."""

from __future__ import annotations

import re
from pathlib import Path

BOOK = Path(__file__).resolve().parent / "data" / "book.fr.md"


def first_chapters(count: int, text: str | None = None) -> str:
    """The book's front matter and its first ``count`` chapters (its top-level headings)."""
    text = BOOK.read_text("utf-8") if text is None else text
    head, _, body = text.partition("\n---\n")
    chapters = re.split(r"(?m)^(?=# )", body)  # chapters[0] is what precedes the first
    return f"{head}\n---\n{''.join(chapters[: count + 1])}".rstrip("\n") + "\n"
