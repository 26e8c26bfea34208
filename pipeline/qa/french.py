"""QA check: French left in the English target, found by language identification per segment.

Text that is meant to stay as it is is removed first: spans marked lang=en, glossary
do-not-translate terms, and capitalised words copied from the source (names such as
"France Télévisions" or "Henri Poulain"). The detection itself is ``pipeline.core.plausible``,
which the llm engine also asks of every answer.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.core.model import Segment
from pipeline.core.plausible import copied_words, french_left, french_stretches
from pipeline.qa.base import Context, without_kept

__all__ = ["french", "french_stretches", "copied_words"]


def french(segment: Segment, context: Context) -> Iterator[str]:
    """French left in the English"""
    yield from french_left(
        without_kept(segment, segment.source, context), without_kept(segment, segment.target, context)
    )
