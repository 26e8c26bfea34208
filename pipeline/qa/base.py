"""What every QA check gets and the text helpers they share.

A check is a function ``check(segment, context) -> Iterator[str]`` yielding one message
per problem; its docstring's first line is its title. The registry (``qa/__init__.py``)
gives each check a name and a default severity, and turns messages into ``Issue``s.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.core import plausible
from pipeline.core.model import Segment


@dataclass(frozen=True)
class Context:
    """What checks may need beyond the segment: the glossary and its do-not-translate terms."""

    glossary: Any = None  # a pipeline.glossary.Glossary, when that module and a glossary exist
    keep: tuple[str, ...] = ()  # do-not-translate terms (proper names, titles, English phrases)


def kept_tags(segment: Segment) -> set[str]:
    """Tags whose content stays as it is: spans in another language (lang=en), code, formulas."""
    return {tag.name for tag in segment.tags if tag.keep}


def without_kept(segment: Segment, text: str, context: Context) -> str:
    """Plain text with do-not-translate material removed: kept spans and glossary keep-terms."""
    return plausible.without_kept(text, kept_tags(segment), context.keep)
