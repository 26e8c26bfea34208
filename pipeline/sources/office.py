"""Word (.docx) and OpenDocument (.odt) files: Pandoc reads the text, the package's own
properties give the metadata (Pandoc reads few of them)."""

from __future__ import annotations

from pathlib import Path

from pipeline.core.errors import PipelineError
from pipeline.core.pandoc import tree
from pipeline.core.safexml import local
from pipeline.sources.archive import Archive, open_archive
from pipeline.sources.convert import Converted, plain, to_ast, words

ODT_TYPE = "application/vnd.oasis.opendocument.text"
# Property element → our field, in order of preference (the first one found wins).
DOCX_CORE = {"title": "title", "subject": "subtitle", "creator": "author", "created": "date", "modified": "date"}
DOCX_CORE |= {"language": "lang", "identifier": "identifier", "rights": "rights"}
ODT_META = {"title": "title", "subject": "subtitle", "creator": "author", "initial-creator": "author"}
ODT_META |= {
    "creation-date": "date",
    "date": "date",
    "language": "lang",
    "identifier": "identifier",
    "rights": "rights",
}
CUSTOM = ("publisher", "rights", "identifier", "subtitle")  # user-defined properties read by name


def read_docx(path: Path, media: Path) -> Converted:
    archive = open_archive(path, "Word (.docx)")
    if "word/document.xml" not in archive.members or "[Content_Types].xml" not in archive.members:
        raise PipelineError(f"{path}: is a zip archive but not a Word document (it has no word/document.xml)")
    meta = _properties(archive, "docProps/core.xml", DOCX_CORE)
    if "docProps/app.xml" in archive.members:
        company = [e.text for e in archive.xml("docProps/app.xml").iter() if local(e.tag) == "Company"]
        meta.setdefault("publisher", (company or [""])[0] or "")
    if "docProps/custom.xml" in archive.members:
        for prop in archive.xml("docProps/custom.xml"):
            if (name := (prop.get("name") or "").lower()) in CUSTOM:
                meta.setdefault(name, "".join(prop.itertext()))
    if not meta.get("lang") and "word/styles.xml" in archive.members:  # the default paragraph language
        langs = [e for e in archive.xml("word/styles.xml").iter() if local(e.tag) == "lang"]
        meta["lang"] = next((v for e in langs for k, v in e.attrib.items() if local(k) == "val"), "")
    return _converted(path, archive, "docx+empty_paragraphs", media, meta)


def read_odt(path: Path, media: Path) -> Converted:
    archive = open_archive(path, "OpenDocument text (.odt)")
    if archive.members.get("mimetype", b"").strip() != ODT_TYPE.encode() or "content.xml" not in archive.members:
        raise PipelineError(f"{path}: is a zip archive but not an OpenDocument text (its mimetype is not {ODT_TYPE})")
    meta = _properties(archive, "meta.xml", ODT_META)
    if "meta.xml" in archive.members:
        for prop in archive.xml("meta.xml").iter():
            if local(prop.tag) == "user-defined":
                name = next((v for k, v in prop.attrib.items() if local(k) == "name"), "").lower()
                if name in CUSTOM:
                    meta.setdefault(name, prop.text or "")
    converted = _converted(path, archive, "odt", media, meta)
    converted.ast = _odt_alt_texts(archive, converted.ast)
    return converted


def _odt_alt_texts(archive: Archive, ast: dict) -> dict:
    """Each image's description (``svg:desc``, else ``svg:title``) as its alternative text:
    Pandoc's ODT reader drops the one and turns the other into an identifier."""
    described = {}
    for frame in archive.xml("content.xml").iter():
        if local(frame.tag) != "frame":
            continue
        texts = {local(e.tag): "".join(e.itertext()).strip() for e in frame}
        for image in frame:
            href = next((v for k, v in image.attrib.items() if local(k) == "href"), None)
            if local(image.tag) == "image" and href and (texts.get("desc") or texts.get("title")):
                described[href] = texts.get("desc") or texts["title"]

    def action(element: dict):
        if element["t"] == "Image":
            attr, alt, (src, title) = element["c"]
            text = next((d for href, d in described.items() if src.endswith(href)), None)
            if text:
                return {"t": "Image", "c": [attr, words(text), [src, ""]]}
        return None

    return tree.walk(ast, action)


def _properties(archive: Archive, part: str, fields: dict[str, str]) -> dict[str, str]:
    """The fields found in a package's properties part (``fields``: element name → field)."""
    meta: dict[str, str] = {}
    if part not in archive.members:
        return meta
    found = {local(e.tag): (e.text or "").strip() for e in archive.xml(part).iter()}
    for element, key in fields.items():
        if found.get(element) and not meta.get(key):
            meta[key] = found[element]
    return meta


def _converted(path: Path, archive: Archive, reader: str, media: Path, meta: dict[str, str]) -> Converted:
    ast = to_ast(path.read_bytes(), reader, path, media)
    # Pandoc's own, from the document's Title, Subtitle, Author and Date paragraphs: what
    # the author typed, before the properties (whose date is when the file was made).
    meta.update({key: plain(value) for key, value in ast["meta"].items() if plain(value)})
    return Converted(ast, meta)
