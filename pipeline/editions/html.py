"""HTML edition: one self-contained page (stylesheet and script inline) from Pandoc's
HTML5 writer and our template; the PDF renders the same page with print.css."""

from __future__ import annotations

from pipeline.editions import base, contents

EXTENSION = "html"
FILES = ("edition.html", "edition.css", "parallel.js")


def fingerprint() -> str:
    return ""


def render(edition: base.Edition, extra_css: str = "") -> str:
    template = edition.file("edition.html")
    style = base.stylesheet(edition.file("edition.css")) + extra_css
    args = [
        "--template",
        str(template),
        "--variable",
        f"style={style}",
        "--variable",
        f"modified={edition.modified_iso}",
    ]
    if edition.parallel:
        args += ["--variable", f"script={base.read_template(edition.file('parallel.js'))}"]
    return base.pandoc(edition, "html5", args, template, ast=_with_contents(edition))


def _with_contents(edition: base.Edition) -> dict:
    """A book opens with its table of contents; an article has none."""
    meta = edition.ast["meta"]
    if not meta.get("book"):
        return edition.ast
    langs = [meta["toc-lang"]["c"], edition.lang] if "toc-lang" in meta else [edition.lang]
    return {**edition.ast, "blocks": contents.nav(edition.ast["blocks"], langs) + edition.ast["blocks"]}


def write(edition: base.Edition) -> bytes:
    return render(edition).encode("utf-8")
