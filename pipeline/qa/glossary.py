"""QA check: glossary terms rendered as agreed (required renderings present, avoided ones absent)."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.core.model import Segment
from pipeline.qa.base import Context


def glossary(segment: Segment, context: Context) -> Iterator[str]:
    """Glossary term not respected"""
    # Glossary.check (pipeline.glossary) finds the French terms, accepts inflected English
    # forms and returns one glossary flag per term not respected.
    if context.glossary is None:
        return
    for flag in context.glossary.check(segment.source, segment.target):
        yield flag.message
