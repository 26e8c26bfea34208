"""Source Markdown → Pandoc JSON AST, through the pandoc binary that pypandoc-binary ships."""

from __future__ import annotations

import functools
import importlib.util
import json
import subprocess
import threading
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
) -> str:
    """Pandoc's output for ``text`` (``Parsing`` runs it beside other work)."""
    command = [pandoc_path(), "+RTS", f"-M{HEAP_MB}m", "-RTS", "--sandbox", "-f", fmt, "-t", to, *(extra or [])]
    with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        try:
            out, err = process.communicate(text.encode("utf-8"), timeout=timeout or TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            out = None
    if out is None:
        raise PipelineError(
            f"Pandoc gave up after {timeout or TIMEOUT:.0f} s: the text has a construct Pandoc reads very slowly "
            "(such as brackets or emphasis marks nested many levels deep)"
        )
    if process.returncode != 0:
        message = " ".join(err.decode("utf-8", "replace").split())
        if "Heap exhausted" in message or "heap overflow" in message:
            message = f"it needs more than {HEAP_MB} MB of memory for this text"
        raise PipelineError(message or f"pandoc failed (exit code {process.returncode})")
    return out.decode("utf-8")


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
    return pandoc(json.dumps(ast, ensure_ascii=False), to, fmt="json", extra=extra)
