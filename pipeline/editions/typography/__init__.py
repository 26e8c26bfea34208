"""Typography at output: each language's quotation marks, spaces and dashes, applied to a
Pandoc AST block by block, following the ``lang`` of the blocks and spans.

The source keeps its words and plain marks; an edition gets « guillemets » and narrow
no-break spaces in French, “curly quotes” and no space before punctuation in English.
``Quoted`` elements become the marks of the language they sit in (a quotation inside a
quotation takes the inner marks); every run of text goes through the language's
``text()`` rules. Code, raw markup and link targets are never touched.
"""

from __future__ import annotations

from pipeline.editions.typography import en, fr

LANGUAGES = {"fr": fr, "en": en}


def rules(lang: str):
    """The typography module for a BCP 47 tag (``fr``, ``en-GB``…); English when unknown."""
    return LANGUAGES.get(lang.split("-")[0].lower(), en)


def apply(blocks: list, lang: str) -> list:
    """The blocks with the typography of ``lang`` (and of any ``lang`` attribute inside)."""
    return [_block(block, lang) for block in blocks]


def apply_inlines(inlines: list, lang: str) -> list:
    return _inlines(inlines, lang, 0)


def _lang_of(attr: list, lang: str) -> str:
    return dict(attr[2]).get("lang", lang)


def _block(block: dict, lang: str) -> dict:
    kind, c = block["t"], block.get("c")
    if kind in ("Para", "Plain"):
        return {"t": kind, "c": _inlines(c, lang, 0)}
    if kind == "Header":
        return {"t": kind, "c": [c[0], c[1], _inlines(c[2], _lang_of(c[1], lang), 0)]}
    if kind == "Div":
        inner = _lang_of(c[0], lang)
        return {"t": kind, "c": [c[0], apply(c[1], inner)]}
    if kind == "BlockQuote":
        return {"t": kind, "c": apply(c, lang)}
    if kind == "LineBlock":
        return {"t": kind, "c": [_inlines(line, lang, 0) for line in c]}
    if kind == "BulletList":
        return {"t": kind, "c": [apply(item, lang) for item in c]}
    if kind == "OrderedList":
        return {"t": kind, "c": [c[0], [apply(item, lang) for item in c[1]]]}
    if kind == "DefinitionList":
        return {"t": kind, "c": [[_inlines(t, lang, 0), [apply(d, lang) for d in ds]] for t, ds in c]}
    if kind == "Figure":
        short, caption = c[1]
        return {"t": kind, "c": [c[0], [short, apply(caption, lang)], apply(c[2], lang)]}
    if kind == "Table":
        return {"t": kind, "c": _table(c, lang)}
    return block


def _table(c: list, lang: str) -> list:
    attr, (short, caption), colspecs, head, bodies, foot = c

    def rows(rows: list) -> list:
        return [[ra, [[a, al, rs, cs, apply(b, lang)] for a, al, rs, cs, b in cells]] for ra, cells in rows]

    return [
        attr,
        [short, apply(caption, lang)],
        colspecs,
        [head[0], rows(head[1])],
        [[b[0], b[1], rows(b[2]), rows(b[3])] for b in bodies],
        [foot[0], rows(foot[1])],
    ]


def _inlines(inlines: list, lang: str, depth: int) -> list:
    """Quoted → marks, nested elements in their own language, then the text rules."""
    expanded: list = []
    for inline in inlines:
        kind, c = inline["t"], inline.get("c")
        if kind == "Quoted":
            marks = rules(lang)
            single = c[0]["t"] == "SingleQuote"
            opening, closing = marks.quotes(depth + (1 if single and depth == 0 else 0))
            expanded.append({"t": "Str", "c": opening})
            expanded.extend(_inlines(c[1], lang, depth + 1))
            expanded.append({"t": "Str", "c": closing})
        elif kind == "Span":
            inner = _lang_of(c[0], lang)
            expanded.append({"t": kind, "c": [c[0], _inlines(c[1], inner, depth)]})
        elif kind in ("Link", "Image"):
            expanded.append({"t": kind, "c": [c[0], _inlines(c[1], lang, depth), c[2]]})
        elif kind == "Note":
            expanded.append({"t": kind, "c": apply(c, lang)})
        elif kind == "Cite":
            expanded.append({"t": kind, "c": [c[0], _inlines(c[1], lang, depth)]})
        elif kind in ("Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps"):
            expanded.append({"t": kind, "c": _inlines(c, lang, depth)})
        else:
            expanded.append(inline)
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
    content = None
    if kind in ("Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps"):
        content = c
    elif kind in ("Span", "Link", "Quoted", "Cite"):
        content = c[1]
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


def substitute(rules, run: str, before: str = "", after: str = "") -> str:
    """Apply ``rules`` (pattern, replacement) to ``run``, letting them see one character of
    context either side but change only the run: a mark at the edge of the next element
    belongs to that element, which is set with its own context."""
    out, lo, hi = before + run + after, len(before), len(before) + len(run)
    for pattern, replacement in rules:
        pieces, last = [], 0
        for m in pattern.finditer(out):
            if m.start() < lo or m.end() > hi or (m.start() == m.end() == hi and hi < len(out)):
                continue  # a match in the context is the neighbour's business
            pieces += [out[last : m.start()], m.expand(replacement)]
            hi += len(pieces[-1]) - (m.end() - m.start())
            last = m.end()
        out = "".join(pieces) + out[last:]
    return out[lo:hi]
