"""The inline-tag grammar of segment text, written once for every stage (and served to the page).

A segment's text is plain text with numbered tags for its inline markup: paired
``<em1>…</em1>``, ``<a2>…</a2>``, and self-closing atoms ``<fn3/>``, ``<span4/>``. A tag
is a lower-case kind and a number, unique in the segment. Text writes a literal '<' as
``&lt;`` and a literal '&lt;' or '&amp;' as ``&amp;lt;`` / ``&amp;amp;``; every other
character, '&' included, is itself.

``tokens`` is the one reader (text, open, close and atom tokens with their offsets) and
``problems`` the one well-formedness check (the source's tags, each once, well nested),
each problem said in one sentence. The review page builds its reader from ``FOR_PAGE``;
tests/data/tags.cases.json holds the cases both readers are tested against.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from string import ascii_lowercase

_KIND, _NUMBER = r"[a-z]+", r"\d+"
PATTERN = rf"<(/?)({_KIND})({_NUMBER})(/?)>"  # groups: "/" of a closing tag, kind, number, "/" of an atom
ENTITY = r"&(?:lt|amp);"  # an escaped '<' or '&'
TAG = re.compile(PATTERN)
NAME = rf"{_KIND}{_NUMBER}"  # a tag's name: em1
ANY_TAG = rf"</?{NAME}/?>"  # one tag, without groups, for patterns built on it
OPENING = rf"<{NAME}>"
CLOSING = rf"</{NAME}>"
EDGE_OPEN = re.compile(rf"^(?:{OPENING})+")  # the opening tags a text starts with
EDGE_CLOSE = re.compile(rf"(?:{CLOSING})+$")  # the closing tags it ends with
_ESCAPE = re.compile(rf"<|&(?={ENTITY[1:]})")  # '<', and the '&' of text that reads as an escape
FOR_PAGE = {"tag": PATTERN, "entity": ENTITY, "escape": _ESCAPE.pattern}  # what review.js builds its reader from
_UNESCAPE = re.compile(ENTITY)
_MARKUP = re.compile(rf"{ANY_TAG}|{ENTITY}")
_STRAY_LT = re.compile(rf"<(?!/?{NAME}/?>)")  # a '<' that does not open one of our tags


@dataclass(frozen=True)
class Token:
    """One piece of segment text: ``text`` (as written, escaped), or a tag: ``open``, ``close``, ``atom``."""

    kind: str
    text: str  # as written: "le chat", "<em1>", "</em1>", "<fn3/>"
    start: int  # offsets in the segment text
    end: int
    name: str = ""  # a tag's name: "em1"

    @property
    def value(self) -> str:
        """A text token's characters, unescaped."""
        return unescape(self.text)

    @property
    def number(self) -> int:
        """A tag's number: 1 for em1."""
        return int(self.name.lstrip(ascii_lowercase))


def tokens(text: str) -> list[Token]:
    """Segment text → tokens, in order; empty text between two tags gives no token.

    A tag written both ways (``</em1/>``) is an atom, as it is self-closing."""
    out: list[Token] = []
    position = 0
    for match in TAG.finditer(text):
        if match.start() > position:
            out.append(Token("text", text[position : match.start()], position, match.start()))
        closing, kind, number, selfclosing = match.groups()
        what = "atom" if selfclosing else "close" if closing else "open"
        out.append(Token(what, match.group(), match.start(), match.end(), kind + number))
        position = match.end()
    if position < len(text):
        out.append(Token("text", text[position:], position, len(text)))
    return out


def written(text: str) -> list[str]:
    """Every tag as written, in order: ``['<em1>', '</em1>', '<fn2/>']``."""
    return [m.group() for m in TAG.finditer(text)]


def has_tags(text: str) -> bool:
    return TAG.search(text) is not None


def parts(name: str) -> tuple[str, str]:
    """A tag name's kind and number as written: ("em", "1") for "em1"; a ValueError if it is not one."""
    match = TAG.fullmatch(f"<{name}/>")
    if match is None:
        raise ValueError(f"{name!r} is not a tag name such as em1, a2, fn3")
    return match.group(2), match.group(3)


def kind_of(name: str) -> str:
    """The kind of a tag name: "em" for "em1"."""
    return parts(name)[0]


def is_name(name: str) -> bool:
    """A tag's name such as em1 (not written as a tag)."""
    return is_tag(f"<{name}/>")


def is_tag(text: str) -> bool:
    """Exactly one tag, as written: ``<em1>``, ``</em1>``, ``<fn3/>``."""
    return TAG.fullmatch(text) is not None


def enclosed(text: str, name: str) -> tuple[Token, Token] | None:
    """The first ``<name>`` that is closed later, and the first ``</name>`` after it."""
    found = tokens(text)
    for i, token in enumerate(found):
        if token.kind == "open" and token.name == name:
            closing = next((t for t in found[i + 1 :] if t.kind == "close" and t.name == name), None)
            if closing is not None:
                return token, closing
    return None


def inside(text: str, name: str) -> str | None:
    """What the first closed ``<name>`` encloses, as written; None if it encloses nothing."""
    pair = enclosed(text, name)
    return text[pair[0].end : pair[1].start] if pair else None


def drop(text: str, name: str, instead: str = " ") -> str:
    """``text`` with tag ``name`` and whatever it encloses replaced by ``instead``, every time."""
    while (pair := enclosed(text, name)) is not None:
        text = text[: pair[0].start] + instead + text[pair[1].end :]
    return text.replace(f"<{name}/>", instead)


def escape(text: str) -> str:
    """Characters → segment text: only '<' and a literal '&lt;' / '&amp;' need escaping."""
    return _ESCAPE.sub(lambda m: "&lt;" if m.group() == "<" else "&amp;", text)


def unescape(text: str) -> str:
    return _UNESCAPE.sub(lambda m: "<" if m.group() == "&lt;" else "&", text)


def plain(text: str, tag: str = "") -> str:
    """The characters of segment text, each tag replaced by ``tag``."""
    return unescape(TAG.sub(tag, text))


def mask(text: str) -> str:
    """Segment text with its tags and escapes blanked out, offsets unchanged."""
    return _MARKUP.sub(lambda m: " " * len(m.group()), text)


def escape_stray(text: str) -> str:
    """Text as a person typed it, where a '<' that opens none of our tags is a literal '<'."""
    return _STRAY_LT.sub("&lt;", text)


def problems(text: str, source: str, meanings: dict[str, str] | None = None) -> list[str]:
    """What keeps ``text`` from carrying ``source``'s tags, each once and well nested: one sentence each."""
    meanings = meanings or {}
    wanted, found = Counter(written(source)), Counter(written(text))
    out = [f"{tag} ({meanings.get(tag.strip('</>'), 'inline markup')}) is missing" for tag in sorted(wanted - found)]
    out += [f"{tag} is not in the source" for tag in sorted(found - wanted)]
    return out + _nesting(text)


def _nesting(text: str) -> list[str]:
    """Every opened tag is closed, inside the one that encloses it: what is wrong, one sentence each."""
    out: list[str] = []
    stack: list[str] = []
    for token in tokens(text):
        if token.kind == "open":
            stack.append(token.name)
        elif token.kind != "close":
            continue
        elif stack and stack[-1] == token.name:
            stack.pop()
        elif token.name in stack:
            out.append(f"</{token.name}> closes before </{stack[-1]}>: the tags overlap")
            stack.remove(token.name)
        else:
            out.append(f"</{token.name}> is closed without being opened")
    return out + [f"<{name}> is never closed" for name in stack]
