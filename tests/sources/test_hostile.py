"""Hostile and wrong files: each is refused in one sentence with exit code 2, or its
danger neutralised, and nothing is written: not in source/, not anywhere else."""

from __future__ import annotations

import os
import zipfile

import pytest
from click.testing import CliRunner

from pipeline.cli import cli

from . import hostile, producers

FRENCH = """---
title: Le moulin
lang: fr
---

# Le moulin

Le moulin tourne au bord de la rivière depuis deux siècles. Le meunier y moud le blé des fermes voisines.

Chaque matin, il ouvre les vannes et regarde la roue se mettre en marche.
"""
ENCRYPTED = "http://www.w3.org/2001/04/xmlenc#aes256-cbc"


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """A small French book as EPUB and DOCX (by Pandoc), the bases of the hostile files."""
    folder = tmp_path_factory.mktemp("bases")
    (folder / "moulin.md").write_text(FRENCH, encoding="utf-8")
    return {fmt: producers.pandoc(folder / "moulin.md", folder / f"moulin.{fmt}") for fmt in ("epub", "docx", "odt")}


def snapshot(root) -> dict:
    """Every folder under ``root``, and every file with its size and modification time (a
    folder's own time changes with the scratch folder made and removed in it)."""
    found = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs:
            found[os.path.relpath(os.path.join(folder, name), root)] = "folder"
        for name in files:
            info = os.lstat(os.path.join(folder, name))
            found[os.path.relpath(os.path.join(folder, name), root)] = (info.st_size, info.st_mtime_ns)
    return found


def refused(tmp_path, file, *words: str) -> str:
    """Run `pipeline add FILE` in a project beside it: exit 2, one sentence naming the file and
    holding ``words``, and not a byte written anywhere under tmp_path."""
    project = tmp_path / "project"
    (project / "source").mkdir(parents=True, exist_ok=True)
    (project / "translations").mkdir(exist_ok=True)
    (project / "translations" / ".lock").touch()  # the project lock, taken before the file is read
    before = snapshot(tmp_path)
    result = CliRunner().invoke(cli, ["--project", str(project), "add", str(file)], catch_exceptions=False)
    assert result.exit_code == 2, result.output
    message = result.output.strip()
    assert message.startswith(f"Error: {file}") and "\n" not in message, message
    for word in words:
        assert word in message, message
    after = snapshot(tmp_path)
    after.pop("project/translations/.lock")
    before.pop("project/translations/.lock")
    assert after == before
    return message


def test_a_zip_bomb_member_of_1_gib_is_refused_before_it_is_inflated(tmp_path):
    data, crc = hostile.deflated_zeros()
    bomb = hostile.write_zip(
        tmp_path / "bombe.docx",
        [hostile.member("[Content_Types].xml", b"<Types/>"), ("word/document.xml", data, hostile.GIB, crc)],
    )
    assert bomb.stat().st_size < 2_000_000
    refused(tmp_path, bomb, "word/document.xml inflates to 1024 MB", "zip bomb")


def test_a_member_that_says_it_is_small_and_is_not_is_refused(made, tmp_path):
    big = hostile.with_members(made["epub"], tmp_path / "grand.epub", {"EPUB/text/annexe.xhtml": bytes(20_000_000)})
    liar = hostile.lying_sizes(big, tmp_path / "menteur.epub", "EPUB/text/annexe.xhtml", 1000)
    refused(tmp_path, liar, "damaged", "CRC")


@pytest.mark.parametrize("name", ["../../evil.txt", "/tmp/evil.txt", "EPUB/../../../evil.txt"])
def test_a_member_whose_name_climbs_out_is_refused(made, tmp_path, name):
    climbing = hostile.with_members(made["epub"], tmp_path / "sortie.epub", {name: b"Le texte malveillant."})
    with zipfile.ZipFile(climbing) as archive:
        assert name in archive.namelist()
    refused(tmp_path, climbing, repr(name), "outside the archive")
    assert not (tmp_path.parent / "evil.txt").exists() and not (tmp_path / "evil.txt").exists()


def test_xhtml_with_an_external_entity_is_refused(made, tmp_path):
    epub = hostile.with_members(made["epub"], tmp_path / "entite.epub", {"EPUB/text/ch001.xhtml": hostile.ENTITIES})
    refused(tmp_path, epub, "EPUB/text/ch001.xhtml", "entities")


def test_xhtml_with_an_entity_bomb_is_refused(made, tmp_path):
    epub = hostile.with_members(made["epub"], tmp_path / "rires.epub", {"EPUB/text/ch001.xhtml": hostile.LAUGHS})
    refused(tmp_path, epub, "entities")


