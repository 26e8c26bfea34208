"""Find & replace across a document's English, tags protected: the search runs on the text
between tags only, and what it puts in is text, so no replacement can add, drop or break a
tag (a '<' typed in the replacement is stored as '&lt;')."""

from __future__ import annotations

import re

from pipeline.core import tags
from pipeline.core.model import Segment

MAX_PATTERN = 500
PREVIEW = 500  # segments a preview lists at most


class ReplaceError(ValueError):
    """The search cannot run; str(err) says why, in one sentence."""


def pattern(find: str, regex: bool = False, case: bool = False) -> re.Pattern:
    if not find or len(find) > MAX_PATTERN:
        raise ReplaceError(f"'find' must be 1 to {MAX_PATTERN} characters")
    try:
        return re.compile(find if regex else re.escape(find), 0 if case else re.IGNORECASE)
    except re.error as err:
        raise ReplaceError(f"'find' is not a valid regular expression ({err})") from None


def replaced(target: str, found: re.Pattern, replacement: str, regex: bool = False) -> str:
    """``target`` with every match between its tags replaced; the tags stay as they are."""
    out, last = [], 0
    for tag in tags.TAG.finditer(target):
        out += [_text(target[last : tag.start()], found, replacement, regex), tag.group()]
        last = tag.end()
    out.append(_text(target[last:], found, replacement, regex))
    return "".join(out)


def _text(piece: str, found: re.Pattern, replacement: str, regex: bool) -> str:
    plain = tags.unescape(piece)
    try:
        new = found.sub(replacement if regex else lambda _: replacement, plain)
    except (re.error, IndexError) as err:
        raise ReplaceError(f"'replace' does not fit the expression ({err})") from None
    return piece if new == plain else tags.escape(new)


def changes(segments: list[Segment], found: re.Pattern, replacement: str, regex: bool = False):
    """(segment, new target) for every segment with English that the replacement changes."""
    for s in segments:
        if s.target and not s.obsolete:
            new = replaced(s.target, found, replacement, regex)
            if new != s.target:
                yield s, new
