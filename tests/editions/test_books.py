"""A book: tests/data/moulin.fr.md, three of Daudet's letters as `#` chapters, with a
picture (tests/data/moulin/media/moulin.png) and notes in each chapter, built through
the CLI with real Pandoc and WeasyPrint and checked by the real validators.

Each chapter is a file of its EPUBs, a page-opening part of its PDFs with the chapter's
title as running head, and an entry of the contents (with its page number in the PDFs);
the picture is in all nine editions, with its alt text, never wider than the text; the
notes count from 1 again in each chapter, each language for itself; and a missing or
broken picture stops the build with one sentence naming it.
"""

from __future__ import annotations

import re
import shutil
import zipfile

import pytest
from conftest import DATA
from reference import fill_store

from .reading import XHTML, classes, html_tree, text_of
from .test_chapters_and_notes import epub_files, headings

pytestmark = pytest.mark.slow  # builds and validates a book

CHAPTERS = ["Installation", "Le secret de maître Cornille", "La chèvre de M. Seguin"]
NOTES = [  # each chapter's notes, in order: how each French note starts
    ["La bataille de Jemmapes", "Un mas est une ferme"],
    ["Le mistral est le vent", "La farandole est une danse"],
    ["La chèvre Djali"],
]
ALT = "Le moulin sur sa colline, les ailes au vent."
PICTURE = (DATA / "moulin" / "media" / "moulin.png").read_bytes()
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
MM = 72 / 25.4  # PDF points in a millimetre


def new_book(base):
    root = base / "project"
    (root / "source").mkdir(parents=True)
    shutil.copy(DATA / "moulin.fr.md", root / "source")
    shutil.copytree(DATA / "moulin", root / "source" / "moulin")
    return root


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    """(the project with the book's nine editions in dist/, the build's output with the validators' verdicts)."""
    from click.testing import CliRunner

    from pipeline.cli import cli

    root = new_book(tmp_path_factory.mktemp("book"))
    fill_store(root, "moulin", untranslated=0)
    args = ["--project", str(root), "build", "--no-translate", "--validate"]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return root, result.output


def dist(book, name: str):
    return book[0] / "dist" / f"moulin.{name}"


# --- the validators ---


def test_the_validators_pass_the_book(book):
    lines = {line.split()[0]: line for line in book[1].splitlines() if line.startswith("dist/")}
    for edition in ("fr", "en", "fr-en"):
        assert lines[f"dist/moulin.{edition}.epub"].endswith(
            "EPUBCheck: 0 errors, 0 warnings; chapters: 3 files, each with its headings and body text"
        )
        assert lines[f"dist/moulin.{edition}.html"].endswith("Nu HTML Checker: 0 errors")
        assert lines[f"dist/moulin.{edition}.pdf"].endswith("PDF: fonts embedded, text extractable")


# --- chapters and contents ---


@pytest.mark.parametrize("edition", ["fr", "en", "fr-en"])
def test_each_chapter_is_a_file_of_the_epub_listed_in_its_contents(book, edition):
    files, toc = epub_files(dist(book, f"{edition}.epub"))
    assert sorted(files) == ["text/ch001.xhtml", "text/ch002.xhtml", "text/ch003.xhtml"]
    for (_, tree), title in zip(sorted(files.items()), CHAPTERS):
        first = headings(tree)[0]
        assert first[0] == "h1" and (edition == "en" or first[2] == title)
    assert [href.partition("#")[0] for _, href in toc] == sorted(files)
    if edition != "en":  # the English titles are Apertium's
        assert [entry for entry, _ in toc] == CHAPTERS


def test_a_nested_table_of_contents_in_the_epub_and_the_html(tmp_path):
    """wiki.fr.md has sections under a chapter: they are listed under it."""
    from click.testing import CliRunner

    from pipeline.cli import cli

    root = tmp_path / "project"
    (root / "source").mkdir(parents=True)
    shutil.copy(DATA / "wiki.fr.md", root / "source")
    fill_store(root, "wiki", untranslated=0)
    args = [
        "--project",
        str(root),
        "build",
        "--no-translate",
        "--edition",
        "fr",
        "--format",
        "epub",
        "--format",
        "html",
    ]
    assert CliRunner().invoke(cli, args, catch_exceptions=False).exit_code == 0
    with zipfile.ZipFile(root / "dist" / "wiki.fr.epub") as epub:
        from xml.etree import ElementTree

        nav = ElementTree.fromstring(epub.read("EPUB/nav.xhtml"))
    toc = next(n for n in nav.iter(f"{XHTML}nav") if n.get(EPUB_TYPE) == "toc")
    html = next(n for n in html_tree(root / "dist" / "wiki.fr.html").iter(f"{XHTML}nav") if "toc" in classes(n))
    for contents, item in ((toc, f"{XHTML}li"), (html, f"{XHTML}li")):
        history = next(li for li in contents.iter(item) if text_of(li).startswith("Histoire"))
        nested = [text_of(a) for sub in history.iter(item) if sub is not history for a in sub.iter(f"{XHTML}a")]
        assert nested == ["Le projet de Riquet", "Du commerce au tourisme"]