def test_an_epub_with_drm_is_refused(made, tmp_path):
    locked = hostile.encryption(ENCRYPTED, "EPUB/text/ch001.xhtml")
    epub = hostile.with_members(made["epub"], tmp_path / "drm.epub", {"META-INF/encryption.xml": locked})
    refused(tmp_path, epub, "DRM")


def test_font_obfuscation_is_not_drm(made, tmp_path):
    fonts = hostile.encryption("http://www.idpf.org/2008/embedding", "EPUB/fonts/font.otf")
    epub = hostile.with_members(made["epub"], tmp_path / "polices.epub", {"META-INF/encryption.xml": fonts})
    project = tmp_path / "project"
    project.mkdir()
    result = CliRunner().invoke(cli, ["--project", str(project), "add", str(epub)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Le meunier y moud le blé" in (project / "source" / "polices.fr.md").read_text("utf-8")


@pytest.mark.parametrize(
    ("name", "make", "words"),
    [
        ("texte.docx", lambda made, path: path.write_text("Le moulin tourne."), "is not a Word (.docx) file"),
        ("faux.docx", lambda made, path: path.write_bytes(made["odt"].read_bytes()), "not a Word document"),
        ("faux.odt", lambda made, path: path.write_bytes(made["docx"].read_bytes()), "not an OpenDocument text"),
        ("faux.epub", lambda made, path: path.write_bytes(made["docx"].read_bytes()), "not an EPUB"),
        ("image.html", lambda made, path: path.write_bytes(made["epub"].read_bytes()), "not a web page"),
        ("binaire.txt", lambda made, path: path.write_bytes(b"\x00\x01\x02 Le moulin"), "binary"),
        ("vide.txt", lambda made, path: path.write_text("  \n\n \n"), "is empty"),
        ("vide.html", lambda made, path: path.write_text("<html><body><nav>Accueil</nav></body></html>"), "is empty"),
        ("livre.pdf", lambda made, path: path.write_bytes(b"%PDF-1.7\n"), "not .pdf"),
        (
            "english.txt",
            lambda made, path: path.write_text(
                "The mill has turned by the river for two centuries. Every morning the miller opens the sluices."
            ),
            "is not in French",
        ),
    ],
)
def test_a_wrong_or_empty_file_is_refused(made, tmp_path, name, make, words):
    path = tmp_path / name
    make(made, path)
    refused(tmp_path, path, words)


def test_an_english_word_file_is_refused(made, tmp_path):
    english = tmp_path / "english.md"
    english.write_text(
        "# The mill\n\nThe mill has turned by the river for two centuries.\n\nThe miller grinds the wheat.\n"
    )
    refused(tmp_path, producers.pandoc(english, tmp_path / "english.docx"), "is not in French", "English")


def test_scripts_in_a_web_page_are_neutralised(tmp_path):
    page = tmp_path / "piege.html"
    page.write_text(
        """<html lang="fr"><head><title>Le moulin</title><script>steal()</script></head><body>
<p onclick="steal()">Le moulin tourne <script>document.write('injecté')</script>au bord de la rivière.</p>
<p><img src="x" onerror="steal()" alt="Une roue"> Le meunier <a href="javascript:steal()">ouvre</a> les vannes.</p>
<iframe src="https://evil.example/"></iframe><object data="x.swf"></object>
<svg><script>steal()</script></svg><p><a href="data:text/html,<script>steal()</script>">Le texte</a> suit.</p>
</body></html>""",
        encoding="utf-8",
    )
    project = tmp_path / "project"
    project.mkdir()
    result = CliRunner().invoke(cli, ["--project", str(project), "add", str(page)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    text = (project / "source" / "piege.fr.md").read_text("utf-8")
    for danger in ("steal", "script", "javascript", "injecté", "evil.example", "swf", "data:", "onerror", "onclick"):
        assert danger not in text.split("\n---\n", 1)[1], danger
    for words in ("Le moulin tourne au bord de la rivière.", "Le meunier ouvre les vannes.", "Le texte suit."):
        assert words in " ".join(text.split()), words
    assert sorted(p.name for p in (project / "source").iterdir()) == ["piege.fr.md"]  # nothing else, anywhere


def test_a_script_link_in_a_word_file_is_neutralised(tmp_path):
    text = tmp_path / "lien.md"
    text.write_text("Le meunier [ouvre](javascript:steal()) les [vannes](data:text/html,x) chaque matin.\n")
    word = producers.pandoc(text, tmp_path / "lien.docx")
    project = tmp_path / "project"
    project.mkdir()
    assert CliRunner().invoke(cli, ["--project", str(project), "add", str(word)]).exit_code == 0
    source = (project / "source" / "lien.fr.md").read_text("utf-8")
    assert "Le meunier ouvre les vannes chaque matin." in source
    assert "steal" not in source and "data:" not in source
    assert "2 links that run a script (their text kept)" in source
