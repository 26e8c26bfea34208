"""EPUB 3 edition: Pandoc's EPUB writer with our chapter template and stylesheet, a
navigation document and a table of contents.

The parallel edition is interleaved: each French paragraph, then its English partner,
set apart by a rule and a tint, each with ``lang`` and ``xml:lang``. Columns are not an
option in a reflowable book: a phone has room for one. Each chapter (level-1 heading) is
one file, opened by its French and English headings; its notes end it, as EPUB footnotes.
"""

from __future__ import annotations

from html import escape

from pipeline.core.pandoc import tree
from pipeline.editions import base, notes

EXTENSION = "epub"
FILES = ("epub.xhtml", "epub.css")


def fingerprint() -> str:
    return ""


def write(edition: base.Edition) -> bytes:
    template, style = edition.file("epub.xhtml"), edition.file("epub.css")
    base.stylesheet(style)  # a clear error for broken CSS before Pandoc copies it in
    args = ["--template", str(template), "--css", str(style), "--toc", "--epub-title-page=true", "--split-level=1"]
    ast = _one_picture(_with_title_headings(edition.ast)) if edition.parallel else edition.ast
    ast = base.with_xml_lang(base.unwrap(_headings_out_of_rows(ast)))  # no script: no sentence spans
    ast["blocks"] = tree.walk(ast["blocks"], _epub_note)
    return base.pandoc(edition, "epub3", args, template, ast=_titled(ast, edition), binary=True)


def _titled(ast: dict, edition: base.Edition) -> dict:
    """The parallel book's dc:title names it in both languages, as its HTML page's title
    does: Pandoc gives a dc:title no language of its own, so one title joins the two. Its
    title page keeps them apart (``title-fr`` and ``title-en``)."""
    if not edition.parallel:
        return ast
    meta = ast["meta"]
    return {**ast, "meta": {**meta, "title": meta["pagetitle"], "title-fr": meta["title"]}}


def _with_title_headings(ast: dict) -> dict:
    """Pandoc opens a book that does not start with a chapter heading with the title as
    one, here the French title alone; a heading row of both titles opens it instead."""
    if (ast["blocks"] and _opens_a_chapter(ast["blocks"][0])) or not {"title", "title-en"} <= ast["meta"].keys():
        return ast
    halves = []
    for key, side, classes in (("title", "fr", ["unnumbered"]), ("title-en", "en", ["unlisted", "unnumbered"])):
        ((attr, inlines),) = [span["c"] for span in ast["meta"][key]["c"]]  # one span, with the language
        lang = dict(attr[2])["lang"]
        halves.append(
            base.div([side], [["lang", lang]], [{"t": "Header", "c": [1, ["", classes, [["lang", lang]]], inlines]}])
        )
    return {**ast, "blocks": [base.div(["row", "heading"], [], halves), *ast["blocks"]]}


def _opens_a_chapter(row: dict) -> bool:
    if "heading" not in row["c"][0][1]:
        return False
    french_heading = row["c"][1][0]["c"][1][0]
    return french_heading["c"][0] == 1


def _one_picture(ast: dict) -> dict:
    """Interleaved, a figure's picture would show twice in a row: the English half keeps
    only its caption, under the French figure."""

    def caption_only(row: dict) -> dict:
        french, english = row["c"][1]
        blocks = english["c"][1]
        if len(blocks) != 1 or blocks[0]["t"] != "Figure":
            return row
        _, (_, caption), _ = blocks[0]["c"]
        return _refilled(row, [french, _refilled(english, [base.div(["caption"], [], caption)])])

    return {**ast, "blocks": [caption_only(b) if "text" in b["c"][0][1] else b for b in ast["blocks"]]}


def _headings_out_of_rows(ast: dict) -> dict:
    """A paired heading's French half comes out of its row, so that Pandoc opens the
    chapter (or section) there and lists it. The English half stays in the row as raw
    tags around its text: as a Pandoc heading it would close that section and start a
    file of its own, leaving the French heading alone in its file."""
    blocks = []
    for block in ast["blocks"]:
        if block["t"] == "Div" and "heading" in block["c"][0][1]:
            french, english = block["c"][1]
            raw = [b for header in english["c"][1] for b in _raw_heading(header)]
            blocks += [*french["c"][1], _refilled(block, [_refilled(english, raw)])]
        else:
            blocks.append(block)
    return {**ast, "blocks": blocks}


def _refilled(div: dict, blocks: list) -> dict:
    return {"t": "Div", "c": [div["c"][0], blocks]}


def _epub_note(element: dict):
    """Our numbered notes (``notes.py``) as EPUB footnotes, which reading systems pop up."""
    if element["t"] == "Link" and notes.REFERENCE in element["c"][0][1]:
        (ident, classes, kv), *rest = element["c"]
        return {"t": "Link", "c": [[ident, classes, [*kv, ["epub:type", "noteref"]]], *rest]}
    if element["t"] == "Div" and notes.NOTE in element["c"][0][1]:
        (ident, classes, kv), blocks = element["c"]
        lang = dict(kv)["lang"]
        opening = f'<aside epub:type="footnote" role="doc-footnote" id="{ident}" lang="{lang}" xml:lang="{lang}">'
        return base.div(classes, [], [_raw(opening), *blocks, _raw("</aside>")])
    return None


def _raw(html: str) -> dict:
    return {"t": "RawBlock", "c": ["html", html]}


def _raw_heading(header: dict) -> list[dict]:
    """``header`` as <hN>, its text, </hN>: a heading Pandoc does not see as one."""
    level, (ident, classes, kv), inlines = header["c"]
    attrs = [("id", ident)] * bool(ident) + [("class", " ".join(classes))] * bool(classes)
    attrs += [(k, v) for k, v in kv if k == "lang"] + [("xml:lang", v) for k, v in kv if k == "lang"]
    opening = f"<h{level}" + "".join(f' {k}="{escape(v, quote=True)}"' for k, v in attrs) + ">"
    return [_raw(opening), {"t": "Plain", "c": inlines}, _raw(f"</h{level}>")]
