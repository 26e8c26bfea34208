"""What a converted document carries only as packaging, taken out of its Pandoc AST.

Word processors and e-book makers leave empty paragraphs, bookmarks, style spans and
wrappers, sizes in inches, one anchor per chapter file, raw markup: none of it is the
author's, and every bit of it would become a tag the translator has to carry. Each
removal is counted, so the front matter can say what was dropped.
"""

from __future__ import annotations

import re
from collections import Counter

from pipeline.core.pandoc import tree
from pipeline.core.project import SOURCE_LANG

BLANK = ("Space", "SoftBreak", "LineBreak")
SCRIPTS = ("javascript:", "vbscript:", "data:")  # link targets that are code, not places
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# How the front matter names each kind of removal.
DROPPED = {
    "empty": "empty paragraphs",
    "anchor": "bookmarks and anchors nothing links to",
    "span": "style spans (their text kept)",
    "div": "section and style wrappers (their content kept)",
    "attributes": "layout attributes (sizes, classes, styles)",
    "raw": "raw markup (HTML or TeX) that is not text",
    "script link": "links that run a script (their text kept)",
    "note quote": "indents around notes (the note kept)",
    "title block": "paragraphs before the text that repeat the metadata (title, author…)",
    "empty heading": "headings over nothing (such as an endnotes heading, its notes now footnotes)",
}


def clean(ast: dict, meta: dict[str, str]) -> tuple[dict, Counter]:
    """The AST without packaging, and how many of each kind were dropped; ``meta`` (plain
    strings) tells a title block that only repeats it; the date such a block gives goes there."""
    dropped: Counter = Counter()
    targets = _link_targets(ast["blocks"])

    def keep_id(attr: list) -> str:
        return attr[0] if attr[0] in targets else ""

    def action(element: dict):
        kind, c = element["t"], element.get("c")
        if kind in ("Para", "Plain") and all(i["t"] in BLANK for i in c):
            dropped["empty"] += 1
            return []
        if kind in ("RawBlock", "RawInline"):
            dropped["raw"] += 1
            return []
        if kind == "Span":
            attr, content = c
            lang = _foreign(attr)
            if not content and not keep_id(attr):
                dropped["anchor"] += 1
                return []
            if lang:
                return {"t": "Span", "c": [[keep_id(attr), [], [["lang", lang]]], content]}
            if keep_id(attr):
                return {"t": "Span", "c": [[attr[0], [], []], content]}
            dropped["span"] += 1
            return content
        if kind == "Div":
            attr, blocks = c
            lang = _foreign(attr)
            if lang:
                return {"t": "Div", "c": [[keep_id(attr), [], [["lang", lang]]], blocks]}
            dropped["div"] += 1
            return blocks
        if kind == "Link" and c[2][0].strip().lower().startswith(SCRIPTS):
            dropped["script link"] += 1
            return c[1]
        if kind == "Note" and len(c) == 1 and c[0]["t"] == "BlockQuote":
            dropped["note quote"] += 1
            return {"t": "Note", "c": c[0]["c"]}
        if kind == "Image":
            attr, alt, (src, title) = c
            if title == tree.stringify(alt):  # Word repeats the description as the title
                title = ""
            return {"t": "Image", "c": [_bare(attr, keep_id, dropped), alt, [src, title]]}
        at = tree.ATTR_AT.get(kind)
        if at is not None and kind not in ("Code", "CodeBlock"):  # a code block's class is its language
            rebuilt = list(c)
            rebuilt[at] = _bare(c[at], keep_id, dropped)
            return {"t": kind, "c": rebuilt}
        return None

    ast = tree.walk(ast, action)
    blocks = _without_title_block(ast["blocks"], meta, dropped)
    return {**ast, "blocks": _without_empty_headings(blocks, dropped)}, dropped


def _without_title_block(blocks: list, meta: dict[str, str], dropped: Counter) -> list:
    """The blocks without the paragraphs before the first heading that say what the metadata says."""
    said = {" ".join(value.split()).casefold() for value in meta.values() if value}
    kept = []
    for n, block in enumerate(blocks):
        if block["t"] not in ("Para", "Plain"):
            return kept + blocks[n:]
        text = " ".join(tree.stringify(block).split())
        if DATE.fullmatch(text):  # the date line of a title block: the document's date
            meta["date"] = text
        elif text.casefold() not in said:
            kept.append(block)
            continue
        dropped["title block"] += 1
    return kept


def _without_empty_headings(blocks: list, dropped: Counter) -> list:
    """The blocks without a heading followed by nothing but a heading of its level or above, or the end."""
    kept = []
    for i, block in enumerate(blocks):
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        if block["t"] == "Header" and (
            following is None or following["t"] == "Header" and following["c"][0] <= block["c"][0]
        ):
            dropped["empty heading"] += 1
            continue
        kept.append(block)
    return kept


def _bare(attr: list, keep_id, dropped: Counter) -> list:
    """An element's attributes with only its identifier, when a link points at it, and its
    language when it is not the document's."""
    lang = _foreign(attr)
    if attr[1] or len(attr[2]) > bool(lang):
        dropped["attributes"] += 1
    return [keep_id(attr), [], [["lang", lang]] if lang else []]


def _foreign(attr: list) -> str | None:
    """The element's language, unless it is French: marking French in a French source says nothing."""
    lang = dict(attr[2]).get("lang")
    return lang if lang and lang.split("-")[0].lower() != SOURCE_LANG else None


def _link_targets(blocks: list) -> set[str]:
    """The identifiers internal links point at ("#sec" → "sec")."""
    found: set[str] = set()

    def action(element: dict):
        if element["t"] == "Link" and element["c"][2][0].startswith("#"):
            found.add(element["c"][2][0][1:])

    tree.walk(blocks, action)
    return found


def summary(dropped: Counter) -> list[str]:
    """One line per kind of removal, for the front matter's comments."""
    return [f"{n} {DROPPED.get(kind, kind)}" for kind, n in dropped.items() if n]
