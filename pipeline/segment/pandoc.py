"""Source Markdown → Pandoc JSON AST, through the pandoc binary that pypandoc-binary ships."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.fileio import read_text

# Pandoc's Markdown, with the extensions the sources use (all on by default in 3.x).
READER = "markdown"

# Pandoc's parsers are exponential on a few constructs (eight brackets nested in one
# another take ten seconds, twelve more than a minute) and its manual advises a timeout
# and a heap limit for input one does not control. A 5 MB source takes about 15 s.
TIMEOUT = 120  # seconds
HEAP_MB = 1024
MAX_SOURCE_BYTES = 5_000_000  # about 50,000 sentences: a long book; split anything larger
# Deeper than this and the walks over the AST would exhaust Python's recursion limit; a
# real article is under 20 levels deep (a list nested in a list is 3 more).
MAX_DEPTH = 200


def pandoc(text: str, to: str, fmt: str = READER, extra: list[str] | None = None, timeout: float | None = None) -> str:
    import pypandoc

    command = [pypandoc.get_pandoc_path(), "+RTS", f"-M{HEAP_MB}m", "-RTS", "--sandbox", "-f", fmt, "-t", to]
    try:
        done = subprocess.run(
            [*command, *(extra or [])],
            input=text.encode("utf-8"),
            capture_output=True,
            timeout=timeout or TIMEOUT,
        )
    except subprocess.TimeoutExpired as err:
        raise PipelineError(
            f"Pandoc gave up after {err.timeout:.0f} s: the text has a construct Pandoc reads very slowly "
            "(such as brackets or emphasis marks nested many levels deep)"
        ) from None
    if done.returncode != 0:
        message = " ".join(done.stderr.decode("utf-8", "replace").split())
        if "Heap exhausted" in message or "heap overflow" in message:
            message = f"it needs more than {HEAP_MB} MB of memory for this text"
        raise PipelineError(message or f"pandoc failed (exit code {done.returncode})")
    return done.stdout.decode("utf-8")


def parse_markdown(text: str) -> dict:
    try:
        ast = json.loads(pandoc(text, "json"))
    except RecursionError:
        ast = None
    if ast is None or _depth(ast) > MAX_DEPTH:
        raise PipelineError(
            f"it is nested more than {MAX_DEPTH} levels deep (lists, quotations or brackets inside one another)"
        )
    return ast


def _depth(node) -> int:
    deepest, todo = 0, [(node, 1)]
    while todo:
        item, depth = todo.pop()
        deepest = max(deepest, depth)
        if isinstance(item, dict):
            todo += [(value, depth + 1) for value in item.values()]
        elif isinstance(item, list):
            todo += [(value, depth + 1) for value in item]
    return deepest


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


def write_ast(ast: dict, to: str, extra: list[str] | None = None) -> str:
    return pandoc(json.dumps(ast, ensure_ascii=False), to, fmt="json", extra=extra)
