"""The images of a document, checked and carried into its editions.

Each image the source names is read once, relative to the source's folder (``pipeline
add`` puts them in ``source/<doc>/media/``), and must be a picture Pillow can decode: a
missing, unreadable or broken one stops the build with one sentence naming it, instead
of an edition that silently lacks it. Its bytes then go into the document as a
``data:`` URI, so that the HTML page stays one self-contained file, WeasyPrint needs no
file access, and Pandoc's EPUB writer stores each picture once as a file of the book.
The stylesheets give every image its size (never wider than the text).
"""

from __future__ import annotations

import base64
import io
from pathlib import Path
from urllib.parse import unquote, urlparse

from pipeline.core.errors import PipelineError
from pipeline.core.pandoc import tree

MEDIA_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}


def embedded(ast: dict, source: Path, uris: dict[str, str]) -> dict:
    """``ast`` with each image's target replaced by its picture as a ``data:`` URI;
    ``uris``: target → URI of the pictures read already (the other language's)."""

    def embed(element: dict):
        if element["t"] != "Image":
            return None
        attr, alt, (target, title) = element["c"]
        if target not in uris:
            uris[target] = _data_uri(target, source)
        return {"t": "Image", "c": [attr, alt, [uris[target], title]]}

    return tree.walk(ast, embed)


def _data_uri(target: str, source: Path) -> str:
    if target.startswith("data:"):
        return target
    if urlparse(target).scheme not in ("", "file"):
        raise PipelineError(f"{source}: the image {target} is not a local file; editions are built offline")
    path = source.parent / unquote(urlparse(target).path)
    try:
        data = path.read_bytes()
    except OSError as err:
        reason = "does not exist" if isinstance(err, FileNotFoundError) else f"cannot be read ({err.strerror})"
        raise PipelineError(f"{source}: the image {target} {reason}") from err
    kind = _kind(data)
    if kind not in MEDIA_TYPES:
        raise PipelineError(f"{source}: the image {target} is not a PNG, JPEG, GIF or WebP picture")
    return f"data:{MEDIA_TYPES[kind]};base64,{base64.b64encode(data).decode('ascii')}"


def _kind(data: bytes) -> str:
    """The picture's format as Pillow decodes it, or "" when it is no picture or a broken one."""
    from PIL import Image, UnidentifiedImageError  # WeasyPrint's own dependency; only for a document with images

    try:
        with Image.open(io.BytesIO(data)) as picture:
            picture.load()  # decodes it all: a truncated file fails here, not in a reader's hands
            return picture.format or ""
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return ""
