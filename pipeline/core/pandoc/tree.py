"""Pandoc's JSON AST: which elements hold which, one walk over them, and their plain text.

``PARTS`` is the one list of container types: for each element that holds others, what
each item of its ``c`` is. ``map_parts`` rebuilds one element with each of its lists of
inlines and of blocks mapped, naming where each list sits ("item 2", "row 3, cell 1");
a stage that carries context down (the language in force, the place in the document)
recurses with it. ``walk`` is the context-free rewrite on top of it.
"""

from __future__ import annotations

from collections.abc import Callable

# What an item of ``c`` is: "inlines", "blocks", "lines" (a list of inline lists), "items"
# (a list of block lists), "caption", "definitions", "head"/"foot", "bodies", "values"
# (meta values), or None: data (attributes, targets, list numbering…). A Cite's citations
# are data too: their prefix and suffix repeat what its own inlines show ("[@doe, p. 3]"),
# so every stage reads that text once.
_ALL_INLINES = ("inlines",)
FORMATTING = ("Emph", "Underline", "Strong", "Strikeout", "Superscript", "Subscript", "SmallCaps")
PARTS: dict[str, tuple] = {
    **dict.fromkeys(FORMATTING, _ALL_INLINES),
    **dict.fromkeys(("Quoted", "Cite", "Span"), (None, "inlines")),
    **dict.fromkeys(("Link", "Image"), (None, "inlines", None)),
    "Note": ("blocks",),
    **dict.fromkeys(("Plain", "Para"), _ALL_INLINES),
    "Header": (None, None, "inlines"),
    "LineBlock": ("lines",),
    "BlockQuote": ("blocks",),
    "Div": (None, "blocks"),
    "BulletList": ("items",),
    "OrderedList": (None, "items"),
    "DefinitionList": ("definitions",),
    "Figure": (None, "caption", "blocks"),
    "Table": (None, "caption", None, "head", "bodies", "foot"),
    "MetaInlines": _ALL_INLINES,
    "MetaBlocks": ("blocks",),
    "MetaList": ("values",),
    "MetaMap": ("values",),
}
_INLINES_AMONG_DATA = ((None, "inlines"), (None, "inlines", None), (None, None, "inlines"))
# The inlines that hold inlines (a Note holds blocks).
INLINE_CONTAINERS = (*FORMATTING, "Quoted", "Cite", "Span", "Link", "Image")
# Where an element's attributes (identifier, classes, key-values) are.
ATTR_AT = {**dict.fromkeys(("Code", "CodeBlock", "Div", "Span", "Link", "Image", "Table", "Figure"), 0), "Header": 1}


def content(inline: dict) -> list | None:
    """The inlines inside an inline container (emphasis, a span, a link's text…), else None."""
    kind = inline["t"]
    if kind not in INLINE_CONTAINERS:
        return None
    return inline["c"] if kind in FORMATTING else inline["c"][1]


def lang(element: dict, around: str) -> str:
    """The element's ``lang`` attribute, or the language ``around`` it."""
    at = ATTR_AT.get(element["t"])
    return around if at is None else dict(element["c"][at][2]).get("lang", around)


Mapper = Callable[[list, str], list]


def _keep(items: list, place: str) -> list:
    return items


def map_parts(element: dict, inlines: Mapper = _keep, blocks: Mapper = _keep, values=None) -> dict:
    """``element`` rebuilt with ``inlines(list, place)`` for each of its lists of inlines
    and ``blocks(list, place)`` for each of its lists of blocks, called in reading order;
    ``place`` is "" for the element's own content. ``values(value)`` maps meta values."""
    shape = PARTS.get(element["t"])
    if shape is None:
        return element  # Str, Space, Code, Math, RawInline, CodeBlock, RawBlock, HorizontalRule…
    c = element["c"]
    if shape is _ALL_INLINES:  # the commonest ones first, without the bookkeeping of _Parts
        return {"t": element["t"], "c": inlines(c, "")}
    if shape in _INLINES_AMONG_DATA:
        return {"t": element["t"], "c": [inlines(x, "") if kind else x for kind, x in zip(shape, c)]}
    parts = _Parts(inlines, blocks, values or (lambda value: value))
    if len(shape) == 1:
        return {"t": element["t"], "c": parts.map(shape[0], c)}
    return {"t": element["t"], "c": [parts.map(kind, item) for kind, item in zip(shape, c)]}


