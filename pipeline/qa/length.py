"""QA check: a target much shorter or longer than its source (``pipeline.core.plausible``)."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.core.model import Segment
from pipeline.core.plausible import out_of_proportion
from pipeline.qa.base import Context


def length(segment: Segment, context: Context) -> Iterator[str]:
    """Length ratio outlier"""
    if problem := out_of_proportion(segment.source, segment.target):
        yield problem
