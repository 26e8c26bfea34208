"""Sources stage: a document as people send it (Word, OpenDocument, EPUB, a web page,
Markdown, plain text) → ``source/<name>.fr.md``, the Markdown the segment stage reads.

``add`` picks the reader by extension (one module per family), cleans the packaging out
of Pandoc's AST (``clean``), refuses what is empty or not French, and writes the source
with the metadata and a note of what was dropped in its front matter, the images beside
it in ``source/<name>/media/``. Everything is first made in a scratch folder inside
``source/``; nothing is written unless all of it worked.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import textwrap
from pathlib import Path

from pipeline.core import lexicon
from pipeline.core.errors import PipelineError
from pipeline.core.fileio import write_atomic
from pipeline.core.pandoc import tree
from pipeline.core.pandoc.run import run
from pipeline.core.project import MAX_SOURCE_BYTES, SOURCE_LANG, Project
from pipeline.sources import clean, epub, office, text, web
from pipeline.sources.convert import FIELDS, Converted, tidy

READERS = {
    ".docx": ("Word", office.read_docx),
    ".odt": ("OpenDocument", office.read_odt),
    ".epub": ("EPUB", epub.read_epub),
    ".html": ("web page", web.read_html),
    ".htm": ("web page", web.read_html),
    ".md": ("Markdown", text.read_markdown),
    ".txt": ("plain text", text.read_txt),
}
NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
SAMPLE_WORDS = 400  # enough to tell French from English; the rest of a book is not read twice


def add(project: Project, path: Path, name: str | None = None) -> Path:
    """Write ``source/<name>.fr.md`` (and its images) from the file at ``path``; returns the source's path."""
    path = Path(path)
    if not path.is_file():
        raise PipelineError(f"{path}: no such file")
    kind, reader = READERS.get(path.suffix.lower(), (None, None))
    if reader is None:
        known = ", ".join(READERS)
        raise PipelineError(
            f"{path}: `pipeline add` reads {known} files, not {path.suffix or 'files without an extension'}"
        )
    name = name or default_name(path)
    if not NAME.fullmatch(name):
        raise PipelineError(
            f"{name!r}: a document's name is lower-case letters, digits, - and _ (give one with --name)"
        )
    doc = project.document(name)
    project.source_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=project.source_dir, prefix=f".add-{name}-") as scratch:
        work = Path(scratch).resolve()
        converted = reader(path, work / "extracted")
        meta = tidy(converted.meta)
        converted.ast, dropped = clean.clean(converted.ast, meta)
        converted.dropped += dropped
        _check_text(path, converted.ast, meta)
        _french_lang(converted, meta)
        media = work / "media"
        if converted.verbatim is not None:
            markdown = converted.verbatim
        else:
            ast = _relink(converted.ast, work / "extracted", media, f"{name}/media")
            markdown = _markdown(ast, meta, _comments(path, kind, converted, meta, name, media))
        if len(markdown.encode("utf-8")) > MAX_SOURCE_BYTES:
            raise PipelineError(
                f"{path}: makes more than {MAX_SOURCE_BYTES / 1e6:.0f} MB of Markdown; split it into several documents"
            )
        _install(media, project.source_dir / name / "media", work / "old media")
        write_atomic(doc.source, markdown)
    return doc.source


def default_name(path: Path) -> str:
    """The file's name, lower-cased, its accents and punctuation made plain: "Le Canal.docx" → "le-canal"."""
    import unicodedata

    stem = path.stem.removesuffix(f".{SOURCE_LANG}")  # "wiki.fr.md" → "wiki"
    plain = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:64] or "document"


def _check_text(path: Path, ast: dict, meta: dict[str, str]) -> None:
    """Refuse a document with no text, or one that is not in French."""
    words = [w for w in lexicon.french_words(tree.stringify(ast["blocks"])) if len(w) > 1]
    if not words:
        raise PipelineError(f"{path}: is empty (it has no text to translate)")
    sample = words[:SAMPLE_WORDS]
    french = sum(lexicon.knows("French", w) for w in sample)
    english = sum(lexicon.knows("English", w) for w in sample)
    if french <= english:
        declared = f", and says it is in {meta['lang']!r}" if meta.get("lang") else ""
        raise PipelineError(
            f"{path}: is not in French ({french} of its first {len(sample)} words are French, "
            f"{english} English{declared}); `pipeline add` takes French sources"
        )


