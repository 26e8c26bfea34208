"""A document's segments: source Markdown → sentence segments, and segments → a Pandoc document again.

``segments(ast)`` lists the segments of a document in reading order; ``assemble(ast,
text_for)`` rebuilds the document with each segment's text replaced by
``text_for(segment)`` (the French source gives the source back; the English targets give
the English edition).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from pipeline.core.model import Segment
from pipeline.core.pandoc import tree
from pipeline.segment import inlines as il
from pipeline.segment.sentences import boundaries
from pipeline.segment.walk import map_units

_WORD = re.compile(r"\w")


def segment_id(source: str) -> str:
    """Stable while the sentence is unchanged, whatever moves around it."""
    normal = " ".join(source.split())
    return hashlib.sha1(normal.encode("utf-8")).hexdigest()[:10]


class _Units:
    """Cuts each inline list into sentences and names them, the same way on every pass."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def split(self, inlines: list, where: str):
        """(elements, [(segment, runs)]) for one inline list; no segments if it has no words."""
        elements = il.Elements()
        runs = il.flatten(inlines, elements)
        text = il.plain_text(runs)
        if not _WORD.search(text):
            return elements, []
        pieces = [p for p in il.cut(runs, boundaries(text)) if p]
        out = []
        for n, piece in enumerate(pieces, 1):
            source = il.render(piece, elements)
            base = segment_id(source)
            self.seen[base] = self.seen.get(base, 0) + 1
            sid = base if self.seen[base] == 1 else f"{base}-{self.seen[base]}"
            local = il.numbering(piece)
            tags = tuple(elements.info(eid, number) for eid, number in local.items())
            label = f"{where}, sentence {n}" if len(pieces) > 1 else where
            out.append((Segment(id=sid, source=source, where=label, tags=tags), piece))
        return elements, out


def segments(ast: dict) -> list[Segment]:
    units = _Units()
    found: list[Segment] = []

    def collect(inlines: list, where: str) -> list:
        found.extend(segment for segment, _ in units.split(inlines, where)[1])
        return inlines

    map_units(ast, collect)
    return found


def assemble(ast: dict, text_for: Callable[[Segment], str], wrap: Callable[[Segment], list] | None = None) -> dict:
    """The document with every segment's text replaced by ``text_for(segment)``.

    With ``wrap``, each segment's inlines are also put in a Span whose Pandoc attributes
    are ``wrap(segment)`` (or left bare when it returns None): the editions mark each
    sentence with its id this way. A sentence that shares an element with its neighbour
    (an italic quotation of three sentences) gets its span inside that element.
    """
    units = _Units()

    def replace(inlines: list, where: str) -> list:
        elements, found = units.split(inlines, where)
        if not found:
            return inlines
        pieces = [il.parse(text_for(segment), il.numbering(runs)) for segment, runs in found]
        if wrap is not None:
            spans = [wrap(segment) for segment, _ in found]
            pieces = il.wrap(pieces, [None if a is None else elements.add({"t": "Span", "c": [a, []]}) for a in spans])
        return il.build(il.join(pieces), elements)

    return map_units(ast, replace)


def normalise(node):
    """A Pandoc AST with whitespace made canonical, for comparing documents.

    Soft breaks are spaces, runs of spaces are one, words split in several ``Str`` are
    one, and a space at the edge of emphasis, a link or a quotation stands outside it
    (``*un *mot`` reads as ``*un* mot``): spaces are kept, never dropped, except at the
    edges of a whole paragraph.
    """
    return tree.walk(tree.walk(node, _float_spaces), _canonical)


def _is_space(node: dict) -> bool:
    return node["t"] in ("Space", "SoftBreak")


def _float_spaces(element: dict):
    """An inline container's edge spaces, moved out beside it."""
    content = tree.content(element)
    if not content:
        return None
    lead = _is_space(content[0])
    while content and _is_space(content[0]):
        content = content[1:]
    trail = bool(content) and _is_space(content[-1])
    while content and _is_space(content[-1]):
        content = content[:-1]
    inner = tree.map_parts(element, inlines=lambda _, __: content)
    return [{"t": "Space"}] * lead + [inner] + [{"t": "Space"}] * trail


def _canonical(element: dict):
    return tree.map_parts(element, inlines=lambda inlines, _: _canonical_run(inlines))


def _canonical_run(inlines: list) -> list:
    out: list = []
    for item in inlines:
        if item["t"] == "SoftBreak":
            item = {"t": "Space"}
        if out and item["t"] == "Space" and out[-1]["t"] == "Space":
            continue
        if out and item["t"] == "Str" and out[-1]["t"] == "Str":
            out[-1] = {"t": "Str", "c": out[-1]["c"] + item["c"]}
            continue
        out.append(item)
    while out and out[0]["t"] == "Space":
        out.pop(0)
    while out and out[-1]["t"] == "Space":
        out.pop()
    return out