@pytest.mark.parametrize("edition", ["fr", "en", "fr-en"])
def test_the_html_of_a_book_opens_with_its_contents(book, edition):
    tree = html_tree(dist(book, f"{edition}.html"))
    (nav,) = [n for n in tree.iter(f"{XHTML}nav") if n.get("role") == "doc-toc"]
    links = [a for a in nav.iter(f"{XHTML}a")]
    ids = {e.get("id"): e for e in tree.iter() if e.get("id")}
    targets = [ids[a.get("href").removeprefix("#")] for a in links]
    assert len(links) == 3 and all(t is not None for t in targets)
    chapters = [text_of(t.find(f"{XHTML}h1") if t.tag != f"{XHTML}h1" else t) for t in targets]
    if edition == "fr-en":  # each French title, then its English twin
        twins = [text_of(ids[a.get("href").removeprefix("#") + "-en"]) for a in links]
        assert [text_of(a) for a in links] == [f"{fr} / {en}" for fr, en in zip(chapters, twins)]
        assert [s.get("lang") for a in links for s in a.iter(f"{XHTML}span")] == ["en-GB"] * 3
    else:
        assert [text_of(a) for a in links] == chapters
    title = {"fr": "Table des matières", "en": "Contents", "fr-en": "Table des matières / Contents"}[edition]
    assert text_of(nav.find(f"{XHTML}h2")) == title
    if edition != "en":
        assert chapters == CHAPTERS
        assert nav.get("lang") == "fr"
    assert not nav.findall(f".//{XHTML}span[@tabindex]")  # no sentence to tab to in the contents


def test_an_article_has_no_contents(outputs):
    for edition in ("fr", "en", "fr-en"):
        assert "doc-toc" not in outputs[f"{edition}.html"].read_text("utf-8")


