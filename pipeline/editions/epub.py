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
    return base.pandoc(edition, "epub3", args, template, ast=base.with_xml_lang(edition.ast), binary=True)
