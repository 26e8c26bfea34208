"""French typography (Imprimerie nationale conventions, as French newsrooms set them).

« guillemets » with no-break spaces inside, “ ” for a quotation within a quotation, a
narrow no-break space before ; ! ? and a no-break space before a colon, the ellipsis
character, the typographic apostrophe, and a spaced en dash where a spaced hyphen was
typed for an aside.
"""

from __future__ import annotations

import re

from pipeline.editions.typography.rewrite import substitute

NBSP = "\u00a0"
NNBSP = "\u202f"  # espace fine insécable
_SPACES = f"[ {NBSP}{NNBSP}]"


def quotes(level: int) -> tuple[str, str]:
    """Opening and closing marks, spaces included, for a quotation nested ``level`` deep."""
    return (f"«{NBSP}", f"{NBSP}»") if level % 2 == 0 else ("“", "”")


_RULES = [
    (re.compile(r"\.\.\."), "…"),
    (re.compile(r"'"), "’"),
    # A straight double quote left in the text: opening after a space or at the start.
    (re.compile(r'(?:(?<=^)|(?<=[\s(\[]))"'), "«"),
    (re.compile(r'"'), "»"),
    (re.compile(f"«{_SPACES}*"), f"«{NBSP}"),
    (re.compile(f"{_SPACES}*»"), f"{NBSP}»"),
    # Spaced hyphen or dash for an aside → spaced en dash.
    (re.compile(r"(?<=\S) [-–] (?=\S)"), " – "),
    # High punctuation: a narrow no-break space before ; ! ? (one space for a run like ?!).
    (re.compile(f"(?<=[^\\s{NBSP}{NNBSP};!?]){_SPACES}*([;!?]+)"), f"{NNBSP}\\1"),
    # A colon takes a full no-break space, except inside 12:30 or http://.
    (re.compile(f"(?<=[^\\s{NBSP}{NNBSP}:]){_SPACES}*:(?=\\s|$|[»)”])"), f"{NBSP}:"),
]


def text(run: str, before: str = "", after: str = "") -> str:
    """``run`` set in French; ``before``/``after`` are the characters just outside it."""
    return substitute(_RULES, run, before, after)
