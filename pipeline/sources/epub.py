"""EPUB books: Pandoc reads the spine's chapters and the OPF's metadata; a book with DRM is refused."""

from __future__ import annotations

import posixpath
from pathlib import Path

from pipeline.core.errors import PipelineError
from pipeline.core.pandoc import tree
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
    converted = Converted(ast, meta)
    cover = _cover(archive)
    if cover:
        converted.ast = tree.walk(ast, lambda e: [] if e["t"] == "Image" and e["c"][2][0].endswith(cover) else None)
        converted.remarks.append("The cover image was dropped: each edition makes its own cover page.")
    converted.ast, notes = _endnotes(converted.ast)
    if notes:
        converted.remarks.append(f"{notes} endnotes linked back and forth became footnotes, each where it is called.")
    return converted


def _cover(archive) -> str | None:
    """The cover image's path in the package (EPUB 3's ``cover-image``, EPUB 2's ``<meta name="cover">``)."""
    rootfile = next((e for e in archive.xml("META-INF/container.xml").iter() if local(e.tag) == "rootfile"), None)
    opf = rootfile.get("full-path") if rootfile is not None else None
    if opf not in archive.members:
        return None
    package = archive.xml(opf)
    cover_id = next(
        (e.get("content") for e in package.iter() if local(e.tag) == "meta" and e.get("name") == "cover"), None
    )
    for item in package.iter():
        if local(item.tag) == "item" and (
            item.get("id") == cover_id or "cover-image" in (item.get("properties") or "").split()
        ):
            return posixpath.normpath(posixpath.join(posixpath.dirname(opf), item.get("href", "")))
    return None


def _endnotes(ast: dict) -> tuple[dict, int]:
    """Endnotes as some producers write them (Calibre: a note call is a link with an id, the
    note a definition whose term links back to that id) made Pandoc notes at their calls."""
    bodies: dict[str, list] = {}

    def collect(element: dict):
        if element["t"] == "DefinitionList":
            kept = []
            for term, definitions in element["c"]:
                back = [e["c"][2][0][1:] for e in _links(term) if e["c"][2][0].startswith("#")]
                if len(back) == 1 and len(definitions) == 1:
                    bodies[back[0].rpartition("#")[2]] = definitions[0]
                else:
                    kept.append([term, definitions])
            return [{"t": "DefinitionList", "c": kept}] if kept else []
        return None

    ast = tree.walk(ast, collect)
    if not bodies:
        return ast, 0

    def call(element: dict):  # children first: the link, then the superscript around it
        if element["t"] == "Link" and (anchor := element["c"][0][0].rpartition("#")[2]) in bodies:
            return {"t": "Note", "c": bodies[anchor]}
        if element["t"] == "Superscript" and [e["t"] for e in element["c"]] == ["Note"]:
            return element["c"][0]
        return None

    return tree.walk(ast, call), len(bodies)


def _links(inlines: list) -> list[dict]:
    found: list[dict] = []
    tree.walk(inlines, lambda e: found.append(e) if e["t"] == "Link" else None)
    return found


def _encrypted(archive) -> bool:
    """Whether META-INF/encryption.xml encrypts anything but fonts."""
    if "META-INF/encryption.xml" not in archive.members:
        return False
    methods = [
        e.get("Algorithm") for e in archive.xml("META-INF/encryption.xml").iter() if local(e.tag) == "EncryptionMethod"
    ]
    return any(m not in FONT_OBFUSCATION for m in methods)
