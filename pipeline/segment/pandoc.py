"""Source Markdown → Pandoc JSON AST, for the segment stage (and the editions' read-ahead)."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from pipeline.core.errors import PipelineError
from pipeline.core.fileio import read_text
from pipeline.core.pandoc import tree
from pipeline.core.pandoc.run import run
from pipeline.core.project import MAX_SOURCE_BYTES

# Pandoc's Markdown, with the extensions the sources use (all on by default in 3.x).
READER = "markdown"

# Deeper than this and the walks over the AST would exhaust Python's recursion limit; a
# real article is under 20 levels deep (a list nested in a list is 3 more).
MAX_DEPTH = 200


def parse_markdown(text: str) -> dict:
    try:
        ast = json.loads(run(text, READER, "json"))
    except RecursionError:
        ast = None
    if ast is None or tree.depth(ast) > MAX_DEPTH:
        raise PipelineError(
            f"it is nested more than {MAX_DEPTH} levels deep (lists, quotations or brackets inside one another)"
        )
    return ast


def read_source(path: Path) -> tuple[str, dict]:
    """The source text and its Pandoc AST, or a PipelineError naming the file."""
    text = read_text(path, "Markdown source", limit=MAX_SOURCE_BYTES)
    if not text.strip():
        raise PipelineError(f"{path}: is empty; a source needs at least one paragraph")
    try:
        ast = parse_markdown(text)
    except PipelineError as err:
        raise PipelineError(f"{path}: Pandoc cannot read it: {err}") from err
    if not ast["blocks"] and not ast["meta"]:
        raise PipelineError(f"{path}: has no text Pandoc can read")
    return text, ast


class Parsing(threading.Thread):
    """``read_source`` in a thread, which waits on Pandoc without holding the GIL, so other
    work (the splitter's warm-up, the previous document) goes on beside it; ``result()``
    gives what ``read_source`` returns, or raises what it raised. A daemon: a caller that
    stops at an error does not wait for a parse still running before it exits."""

    def __init__(self, path: Path) -> None:
        super().__init__(daemon=True)
        self.path, self.read, self.error = path, None, None
        self.start()

    def run(self) -> None:
        try:
            self.read = read_source(self.path)
        except BaseException as err:  # raised where the result is taken
            self.error = err

    def result(self) -> tuple[str, dict]:
        self.join()
        if self.error is not None:
            raise self.error
        return self.read


def write_ast(ast: dict, to: str, extra: list[str] | None = None) -> str:
    return run(json.dumps(ast, ensure_ascii=False), "json", to, extra).decode("utf-8")
