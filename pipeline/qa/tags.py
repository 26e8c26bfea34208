"""QA check: the inline tags (emphasis, links, footnotes, quotations…) of the source in the target.

A link is a tag (``<a2>``) whose URL stays in the source document, so the same tags
means the same URLs; only their order may change.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from pipeline.model import Segment
from pipeline.qa.base import Context
from pipeline.segment.inlines import TAG


def tags(segment: Segment, context: Context) -> Iterator[str]:
    """Inline tags differ"""
    meaning = dict(segment.tags)
    source = Counter(m.group() for m in TAG.finditer(segment.source))
    target = Counter(m.group() for m in TAG.finditer(segment.target))
    for tag in sorted(source - target):
        name = TAG.fullmatch(tag).group(2) + TAG.fullmatch(tag).group(3)
        yield f"{tag} ({meaning.get(name, 'inline markup')}) is missing"
    for tag in sorted(target - source):
        yield f"{tag} is not in the source"
    yield from _nesting(segment.target)


def _nesting(text: str) -> Iterator[str]:
    """Every opened tag is closed, inside the one that encloses it."""
    stack: list[str] = []
    for match in TAG.finditer(text):
        closing, kind, number, selfclosing = match.groups()
        name = kind + number
        if selfclosing:
            continue
        if not closing:
            stack.append(name)
        elif stack and stack[-1] == name:
            stack.pop()
        elif name in stack:
            yield f"</{name}> closes before </{stack[-1]}>: the tags overlap"
            stack.remove(name)
        else:
            yield f"</{name}> is closed without being opened"
    for name in stack:
        yield f"<{name}> is never closed"
