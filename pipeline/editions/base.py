"""What an edition is, and what its writers share.

An ``Edition`` is one Pandoc document ready to write (``assemble.prepare`` makes them);
the writers in ``html.py``, ``epub.py`` and ``pdf.py`` turn it into bytes with the
helpers here: templates, stylesheets, Pandoc, and the sentence spans taken out.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.core.errors import PipelineError
from pipeline.core.fileio import read_text
from pipeline.core.model import Segment
from pipeline.core.pandoc import tree
from pipeline.core.pandoc.run import run

EDITIONS = ("en", "fr", "fr-en")
TEMPLATES = Path(__file__).parent / "templates"  # package data; a project's templates/ overrides any file
SENTENCE, UNTRANSLATED = "s", "untranslated"  # classes of the spans around each sentence


@dataclass(frozen=True)
class Edition:
    doc: str  # document name
    name: str  # "en", "fr" or "fr-en"
    lang: str  # the document's language ("en-GB" for the parallel edition's apparatus)
    ast: dict  # Pandoc AST, typography applied, metadata filled
    epoch: int | None  # SOURCE_DATE_EPOCH, for reproducible output; None: the build time
    unreviewed: list[Segment] = field(default_factory=list)  # segments whose English nobody approved
    templates: tuple[str, ...] = (str(TEMPLATES),)  # where template files are looked up, first wins

    @property
    def parallel(self) -> bool:
        return "-" in self.name

    @property
    def modified(self) -> int:
        """When the edition was made (dcterms:modified, the EPUB's file dates), in seconds."""
        return int(time.time()) if self.epoch is None else self.epoch

    @property
    def modified_iso(self) -> str:
        return dt.datetime.fromtimestamp(self.modified, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    @property
    def identifier_bytes(self) -> bytes:
        return self.ast["meta"]["identifier"]["c"].encode()

    def file(self, name: str) -> Path:
        """A template, stylesheet or script: the project's copy if it has one, else ours."""
        for folder in self.templates:
            if (Path(folder) / name).is_file():
                return Path(folder) / name
        raise PipelineError(f"{TEMPLATES / name}: template file missing from the installation")


def read_template(path: Path) -> str:
    return read_text(path, "template file")


def stylesheet(path: Path) -> str:
    """A stylesheet's text, or a PipelineError naming the line of its first syntax error."""
    import tinycss2  # with webencodings 2 ms, 3 % of a no-op build, which reads no stylesheet

    text = read_template(path)
    rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    for rule in rules:
        errors = [rule] if rule.type == "error" else []
        if rule.type == "qualified-rule":
            errors = [d for d in tinycss2.parse_blocks_contents(rule.content) if d.type == "error"]
        if errors:
            error = errors[0]
            raise PipelineError(f"{path}:{error.source_line}: invalid CSS ({error.message}); fix the stylesheet")
    return text


def with_xml_lang(ast: dict) -> dict:
    """Every ``lang`` attribute doubled as ``xml:lang``, as XHTML readers look for it."""

    def double(element: dict):
        if element["t"] not in ("Div", "Span", "Header"):
            return None
        c = list(element["c"])
        at = tree.ATTR_AT[element["t"]]
        ident, classes, kv = c[at]
        if "lang" in dict(kv) and "xml:lang" not in dict(kv):
            c[at] = [ident, classes, [*kv, ["xml:lang", dict(kv)["lang"]]]]
        return {"t": element["t"], "c": c}

    return tree.walk(ast, double)


def div(classes: list[str], kv: list, blocks: list) -> dict:
    return {"t": "Div", "c": [["", classes, kv], blocks]}


def pandoc(edition: Edition, to: str, args: list[str], template: Path, ast: dict | None = None, binary=False):
    """Run Pandoc on the edition's AST with SOURCE_DATE_EPOCH set (to the build time when
    none is given, which Pandoc would take anyway); bytes when ``binary``."""
    text = json.dumps(ast or edition.ast, ensure_ascii=False)
    try:
        # No --sandbox for a book: it keeps the EPUB writer from reading our stylesheet.
        out = run(text, "json", to, args, sandbox=not binary, env={"SOURCE_DATE_EPOCH": str(edition.modified)})
    except PipelineError as err:
        raise PipelineError(f"{template}: Pandoc could not write the {to} edition with it: {err}") from err
    return out if binary else out.decode("utf-8")


def unwrap(ast: dict) -> dict:
    """The document without sentence spans, keeping the mark on untranslated ones."""

    def sentence(element: dict):
        if element["t"] != "Span" or SENTENCE not in element["c"][0][1]:
            return None
        (_, classes, kv), content = element["c"]
        if UNTRANSLATED in classes:
            kv = [pair for pair in kv if pair[0] in ("lang", "title")]
            return {"t": "Span", "c": [["", [UNTRANSLATED], kv], content]}
        return content

    return tree.walk(ast, sentence)
