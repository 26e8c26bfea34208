"""The nine editions of the article, checked with the real validators and by what a reader
sees: languages, alignment of the parallel columns, asides, credit and notice."""

from __future__ import annotations

import re
import subprocess
import zipfile
from xml.etree import ElementTree

import pytest
from reference import ORIGIN

from pipeline.editions import validate

from .reading import XHTML, XML_LANG, classes, html_tree, text_of

pytestmark = pytest.mark.slow  # the nine editions and their validators

NINE = {f"{e}.{f}" for e in ("en", "fr", "fr-en") for f in ("epub", "pdf", "html")}


def source_blocks() -> int:
    from conftest import ARTICLE

    from pipeline.segment.pandoc import read_source

    return len(read_source(ARTICLE)[1]["blocks"])


def test_the_nine_outputs_exist(outputs):
    assert set(outputs) == NINE
    assert all(p.stat().st_size > 1000 for p in outputs.values())


def test_epubcheck_no_errors_no_warnings(outputs):
    for name in ("en.epub", "fr.epub", "fr-en.epub"):
        errors, warnings = validate.epubcheck(outputs[name])
        assert (errors, warnings) == ([], []), name


def test_nu_html_checker_no_errors(outputs):
    found = validate.nu_html([outputs[n] for n in ("en.html", "fr.html", "fr-en.html")])
    assert found == {outputs[n]: [] for n in ("en.html", "fr.html", "fr-en.html")}


def test_the_validator_reports_a_broken_page(tmp_path):
    """So that 0 errors above means something."""
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><html lang=en><title>x</title><p><div></span>", "utf-8")
    assert validate.nu_html([bad])[bad]


@pytest.mark.parametrize("edition", ["en", "fr", "fr-en"])
def test_pdf_fonts_all_embedded_and_ours(outputs, edition):
    report = subprocess.run(["pdffonts", str(outputs[f"{edition}.pdf"])], capture_output=True, text=True, check=True)
    rows = [line.split() for line in report.stdout.splitlines()[2:]]
    assert rows
    for row in rows:
        name, embedded = row[0], row[-5]
        assert embedded == "yes", row
        assert re.match(r"[A-Z]{6}\+Edition-(Serif|Sans)", name), row
    assert validate.pdf(outputs[f"{edition}.pdf"]) == []


def test_epub_has_navigation_and_table_of_contents(outputs):
    with zipfile.ZipFile(outputs["fr-en.epub"]) as book:
        names = book.namelist()
        nav = book.read("EPUB/nav.xhtml").decode()
        opf = book.read("EPUB/content.opf").decode()
    assert names[0] == "mimetype"
    assert 'epub:type="toc"' in nav and "Chacun·e peut lutter" in nav
    assert "<dc:identifier" in opf and "urn:uuid:" in opf
    assert "<dc:language>en-GB</dc:language>" in opf
    assert ORIGIN in opf  # the translation credit, as a contributor


def test_every_block_of_the_parallel_html_carries_its_language(outputs):
    root = html_tree(outputs["fr-en.html"])
    rows = [e for e in root.iter(f"{XHTML}div") if "row" in classes(e)]
    assert len(rows) == source_blocks() > 10
    for row in rows:
        fr, en = [child for child in row if child.tag in (f"{XHTML}div", f"{XHTML}section")]
        assert (fr.get("lang"), en.get("lang")) == ("fr", "en-GB")
        assert {"fr"} <= classes(fr) and {"en"} <= classes(en)
        # Each sentence has its counterpart in the other column, and can take the focus.
        fr_ids = {s.get("data-seg") for s in fr.iter() if s.get("data-seg")}
        en_ids = {s.get("data-seg") for s in en.iter() if s.get("data-seg")}
        assert fr_ids and fr_ids == en_ids
        assert all(s.get("tabindex") == "0" for s in fr.iter() if s.get("data-seg"))
    assert "mouseover" in text_of(root) and "focusin" in text_of(root)


def test_single_language_html_languages(outputs):
    for name, lang in (("fr.html", "fr"), ("en.html", "en-GB")):
        root = html_tree(outputs[name])
        assert root.get("lang") == lang
        assert not [e for e in root.iter() if e.get("data-seg")]  # sentence spans are for the parallel edition
    english = html_tree(outputs["en.html"])
    english_in_french = [e for e in english.iter() if e.get("lang") == "en"]
    assert any("Fake it until you make it" in text_of(e) for e in english_in_french)


