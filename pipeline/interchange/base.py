"""What the interchange formats share: our inline tags as a sequence of pieces, and XML writing.

Segment text carries inline markup as numbered tags (``<em1>…</em1>``, ``<fn3/>``). XML
formats want paired codes to nest; a translator's target may not (``<em1>a<a2>b</em1>c</a2>``),
so ``pieces`` says which tags pair up and which stand alone, and every format can write
both kinds without losing anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from pipeline.core import tags

# What our tag names stand for, in XLIFF 1.2 ctype values (x-… where XLIFF has no name).
CTYPES = {"em": "italic", "strong": "bold", "u": "underlined", "a": "link", "img": "image", "br": "lb"}


@dataclass(frozen=True)
class Piece:
    kind: str  # "text", "open", "close", "atom": an open/close with ``paired`` False has no partner
    text: str = ""  # for text: the characters, unescaped; for tags: the tag name, e.g. "em1"
    paired: bool = True


def pieces(text: str) -> list[Piece]:
    """Tagged segment text → pieces, with opening and closing tags matched as a stack would."""
    out: list[Piece] = []
    open_at: list[int] = []  # positions in ``out`` of opening tags not yet closed
    for token in tags.tokens(text):
        if token.kind in ("text", "atom"):
            out.append(Piece(token.kind, token.value if token.kind == "text" else token.name))
        elif token.kind == "open":
            open_at.append(len(out))
            out.append(Piece("open", token.name, paired=False))
        elif open_at and out[open_at[-1]].text == token.name:
            out[open_at.pop()] = Piece("open", token.name)
            out.append(Piece("close", token.name))
        else:
            out.append(Piece("close", token.name, paired=False))
    return out


def ctype(name: str) -> str:
    kind = tags.kind_of(name)
    return CTYPES.get(kind, f"x-{kind}")


def attrs(**values) -> str:
    """XML attributes from keyword arguments (``xml_lang`` → ``xml:lang``); None values are left out."""
    return "".join(
        f" {k.replace('__', '-').replace('xml_', 'xml:')}={quoteattr(str(v))}"
        for k, v in values.items()
        if v is not None
    )


def element(name: str, content: str = "", **values) -> str:
    """One XML element as text; ``content`` is already XML."""
    return f"<{name}{attrs(**values)}>{content}</{name}>"


def text(value: str) -> str:
    return xml_escape(value)
