"""Source Markdown → Pandoc JSON AST, through the pandoc binary that pypandoc-binary ships."""

from __future__ import annotations

import json
import re
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.fileio import read_text

# Pandoc's Markdown, with the extensions the sources use (all on by default in 3.x).
READER = "markdown"


def pandoc(text: str, to: str, fmt: str = READER, extra: list[str] | None = None) -> str:
    import pypandoc

    try:
        return pypandoc.convert_text(text, to, format=fmt, extra_args=extra or [], sandbox=True)
    except RuntimeError as err:
        message = " ".join(str(err).split())
        message = re.sub(r"^Pandoc died with exitcode \"\d+\" during conversion: ", "", message)
        raise PipelineError(message) from err


def parse_markdown(text: str) -> dict:
    return json.loads(pandoc(text, "json"))


def read_source(path: Path) -> tuple[str, dict]:
    """The source text and its Pandoc AST, or a PipelineError naming the file."""
    text = read_text(path, "Markdown source")
    if not text.strip():
        raise PipelineError(f"{path}: is empty; a source needs at least one paragraph")
    try:
        ast = parse_markdown(text)
    except PipelineError as err:
        raise PipelineError(f"{path}: Pandoc cannot read it: {err}") from err
    if not ast["blocks"] and not ast["meta"]:
        raise PipelineError(f"{path}: has no text Pandoc can read")
    return text, ast


def write_ast(ast: dict, to: str, extra: list[str] | None = None) -> str:
    return pandoc(json.dumps(ast, ensure_ascii=False), to, fmt="json", extra=extra)
