"""EPUBs made by two producers (Pandoc, and Calibre's ebook-convert from the Word file
Pandoc made) with chapters, notes and an image: `pipeline add` then `pipeline build` give
editions EPUBCheck passes without an error or a warning, with every chapter, the image
and the notes, and no French word of the book lost."""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner
from reference import fill_store

from pipeline.cli import cli
from pipeline.core import lexicon
from pipeline.editions import validate

from . import producers as make

pytestmark = pytest.mark.slow  # two producers, two builds, EPUBCheck

CHAPTERS = ["Présentation", "Histoire", "Ouvrages remarquables", "Protection"]
NOTES = ["Le seuil de Naurouze est le point le plus élevé", "La ligne de Bordeaux à Sète fut achevée en 1857"]
# Words of a producer's EPUB that are its packaging, not the book's: Calibre titles its
# endnotes "Notes" (they become footnotes again).
PACKAGING = {"calibre": Counter({"Notes": 1})}


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    folder = tmp_path_factory.mktemp("epubs")
    book = make.markdown_book(folder)
    return {
        "pandoc": make.pandoc(book, folder / "livre-pandoc.epub"),
        "calibre": make.calibre(make.pandoc(book, folder / "livre.docx"), folder / "livre-calibre.epub"),
    }


def words_of_book(path, title_page: bool = False) -> Counter:
    """The words of an EPUB's spine (without the nav, and without the title page unless
    ``title_page``), read with ElementTree."""
    with zipfile.ZipFile(path) as book:
        container = ElementTree.fromstring(book.read("META-INF/container.xml"))
        opf_name = next(e.get("full-path") for e in container.iter() if e.tag.endswith("rootfile"))
        opf = ElementTree.fromstring(book.read(opf_name))
        items = {e.get("id"): e for e in opf.iter() if e.tag.endswith("}item")}
        spine = [items[e.get("idref")] for e in opf.iter() if e.tag.endswith("itemref")]
        words: Counter = Counter()
        for item in spine:
            href = item.get("href")
            if "nav" in (item.get("properties") or "") or (not title_page and re.search(r"title_?page", href)):
                continue
            body = ElementTree.fromstring(book.read(f"{opf_name.rpartition('/')[0]}/{href}".lstrip("/")))
            words += Counter(lexicon.french_words(" ".join(body.find("{*}body").itertext())))
    return words


def xhtml_text(path) -> str:
    with zipfile.ZipFile(path) as book:
        return " ".join(
            " ".join(ElementTree.fromstring(book.read(n)).itertext()) for n in book.namelist() if n.endswith(".xhtml")
        )


@pytest.mark.parametrize("producer", ["pandoc", "calibre"])
def test_an_epub_goes_through_add_and_build(books, tmp_path, producer):
    root = tmp_path / "project"
    root.mkdir()
    runner = CliRunner()
    added = runner.invoke(cli, ["--project", str(root), "add", str(books[producer]), "--name", "livre"])
    assert added.exit_code == 0, added.output
    source = root / "source" / "livre.fr.md"
    assert re.search(r"^publisher: Éditions du Canal$", source.read_text("utf-8"), re.M) or producer == "calibre"
    fill_store(root, "livre", untranslated=0)
    built = runner.invoke(cli, ["--project", str(root), "build", "--no-translate", "--format", "epub"])
    # (The three EPUBs: the French one for the word count, the parallel one for the rest.)
    assert built.exit_code == 0, built.output

    parallel = root / "dist" / "livre.fr-en.epub"
    assert validate.epubcheck(parallel) == ([], [])  # (errors, warnings)
    chapters, problems = validate.epub_chapters(parallel, parallel=True)
    assert (chapters, problems) == (len(CHAPTERS), [])
    with zipfile.ZipFile(parallel) as book:
        assert [n for n in book.namelist() if n.endswith(".png")], "the image is not in the parallel EPUB"
    text = " ".join(xhtml_text(parallel).split())
    for words in (*CHAPTERS, *NOTES, make.BOOK_IMAGE):
        assert words in text

    # Every French word of the producer's book is in the French edition, as often as there
    # (a title block in the text, as Calibre keeps one, is on the edition's title page).
    lost = words_of_book(books[producer]) - words_of_book(root / "dist" / "livre.fr.epub", title_page=True)
    assert lost == PACKAGING.get(producer, Counter())
