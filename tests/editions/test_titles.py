"""The parallel edition's page title is both titles as the single editions give them: the
text inside superscripts, subscripts and code is kept (it was dropped: `Le 1 épisode de HO et`)."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace

from conftest import DATA

from pipeline import store
from pipeline.core.model import State
from pipeline.core.project import Project
from pipeline.segment.update import update

ENGLISH = {"Le ": "The ", ">er<": ">st<", "épisode de": "episode of", " et ": " and "}


def title(page) -> str:
    found = re.search(r"<title>(.*?)</title>", page.read_text("utf-8"), re.S).group(1)
    return re.sub(r"[ \t\r\n]+", " ", found)  # as Pandoc wraps it


def test_the_parallel_page_title_keeps_superscripts_subscripts_and_code(tmp_path, cli):
    root = tmp_path / "titres"
    (root / "source").mkdir(parents=True)
    shutil.copy(DATA / "titres.fr.md", root / "source")
    doc = Project(root).document("titres")
    segments = update(doc).segments
    (heading,) = [s for s in segments if s.where == "title"]
    target = heading.source
    for french, english in ENGLISH.items():
        target = target.replace(french, english)
    store.save(doc, [replace(heading, target=target, state=State.REVIEWED, origin="review"), *segments[1:]])
    assert cli("build", "--no-translate", "--format", "html", root=root).exit_code == 0
    dist = root / "dist"
    french, english = title(dist / "titres.fr.html"), title(dist / "titres.en.html")
    assert (french, english) == ("Le 1er épisode de H2O et code", "The 1st episode of H2O and code")
    assert title(dist / "titres.fr-en.html") == f"{french} / {english}"
