"""QA check: English typography in the target (French habits that slip through)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.core.model import Segment
from pipeline.core.tags import plain
from pipeline.qa.base import Context

# French puts a (no-break) space before ; : ! ?; English does not. Amounts and
# percentages written the French way ("3,50 €", "12,5 %") are the numbers check's.
_SPACE_BEFORE = re.compile(r"(\S)[ \u00a0\u202f]+([;:!?])")


def typography(segment: Segment, context: Context) -> Iterator[str]:
    """English typography"""
    target, source = plain(segment.target), plain(segment.source)
    for match in _SPACE_BEFORE.finditer(target):
        yield f"no space before {match.group(2)!r} in English: {match.group().strip()!r}"
    if "«" in target or "»" in target:
        yield "« » are French quotation marks: English uses “ ” (or keep the <q> tag)"
    # Quotation marks are usually <q> tags; typed ones should be curly, as the source's are.
    if '"' in target and '"' not in source:
        yield 'straight quotation mark " in the target: use “ ” (or keep the <q> tag)'
    if "'" in target and "'" not in source:
        yield "straight apostrophe ' in the target: the source uses ’"
