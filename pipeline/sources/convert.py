"""What every reader gives back, and the one way they call Pandoc's readers."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.core.errors import PipelineError
from pipeline.core.pandoc import tree
from pipeline.core.pandoc.run import run

# The metadata a source keeps, in the order the front matter gives it.
FIELDS = ("title", "subtitle", "author", "date", "publisher", "lang", "rights", "identifier")
MAX_DEPTH = 200  # as the segment stage's parse: deeper, and the walks would recurse too far


@dataclass
class Converted:
    """A document read from its file: Pandoc's AST, the metadata found in the package (plain
    strings), what was dropped (counted, then said in the front matter) and other remarks."""

    ast: dict
    meta: dict[str, str] = field(default_factory=dict)
    dropped: Counter = field(default_factory=Counter)
    remarks: list[str] = field(default_factory=list)
    verbatim: str | None = None  # a Markdown file, which becomes the source as it is


def to_ast(data: str | bytes, reader: str, path: Path, media: Path | None = None) -> dict:
    """Pandoc's AST of ``data`` read with ``reader``; images go to ``media`` (in the sandbox,
    Pandoc writes there and nowhere else), and the AST points at them there."""
    extra = [f"--extract-media={media}"] if media else []
    try:
        ast = json.loads(run(data, reader, "json", extra))
    except PipelineError as err:
        raise PipelineError(f"{path}: Pandoc cannot read it: {err}") from err
    except RecursionError:
        ast = None
    if ast is None or tree.depth(ast) > MAX_DEPTH:
        raise PipelineError(f"{path}: it is nested more than {MAX_DEPTH} levels deep")
    return ast


def plain(value) -> str:
    """A metadata value of Pandoc's AST as plain text ("" for none)."""
    if isinstance(value, dict) and value.get("t") == "MetaList":
        return "; ".join(plain(v) for v in value["c"])
    return " ".join(tree.stringify(value).split()) if value else ""


def tidy(meta: dict[str, str]) -> dict[str, str]:
    """The known fields, whitespace folded, a timestamp cut to its date, empty ones left out."""
    out = {}
    for key in FIELDS:
        value = " ".join((meta.get(key) or "").split())
        if key == "date" and (day := re.match(r"\d{4}-\d{2}-\d{2}", value)):
            value = day.group()
        if value:
            out[key] = value
    return out


def words(text: str) -> list[dict]:
    """Plain text as Pandoc inlines: words and the spaces between them, never markup."""
    inlines: list[dict] = []
    for word in text.split():
        inlines += [{"t": "Space"}, {"t": "Str", "c": word}] if inlines else [{"t": "Str", "c": word}]
    return inlines