class _Parts:
    def __init__(self, inlines: Mapper, blocks: Mapper, values) -> None:
        self.inlines, self.blocks, self.values = inlines, blocks, values
        self.row = 0  # a table's rows are numbered through head, bodies and foot

    def map(self, kind: str | None, c):
        if kind is None:
            return c
        if kind == "inlines":
            return self.inlines(c, "")
        if kind == "blocks":
            return self.blocks(c, "")
        if kind == "lines":
            return [self.inlines(line, f"line {i}") for i, line in enumerate(c, 1)]
        if kind == "items":
            return [self.blocks(item, f"item {i}") for i, item in enumerate(c, 1)]
        if kind == "definitions":
            return [
                [self.inlines(term, f"term {i}"), [self.blocks(d, f"definition {i}") for d in defs]]
                for i, (term, defs) in enumerate(c, 1)
            ]
        if kind == "caption":
            short, long = c
            return [None if short is None else self.inlines(short, "short caption"), self.blocks(long, "caption")]
        if kind in ("head", "foot"):
            return [c[0], self.rows(c[1])]
        if kind == "bodies":
            return [[attr, heads, self.rows(head), self.rows(body)] for attr, heads, head, body in c]
        if kind == "values":
            if isinstance(c, dict):  # MetaMap
                return {key: self.values(value) for key, value in c.items()}
            return [self.values(value) for value in c]
        raise AssertionError(kind)

    def rows(self, rows: list) -> list:
        out = []
        for attr, cells in rows:
            self.row += 1
            place = f"row {self.row}, cell "
            out.append(
                [
                    attr,
                    [[a, al, rs, cs, self.blocks(b, f"{place}{k}")] for k, (a, al, rs, cs, b) in enumerate(cells, 1)],
                ]
            )
        return out


Action = Callable[[dict], "dict | list | None"]


def walk(node, action: Action):
    """``node`` (an element, a list of them, a document or its meta) with ``action`` called
    on every element, children first (as panflute's ``walk``): it returns None to keep the
    element, an element to replace it, or a list to splice in its place (``[]`` deletes
    it). What it returns is not walked again. The input is never changed."""
    if isinstance(node, list):
        out: list = []
        for element in node:
            done = _walk_one(element, action)
            if isinstance(done, list):
                out += done
            else:
                out.append(done)
        return out
    if "t" not in node:  # a document, or its meta
        if "blocks" in node:
            return {**node, "meta": walk(node["meta"], action), "blocks": walk(node["blocks"], action)}
        return {key: _single(_walk_one(value, action)) for key, value in node.items()}
    return _single(_walk_one(node, action))


def _walk_one(element: dict, action: Action):
    def each(items: list, place: str) -> list:
        return walk(items, action)

    rebuilt = map_parts(element, each, each, lambda value: _single(_walk_one(value, action)))
    done = action(rebuilt)
    return rebuilt if done is None else done


def _single(done):
    if isinstance(done, list):
        raise TypeError("a meta value or a lone element cannot be replaced by a list")
    return done


def depth(node) -> int:
    """How deep the JSON nests, counted without recursion: the guard for the walks, which recurse."""
    deepest, todo = 0, [(node, 1)]
    while todo:
        item, level = todo.pop()
        deepest = max(deepest, level)
        if isinstance(item, dict):
            todo += [(value, level + 1) for value in item.values()]
        elif isinstance(item, list):
            todo += [(value, level + 1) for value in item]
    return deepest


_QUOTES = {"DoubleQuote": ("\u201c", "\u201d"), "SingleQuote": ("\u2018", "\u2019")}


def stringify(node) -> str:
    """The plain text of an element, a list of them or a meta value, as Pandoc's
    ``stringify`` gives it: words, spaces, code and maths kept, quotation marks curly,
    footnotes, raw markup and formatting dropped."""
    if node is None:
        return ""
    if isinstance(node, list):
        return "".join(stringify(element) for element in node)
    kind, c = node["t"], node.get("c")
    if kind in ("Str", "MetaString"):
        return c
    if kind in ("Space", "SoftBreak", "LineBreak"):
        return " "
    if kind in ("Code", "Math"):
        return c[1]
    if kind == "Quoted":
        opening, closing = _QUOTES[c[0]["t"]]
        return opening + stringify(c[1]) + closing
    if kind in ("Note", "RawInline", "RawBlock"):
        return ""
    texts: list[str] = []

    def text(items: list, place: str = "") -> list:
        texts.append(stringify(items))
        return items

    def text_of_value(value: dict) -> dict:
        texts.append(stringify(value))
        return value

    map_parts(node, text, text, text_of_value)
    return "".join(texts)
