"""English typography (British house style, as for en-GB).

“Double quotes”, with ‘single quotes’ for a quotation within a quotation, the
typographic apostrophe, no space before punctuation (a machine translation often keeps
the French spaces), the ellipsis character, and a spaced en dash where the French used a
spaced hyphen for an aside.

Dialogue keeps the French reply's dash but not its space (“— Oui, dit-il, je viens.” is
set “—Yes, he said, I’m coming.”), as English books translated from French or Spanish
and some English novels set it: quotation marks would have to close before each incise
and open after it, and nothing in a machine draft marks where the incise begins.
"""

from __future__ import annotations

import re

from pipeline.editions.typography.rewrite import substitute

_SPACES = "[ \u00a0\u202f]"


def quotes(level: int) -> tuple[str, str]:
    return ("“", "”") if level % 2 == 0 else ("‘", "’")


_RULES = [
    (re.compile(r"\.\.\."), "…"),
    # Guillemets left by a machine translation become English quotes, spaces dropped.
    (re.compile(f"«{_SPACES}*"), "“"),
    (re.compile(f"{_SPACES}*»"), "”"),
    (re.compile(r'(?:(?<=^)|(?<=[\s(\[—–]))"'), "“"),
    (re.compile(r'"'), "”"),
    (re.compile(r"(?:(?<=^)|(?<=[\s(\[“—–]))'(?=\w)"), "‘"),
    (re.compile(r"'"), "’"),
    (re.compile(f"“{_SPACES}+"), "“"),
    (re.compile(f"{_SPACES}+”"), "”"),
    # A dialogue dash opens a run with nothing before it (a paragraph, a sentence's span)
    # or a quotation: it stays, unspaced.
    (re.compile(f"(?:^|(?<=[“‘]))[—–]{_SPACES}+(?=\\S)"), "—"),
    (re.compile(r"(?<=\S) [-–—] (?=\S)"), " – "),
    # No space before punctuation.
    (re.compile(f"(?<=\\S){_SPACES}+(?=[;:!?,.](?:\\s|$|[”’)]))"), ""),
]


def text(run: str, before: str = "", after: str = "") -> str:
    """``run`` set in English; ``before``/``after`` are the characters just outside it."""
    return substitute(_RULES, run, before, after)
