"""QA check: stray spaces in the target."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.core.model import Segment
from pipeline.qa.base import Context

_DOUBLE = re.compile(r"[^\S\n]{2,}")


def spaces(segment: Segment, context: Context) -> Iterator[str]:
    """Double spaces"""
    target = segment.target
    if _DOUBLE.search(target) and not _DOUBLE.search(segment.source):
        where = _DOUBLE.search(target).start()
        yield f"two spaces in a row after {target[max(0, where - 20) : where]!r}"
    if target != target.strip():
        yield "the target starts or ends with a space"
