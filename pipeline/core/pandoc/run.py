"""The one way we run Pandoc: the binary pypandoc-binary ships, with a timeout, a heap
limit, ``--sandbox`` unless a writer must read files, and the environment given per call."""

from __future__ import annotations

import functools
import importlib.util
import os
import subprocess
from pathlib import Path

from pipeline.core.errors import PipelineError

# Pandoc's parsers are exponential on a few constructs (eight brackets nested in one
# another take ten seconds, twelve more than a minute) and its manual advises a timeout
# and a heap limit for input one does not control. A 5 MB source takes about 15 s.
TIMEOUT = 120  # seconds
HEAP_MB = 1024


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


def run(
    text: str | bytes,
    fmt: str,
    to: str,
    extra: list[str] | None = None,
    *,
    sandbox: bool = True,
    env: dict[str, str] | None = None,
    timeout: float | None = None,
) -> bytes:
    """Pandoc's output for ``text`` read as ``fmt`` and written as ``to``; ``env`` adds to
    this process's environment for this call only (threads may run others beside it).
    ``text`` is bytes for the binary formats (DOCX, ODT, EPUB), which Pandoc reads on stdin."""
    timeout = timeout or TIMEOUT
    command = [pandoc_path(), "+RTS", f"-M{HEAP_MB}m", "-RTS", *["--sandbox"] * sandbox, "-f", fmt, "-t", to]
    command += [*(extra or []), "--output", "-"]
    environment = {**os.environ, **env} if env else None
    with subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment
    ) as process:
        try:
            data = text if isinstance(text, bytes) else text.encode("utf-8")
            out, err = process.communicate(data, timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            out = None
    if out is None:
        raise PipelineError(
            f"Pandoc gave up after {timeout:.0f} s: the text has a construct Pandoc reads very slowly "
            "(such as brackets or emphasis marks nested many levels deep)"
        )
    if process.returncode != 0:
        message = " ".join(err.decode("utf-8", "replace").split())
        if "Heap exhausted" in message or "heap overflow" in message:
            message = f"it needs more than {HEAP_MB} MB of memory for this text"
        raise PipelineError(message or f"pandoc failed (exit code {process.returncode})")
    return out
