"""QA check: text marked to stay as it is (a phrase in English, code) is unchanged in the target."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.core import tags
from pipeline.core.model import Segment
from pipeline.qa.base import Context, kept_tags


def keep(segment: Segment, context: Context) -> Iterator[str]:
    """Do-not-translate text changed"""
    for name in sorted(kept_tags(segment)):
        source, target = tags.inside(segment.source, name), tags.inside(segment.target, name)
        if source is not None and target is not None and source != target:
            yield f"<{name}> must stay {source!r}, not {target!r}"
