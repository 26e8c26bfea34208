"""QA check: brackets and quotation marks that open and close."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.core.model import Segment
from pipeline.core.tags import plain
from pipeline.qa.base import Context

# Quotation marks are usually <q> tags (each edition typesets its own); these are the
# ones typed as characters. French « » correspond to English “ ”.
PAIRS = {"(": ")", "[": "]", "{": "}", "“": "”", "«": "»"}
_SAME_KIND = {"«": "“", "»": "”"}


def _balance(text: str) -> dict[str, int]:
    text = "".join(_SAME_KIND.get(c, c) for c in text)
    out = {
        opening: text.count(opening) - text.count(closing)
        for opening, closing in PAIRS.items()
        if opening not in _SAME_KIND
    }
    out['"'] = text.count('"') % 2
    return out


def brackets(segment: Segment, context: Context) -> Iterator[str]:
    """Unbalanced brackets or quotes"""
    # A sentence cut inside a quotation may legitimately open without closing: only a
    # target that differs from its source is reported.
    source, target = _balance(plain(segment.source)), _balance(plain(segment.target))
    for opening, difference in target.items():
        if difference != source[opening]:
            closing = PAIRS.get(opening, opening)
            yield f"{opening}…{closing} do not pair up as they do in the source"