def test_every_block_of_the_parallel_epub_carries_xml_lang(outputs):
    with zipfile.ZipFile(outputs["fr-en.epub"]) as book:
        chapters = [n for n in book.namelist() if n.startswith("EPUB/text/ch")]
        trees = [ElementTree.fromstring(book.read(n)) for n in chapters]
    rows = [e for t in trees for e in t.iter(f"{XHTML}div") if "row" in classes(e)]
    headings = [e for t in trees for e in t.iter(f"{XHTML}h2")]
    # Interleaved: a French heading stands alone (it opens the section the table of contents
    # lists), its English twin stays in the row under it; the titles open the book.
    assert len(rows) == source_blocks() + 1
    assert [(h.get("lang"), h.get(XML_LANG)) for h in headings] == [("fr", "fr"), ("en-GB", "en-GB")]
    for row in rows:
        halves = [(half.get("lang"), half.get(XML_LANG)) for half in row]
        assert halves == [("en-GB", "en-GB")] if "heading" in classes(row) else [("fr", "fr"), ("en-GB", "en-GB")]


def test_the_parallel_epub_opens_with_both_titles(outputs):
    """The article has no chapter heading: Pandoc would open the book with the French title alone."""
    with zipfile.ZipFile(outputs["fr-en.epub"]) as book:
        tree = ElementTree.fromstring(book.read("EPUB/text/ch001.xhtml"))
    titles = [(h.get("lang"), text_of(h)) for h in tree.iter(f"{XHTML}h1")]
    assert [lang for lang, _ in titles] == ["fr", "en-GB"]
    assert all(text.startswith("Et si on regardait en face les Invisibles") for _, text in titles)
    assert validate.epub_chapters(outputs["fr-en.epub"], parallel=True) == (1, [])


def test_asides_and_byline_are_not_body_text(outputs):
    for name in ("fr.html", "en.html", "fr-en.html"):
        root = html_tree(outputs[name])
        asides = list(root.iter(f"{XHTML}aside"))
        kinds = sorted({c for a in asides for c in classes(a)})
        assert kinds == ["pull-quote", "read-also", "series"], name
        assert any("plateformes créent des emplois" in text_of(a) for a in asides)
        bylines = [e for e in root.iter() if "byline" in classes(e)]
        assert bylines and "Geraldine Russell" in text_of(bylines[0])


def test_title_page_credit_and_unreviewed_notice(outputs):
    root = html_tree(outputs["en.html"])
    header = next(e for e in root.iter(f"{XHTML}header"))
    credit = next(e for e in header.iter() if "credit" in classes(e))
    notice = next(e for e in header.iter() if "notice" in classes(e))
    assert ORIGIN in text_of(credit) and "Reviewed by the project's editors:" in text_of(credit)
    assert "unreviewed machine translation" in text_of(notice)
    assert "1 untranslated segments" in text_of(notice)
    french = html_tree(outputs["fr.html"])
    assert not [e for e in french.iter() if "notice" in classes(e) or "credit" in classes(e)]
    parallel = html_tree(outputs["fr-en.html"])
    titles = [e for e in parallel.iter() if "title" in classes(e)]
    assert [e.find(f"{XHTML}span").get("lang") for e in titles] == ["fr", "en-GB"]


def test_an_untranslated_segment_shows_the_french_marked(outputs):
    root = html_tree(outputs["en.html"])
    marked = [e for e in root.iter(f"{XHTML}span") if "untranslated" in classes(e)]
    assert len(marked) == 1
    assert marked[0].get("lang") == "fr" and "Geraldine Russell" in text_of(marked[0])


def test_typography_in_the_editions(outputs):
    french = text_of(html_tree(outputs["fr.html"]).find(f"{XHTML}body"))
    english = text_of(html_tree(outputs["en.html"]).find(f"{XHTML}body"))
    assert "«\u00a0des populations fragilisées" in french
    assert "plateformes tech\u202f?" in french and "caméra\u00a0: c’est" in french
    assert "simplicité d’usage et rapidité pour les consommateurs, flexibilité pour les travailleurs –" in french
    # English: the derived targets keep the French spaces; the edition drops them.
    assert "“des populations fragilisées" in english and "«" not in english
    assert not re.search("[ \u00a0\u202f][?!;:]", english.replace("Read also", ""))


# --- the PDFs as text and positions ---


def _words(path):
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        words = []
        for number, page in enumerate(pdf.pages):
            for w in page.extract_words():
                words.append((number, w["top"], w["x0"], w["text"], page.width))
    return words


def _key(word: str) -> str:
    return re.sub(r"[^\w]", "", word).lower()


def _rows(outputs):
    """(first two words of the French block, of the English block) for each row."""
    root = html_tree(outputs["fr-en.html"])
    rows = []
    for row in (e for e in root.iter(f"{XHTML}div") if "row" in classes(e)):
        fr, en = [child for child in row if child.tag in (f"{XHTML}div", f"{XHTML}section")]
        rows.append(tuple([_key(w) for w in text_of(block).split()[:2]] for block in (fr, en)))
    return rows


