"""TMX 1.4b: the reviewed pairs as a translation memory any CAT tool can load.

Only reviewed segments go in (a memory of unapproved drafts would spread their
mistakes). Inline tags become TMX codes holding our tag as native code:
``<bpt i="1" type="italic">&lt;em1&gt;</bpt>…<ept i="1">&lt;/em1&gt;</ept>``,
``<ph x="3" type="x-fn">&lt;fn3/&gt;</ph>``, and ``<it>`` for a tag without its partner.
"""

from __future__ import annotations

from pipeline import __version__
from pipeline.core import tags
from pipeline.core.model import Segment
from pipeline.interchange.base import attrs, element, pieces, text

# TMX 1.4b's names for what our tags stand for (x-… where TMX has none).
TYPES = {
    "em": "italic",
    "strong": "bold",
    "u": "ulined",
    "a": "link",
    "fn": "fnote",
    "br": "lb",
    "img": "image",
    "sc": "scap",
}


def ctype(name: str) -> str:
    kind = tags.kind_of(name)
    return TYPES.get(kind, f"x-{kind}")


def seg(segment_text: str) -> str:
    out = []
    for piece in pieces(segment_text):
        if piece.kind == "text":
            out.append(text(piece.text))
            continue
        number = tags.parts(piece.text)[1]
        if piece.kind == "atom":
            out.append(element("ph", text(f"<{piece.text}/>"), x=number, type=ctype(piece.text)))
        elif not piece.paired:
            native = f"<{piece.text}>" if piece.kind == "open" else f"</{piece.text}>"
            out.append(
                element(
                    "it", text(native), pos="begin" if piece.kind == "open" else "end", x=number, type=ctype(piece.text)
                )
            )
        elif piece.kind == "open":
            out.append(element("bpt", text(f"<{piece.text}>"), i=number, x=number, type=ctype(piece.text)))
        else:
            out.append(element("ept", text(f"</{piece.text}>"), i=number))
    return element("seg", "".join(out))


def dump(source_lang: str, target_lang: str, segments: list[Segment]) -> str:
    header = attrs(
        creationtool="pipeline",
        creationtoolversion=__version__,
        segtype="sentence",
        o__tmf="pipeline-po",
        adminlang="en",
        srclang=source_lang,
        datatype="plaintext",
    )
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n', f"  <header{header}/>\n  <body>\n"]
    for s in segments:
        if s.obsolete or not s.state.accepted:
            continue
        props = element("prop", text(s.where), type="x-where") if s.where else ""
        out.append(
            f"    <tu{attrs(tuid=s.id)}>{props}"
            f"{element('tuv', seg(s.source), xml_lang=source_lang)}"
            f"{element('tuv', seg(s.target), xml_lang=target_lang)}</tu>\n"
        )
    out.append("  </body>\n</tmx>\n")
    return "".join(out)
