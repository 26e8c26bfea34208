"""QA check: a translation made for an earlier version of the source sentence."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.core.model import Segment
from pipeline.qa.base import Context


def source_changed(segment: Segment, context: Context) -> Iterator[str]:
    """Source changed since it was translated"""
    # The store keeps the old source as `previous` and marks the segment needs-review; once
    # a reviewer approves the target again, the change has been seen.
    if segment.previous and segment.previous != segment.source and not segment.state.accepted:
        yield f"the source changed since this target was written; it was: {segment.previous!r}"
