"""QA check: a target much shorter or longer than its source."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.core.model import Segment
from pipeline.core.tags import plain
from pipeline.qa.base import Context

# English runs 10–20% shorter than French. Outside these bounds, something is missing or
# was added (a sentence dropped, an engine repeating itself). Short segments vary too much.
SHORTEST, LONGEST = 0.5, 1.6
MIN_SOURCE = 30  # characters


def length(segment: Segment, context: Context) -> Iterator[str]:
    """Length ratio outlier"""
    source, target = plain(segment.source), plain(segment.target)
    if len(source) < MIN_SOURCE:
        return
    ratio = len(target) / len(source)
    if ratio < SHORTEST:
        yield f"the target is {ratio:.0%} of the length of the source: is something missing?"
    elif ratio > LONGEST:
        yield f"the target is {ratio:.0%} of the length of the source: was something added?"