def pdf_pages(path) -> list[list[dict]]:
    """Each page's lines of text, running head and page number included."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return [page.extract_text_lines() for page in pdf.pages]


@pytest.mark.parametrize("edition", ["fr", "fr-en"])
def test_the_pdf_sets_chapters_on_new_pages_with_running_heads_and_numbered_contents(book, edition):
    pages = pdf_pages(dist(book, f"{edition}.pdf"))
    body_top, foot = 22 * MM, 841.89 - 24 * MM
    # Every page but the title page carries its number at its foot.
    for n, page in enumerate(pages[1:], start=2):
        assert [line["text"] for line in page if line["top"] > foot] == [str(n)], n
    # Each chapter opens a page: its title is the first line of the page's text block.
    opening = {}
    for n, page in enumerate(pages, start=1):
        body = [line["text"] for line in page if body_top < line["top"] < foot]
        # (a long title takes two lines beside its twin: its first two words will do)
        opening.update({t: n for t in CHAPTERS if body and body[0].startswith(" ".join(t.split()[:2]))})
    assert list(opening) == CHAPTERS
    # The contents, on the page after the title, give each chapter the page it opens.
    contents = " ".join(line["text"] for line in pages[1] if line["top"] < foot)
    assert contents.startswith("Table des matières")
    # each entry: its title (and its twin's, which may take two lines), the leader, the page
    pages_listed = [re.search(rf"{re.escape(title)}( / .*?)?\.{{3,}}\s*(\d+)", contents) for title in CHAPTERS]
    assert [int(m[2]) if m else None for m in pages_listed] == [opening[title] for title in CHAPTERS], contents
    # Running heads: the chapter's title above every page of it but its first.
    for n, page in enumerate(pages[2:], start=3):
        heads = [line["text"] for line in page if line["bottom"] < body_top]
        current = [t for t, first in opening.items() if first <= n][-1]
        if n in opening.values():
            assert heads == [], n
        else:
            assert heads and heads[0].startswith(current), (n, heads)


# --- the picture ---


def test_the_picture_is_in_every_epub_once_with_its_alt_text(book):
    """Stored once, shown once (the parallel book interleaves: French figure, English caption)."""
    for edition in ("fr", "en", "fr-en"):
        path = dist(book, f"{edition}.epub")
        with zipfile.ZipFile(path) as epub:
            media = [n for n in epub.namelist() if n.startswith("EPUB/media/")]
            assert [epub.read(n) for n in media] == [PICTURE], edition
        files, _ = epub_files(path)
        (picture,) = files["text/ch001.xhtml"].iter(f"{XHTML}img")  # interleaved, the picture shows once
        assert picture.get("src") == "../" + media[0].removeprefix("EPUB/") and picture.get("alt")
        if edition != "en":
            assert picture.get("alt") == ALT
        if edition == "fr-en":  # the English caption under the French figure
            (caption,) = [d for d in files["text/ch001.xhtml"].iter(f"{XHTML}div") if "caption" in classes(d)]
            assert text_of(caption).startswith(ALT.removesuffix("."))  # the test's English is derived from it


def test_the_picture_is_in_every_html_page_with_its_alt_text(book):
    import base64

    for edition in ("fr", "en", "fr-en"):
        pictures = list(html_tree(dist(book, f"{edition}.html")).iter(f"{XHTML}img"))
        assert len(pictures) == (2 if edition == "fr-en" else 1)
        for img in pictures:
            kind, _, data = img.get("src").partition(";base64,")
            assert kind == "data:image/png" and base64.b64decode(data) == PICTURE  # the page is one file
            assert img.get("alt")
    css = dist(book, "fr.html").read_text("utf-8")
    assert "img { max-width: 100%; height: auto; }" in css


@pytest.mark.parametrize("edition", ["fr", "en", "fr-en"])
def test_the_picture_is_in_every_pdf_within_the_text(book, edition):
    import pdfplumber

    with pdfplumber.open(dist(book, f"{edition}.pdf")) as pdf:
        placed = [(page, image) for page in pdf.pages for image in page.images]
        assert len(placed) == (2 if edition == "fr-en" else 1)
        for page, image in placed:
            words = page.extract_words()
            left, right = min(w["x0"] for w in words), max(w["x1"] for w in words)
            assert left - 1 <= image["x0"] and image["x1"] <= right + 1  # never wider than the text
            assert image["bottom"] - image["top"] <= 110 * MM + 1
            assert image["x1"] - image["x0"] > 50 * MM  # not a thumbnail either
            caption = [line["text"] for line in page.extract_text_lines() if line["top"] > image["bottom"]]
            assert any(line.startswith(("Le moulin", "The mill")) for line in caption[:2]) or edition == "en"


def test_a_changed_picture_rebuilds_the_editions(tmp_path, cli):
    from PIL import Image

    root = new_book(tmp_path / "book")
    args = ("build", "--no-translate", "--edition", "fr", "--format", "html")
    assert cli(*args, root=root).exit_code == 0
    before = (root / "dist" / "moulin.fr.html").read_bytes()
    picture = root / "source" / "moulin" / "media" / "moulin.png"
    Image.new("RGB", (40, 30), (200, 30, 30)).save(picture)
    result = cli(*args, root=root)
    assert result.exit_code == 0 and "moulin.fr.html" in result.output and " built in " in result.output
    assert (root / "dist" / "moulin.fr.html").read_bytes() != before


def make_a_folder(path) -> None:
    path.unlink()
    path.mkdir()


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda p: p.unlink(), "does not exist"),
        (lambda p: p.write_bytes(PICTURE[: len(PICTURE) // 2]), "is not a PNG, JPEG, GIF or WebP picture"),
        (lambda p: p.write_text("pas une image", "utf-8"), "is not a PNG, JPEG, GIF or WebP picture"),
        (make_a_folder, "cannot be read (Is a directory)"),
    ],
    ids=["missing", "truncated", "not-a-picture", "unreadable"],
)
def test_a_missing_or_broken_picture_stops_the_build_naming_it(tmp_path, cli, damage, reason):
    root = new_book(tmp_path / "book")
    damage(root / "source" / "moulin" / "media" / "moulin.png")
    result = cli("build", "--no-translate", root=root)
    assert result.exit_code == 2, result.output
    message = f"{root / 'source' / 'moulin.fr.md'}: the image moulin/media/moulin.png {reason}"
    assert result.output.strip().splitlines()[-1] == f"Error: {message}"
    assert "Traceback" not in result.output
    assert not list(root.glob("dist/moulin.*"))  # nothing half-built


# --- notes, numbered per chapter ---


def chapter_notes_html(tree, side: str | None = None) -> list[list[tuple[str, str]]]:
    """Per chapter (h1, in reading order): [(reference number, its note's text)], of one
    column (``side``) in the parallel edition."""
    ids = {e.get("id"): e for e in tree.iter() if e.get("id")}
    chapters: list[list] = []
    for element in tree.find(f"{XHTML}body").iter():
        if element.tag == f"{XHTML}h1" and not {"title", "unlisted"} & classes(element):  # not the English twin
            chapters.append([])
        if element.tag == f"{XHTML}a" and "footnote-ref" in classes(element) and chapters:
            note = ids[element.get("href").removeprefix("#")]
            if side is None or element.get("href").startswith(f"#fn-{side}-"):
                chapters[-1].append((text_of(element), text_of(note)))
    return chapters


def assert_per_chapter(chapters, starts=NOTES) -> None:
    assert [[n for n, _ in notes] for notes in chapters] == [["1", "2"], ["1", "2"], ["1"]]
    for notes, expected in zip(chapters, starts):
        for (n, text), start in zip(notes, expected):
            assert text.startswith(f"{n}. {start}"), text


def test_html_notes_count_from_one_in_each_chapter(book):
    assert_per_chapter(chapter_notes_html(html_tree(dist(book, "fr.html"))))
    english = chapter_notes_html(html_tree(dist(book, "en.html")))
    assert [[n for n, _ in notes] for notes in english] == [["1", "2"], ["1", "2"], ["1"]]
    parallel = html_tree(dist(book, "fr-en.html"))
    assert_per_chapter(chapter_notes_html(parallel, "fr"))
    assert [[n for n, _ in c] for c in chapter_notes_html(parallel, "en")] == [["1", "2"], ["1", "2"], ["1"]]


def test_a_chapters_notes_end_it(book):
    """In the page, each chapter's notes come after its text and before the next chapter."""
    html = dist(book, "fr.html").read_text("utf-8")
    starts = [html.index(f'id="{ident}"') for ident in ("installation", "le-secret-de-maître-cornille")]
    starts.append(html.index('id="la-chèvre-de-m.-seguin"'))
    for n, (start, end) in enumerate(zip(starts, [*starts[1:], len(html)]), start=1):
        chapter = html[start:end]
        notes = re.findall(r'<div id="(fn-fr-\d+-\d+)" class="footnote"', chapter)
        assert notes == [f"fn-fr-{n}-{k}" for k in range(1, len(NOTES[n - 1]) + 1)]


@pytest.mark.parametrize("edition", ["fr", "en", "fr-en"])
def test_epub_notes_count_from_one_in_each_chapter_file(book, edition):
    files, _ = epub_files(dist(book, f"{edition}.epub"))
    for (name, tree), expected in zip(sorted(files.items()), NOTES):
        asides = {e.get("id"): e for e in tree.iter(f"{XHTML}aside") if e.get(EPUB_TYPE) == "footnote"}
        refs = [a for a in tree.iter(f"{XHTML}a") if a.get(EPUB_TYPE) == "noteref"]
        for side in ["fr", "en"] if edition == "fr-en" else [edition]:
            mine = [a for a in refs if f"#fn-{side}-" in a.get("href")]
            assert [text_of(a) for a in mine] == [str(k) for k in range(1, len(expected) + 1)], (name, side)
            for a in mine:
                target, _, ident = a.get("href").partition("#")
                assert target == name.removeprefix("text/") and ident in asides  # in the chapter's own file
                if side == "fr":
                    start = expected[int(text_of(a)) - 1]
                    assert text_of(asides[ident]).startswith(f"{text_of(a)}. {start}")


@pytest.mark.parametrize("edition", ["fr", "fr-en"])
def test_pdf_notes_count_from_one_in_each_chapter(book, edition):
    text = "\n".join(line["text"] for page in pdf_pages(dist(book, f"{edition}.pdf")) for line in page)
    positions = []
    for chapter, notes in enumerate(NOTES):
        for k, start in enumerate(notes, start=1):
            found = [m.start() for m in re.finditer(rf"(?m)^{k}\. {re.escape(start)}", text)]
            assert len(found) == 1, (chapter, k, start)
            positions.append(found[0])
    assert positions == sorted(positions)  # in the chapters' order


def test_a_remote_picture_is_refused_naming_it(tmp_path):
    """Editions are built offline: a picture on the web cannot be fetched."""
    from pipeline.core.errors import PipelineError
    from pipeline.editions import images

    source = tmp_path / "book.fr.md"
    ast = {"t": "Image", "c": [["", [], []], [{"t": "Str", "c": "Moulin"}], ["https://example.org/moulin.png", ""]]}
    with pytest.raises(PipelineError) as refused:
        images.embedded([{"t": "Para", "c": [ast]}], source, {})
    assert (
        str(refused.value)
        == f"{source}: the image https://example.org/moulin.png is not a local file; editions are built offline"
    )
