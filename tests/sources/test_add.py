"""`pipeline add` as a user meets it: the command, its --name, what it writes, and
adding a changed file again, which updates the source while the store keeps every
translation (as `pipeline segment` does after a hand edit)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from reference import fill_store

from pipeline import store
from pipeline.cli import cli
from pipeline.core.model import State
from pipeline.core.project import Project

from . import producers


def run(project, *args):
    return CliRunner().invoke(cli, ["--project", str(project), *args], catch_exceptions=False)


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "project"
    root.mkdir()
    return root


def test_add_writes_the_source_and_segments_it(project, tmp_path):
    article = producers.markdown_article(tmp_path)
    word = producers.pandoc(article, tmp_path / "Le Canal du Midi.docx")
    result = run(project, "add", str(word))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "wrote source/le-canal-du-midi.fr.md",
        "le-canal-du-midi: 14 segments (14 new, 0 changed, 0 obsolete)",
    ]
    doc = Project(project).document("le-canal-du-midi")
    assert {s.source for s in store.load(doc)} >= {producers.NOTE, "Une écluse ronde", "Fonserannes"}


def test_a_markdown_file_is_taken_word_for_word(project):
    text = (producers.DATA / "wiki.fr.md").read_text("utf-8")
    assert run(project, "add", str(producers.DATA / "wiki.fr.md"), "--name", "wiki").exit_code == 0
    assert (project / "source" / "wiki.fr.md").read_text("utf-8") == text


def test_plain_text_is_text_never_markup(project, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Le *moulin* tourne\nau bord de la rivière.\n\n# Le meunier ouvre les vannes [1].\n")
    assert run(project, "add", str(path)).exit_code == 0
    body = (project / "source" / "notes.fr.md").read_text("utf-8").split("\n---\n", 1)[1]
    assert body.strip().split("\n\n") == [
        "Le \\*moulin\\* tourne au bord de la rivière.",
        "\\# Le meunier ouvre les vannes \\[1\\].",
    ]


def test_a_bad_name_is_refused(project, tmp_path):
    result = run(project, "add", str(producers.markdown_article(tmp_path)), "--name", "../Le Canal")
    assert result.exit_code == 2
    assert (
        result.output
        == "Error: '../Le Canal': a document's name is lower-case letters, digits, - and _ (give one with --name)\n"
    )
    assert not (project / "source").exists() or not list((project / "source").iterdir())


def test_adding_a_changed_file_again_keeps_every_translation(project, tmp_path):
    article = producers.markdown_article(tmp_path)
    word = producers.pandoc(article, tmp_path / "canal.docx")
    assert run(project, "add", str(word)).exit_code == 0
    doc = Project(project).document("canal")
    filled = {s.source: s for s in fill_store(project, "canal", reviewed_every=2, untranslated=0)}
    (tmp_path / "ecluse.png").write_bytes(producers.png(60, 20))  # a new picture
    edited = article.read_text("utf-8").replace("Il fut construit sous Louis XIV.", "Il fut creusé sous Louis XIV.")
    article.write_text(edited + "\nUn paragraphe nouveau sur les platanes du canal.\n", encoding="utf-8")
    producers.pandoc(article, word)

    result = run(project, "add", str(word))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1] == "canal: 15 segments (1 new, 1 changed, 0 obsolete)"
    merged = {s.source: s for s in store.active(store.load(doc))}
    for source, before in filled.items():
        if source == "Il fut construit sous Louis XIV.":
            changed = merged["Il fut creusé sous Louis XIV."]
            assert (changed.target, changed.state) == (before.target, State.NEEDS_REVIEW)
        else:
            assert (merged[source].target, merged[source].state) == (before.target, before.state), source
    assert merged["Un paragraphe nouveau sur les platanes du canal."].state == State.UNTRANSLATED
    # The source and its images are the new ones, and only those.
    assert "creusé" in doc.source.read_text("utf-8")
    assert [p.name for p in (project / "source" / "canal" / "media").iterdir()] == ["rId10.png"]
    assert sorted(p.name for p in (project / "source").iterdir()) == ["canal", "canal.fr.md"]


def test_a_refused_re_add_leaves_the_source_as_it_was(project, tmp_path):
    article = producers.markdown_article(tmp_path)
    word = producers.pandoc(article, tmp_path / "canal.docx")
    assert run(project, "add", str(word)).exit_code == 0
    before = {p: p.read_bytes() for p in (project / "source").rglob("*") if p.is_file()}
    article.write_text("# The canal\n\nThe canal joins the river to the sea. It was dug under Louis XIV.\n")
    producers.pandoc(article, word)
    result = run(project, "add", str(word))
    assert result.exit_code == 2 and "is not in French" in result.output
    assert {p: p.read_bytes() for p in (project / "source").rglob("*") if p.is_file()} == before


def test_a_french_file_that_says_it_is_english_gets_lang_fr(project, tmp_path):
    text = tmp_path / "moulin.md"
    text.write_text(
        "---\ntitle: Le moulin\nlang: en-US\n---\n\nLe moulin tourne au bord de la rivière depuis deux siècles.\n"
    )
    result = run(project, "add", str(producers.pandoc(text, tmp_path / "moulin.docx")))
    assert result.exit_code == 0, result.output
    source = (project / "source" / "moulin.fr.md").read_text("utf-8")
    assert "\nlang: fr\n" in source
    assert "# - The file gave its language as 'en-US'" in source
