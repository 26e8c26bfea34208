"""Word and OpenDocument files made by LibreOffice and by Pandoc from the same French
article come in as the same Markdown: headings, emphasis, the table, the footnote, the
image (extracted beside the source) and the metadata."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from pipeline.core.project import Project
from pipeline.sources import add

from . import producers as make
from .structure import structure

pytestmark = pytest.mark.slow  # LibreOffice takes a second or two per file

# What may differ between the four files, and why (everything else must be equal):
# - Pandoc's ODT writer puts an image's caption in a paragraph of its frame, not in its
#   description: the ODT Pandoc made has the image without alternative text, and its
#   text as the paragraph after it.
ALLOWED = {"canal-pd.odt": {"image alt": "", "extra paragraph": make.ALT}}


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    folder = tmp_path_factory.mktemp("office")
    article = make.markdown_article(folder)
    return {
        "canal-lo.docx": make.libreoffice(folder, "docx"),
        "canal-lo.odt": make.libreoffice(folder, "odt"),
        "canal-pd.docx": make.pandoc(article, folder / "canal-pd.docx"),
        "canal-pd.odt": make.pandoc(article, folder / "canal-pd.odt"),
    }


@pytest.mark.parametrize("name", ["canal-lo.docx", "canal-lo.odt", "canal-pd.docx", "canal-pd.odt"])
def test_office_files_come_in_with_their_structure(made, tmp_path, name):
    project = Project(tmp_path)
    source = add(project, made[name])
    assert source == tmp_path / "source" / f"{made[name].stem}.fr.md"
    found = structure(source)
    allowed = ALLOWED.get(name, {})

    assert found["headings"] == make.HEADINGS
    assert found["emphasis"] == make.EMPHASIS
    assert found["notes"] == [make.NOTE]
    assert found["tables"] == [[cell for row in make.TABLE for cell in row]]
    paragraphs = [p for p in found["paragraphs"] if p != allowed.get("extra paragraph")]
    assert paragraphs == make.PARAGRAPHS
    assert found["meta"] == {
        "title": make.TITLE,
        "subtitle": make.SUBTITLE,
        "author": make.AUTHOR,
        "date": make.DATE,
        "lang": "fr-FR",
    }
    # The one image, extracted next to the source and pointed at relatively: the very PNG.
    [(alt, src)] = found["images"]
    assert alt == allowed.get("image alt", make.ALT)
    assert src.startswith(f"{made[name].stem}/media/")
    with Image.open(io.BytesIO((source.parent / src).read_bytes())) as image:
        assert image.size == (40, 30)
    # Packaging is said, in the front matter's comments; no scratch folder is left behind.
    front = source.read_text(encoding="utf-8").split("\n---\n", 1)[0]
    assert f"# Added by `pipeline add` from {name}" in front
    assert sorted(p.name for p in (tmp_path / "source").iterdir()) == [made[name].stem, source.name]


def test_word_empty_paragraphs_are_dropped_and_said(made, tmp_path):
    source = add(Project(tmp_path), made["canal-lo.docx"])
    assert "1 empty paragraphs" in source.read_text(encoding="utf-8").split("\n---\n", 1)[0]
