"""Source Markdown → Pandoc JSON AST, through the pandoc binary that pypandoc-binary ships."""

from __future__ import annotations

import functools
import importlib.util
import json
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.fileio import read_text
from pipeline.project import MAX_SOURCE_BYTES

# Pandoc's Markdown, with the extensions the sources use (all on by default in 3.x).
READER = "markdown"

# Pandoc's parsers are exponential on a few constructs (eight brackets nested in one
# another take ten seconds, twelve more than a minute) and its manual advises a timeout
# and a heap limit for input one does not control. A 5 MB source takes about 15 s.
TIMEOUT = 120  # seconds
HEAP_MB = 1024
# Deeper than this and the walks over the AST would exhaust Python's recursion limit; a
# real article is under 20 levels deep (a list nested in a list is 3 more).
MAX_DEPTH = 200


@functools.cache
def pandoc_path() -> str:
    """The pandoc binary pypandoc-binary ships, found without importing pypandoc, whose
    import (urllib, ssl, email, logging) costs more than Pandoc's parse of an article."""
    spec = importlib.util.find_spec("pypandoc")
    for folder in (spec and spec.submodule_search_locations) or []:
        binary = Path(folder) / "files" / "pandoc"
        if binary.is_file():
            return str(binary)
    import pypandoc  # plain pypandoc: a pandoc on PATH or one it downloaded

    return pypandoc.get_pandoc_path()


def pandoc(
    text: str,
    to: str,
    fmt: str = READER,
    extra: list[str] | None = None,
    timeout: float | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> str:
    """Pandoc's output for ``text``; ``meanwhile`` runs here while Pandoc works on the other core."""
    command = [pandoc_path(), "+RTS", f"-M{HEAP_MB}m", "-RTS", "--sandbox", "-f", fmt, "-t", to, *(extra or [])]
    with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        done: dict = {}

        def communicate() -> None:
            try:
                done["out"], done["err"] = process.communicate(text.encode("utf-8"), timeout=timeout or TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.communicate()

        # A thread feeds Pandoc and drains its output (a pipe blocks both ways past 64 KB),
        # waiting on I/O without the GIL while ``meanwhile`` runs.
        feeder = threading.Thread(target=communicate, daemon=True)
        feeder.start()
        try:
            if meanwhile is not None:
                meanwhile()
        finally:
            feeder.join()
    if "out" not in done:
        raise PipelineError(
            f"Pandoc gave up after {timeout or TIMEOUT:.0f} s: the text has a construct Pandoc reads very slowly "
            "(such as brackets or emphasis marks nested many levels deep)"
        )
    if process.returncode != 0:
        message = " ".join(done["err"].decode("utf-8", "replace").split())
        if "Heap exhausted" in message or "heap overflow" in message:
            message = f"it needs more than {HEAP_MB} MB of memory for this text"
        raise PipelineError(message or f"pandoc failed (exit code {process.returncode})")
    return done["out"].decode("utf-8")


def parse_markdown(text: str, meanwhile: Callable[[], object] | None = None) -> dict:
    try:
        ast = json.loads(pandoc(text, "json", meanwhile=meanwhile))
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


def read_source(path: Path, meanwhile: Callable[[], object] | None = None) -> tuple[str, dict]:
    """The source text and its Pandoc AST, or a PipelineError naming the file.

    ``meanwhile``: work to do while Pandoc parses (the sentence splitter's warm-up)."""
    text = read_text(path, "Markdown source", limit=MAX_SOURCE_BYTES)
    if not text.strip():
        raise PipelineError(f"{path}: is empty; a source needs at least one paragraph")
    try:
        ast = parse_markdown(text, meanwhile)
    except PipelineError as err:
        raise PipelineError(f"{path}: Pandoc cannot read it: {err}") from err
    if not ast["blocks"] and not ast["meta"]:
        raise PipelineError(f"{path}: has no text Pandoc can read")
    return text, ast


def write_ast(ast: dict, to: str, extra: list[str] | None = None) -> str:
    return pandoc(json.dumps(ast, ensure_ascii=False), to, fmt="json", extra=extra)
