"""One walk over a Pandoc document: every translatable inline list, in reading order.

``map_units(ast, action)`` calls ``action(inlines, where)`` for each list of inlines a
reader would translate (metadata title and subtitle, headings, paragraphs, list items,
table cells, captions, footnotes…) and puts back what the action returns. Footnotes are
walked right after the block that calls them, so their sentences follow it in the store.
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.core.pandoc import tree

Action = Callable[[list, str], list]

# Metadata fields that are text for readers; the others (date, lang, author…) are data.
TRANSLATABLE_META = ("title", "subtitle", "abstract", "description", "rights")
# How a reader names each kind of block; a Div is named by its classes.
NAMES = {
    "Para": "paragraph",
    "Plain": "paragraph",
    "Header": "heading",
    "LineBlock": "verse",
    "BlockQuote": "quotation",
    "BulletList": "list",
    "OrderedList": "list",
    "DefinitionList": "definitions",
    "Figure": "figure",
    "Table": "table",
}


def _at(where: str, place: str) -> str:
    return f"{where}, {place}" if where and place else where or place


class _Walker:
    def __init__(self, action: Action) -> None:
        self.action = action
        self.counts: dict[str, int] = {}
        self.notes: dict[int, dict] = {}  # id of a footnote → the footnote walked

    def label(self, kind: str) -> str:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        return f"{kind} {self.counts[kind]}"

    def unit(self, inlines: list, where: str) -> list:
        return self.with_notes(self.action(inlines, where))

    def with_notes(self, inlines: list) -> list:
        """``inlines`` with the blocks of each footnote in them walked, as new nodes: the
        input AST is never changed, and parts without a footnote are shared, not copied."""
        if not _has_note(inlines):
            return inlines
        return [
            self.note(inline)
            if inline["t"] == "Note"
            else tree.map_parts(inline, inlines=lambda inlines, _: self.with_notes(inlines))
            for inline in inlines
        ]

    def note(self, note: dict) -> dict:
        if id(note) not in self.notes:
            where = self.label("footnote")  # numbered before any note inside it
            self.notes[id(note)] = {"t": "Note", "c": self.blocks(note["c"], where)}
        return self.notes[id(note)]

    def meta(self, value: dict, where: str) -> dict:
        kind, c = value["t"], value.get("c")
        if kind == "MetaInlines":
            return {"t": kind, "c": self.unit(c, where)}
        if kind == "MetaBlocks":
            return {"t": kind, "c": self.blocks(c, where)}
        if kind == "MetaList":
            return {"t": kind, "c": [self.meta(v, f"{where} {i + 1}") for i, v in enumerate(c)]}
        return value

    def blocks(self, blocks: list, within: str = "") -> list:
        return [self.block(block, within) for block in blocks]

    def block(self, block: dict, within: str) -> dict:
        if block["t"] == "Div":
            where = _at(within, " ".join("." + cls for cls in block["c"][0][1]) or "div")
        elif block["t"] in NAMES:
            where = _at(within, self.label(NAMES[block["t"]]))
        else:
            return block  # CodeBlock, RawBlock, HorizontalRule: nothing to translate
        return tree.map_parts(
            block,
            inlines=lambda inlines, place: self.unit(inlines, _at(where, place)),
            blocks=lambda blocks, place: self.blocks(blocks, _at(where, place)),
        )


def _has_note(inlines: list) -> bool:
    for inline in inlines:  # a loop, not any(): this runs on every inline of the document
        if inline["t"] == "Note":
            return True
        inside = tree.content(inline)
        if inside and _has_note(inside):
            return True
    return False


def map_units(ast: dict, action: Action) -> dict:
    """A new AST with every translatable inline list replaced by ``action(inlines, where)``."""
    walker = _Walker(action)
    meta = dict(ast["meta"])
    for key in TRANSLATABLE_META:
        if key in meta:
            meta[key] = walker.meta(meta[key], key)
    return {**ast, "meta": meta, "blocks": walker.blocks(ast["blocks"])}
