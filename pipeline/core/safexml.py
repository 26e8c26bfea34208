"""Reading XML from outside safely: no entity expansion, no external entities, no network.

defusedxml refuses a document that declares entities (the "billion laughs" bomb) or
points at external ones, instead of expanding them; every failure becomes one sentence
naming the file.
"""

from __future__ import annotations

import io
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree as SafeET

from pipeline.core.errors import PipelineError

MAX_BYTES = 200 * 1024 * 1024  # far above any article's XLIFF; refuses a runaway file before parsing


def parse(path: Path) -> Element:
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError as err:
        raise PipelineError(f"{path}: no such file") from err
    except OSError as err:
        raise PipelineError(f"{path}: cannot read ({err.strerror})") from err
    if path.is_dir():
        raise PipelineError(f"{path}: is a directory, not an XML file")
    if size > MAX_BYTES:
        raise PipelineError(f"{path}: is {size // 2**20} MB, more than the {MAX_BYTES // 2**20} MB an import accepts")
    return _parse(path, path)


def parse_bytes(data: bytes, name: str) -> Element:
    """``parse`` for XML already in memory (a part of a zip archive), named ``name`` in messages."""
    return _parse(io.BytesIO(data), name)


def _parse(source, name) -> Element:
    try:
        return SafeET.parse(source, forbid_dtd=False, forbid_entities=True, forbid_external=True).getroot()
    except defusedxml.EntitiesForbidden as err:
        raise PipelineError(
            f"{name}: declares XML entities ({err.name}), which are refused (they can expand without limit)"
        ) from err
    except (defusedxml.ExternalReferenceForbidden, defusedxml.DTDForbidden) as err:
        raise PipelineError(f"{name}: refers to an external resource, which is refused (nothing is fetched)") from err
    except ParseError as err:
        line, column = err.position
        raise PipelineError(
            f"{name}:{line}: is not well-formed XML ({str(err).split(':')[0]}, column {column + 1})"
        ) from err
    except OSError as err:
        raise PipelineError(f"{name}: cannot read ({err.strerror})") from err


def local(tag: str) -> str:
    """An element's name without its namespace."""
    return tag.rpartition("}")[2]
