"""A French news page as a newsroom's CMS serves it (tests/data/actualite.html: cookie
banner, menu, search, advertising, share bar, related links, newsletter box, comments,
footer, analytics scripts): only the article comes in, with its metadata."""

from __future__ import annotations

import re

import pytest
from conftest import DATA

from pipeline.core.project import Project
from pipeline.sources import add

from .structure import structure

PAGE = DATA / "actualite.html"
# Words of the page that are not the article's; none may come in.
FURNITURE = [
    "cookies", "Tout accepter", "Actualités", "Sports", "Rechercher", "abonner", "Publicité", "Partager",
    "Imprimer", "Patrimoine", "À lire aussi", "platanes", "Recevez", "Mots-clés", "Commentaires",
    "Connectez-vous", "Les plus lus", "grêle", "Mentions légales", "Tous droits réservés",
    "gtag", "dataLayer", "loadAd", "track", "schema.org", "min-height",
]  # fmt: skip


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    return add(Project(tmp_path_factory.mktemp("web")), PAGE)


def test_only_the_article_comes_in(page):
    found = structure(page)
    body = page.read_text("utf-8").split("\n---\n", 1)[1]
    for words in FURNITURE:
        assert words not in body, words
    assert found["headings"] == [(2, "Un métier qui change")]  # the <h1> is the title
    assert found["emphasis"] == ["Le canal, on ne le commande pas, on l’accompagne"]
    paragraphs = found["paragraphs"]
    assert paragraphs[0] == "Par Claire Montagné, publié le 12 juin 2024 à 6 h 45"  # the byline, word for word
    assert paragraphs[1].startswith("L’écluse Saint-Roch, à Castelnaudary, franchit")  # the photo's caption
    assert paragraphs[2].startswith("Il est sept heures et la brume flotte")
    assert paragraphs[-1].endswith("interrompue pendant deux semaines sur une partie du canal.")
    assert len(paragraphs) == 8  # byline, caption, six paragraphs (one in the block quote)
    assert "> Il faut expliquer, rassurer" in body
    assert "[mai à octobre](https://www.vnf.example/horaires)" in body
    assert "<script" not in body and "javascript:" not in body


def test_the_metadata_comes_from_the_head(page):
    assert structure(page)["meta"] == {
        "title": "Sur le canal du Midi, les éclusiers veillent encore",  # og:title, not <title> with the site's name
        "subtitle": "À Castelnaudary, trois éclusiers racontent un métier qui change avec le tourisme fluvial.",
        "author": "Claire Montagné",
        "date": "2024-06-12",
        "publisher": "La Dépêche du Sud-Ouest",
        "lang": "fr-FR",
        "rights": "© La Dépêche du Sud-Ouest 2024",
        "identifier": "https://www.depeche-sud-ouest.example/regions/aude/2024/06/12/"
        "sur-le-canal-du-midi-les-eclusiers-veillent-encore",
    }


def test_what_was_dropped_is_said(page):
    front = page.read_text("utf-8").split("\n---\n", 1)[0]
    comments = " ".join(line.lstrip("# ") for line in front.splitlines() if line.startswith("#"))
    assert "Only the page's <article> was kept: its header, navigation, footer, asides and 6 script(s)" in comments
    assert re.search(r"\d+ page furniture \(advertising", comments)
    assert "1 image(s) neither beside the page nor fetched" in comments  # the photo is on the CDN


def test_an_image_beside_the_page_comes_with_it_and_one_outside_does_not(tmp_path):
    from PIL import Image

    folder = tmp_path / "page"
    (folder / "images").mkdir(parents=True)
    Image.new("RGB", (8, 6), "blue").save(folder / "images" / "roue.png")
    Image.new("RGB", (8, 6), "red").save(tmp_path / "secret.png")
    page = folder / "moulin.html"
    page.write_text(
        """<html lang="fr"><body><article><p>Le moulin tourne au bord de la rivière depuis deux siècles.</p>
<figure><img src="images/roue.png" alt="La roue du moulin"><figcaption>La roue, en hiver.</figcaption></figure>
<p><img src="../secret.png" alt="Le secret"> Le meunier ouvre les vannes chaque matin.</p></article></body></html>""",
        encoding="utf-8",
    )
    source = add(Project(tmp_path / "project"), page)
    found = structure(source)
    assert found["images"] == [("La roue du moulin", "moulin/media/roue.png")]
    assert (source.parent / "moulin" / "media" / "roue.png").read_bytes() == (
        folder / "images" / "roue.png"
    ).read_bytes()
    assert "Le secret Le meunier ouvre les vannes chaque matin." in found["paragraphs"]  # its alternative text stays
    assert [p.name for p in (source.parent / "moulin" / "media").iterdir()] == ["roue.png"]


def test_an_english_phrase_keeps_its_language_and_french_marks_go(tmp_path):
    page = tmp_path / "langues.html"
    page.write_text(
        '<html lang="fr"><body><article><div lang="fr"><p lang="fr-FR">Le moulin tourne, comme disent les '
        'Anglais, <span lang="en">all day long</span>, au bord de la rivière.</p></div></article></body></html>',
        encoding="utf-8",
    )
    body = add(Project(tmp_path / "project"), page).read_text("utf-8").split("\n---\n", 1)[1]
    assert (
        body.strip() == 'Le moulin tourne, comme disent les Anglais, [all day long]{lang="en"}, au bord de la rivière.'
    )
