"""English put into a project's store for tests: the article's reference translation
(tests/data/invisibles.en.json), or targets derived from any document's sources."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from conftest import DATA

from pipeline import store
from pipeline.core.model import Flag, Origin, Segment, State
from pipeline.core.project import Document, Project
from pipeline.segment.update import update

# A small glossary in glossary.yaml's schema (docs/glossary.md).
GLOSSARY = """\
terms:
  - fr: travailleur du clic
    feminine: true
    en: click worker
    avoid: [worker of the click, workers of the click]
    note: Antonio Casilli's term.
  - fr: intelligence artificielle
    en: artificial intelligence
    en_forms: [AI]
keep:
  - fr: Invisibles
    note: The title of the series.
  - Silicon Valley
  - Mensakas
  - fr: Fake it until you make it
    match_case: false
"""
ENGLISH = json.loads((DATA / "invisibles.en.json").read_text(encoding="utf-8"))


def translate(project: Path, edit=None) -> Document:
    """Segment the article, fill every target with the reference (reviewed), then apply ``edit``."""
    doc = Project(project).document("invisibles")
    update(doc)
    segments = [replace(s, target=ENGLISH[s.source], state=State.REVIEWED) for s in store.load(doc)]
    store.save(doc, [edit(s) if edit else s for s in segments])
    return doc


def mixed(segment: Segment) -> Segment:
    """An edit giving a store with every state, drafts, notes, flags and a changed source."""
    n = int(segment.id[:4], 16) % 4
    draft = "The machine said: " + segment.target
    if n == 0:
        return replace(segment, target="", state=State.UNTRANSLATED)
    if n == 1:
        return replace(
            segment, target=draft, draft=draft, state=State.MACHINE, origin=Origin.parse("apertium 3.8.3 fr-es|spa-eng")
        )
    if n == 2:
        return replace(
            segment,
            draft=draft,
            state=State.NEEDS_REVIEW,
            origin=Origin.parse("argos fr_en 1.9"),
            previous=segment.source + " (before)",
            flags=(Flag("glossary", '"plateformes" needs "platforms"'),),
        )
    return replace(
        segment,
        draft=draft,
        origin=Origin.parse("apertium 3.8.3 fr-es|spa-eng"),
        notes=("checked with the author & <editor>",),
        state=State.APPROVED if int(segment.id[4], 16) % 2 else State.REVIEWED,  # signed off, or reviewed only
    )


ORIGIN = "derived-test 1.0 fr-en"
LONGER = " This sentence runs on in English, so that the two columns differ in length."


def derive(source: str, n: int) -> str:
    return source + (LONGER if n % 3 == 0 else "")


def fill_store(root: Path, name: str = "invisibles", reviewed_every: int = 5, untranslated: int = 1) -> list:
    """Segment the document and give it derived targets; returns the saved segments."""
    doc = Project(root).document(name)
    segments = update(doc).segments
    filled = []
    for n, s in enumerate(store.active(segments)):
        if n >= len(segments) - untranslated:
            filled.append(s)
            continue
        state = State.REVIEWED if reviewed_every and n % reviewed_every == 0 else State.MACHINE
        target = derive(s.source, n)
        filled.append(replace(s, target=target, draft=target, state=state, origin=Origin.parse(ORIGIN)))
    store.save(doc, filled)
    return filled
