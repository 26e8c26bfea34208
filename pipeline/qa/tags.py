"""QA check: the inline tags (emphasis, links, footnotes, quotations…) of the source in the target.

A link is a tag (``<a2>``) whose URL stays in the source document, so the same tags
means the same URLs; only their order may change.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.core import tags as grammar
from pipeline.core.model import Segment
from pipeline.qa.base import Context


def tags(segment: Segment, context: Context) -> Iterator[str]:
    """Inline tags differ"""
    yield from grammar.problems(segment.target, segment.source, segment.meanings)
