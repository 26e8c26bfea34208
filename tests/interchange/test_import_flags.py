"""Flags belong to the text they describe: after an XLIFF import (translate-toolkit plays the
CAT tool) on tests/data/repeats.fr.md drafted by the real Apertium, no engine flag is left
on a target the engine did not write, and the glossary flags are those of the new text."""

import pytest
from conftest import data_project
from test_import import edit_in_cat_tool

from pipeline import store
from pipeline.core.model import Flag
from pipeline.core.project import Project

XLF = "dist/repeats.fr-en-GB.xlf"
GRINDER = "Un vieux rémouleur aiguise les couteaux près de la fontaine."
CAMELOTS = "À midi, les camelots replient leurs bâches."


@pytest.fixture(autouse=True)
def no_argos_model(tmp_path, monkeypatch):
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "no-argos-models"))


def test_an_import_leaves_no_stale_flag(tmp_path, cli):
    root = data_project(tmp_path / "repeats", "repeats.fr.md")
    assert cli("translate", "--engine", "apertium", root=root).exit_code == 2  # not segmented yet
    cli("segment", root=root)
    assert cli("translate", "--engine", "apertium", root=root).exit_code == 0
    doc = Project(root).document("repeats")
    drafted = {s.source: s for s in store.load(doc)}
    flagged = [s for s in drafted.values() if s.draft_flags]
    assert len(flagged) >= 3  # Apertium passed maraîchers, rémouleur, camelots… through
    assert drafted[GRINDER].draft_flags and drafted[CAMELOTS].draft_flags

    (root / "glossary.yaml").write_text("terms:\n  - fr: rémouleur\n    en: knife grinder\n")
    assert cli("export", "--format", "xliff", root=root).exit_code == 0
    english = {
        GRINDER: "An old grinder sharpens the knives near the fountain.",  # misses the term
        CAMELOTS: "At noon, the hawkers fold up their tarpaulins.",
    }
    for s in flagged:
        english.setdefault(s.source, f"A translator's English for {s.id}.")
    edit_in_cat_tool(root / XLF, {drafted[source].id: (text, False) for source, text in english.items()})
    result = cli("import", str(root / XLF), root=root)
    assert result.exit_code == 0, result.output

    after = {s.source: s for s in store.load(doc)}
    stale = [s for s in after.values() if s.target != s.draft and s.draft_flags]
    assert stale == []  # before the fix: every flagged segment kept Apertium's warnings
    assert after[GRINDER].flags == (Flag.parse('glossary: "rémouleur" needs "knife grinder"'),)
    assert after[CAMELOTS].flags == ()
    assert after[CAMELOTS].draft == drafted[CAMELOTS].target  # the replaced draft is still the draft
    # what the import did not touch keeps its flags: still the engine's draft
    untouched = [s for s in after.values() if s.source not in english]
    assert all(s.flags == drafted[s.source].flags for s in untouched)
