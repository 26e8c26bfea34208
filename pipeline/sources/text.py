"""Plain text (.txt) and Markdown (.md) files.

A Markdown file is already a source: it is taken word for word, its front matter and
comments included, once Pandoc has read it (the segment stage reads it the same way). A
text file's paragraphs are the runs of lines between blank lines; its characters are
text, never markup (an asterisk stays an asterisk).
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.core.fileio import read_text
from pipeline.core.project import MAX_SOURCE_BYTES
from pipeline.sources.convert import Converted, plain, to_ast, words


def read_markdown(path: Path, media: Path) -> Converted:
    text = read_text(path, "Markdown file", limit=MAX_SOURCE_BYTES)
    ast = to_ast(text, "markdown", path)
    meta = {("lang" if key == "language" else key): plain(value) for key, value in ast["meta"].items()}
    return Converted(ast, meta, verbatim=text)


def read_txt(path: Path, media: Path) -> Converted:
    text = read_text(path, "text file", limit=MAX_SOURCE_BYTES)
    blocks = [{"t": "Para", "c": words(lines)} for lines in re.split(r"\n\s*\n", text) if lines.strip()]
    return Converted({"pandoc-api-version": [1, 23, 1], "meta": {}, "blocks": blocks})
