"""EPUB books: Pandoc reads the spine's chapters and the OPF's metadata; a book with DRM is refused."""

from __future__ import annotations

from pathlib import Path

from pipeline.core.errors import PipelineError
from pipeline.core.safexml import local
from pipeline.sources.archive import open_archive
from pipeline.sources.convert import Converted, plain, to_ast

# Font obfuscation (IDPF's and Adobe's) also lists fonts in encryption.xml: not DRM.
FONT_OBFUSCATION = {"http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC"}
OPF_FIELDS = {"language": "lang"}  # Pandoc's name for a field, when it is not ours


def read_epub(path: Path, media: Path) -> Converted:
    archive = open_archive(path, "EPUB")
    if "META-INF/container.xml" not in archive.members:
        raise PipelineError(f"{path}: is a zip archive but not an EPUB (it has no META-INF/container.xml)")
    if "META-INF/rights.xml" in archive.members or _encrypted(archive):
        raise PipelineError(f"{path}: is protected by DRM (its text is encrypted); only DRM-free EPUBs can be added")
    ast = to_ast(path.read_bytes(), "epub", path, media)
    meta = {OPF_FIELDS.get(key, key): plain(value) for key, value in ast["meta"].items()}
    return Converted(ast, meta)


def _encrypted(archive) -> bool:
    """Whether META-INF/encryption.xml encrypts anything but fonts."""
    if "META-INF/encryption.xml" not in archive.members:
        return False
    methods = [
        e.get("Algorithm") for e in archive.xml("META-INF/encryption.xml").iter() if local(e.tag) == "EncryptionMethod"
    ]
    return any(m not in FONT_OBFUSCATION for m in methods)
