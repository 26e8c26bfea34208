"""QA check: a target that is a copy of its source, where that is not expected."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.core.model import Segment
from pipeline.qa.base import Context, without_kept

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def identical(segment: Segment, context: Context) -> Iterator[str]:
    """Target identical to source"""
    if segment.target != segment.source:
        return
    # Do-not-translate segments are meant to be copies: once kept spans (lang=en), glossary
    # keep-terms, numbers and punctuation are gone, what is left is at most proper names.
    rest = _WORD.findall(without_kept(segment, segment.source, context))
    if all(word[0].isupper() for word in rest):
        return
    yield "the target is a copy of the French source"
