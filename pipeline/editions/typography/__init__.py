"""Typography at output: each language's quotation marks, spaces and dashes, applied to a
Pandoc AST block by block, following the ``lang`` of the blocks and spans.

The source keeps its words and plain marks; an edition gets « guillemets » and narrow
no-break spaces in French, “curly quotes” and no space before punctuation in English.
``Quoted`` elements become the marks of the language they sit in (a quotation inside a
quotation takes the inner marks); every run of text goes through the language's
``text()`` rules. Code, raw markup and link targets are never touched.
"""

from __future__ import annotations

from pipeline.core.pandoc import tree
from pipeline.editions.typography import en, fr

LANGUAGES = {"fr": fr, "en": en}


def rules(lang: str):
    """The typography module for a BCP 47 tag (``fr``, ``en-GB``…); English when unknown."""
    return LANGUAGES.get(lang.split("-")[0].lower(), en)


def apply(blocks: list, lang: str) -> list:
    """The blocks with the typography of ``lang`` (and of any ``lang`` attribute inside)."""
    return [_element(block, lang, 0) for block in blocks]


def apply_inlines(inlines: list, lang: str) -> list:
    return _inlines(inlines, lang, 0)


def _element(element: dict, lang: str, depth: int) -> dict:
    """An element with its text set in its own language, or in the one around it."""
    inner = tree.lang(element, lang)
    return tree.map_parts(
        element,
        inlines=lambda inlines, _: _inlines(inlines, inner, depth),
        blocks=lambda blocks, _: apply(blocks, inner),
    )


def _inlines(inlines: list, lang: str, depth: int) -> list:
    """Quoted → marks, nested elements in their own language, then the text rules."""
    expanded: list = []
    for inline in inlines:
        if inline["t"] == "Quoted":
            quote, inside = inline["c"]
            single = quote["t"] == "SingleQuote"
            opening, closing = rules(lang).quotes(depth + (1 if single and depth == 0 else 0))
            expanded += [{"t": "Str", "c": opening}, *_inlines(inside, lang, depth + 1), {"t": "Str", "c": closing}]
        else:
            expanded.append(_element(inline, lang, depth))
    return _text_runs(expanded, rules(lang))


def _text_runs(inlines: list, marks) -> list:
    """Apply ``marks.text`` to each run of Str/Space, seeing one character either side."""
    out: list = []
    i = 0
    while i < len(inlines):
        if inlines[i]["t"] not in ("Str", "Space", "SoftBreak"):
            out.append(inlines[i])
            i += 1
            continue
        j = i
        while j < len(inlines) and inlines[j]["t"] in ("Str", "Space", "SoftBreak"):
            j += 1
        text = "".join(x["c"] if x["t"] == "Str" else " " for x in inlines[i:j])
        before = _edge(inlines[i - 1], last=True) if i else ""
        after = _edge(inlines[j], last=False) if j < len(inlines) else ""
        out.extend(_tokens(marks.text(text, before, after)))
        i = j
    return out


def _edge(inline: dict, last: bool) -> str:
    """The character a neighbouring element shows at its edge ('x' when unknown but inked)."""
    kind, c = inline["t"], inline.get("c")
    if kind == "Str":
        return c[-1 if last else 0] if c else ""
    if kind in ("Space", "SoftBreak", "LineBreak"):
        return " "
    content = None if kind == "Image" else tree.content(inline)  # an image shows no letter at its edge
    if content:
        return _edge(content[-1 if last else 0], last)
    return "x"


def _tokens(text: str) -> list:
    out: list = []
    for k, word in enumerate(text.split(" ")):
        if k:
            out.append({"t": "Space"})
        if word:
            out.append({"t": "Str", "c": word})
    return out
