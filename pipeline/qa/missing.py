"""QA check: a segment without a translation."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.core.model import Segment
from pipeline.qa.base import Context


def missing(segment: Segment, context: Context) -> Iterator[str]:
    """Missing or empty target"""
    if not segment.target.strip():
        yield "no translation yet" if not segment.target else "the target is only blank space"
