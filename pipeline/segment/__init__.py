"""Segment stage: source Markdown → sentence segments, and segments → a Pandoc document again.

``segments(ast)`` lists the segments of a document in reading order; ``assemble(ast,
text_for)`` rebuilds the document with each segment's text replaced by
``text_for(segment)`` (the French source gives the source back; the English targets give
the English edition).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from pipeline.model import Segment
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
    return _canonical(_float_spaces(node))


_CONTAINERS = {"Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps"}
_WITH_ATTRS = {"Quoted", "Span", "Link", "Image"}  # content in c[1]


def _is_space(node) -> bool:
    return isinstance(node, dict) and node.get("t") in ("Space", "SoftBreak")


def _float_spaces(node):
    if isinstance(node, dict):
        return {k: _float_spaces(v) for k, v in node.items()}
    if not isinstance(node, list):
        return node
    out: list = []
    for item in (_float_spaces(x) for x in node):
        kind = item.get("t") if isinstance(item, dict) else None
        if kind in _CONTAINERS or kind in _WITH_ATTRS:
            content = list(item["c"] if kind in _CONTAINERS else item["c"][1])
            lead = bool(content) and _is_space(content[0])
            while content and _is_space(content[0]):
                content.pop(0)
            trail = bool(content) and _is_space(content[-1])
            while content and _is_space(content[-1]):
                content.pop()
            c = content if kind in _CONTAINERS else [item["c"][0], content, *item["c"][2:]]
            out += [{"t": "Space"}] * lead + [{"t": kind, "c": c}] + [{"t": "Space"}] * trail
        else:
            out.append(item)
    return out


def _canonical(node):
    if isinstance(node, list):
        out: list = []
        for item in (_canonical(x) for x in node):
            if isinstance(item, dict) and item.get("t") == "SoftBreak":
                item = {"t": "Space"}
            if isinstance(item, dict) and out and isinstance(out[-1], dict):
                if item.get("t") == "Space" and out[-1].get("t") == "Space":
                    continue
                if item.get("t") == "Str" and out[-1].get("t") == "Str":
                    out[-1] = {"t": "Str", "c": out[-1]["c"] + item["c"]}
                    continue
            out.append(item)
        if out and all(isinstance(x, dict) and "t" in x for x in out):
            while out and out[0].get("t") == "Space":
                out.pop(0)
            while out and out[-1].get("t") == "Space":
                out.pop()
        return out
    if isinstance(node, dict):
        return {k: _canonical(v) for k, v in node.items()}
    return node
