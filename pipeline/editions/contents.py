"""A book's table of contents for the HTML edition and the PDF made from it.

Pandoc's own (``--toc``) sees only headings at the top of the document, not those in the
parallel edition's rows, so the list is made here from every listed heading (not the
English twins, marked ``unlisted``) of levels 1 and 2, nested, each entry a link to its
heading. The PDF's stylesheet adds each entry's page number (``target-counter``).
"""

from __future__ import annotations

from pipeline.core.pandoc import tree
from pipeline.editions.base import unwrap

DEPTH = 2  # chapters and their sections
TITLES = {"fr": "Table des matières", "en": "Contents"}  # by the contents' language


def headings(blocks: list) -> list[tuple[int, str, list]]:
    """(level, id, inlines) of each listed heading, in reading order, rows' too; in the
    parallel edition a heading's English twin follows its French text (``fr / en``)."""
    found, twins = [], {}

    def collect(element: dict):
        if element["t"] == "Header":
            level, (ident, classes, kv), inlines = element["c"]
            if level <= DEPTH and ident and "unlisted" not in classes:
                found.append((level, ident, inlines))
            elif ident.endswith("-en") and "lang" in dict(kv):  # assemble._english_heading's twin
                twins[ident.removesuffix("-en")] = {"t": "Span", "c": [["", [], [["lang", dict(kv)["lang"]]]], inlines]}
        return None

    tree.walk(blocks, collect)
    between = [{"t": "Space"}, {"t": "Str", "c": "/"}, {"t": "Space"}]
    return [
        (level, ident, [*inlines, *between, twins[ident]] if ident in twins else inlines)
        for level, ident, inlines in found
    ]


def nav(blocks: list, langs: list[str]) -> list[dict]:
    """The contents as blocks: a <nav> holding a title (in ``langs``, the first the
    headings' own) and the nested list of links."""
    entries = headings(blocks)
    if not entries:
        return []
    title = " / ".join(TITLES.get(lang.split("-")[0], TITLES["en"]) for lang in langs)
    opening = f'<nav id="contents" class="toc" role="doc-toc" lang="{langs[0]}">'
    return [
        {"t": "RawBlock", "c": ["html", opening]},
        {"t": "Header", "c": [2, ["", ["toc-title", "unlisted", "unnumbered"], []], [{"t": "Str", "c": title}]]},
        _list(entries, entries[0][0]),
        {"t": "RawBlock", "c": ["html", "</nav>"]},
    ]


def _list(entries: list, level: int) -> dict:
    """A bullet list of the entries at ``level``, each with those under it nested."""
    items: list[list] = []
    for depth, ident, inlines in entries:
        link = {"t": "Link", "c": [["", [], []], unwrap(inlines), [f"#{ident}", ""]]}  # no spans a reader tabs to
        if depth <= level or not items:
            items.append([{"t": "Plain", "c": [link]}, []])
        else:
            items[-1][1].append((depth, ident, inlines))
    return {
        "t": "BulletList",
        "c": [[plain, _list(under, under[0][0])] if under else [plain] for plain, under in items],
    }
