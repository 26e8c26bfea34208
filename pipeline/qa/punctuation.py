"""QA check: the sentence ends the way its source does (full stop, question, exclamation, ellipsis)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.core.model import Segment
from pipeline.core.tags import plain
from pipeline.qa.base import Context

_END = re.compile(r"(\.\.\.|…|[.?!:;])?[\s\"'’”»)\]]*$")
_NAMES = {
    ".": "a full stop",
    "?": "a question mark",
    "!": "an exclamation mark",
    "…": "an ellipsis",
    ":": "a colon",
    ";": "a semicolon",
    None: "no punctuation",
}


def _ending(text: str) -> str | None:
    mark = _END.search(plain(text).rstrip()).group(1)
    return "…" if mark == "..." else mark


def punctuation(segment: Segment, context: Context) -> Iterator[str]:
    """Sentence-final punctuation differs"""
    source, target = _ending(segment.source), _ending(segment.target)
    if source != target:
        yield f"the source ends with {_NAMES[source]}, the target with {_NAMES[target]}"