def _find(column: list, first: list[str], start: int) -> int:
    """Index of the next place where ``first`` words follow each other in ``column``."""
    keys = [_key(w[3]) for w in column]
    return next(k for k in range(start, len(keys)) if keys[k : k + len(first)] == first)


def test_parallel_pdf_rows_are_aligned(outputs):
    """Each French block starts on the same page and line as its English partner, left and right."""
    words = _words(outputs["fr-en.pdf"])
    left = [w for w in words if w[0] > 0 and w[2] < w[4] / 2]
    right = [w for w in words if w[0] > 0 and w[2] >= w[4] / 2]
    cursor_left = cursor_right = 0
    checked = 0
    for fr_first, en_first in _rows(outputs):
        i, j = _find(left, fr_first, cursor_left), _find(right, en_first, cursor_right)
        (page_l, top_l, *_), (page_r, top_r, *_) = left[i], right[j]
        assert page_l == page_r and abs(top_l - top_r) < 1.0, (fr_first, en_first, left[i], right[j])
        cursor_left, cursor_right = i + 1, j + 1
        checked += 1
    assert checked == source_blocks()


def test_pdf_text_extracts_in_reading_order(outputs):
    """Parallel: each row's French, then its English, then the next row; single: source order."""
    from pypdf import PdfReader

    text = _key(" ".join(p.extract_text() for p in PdfReader(outputs["fr-en.pdf"]).pages[1:]).replace(" ", "_"))
    position = 0
    for fr_first, en_first in _rows(outputs):
        for first in (fr_first, en_first):
            position = text.index("_".join(first), position) + 1
    french = " ".join(p.extract_text() for p in PdfReader(outputs["fr.pdf"]).pages)
    starts = ["Braquer un projecteur", "Derrière la vitrine", "Car c’est bien là", "Chacun·e peut lutter", "Du côté"]
    found = [" ".join(french.split()).find(s) for s in starts]
    assert -1 not in found and found == sorted(found)


# --- the parallel page in a real browser ---


@pytest.fixture(scope="module")
def page_of(outputs):
    """page_of(width) → the parallel HTML edition open in Chromium, failing on any script error."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        errors = []

        def open_(width: int):
            page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
            page.on("pageerror", lambda err: errors.append(str(err)))
            page.goto(outputs["fr-en.html"].as_uri())
            return page

        yield open_
        browser.close()
        assert errors == []


def test_pointing_at_or_focusing_a_sentence_lights_its_counterpart(page_of):
    page = page_of(1280)
    first = page.locator(".row .fr [data-seg]").nth(3)
    seg = first.get_attribute("data-seg")
    twin = page.locator(f'.row .en [data-seg="{seg}"]')
    first.hover()
    assert "lit" in twin.get_attribute("class") and "lit" in first.get_attribute("class")
    page.mouse.move(0, 0)
    assert "lit" not in twin.get_attribute("class")
    page.keyboard.press("Tab")  # the keyboard reaches the first sentence of the text
    focused = page.evaluate("document.activeElement.getAttribute('data-seg')")
    assert focused == page.locator(".row .fr [data-seg]").first.get_attribute("data-seg")
    assert "lit" in page.locator(f'.row .en [data-seg="{focused}"]').get_attribute("class")
    page.keyboard.press("Tab")
    assert "lit" not in page.locator(f'.row .en [data-seg="{focused}"]').get_attribute("class")


def test_columns_side_by_side_then_stacked_on_a_narrow_screen(page_of):
    for width, side_by_side in ((1280, True), (400, False)):
        page = page_of(width)
        row = page.locator(".row.text").first
        fr, en = row.locator(":scope > .fr").bounding_box(), row.locator(":scope > .en").bounding_box()
        if side_by_side:
            assert en["x"] > fr["x"] + fr["width"] and abs(en["y"] - fr["y"]) < 1
        else:
            assert en["y"] >= fr["y"] + fr["height"] and abs(en["x"] - fr["x"]) < 20


def test_a_reviewed_edition_still_names_the_engine_that_drafted_it():
    from pipeline.core.model import Origin, Segment, State
    from pipeline.editions.assemble import _credit

    drafted = [
        Segment(
            id=f"s{i}",
            source="Texte.",
            target="Text.",
            draft="Txet.",
            state=State.REVIEWED,
            origin=Origin.parse("apertium 3.8"),
        )
        for i in range(3)
    ]
    scratch = Segment(id="s9", source="Fin.", target="End.", state=State.REVIEWED, origin=Origin.parse("review"))
    credit, notice = _credit([*drafted, scratch], {})
    assert "Machine drafts: apertium 3.8 (3 segments)." in credit
    assert "Translated by the editors: 1 segment." in credit
    assert "Every segment (4) was reviewed and approved by the project's editors." in credit
    assert notice == ""
