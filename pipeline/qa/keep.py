"""QA check: text marked to stay as it is (a phrase in English, code) is unchanged in the target."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.model import Segment
from pipeline.qa.base import Context, kept_tags


def keep(segment: Segment, context: Context) -> Iterator[str]:
    """Do-not-translate text changed"""
    for name in sorted(kept_tags(segment)):
        pattern = re.compile(rf"<{name}>(.*?)</{name}>", re.S)
        source, target = pattern.search(segment.source), pattern.search(segment.target)
        if source and target and source.group(1) != target.group(1):
            yield f"<{name}> must stay {source.group(1)!r}, not {target.group(1)!r}"
