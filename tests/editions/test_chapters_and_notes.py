"""A document with chapters (``#`` headings, ``##`` under some) and footnotes, which the
article has not: tests/data/wiki.fr.md, built through the CLI with real Pandoc.

The parallel EPUB must give each chapter one file holding both headings and the
chapter's interleaved text, with the table of contents pointing there; and in every
parallel edition each language numbers its own notes and keeps them with it.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from xml.etree import ElementTree

import pytest
from conftest import DATA
from reference import fill_store

from pipeline.editions import validate

from .reading import XHTML, XML_LANG, classes, html_tree, text_of

pytestmark = pytest.mark.slow  # builds and validates a book

CHAPTERS = ["Présentation", "Histoire", "Ouvrages remarquables", "Protection"]  # the `#` headings
NOTES = ["Le seuil de Naurouze est le point le plus élevé", "La ligne de Bordeaux à Sète fut achevée"]
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


@pytest.fixture(scope="module")
def wiki(tmp_path_factory):
    """The project, with wiki's nine editions in dist/."""
    from click.testing import CliRunner

    from pipeline.cli import cli

    root = tmp_path_factory.mktemp("wiki") / "project"
    (root / "source").mkdir(parents=True)
    shutil.copy(DATA / "wiki.fr.md", root / "source")
    fill_store(root, "wiki", untranslated=0)
    result = CliRunner().invoke(cli, ["--project", str(root), "build", "--no-translate"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return root


def dist(root, name):
    return root / "dist" / f"wiki.{name}"


def lang_of(element, parents) -> str:
    """The language an element is in: its own ``lang``, or its nearest ancestor's."""
    while element is not None:
        if element.get("lang") or element.get(XML_LANG):
            return element.get("lang") or element.get(XML_LANG)
        element = parents.get(element)
    return ""


def parents_of(tree) -> dict:
    return {child: parent for parent in tree.iter() for child in parent}


def epub_files(path) -> tuple[dict, list]:
    """({chapter file: its XHTML tree}, [(nav entry, href)]) of an EPUB made by Pandoc."""
    with zipfile.ZipFile(path) as book:
        files = {
            n.removeprefix("EPUB/"): ElementTree.fromstring(book.read(n))
            for n in book.namelist()
            if re.fullmatch(r"EPUB/text/ch\d+\.xhtml", n)
        }
        nav = ElementTree.fromstring(book.read("EPUB/nav.xhtml"))
    toc = next(n for n in nav.iter(f"{XHTML}nav") if n.get(EPUB_TYPE) == "toc")
    return files, [(text_of(a), a.get("href")) for a in toc.iter(f"{XHTML}a")]


def headings(tree) -> list[tuple[str, str, str]]:
    parents = parents_of(tree)
    found = [e for e in tree.iter() if re.fullmatch(rf"{re.escape(XHTML)}h[1-6]", e.tag)]
    return [(e.tag.removeprefix(XHTML), lang_of(e, parents), text_of(e)) for e in found]


def row_text(tree) -> dict[str, int]:
    """Characters of body text in the French and in the English halves of the rows."""
    out = {"fr": 0, "en": 0}
    for row in (e for e in tree.iter(f"{XHTML}div") if {"row", "text"} <= classes(e)):
        for half in row:
            out[half.get("class")] += len(text_of(half))
    return out


# --- the chapters of the EPUBs ---


def test_parallel_epub_one_file_per_chapter_with_both_headings_and_its_text(wiki):
    files, toc = epub_files(dist(wiki, "fr-en.epub"))
    assert len(files) == len(CHAPTERS)
    for (name, tree), title in zip(sorted(files.items()), CHAPTERS):
        found = headings(tree)
        assert found[:2] == [("h1", "fr", title), ("h1", "en-GB", title + found[1][2][len(title) :])], name
        assert [h for h in found if h[0] == "h1"] == found[:2], name  # one chapter per file
        # Every heading in the file has its English twin right after it.
        assert [lang for _, lang, _ in found] == ["fr", "en-GB"] * (len(found) // 2), name
        text = row_text(tree)
        assert text["fr"] > 100 and text["en"] > 100, (name, text)
    # The table of contents lists the French headings, and each entry leads to text.
    assert [entry for entry, _ in toc] == [
        "Présentation",
        "Histoire",
        "Le projet de Riquet",
        "Du commerce au tourisme",
        "Ouvrages remarquables",
        "Protection",
    ]
    for entry, href in toc:
        name, _, anchor = href.partition("#")
        tree = files[name]
        assert row_text(tree)["fr"] > 100, entry
        target = next(e for e in tree.iter() if e.get("id") == anchor)
        assert text_of(target).startswith(entry)
    assert validate.epub_chapters(dist(wiki, "fr-en.epub"), parallel=True) == (4, [])


@pytest.mark.parametrize("edition", ["fr", "en"])
def test_single_language_epubs_split_at_the_chapters(wiki, edition):
    files, toc = epub_files(dist(wiki, f"{edition}.epub"))
    chapters = [[h[2] for h in headings(t) if h[0] == "h1"] for _, t in sorted(files.items())]
    assert [len(titles) for titles in chapters] == [1, 1, 1, 1]
    assert all(titles[0].startswith(title) for titles, title in zip(chapters, CHAPTERS))
    assert all(len(text_of(t.find(f"{XHTML}body"))) > 300 for t in files.values())
    assert len(toc) == 6
    assert validate.epub_chapters(dist(wiki, f"{edition}.epub")) == (4, [])


def _headings_alone(ast: dict) -> dict:
    """The layout the parallel EPUB had: both headings of a row as plain headings."""
    blocks = []
    for block in ast["blocks"]:
        if block["t"] == "Div" and "heading" in block["c"][0][1]:
            blocks += [b for column in block["c"][1] for b in column["c"][1]]
        else:
            blocks.append(block)
    return {**ast, "blocks": blocks}


def test_the_chapter_check_sees_headings_alone_in_their_files(wiki, tmp_path, monkeypatch):
    """So that no problem above means something: EPUBCheck passes this book."""
    from pipeline.core.project import Project
    from pipeline.editions import assemble, epub
    from pipeline.store import load

    doc = Project(wiki).document("wiki")
    monkeypatch.setattr(epub, "_headings_out_of_rows", _headings_alone)
    broken = tmp_path / "wiki.fr-en.epub"
    broken.write_bytes(epub.write(assemble.prepare(doc, load(doc))["fr-en"]))
    assert validate.epubcheck(broken) == ([], [])
    chapters, problems = validate.epub_chapters(broken, parallel=True)
    assert chapters == 8
    assert "EPUB/text/ch001.xhtml: no body text, only the heading “Présentation”" in problems
    assert (
        "EPUB/text/ch001.xhtml: the heading “Présentation” (fr) has no en-GB heading after it in the same file"
        in problems
    )
    assert "EPUB/nav.xhtml: the entry “Histoire” points at EPUB/text/ch003.xhtml, which has no body text" in problems
    assert len([p for p in problems if "no body text" in p and "nav.xhtml" in p]) == 4


def test_a_book_whose_structure_cannot_be_read_is_one_problem(wiki, tmp_path):
    broken = tmp_path / "wiki.fr.epub"
    with zipfile.ZipFile(dist(wiki, "fr.epub")) as book, zipfile.ZipFile(broken, "w") as copy:
        for info in book.infolist():
            data = book.read(info)
            copy.writestr(info, data.replace(b"</body>", b"") if info.filename.endswith("ch001.xhtml") else data)
    chapters, problems = validate.epub_chapters(broken)
    assert chapters == 0 and len(problems) == 1
    assert problems[0].startswith("the book's structure cannot be read (ParseError: mismatched tag")


def test_validate_runs_epubcheck_and_the_chapter_check(wiki):
    from click.testing import CliRunner

    from pipeline.cli import cli

    args = ["--project", str(wiki), "build", "--no-translate", "--format", "epub", "--format", "html", "--validate"]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line for line in result.output.splitlines() if line.startswith("dist/")}
    for edition in ("fr", "en", "fr-en"):
        verdict = "EPUBCheck: 0 errors, 0 warnings; chapters: 4 files, each with its headings and body text"
        assert lines[f"dist/wiki.{edition}.epub"].endswith(verdict)
        assert lines[f"dist/wiki.{edition}.html"].endswith("Nu HTML Checker: 0 errors")


# --- footnotes in the parallel editions ---


def notes_by_side(tree, note_of) -> dict[str, list]:
    """For each column ("fr", "en"): [(number, lang, text)] of its references' notes."""
    parents = parents_of(tree)
    found = {"fr": [], "en": []}
    for ref in (a for a in tree.iter(f"{XHTML}a") if "footnote-ref" in classes(a)):
        side = next(c for c in ("fr", "en") if c in classes(_column(ref, parents)))
        note = note_of(ref.get("href").partition("#")[2])
        column = _column(note, parents)
        assert column is not None and side in classes(column), side  # the note sits in its language's column
        found[side].append((text_of(ref), lang_of(note, parents), text_of(note)))
    return found


def _column(element, parents):
    while element is not None and not ({"fr", "en"} & classes(element)):
        element = parents.get(element)
    return element


def assert_aligned(found: dict[str, list]) -> None:
    for side, lang in (("fr", "fr"), ("en", "en-GB")):
        assert [(n, language) for n, language, _ in found[side]] == [("1", lang), ("2", lang)], side
        for (n, _, text), start in zip(found[side], NOTES):
            assert text.startswith(f"{n}. {start}"), (side, text)


def test_parallel_html_numbers_the_notes_of_each_language(wiki):
    tree = html_tree(dist(wiki, "fr-en.html"))
    ids = {e.get("id"): e for e in tree.iter() if e.get("id")}
    assert_aligned(notes_by_side(tree, ids.get))
    assert "footnotes" not in ids  # Pandoc's own list, the two languages counted together
    for back in (a for a in tree.iter(f"{XHTML}a") if "footnote-back" in classes(a)):
        assert back.get("href").removeprefix("#") in ids


def test_parallel_epub_numbers_the_notes_of_each_language_in_their_chapter(wiki):
    files, _ = epub_files(dist(wiki, "fr-en.epub"))
    history = files["text/ch002.xhtml"]  # both notes are in "Histoire"
    asides = {e.get("id"): e for e in history.iter(f"{XHTML}aside") if e.get(EPUB_TYPE) == "footnote"}
    found = notes_by_side(history, asides.get)
    assert_aligned(found)
    for note in asides.values():
        assert note.get(XML_LANG) == note.get("lang")
    refs = [a for a in history.iter(f"{XHTML}a") if "footnote-ref" in classes(a)]
    assert len(refs) == 4 and all(a.get(EPUB_TYPE) == "noteref" for a in refs)
    with_notes = [n for n, t in files.items() if any(a.get(EPUB_TYPE) == "footnote" for a in t.iter(f"{XHTML}aside"))]
    assert with_notes == ["text/ch002.xhtml"]


def test_parallel_pdf_sets_each_note_beside_its_twin(wiki):
    """Note 1 in French (left) and note 1 in English (right) start on the same line."""
    import pdfplumber

    with pdfplumber.open(dist(wiki, "fr-en.pdf")) as pdf:
        words = [
            (n, w["top"], w["x0"] < page.width / 2, w["text"])
            for n, page in enumerate(pdf.pages)
            for w in page.extract_words()
        ]
    for number, start in zip(("1.", "2."), NOTES):
        first = start.split()[:2]
        lines = [
            (page, top, left)
            for k, (page, top, left, text) in enumerate(words)
            if text == number and [w[3] for w in words[k + 1 : k + 3]] == first
        ]
        assert len(lines) == 2, (number, lines)
        (page_l, top_l, left_l), (page_r, top_r, left_r) = sorted(lines, key=lambda x: not x[2])
        assert (left_l, left_r) == (True, False) and page_l == page_r and abs(top_l - top_r) < 1
