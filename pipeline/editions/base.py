"""What an edition is, and what its writers share.

An ``Edition`` is one Pandoc document ready to write (``assemble.prepare`` makes them);
the writers in ``html.py``, ``epub.py`` and ``pdf.py`` turn it into bytes with the
helpers here: templates, stylesheets, Pandoc, and the sentence spans taken out.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.model import Segment

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
    from pipeline.fileio import read_text

    return read_text(path, "template file")


def stylesheet(path: Path) -> str:
    """A stylesheet's text, or a PipelineError naming the line of its first syntax error."""
    import tinycss2

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

    def visit(node):
        if isinstance(node, list):
            return [visit(x) for x in node]
        if isinstance(node, dict):
            if node.get("t") in ("Div", "Span", "Header") and node.get("c"):
                out = visit(node["c"])
                attr = out[1] if node["t"] == "Header" else out[0]
                kv = dict(attr[2])
                if "lang" in kv and "xml:lang" not in kv:
                    attr[2] = [*attr[2], ["xml:lang", kv["lang"]]]
                return {"t": node["t"], "c": out}
            return {k: visit(v) for k, v in node.items()}
        return node

    return {**ast, "blocks": visit(ast["blocks"]), "meta": visit(ast["meta"])}


def div(classes: list[str], kv: list, blocks: list) -> dict:
    return {"t": "Div", "c": [["", classes, kv], blocks]}


def rewrite(node, change):
    """``node`` with each element for which ``change`` returns something replaced by that
    (depth first: an element's contents are rewritten before it is offered)."""
    if isinstance(node, list):
        return [rewrite(x, change) for x in node]
    if isinstance(node, dict):
        node = {k: rewrite(v, change) for k, v in node.items()}
        changed = change(node) if "t" in node else None
        return node if changed is None else changed
    return node


def pandoc(edition: Edition, to: str, args: list[str], template: Path, ast: dict | None = None, binary=False):
    """Run Pandoc on the edition's AST with SOURCE_DATE_EPOCH set (to the build time when
    none is given, which Pandoc would take anyway); bytes when ``binary``."""
    import tempfile

    import pypandoc

    text = json.dumps(ast or edition.ast, ensure_ascii=False)
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(edition.modified)  # pypandoc passes the environment on
    try:
        if not binary:
            return pypandoc.convert_text(text, to, format="json", extra_args=args, sandbox=True)
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / f"out.{to}"
            # No --sandbox here: it keeps the EPUB writer from reading our stylesheet.
            pypandoc.convert_text(text, to, format="json", extra_args=args, outputfile=str(out))
            return out.read_bytes()
    except RuntimeError as err:
        message = " ".join(str(err).split()).replace('Pandoc died with exitcode "', "(exit ")
        raise PipelineError(f"{template}: Pandoc could not write the {to} edition with it: {message}") from err
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def unwrap(ast: dict) -> dict:
    """The document without sentence spans, keeping the mark on untranslated ones."""

    def inlines(items: list) -> list:
        out = []
        for item in items:
            item = visit(item)
            if item.get("t") == "Span" and SENTENCE in item["c"][0][1]:
                (_, classes, kv), content = item["c"]
                if UNTRANSLATED in classes:
                    kv = [pair for pair in kv if pair[0] in ("lang", "title")]
                    out.append({"t": "Span", "c": [["", [UNTRANSLATED], kv], content]})
                else:
                    out.extend(content)
            else:
                out.append(item)
        return out

    def visit(node):
        if isinstance(node, list):
            if node and all(isinstance(x, dict) and "t" in x for x in node):
                return inlines(node)
            return [visit(x) for x in node]
        if isinstance(node, dict):
            return {k: visit(v) for k, v in node.items()}
        return node

    return visit(ast)