def _french_lang(converted: Converted, meta: dict[str, str]) -> None:
    """``lang: fr`` for a text found French, whatever the file said (said in the comments if it differed)."""
    if meta.get("lang", SOURCE_LANG).split("-")[0].lower() != SOURCE_LANG:
        converted.remarks.append(
            f"The file gave its language as {meta['lang']!r} (a word processor's default, as often); "
            f"its text is French, so `lang: {SOURCE_LANG}`."
        )
        meta["lang"] = SOURCE_LANG
        converted.meta.pop("lang", None)  # ours, not the file's
    meta.setdefault("lang", SOURCE_LANG)


def _relink(ast: dict, extracted: Path, media: Path, href: str) -> dict:
    """Each image Pandoc extracted moved into ``media`` under a plain name, and pointed at
    as ``href``/name (relative to the source); an image outside the scratch folder is refused."""
    names: dict[str, str] = {}

    def action(element: dict):
        if element["t"] != "Image":
            return None
        attr, alt, (src, title) = element["c"]
        found = Path(src).resolve()
        if not Path(src).is_absolute() or not found.is_relative_to(extracted.resolve()) or not found.is_file():
            return None  # Pandoc left it as it was: a link to the web, kept as such
        if src not in names:
            stem = re.sub(r"[^A-Za-z0-9._-]+", "-", found.name).lstrip(".") or "image"
            taken = set(names.values())
            unique, n = stem, 1
            while unique in taken:
                n += 1
                unique = f"{Path(stem).stem}-{n}{Path(stem).suffix}"
            names[src] = unique
            media.mkdir(parents=True, exist_ok=True)
            shutil.move(found, media / unique)
        return {"t": "Image", "c": [attr, alt, [f"{href}/{names[src]}", title]]}

    return tree.walk(ast, action)


def _markdown(ast: dict, meta: dict[str, str], comments: list[str]) -> str:
    """The source: Pandoc's Markdown of ``ast``, with ``meta`` and the comments in its front matter."""
    ast = {**ast, "meta": {key: {"t": "MetaString", "c": meta[key]} for key in FIELDS if key in meta}}
    import json

    # Without "smart", straight quotes are written as they are (not escaped), and the
    # segment stage reads them as the hand-written sources' are: curly.
    out = run(json.dumps(ast), "json", "markdown-smart", ["--standalone", "--wrap=none"]).decode("utf-8")
    first, rest = out.split("\n", 1)  # the front matter's opening ---
    return "\n".join([first, *comments, rest])


def _comments(path: Path, kind: str, converted: Converted, meta: dict, name: str, media: Path) -> list[str]:
    """The front matter's comments: where the source came from and what was done to it."""
    lines = [f"Added by `pipeline add` from {path.name} ({kind}). What was done:"]
    dropped = clean.summary(converted.dropped)
    if dropped:
        lines.append("- Dropped as packaging, not text: " + "; ".join(dropped) + ".")
    else:
        lines.append("- Nothing was dropped: the file held no packaging to take out.")
    lines += [f"- {remark}" for remark in converted.remarks]
    found = [key for key in FIELDS if converted.meta.get(key) and key in meta]
    if found:
        lines.append(f"- The metadata ({', '.join(found)}) comes from the {kind} file's own properties.")
    images = len(list(media.iterdir())) if media.is_dir() else 0
    if images:
        lines.append(f"- Its {images} image(s) are in {name}/media/.")
    wrapped = [w for line in lines for w in textwrap.wrap(line, 88, subsequent_indent="  ")]
    return [f"# {line}" for line in wrapped]


def _install(media: Path, target: Path, old: Path) -> None:
    """The new images in place of the old ones (kept aside in the scratch folder, which goes)."""
    if target.exists():
        target.rename(old)
    if media.is_dir():
        target.parent.mkdir(parents=True, exist_ok=True)
        media.rename(target)
    elif target.parent.is_dir() and not any(target.parent.iterdir()):
        target.parent.rmdir()
