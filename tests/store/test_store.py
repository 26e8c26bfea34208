"""The store rules: byte-identical re-runs, edits that never lose a translation, atomic writes."""

from dataclasses import replace

import pytest

from pipeline import store
from pipeline.core.errors import PipelineError
from pipeline.core.model import Flag, Origin, State
from pipeline.core.project import Project


def _translate_all(doc, state=State.REVIEWED):
    segments = store.load(doc)
    done = [replace(s, target=f"EN {s.id}", state=state, origin=Origin.parse("review")) for s in segments]
    store.save(doc, done)
    return {s.id: s for s in done}


def test_segmenting_an_unchanged_source_changes_nothing(project, cli):
    doc = Project(project).document("invisibles")
    cli("segment")
    _translate_all(doc)
    before = doc.store.read_bytes()
    result = cli("segment")
    assert result.exit_code == 0, result.output
    assert "store unchanged" in result.output
    assert doc.store.read_bytes() == before


def test_a_source_edit_keeps_every_translation(project, cli):
    doc = Project(project).document("invisibles")
    cli("segment")
    done = _translate_all(doc)
    text = doc.source.read_text()
    changed_old = "Loin de là."
    removed = "Pas forcément."
    text = text.replace(changed_old, "Bien loin de là.")
    text = text.replace(" " + removed, "")
    text = text.replace("Les robots ?", "Les robots ? Les algorithmes ?")
    doc.source.write_text(text)

    result = cli("segment")
    assert result.exit_code == 0, result.output
    assert "1 new, 1 changed, 1 obsolete" in result.output
    segments = store.load(doc)
    by_source = {s.source: s for s in segments}

    changed = by_source["Bien loin de là."]
    old = next(s for s in done.values() if s.source == changed_old)
    assert changed.target == old.target and changed.state is State.NEEDS_REVIEW
    assert changed.previous == changed_old

    assert by_source["Les algorithmes ?"].state is State.UNTRANSLATED
    gone = by_source[removed]
    assert gone.obsolete and gone.target == done[gone.id].target
    assert changed_old not in by_source  # its translation moved to the new wording

    for s in store.active(segments):  # every untouched sentence kept target and state
        if s.id in done:
            assert (s.target, s.state) == (done[s.id].target, State.REVIEWED)


def test_a_removed_sentence_that_comes_back_gets_its_translation_back(project, cli):
    doc = Project(project).document("invisibles")
    cli("segment")
    done = _translate_all(doc)
    original = doc.source.read_text()
    doc.source.write_text(original.replace(" Pas forcément.", ""))
    cli("segment")
    doc.source.write_text(original)
    cli("segment")
    back = next(s for s in store.load(doc) if s.source == "Pas forcément.")
    assert not back.obsolete and back.state is State.REVIEWED and back.target == done[back.id].target


def test_states_and_fields_survive_the_po_file(project, cli):
    doc = Project(project).document("invisibles")
    cli("segment")
    first, second, third, *rest = store.load(doc)
    edited = [
        replace(
            first,
            target="Machine",
            state=State.MACHINE,
            origin=Origin.parse("apertium 3.8"),
            draft="Machine",
            flags=(Flag("glossary", "x needs y"),),
        ),
        replace(second, target="Old", state=State.NEEDS_REVIEW, previous="Ancien texte", notes=("check this",)),
        replace(third, target="Done", state=State.REVIEWED, origin=Origin.parse("review"), draft="Dne"),
        *rest,
    ]
    store.save(doc, edited)
    assert store.load(doc) == edited


def test_a_po_editor_clearing_fuzzy_approves_the_segment(project, cli):
    doc = Project(project).document("invisibles")
    cli("segment")
    first, *rest = store.load(doc)
    store.save(doc, [replace(first, target="Draft", state=State.MACHINE, origin=Origin.parse("apertium")), *rest])
    doc.store.write_text(doc.store.read_text().replace("#, fuzzy\n", "", 1))
    assert store.load(doc)[0].state is State.REVIEWED


def test_the_store_is_valid_gettext(project, cli):
    import shutil
    import subprocess

    doc = Project(project).document("invisibles")
    cli("segment")
    _translate_all(doc)
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "gettext's msgfmt is installed by the set-up"
    subprocess.run([msgfmt, "-c", "-o", "/dev/null", str(doc.store)], check=True)


def test_an_interrupted_write_leaves_the_old_store(project, cli, monkeypatch):
    import os

    doc = Project(project).document("invisibles")
    cli("segment")
    before = doc.store.read_bytes()
    segments = store.load(doc)

    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(PipelineError, match="No space left on device"):
        store.save(doc, [replace(s, target="x", state=State.REVIEWED) for s in segments])
    assert doc.store.read_bytes() == before
    assert [p.name for p in doc.store.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_a_store_cut_between_two_entries_is_refused_and_kept(project, cli):
    # Still valid PO, so only the count in the header tells the file was cut short.
    from conftest import run_pipeline

    doc = Project(project).document("invisibles")
    cli("segment")
    _translate_all(doc)
    text = doc.store.read_text()
    cut = text[: text.index("\n\n", len(text) // 2) + 1]
    doc.store.write_text(cut)
    result = run_pipeline("segment", cwd=project)
    assert result.returncode == 2
    assert "invisibles.en.po: holds" in result.stderr and "cut short" in result.stderr
    assert doc.store.read_text() == cut
