"""EPUB 3 edition: Pandoc's EPUB writer with our chapter template and stylesheet, a
navigation document and a table of contents.

The parallel edition is interleaved: each French paragraph, then its English partner,
set apart by a rule and a tint, each with ``lang`` and ``xml:lang``. Columns are not an
option in a reflowable book: a phone has room for one.
"""

from __future__ import annotations

from pipeline.editions import base

EXTENSION = "epub"
FILES = ("epub.xhtml", "epub.css")


def fingerprint() -> str:
    return ""


def write(edition: base.Edition) -> bytes:
    template, style = edition.file("epub.xhtml"), edition.file("epub.css")
    base.stylesheet(style)  # a clear error for broken CSS before Pandoc copies it in
    args = ["--template", str(template), "--css", str(style), "--toc", "--epub-title-page=true", "--split-level=1"]
    ast = base.with_xml_lang(base.unwrap(_headings_out_of_rows(edition.ast)))  # no script: no sentence spans
    return base.pandoc(edition, "epub3", args, template, ast=_titled(ast, edition), binary=True)


def _titled(ast: dict, edition: base.Edition) -> dict:
    """The parallel book's dc:title names it in both languages, as its HTML page's title
    does: Pandoc gives a dc:title no language of its own, so one title joins the two. Its
    title page keeps them apart (``title-fr`` and ``title-en``)."""
    if not edition.parallel:
        return ast
    meta = ast["meta"]
    return {**ast, "meta": {**meta, "title": meta["pagetitle"], "title-fr": meta["title"]}}


def _headings_out_of_rows(ast: dict) -> dict:
    """Paired headings become plain headings (French, then English) so Pandoc finds the
    French one for the table of contents; the English one is unlisted."""
    blocks = []
    for block in ast["blocks"]:
        if block["t"] == "Div" and "heading" in block["c"][0][1]:
            blocks += [b for column in block["c"][1] for b in column["c"][1]]
        else:
            blocks.append(block)
    return {**ast, "blocks": blocks}
