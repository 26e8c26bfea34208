"""Three Maupassant tales (tests/data/contes.fr.md: `#` headings, mostly dialogue), drafted
by the real Apertium and built through the CLI: the PDFs are set as a book (measure,
indents, a page per tale), the EPUBs say when they were made, the parallel one carries
both titles, and the English sets its dialogue in English."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import statistics
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DATA

from pipeline import store
from pipeline.cli import cli
from pipeline.core.project import Project

pytestmark = pytest.mark.slow  # builds, drafts and validates a book

DASH = re.compile("^[—–][ \u00a0\u202f]")  # a reply opened the French way: dash, space


@pytest.fixture(scope="module")
def tales(tmp_path_factory) -> tuple[Path, float, float]:
    """The project, and the times just before and after its build (SOURCE_DATE_EPOCH unset)."""
    root = tmp_path_factory.mktemp("contes") / "project"
    (root / "source").mkdir(parents=True)
    shutil.copy(DATA / "contes.fr.md", root / "source")
    runner = CliRunner()
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        for step in (["segment"], ["translate", "--engine", "apertium"]):
            done = runner.invoke(cli, ["--project", str(root), *step], catch_exceptions=False)
            assert done.exit_code == 0, done.output
        start = time.time()
        done = runner.invoke(cli, ["--project", str(root), "build", "--no-translate"], catch_exceptions=False)
        end = time.time()
    assert done.exit_code == 0, done.output
    return root, start, end


def dist(tales, name: str) -> Path:
    return tales[0] / "dist" / f"contes.{name}"


def headings(tales, edition: str) -> list[str]:
    """The tales' titles as the edition's HTML page sets them."""
    html = dist(tales, f"{edition}.html").read_text("utf-8")
    return [re.sub("<[^>]+>", "", h) for h in re.findall(r"<h1 id=[^>]*>(.*?)</h1>", html)]


def text_lines(pdf_path: Path) -> list[list[dict]]:
    """Each page's lines of text (pdfplumber's), without the running head and the page
    number in the margins (22 mm above the text, 24 mm below)."""
    import pdfplumber

    with pdfplumber.open(pdf_path) as pdf:
        return [[line for line in p.extract_text_lines() if 55 < line["top"] < p.height - 60] for p in pdf.pages]


def full_lines(page: list[dict]) -> list[dict]:
    """The lines that reach the right edge of the text (not a paragraph's last line)."""
    left, right = min(line["x0"] for line in page), max(line["x1"] for line in page)
    return [line for line in page if line["x1"] >= right - 0.1 * (right - left)]


@pytest.mark.parametrize("edition", ["en", "fr"])
def test_a_single_language_pdf_has_a_book_measure(tales, edition):
    pages = [page for page in text_lines(dist(tales, f"{edition}.pdf"))[1:] if page]  # after the title page
    lengths = [len(line["text"]) for page in pages for line in full_lines(page)]
    assert 60 <= statistics.median(lengths) <= 75, statistics.median(lengths)


@pytest.mark.parametrize("edition", ["en", "fr"])
def test_paragraphs_are_indented_except_after_a_heading(tales, edition):
    titles = headings(tales, edition)
    indented = first_after_heading = 0
    for page in text_lines(dist(tales, f"{edition}.pdf"))[1:]:
        left = min((line["x0"] for line in page), default=0)
        for previous, line in zip(page, page[1:]):
            if previous["text"] in titles:
                first_after_heading += 1
                assert abs(line["x0"] - left) < 1, line["text"]  # flush left
            elif line["x0"] > left + 5:
                indented += 1
    assert first_after_heading == len(titles) == 3
    assert indented >= 40  # nearly every paragraph of the 64 that follow another


@pytest.mark.parametrize("edition", ["en", "fr", "fr-en"])
def test_each_tale_starts_a_page(tales, edition):
    titles = headings(tales, "fr" if edition == "fr-en" else edition)
    firsts = [page[0]["text"] for page in text_lines(dist(tales, f"{edition}.pdf")) if page]
    # The parallel PDF's first line holds the French heading and its English twin.
    starts = [title for title in titles if any(first.startswith(title) for first in firsts)]
    assert starts == titles


def modified(epub: Path) -> tuple[str, str]:
    opf = zipfile.ZipFile(epub).read("EPUB/content.opf").decode()
    return re.search(r'"dcterms:modified">([^<]+)<', opf)[1], re.search(r"<dc:date[^>]*>([^<]+)<", opf)[1]


def test_an_epub_is_dated_when_it_was_built_not_when_its_source_was_written(tales):
    _, start, end = tales
    for edition in ("en", "fr", "fr-en"):
        made, written = modified(dist(tales, f"{edition}.epub"))
        seconds = dt.datetime.strptime(made, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC).timestamp()
        assert int(start) <= seconds <= end + 1, (edition, made)
        assert written.startswith("1883"), written  # dc:date: the work's date
    page = dist(tales, "en.html").read_text("utf-8")
    assert re.search(r'name="dcterms.modified" content="(\d{4})-', page)[1] == time.strftime("%Y", time.gmtime(end))


def test_source_date_epoch_pins_every_date(tales, tmp_path, monkeypatch):
    copy = tmp_path / "copy"
    shutil.copytree(tales[0], copy, ignore=shutil.ignore_patterns("dist"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14T22:13:20Z
    args = ["--project", str(copy), "build", "--no-translate", "--edition", "fr-en", "--format", "epub"]
    assert CliRunner().invoke(cli, args, catch_exceptions=False).exit_code == 0
    epub = copy / "dist" / "contes.fr-en.epub"
    assert modified(epub) == ("2023-11-14T22:13:20Z", "1883")
    assert {info.date_time[:3] for info in zipfile.ZipFile(epub).infolist()} == {(2023, 11, 14)}


def test_the_parallel_epub_with_its_titles_and_a_year_for_a_date_passes_epubcheck(tales):
    from pipeline.editions import validate

    assert validate.epubcheck(dist(tales, "fr-en.epub")) == ([], [])


def test_the_parallel_epub_carries_both_titles(tales):
    book = zipfile.ZipFile(dist(tales, "fr-en.epub"))
    english = re.search(
        r"<dc:title[^>]*>([^<]+)<", zipfile.ZipFile(dist(tales, "en.epub")).read("EPUB/content.opf").decode()
    )[1]
    titles = re.findall(r"<dc:title[^>]*>([^<]+)<", book.read("EPUB/content.opf").decode())
    assert titles == [f"Trois contes de 1883 / {english}"]
    page = book.read("EPUB/text/title_page.xhtml").decode()
    assert '<h1 class="title"><span lang="fr" xml:lang="fr">Trois contes de 1883</span></h1>' in page
    assert f'<span lang="en-GB" xml:lang="en-GB">{english}</span>' in page


def paragraphs(html: str) -> list[str]:
    return [re.sub("<[^>]+>", "", p) for p in re.findall(r"<p>(.*?)</p>", html, re.S)]


def test_the_english_sets_dialogue_without_the_french_dash_spacing(tales):
    french = [p for p in paragraphs(dist(tales, "fr.html").read_text("utf-8")) if DASH.match(p)]
    assert len(french) == 26  # the French edition keeps its replies as written
    english = [p for p in paragraphs(dist(tales, "en.html").read_text("utf-8")) if p.startswith(("—", "–"))]
    assert len(english) == 26 and not [p for p in english if DASH.match(p)], english[:3]
    assert all(p.startswith("—") and p[1].isalnum() for p in english), english[:3]
    # The parallel page's English column and the EPUB, too.
    parallel = dist(tales, "fr-en.html").read_text("utf-8")
    columns = re.findall(r'<div class="en" lang="en-GB">\s*<p>(.*?)</p>', parallel, re.S)
    assert sum(1 for p in columns if re.sub("<[^>]+>", "", p).startswith("—")) == 26
    assert not [p for p in columns if DASH.match(re.sub("<[^>]+>", "", p))]
    book = zipfile.ZipFile(dist(tales, "en.epub"))
    chapters = "".join(book.read(n).decode() for n in book.namelist() if n.startswith("EPUB/text/ch"))
    assert sum(1 for p in paragraphs(chapters) if p.startswith("—")) == 26
    pdf = [line["text"] for page in text_lines(dist(tales, "en.pdf")) for line in page]
    assert not [line for line in pdf if re.match("—[ \u00a0\u202f]", line)]
    # Only the output: the store keeps the dash and space the engine wrote.
    segments = store.load(Project(tales[0]).document("contes"))
    assert sum(1 for s in segments if DASH.match(s.target)) >= 18
