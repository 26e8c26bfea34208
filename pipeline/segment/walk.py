"""One walk over a Pandoc document: every translatable inline list, in reading order.

``map_units(ast, action)`` calls ``action(inlines, where)`` for each list of inlines a
reader would translate (metadata title and subtitle, headings, paragraphs, list items,
table cells, captions, footnotes…) and puts back what the action returns. Footnotes are
walked right after the block that calls them, so their sentences follow it in the store.
"""

from __future__ import annotations

from collections.abc import Callable

Action = Callable[[list, str], list]

# Metadata fields that are text for readers; the others (date, lang, author…) are data.
TRANSLATABLE_META = ("title", "subtitle", "abstract", "description", "rights")


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
        out = []
        for inline in inlines:
            kind, c = inline["t"], inline.get("c")
            if kind == "Note":
                if id(inline) not in self.notes:
                    where = self.label("footnote")  # numbered before any note inside it
                    self.notes[id(inline)] = {"t": "Note", "c": self.blocks(c, where)}
                inline = self.notes[id(inline)]
            elif kind in _WITH_CONTENT and _has_note(c[1]):
                inline = {"t": kind, "c": [c[0], self.with_notes(c[1]), *c[2:]]}
            elif kind in _CONTAINERS and _has_note(c):
                inline = {"t": kind, "c": self.with_notes(c)}
            out.append(inline)
        return out

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
        kind, c = block["t"], block.get("c")
        prefix = f"{within}, " if within else ""
        if kind in ("Para", "Plain"):
            return {"t": kind, "c": self.unit(c, prefix + self.label("paragraph"))}
        if kind == "Header":
            return {"t": kind, "c": [c[0], c[1], self.unit(c[2], prefix + self.label("heading"))]}
        if kind == "LineBlock":
            where = prefix + self.label("verse")
            return {"t": kind, "c": [self.unit(line, f"{where}, line {i + 1}") for i, line in enumerate(c)]}
        if kind == "BlockQuote":
            return {"t": kind, "c": self.blocks(c, prefix + self.label("quotation"))}
        if kind == "Div":
            classes = " ".join("." + cls for cls in c[0][1])
            return {"t": kind, "c": [c[0], self.blocks(c[1], prefix + (classes or "div"))]}
        if kind == "BulletList":
            where = prefix + self.label("list")
            return {"t": kind, "c": [self.blocks(item, f"{where}, item {i + 1}") for i, item in enumerate(c)]}
        if kind == "OrderedList":
            where = prefix + self.label("list")
            return {
                "t": kind,
                "c": [c[0], [self.blocks(item, f"{where}, item {i + 1}") for i, item in enumerate(c[1])]],
            }
        if kind == "DefinitionList":
            where = prefix + self.label("definitions")
            return {
                "t": kind,
                "c": [
                    [
                        self.unit(term, f"{where}, term {i + 1}"),
                        [self.blocks(d, f"{where}, definition {i + 1}") for d in defs],
                    ]
                    for i, (term, defs) in enumerate(c)
                ],
            }
        if kind == "Figure":
            where = prefix + self.label("figure")
            return {"t": kind, "c": [c[0], self.caption(c[1], where), self.blocks(c[2], where)]}
        if kind == "Table":
            return {"t": kind, "c": self.table(c, prefix + self.label("table"))}
        return block  # CodeBlock, RawBlock, HorizontalRule: nothing to translate

    def caption(self, caption: list, where: str) -> list:
        short, blocks = caption
        if short is not None:
            short = self.unit(short, f"{where}, short caption")
        return [short, self.blocks(blocks, f"{where}, caption")]

    def table(self, c: list, where: str) -> list:
        attr, caption, colspecs, head, bodies, foot = c
        caption = self.caption(caption, where)
        row_number = 0

        def rows(rows: list) -> list:
            nonlocal row_number
            out = []
            for row_attr, cells in rows:
                row_number += 1
                out.append(
                    [
                        row_attr,
                        [
                            [a, align, rs, cs, self.blocks(blocks, f"{where}, row {row_number}, cell {k + 1}")]
                            for k, (a, align, rs, cs, blocks) in enumerate(cells)
                        ],
                    ]
                )
            return out

        head = [head[0], rows(head[1])]
        bodies = [[b[0], b[1], rows(b[2]), rows(b[3])] for b in bodies]
        foot = [foot[0], rows(foot[1])]
        return [attr, caption, colspecs, head, bodies, foot]


_WITH_CONTENT = ("Link", "Image", "Quoted", "Span", "Cite")  # inlines in c[1]
_CONTAINERS = ("Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps")


def _has_note(inlines: list) -> bool:
    for inline in inlines:
        kind, c = inline["t"], inline.get("c")
        if kind == "Note" or (kind in _WITH_CONTENT and _has_note(c[1])) or (kind in _CONTAINERS and _has_note(c)):
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
