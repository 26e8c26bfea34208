"""The store as a translation memory for identical sentences, and `translate --redraft`,
on tests/data/repeats.fr.md and repeats-suite.fr.md with the real Apertium."""

import json
from dataclasses import replace

import pytest
from conftest import data_project

from pipeline import store
from pipeline.core.model import Origin, State
from pipeline.core.project import Project

REPEATED = "Le marché ouvre à huit heures."  # three times in repeats, once in repeats-suite
MINE = "The market opens at eight."


@pytest.fixture(autouse=True)
def no_argos_model(tmp_path, monkeypatch):
    """`auto` means Apertium here, whatever Argos model the machine has in its home folder."""
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "no-argos-models"))


@pytest.fixture
def repeats(tmp_path, cli):
    """The two documents segmented and drafted by Apertium; run(*args) runs `pipeline` there."""
    root = data_project(tmp_path / "repeats", "repeats.fr.md", "repeats-suite.fr.md")

    def run(*args):
        return cli(*args, root=root)

    assert run("segment").exit_code == 0
    drafted = run("translate", "--engine", "apertium")
    assert drafted.exit_code == 0, drafted.output
    run.project = Project(root)
    return run


def _segments(run, name):
    return store.load(run.project.document(name))


def _change(run, name, source, n=0, **fields):
    """Give the n-th segment with this French the given fields (a reviewer's work)."""
    doc = run.project.document(name)
    segments = store.load(doc)
    at = [i for i, s in enumerate(segments) if s.source == source][n]
    segments[at] = replace(segments[at], **fields)
    store.save(doc, segments)
    return segments[at]


def test_a_sentence_approved_once_fills_its_identical_sentences_everywhere(repeats):
    assert [s.id for s in _segments(repeats, "repeats") if s.source == REPEATED][1:] != []  # ids -2, -3
    _change(repeats, "repeats", REPEATED, 0, target=MINE, state=State.REVIEWED)
    edited = _change(repeats, "repeats", REPEATED, 2, target="Opening time: eight.", state=State.NEEDS_REVIEW)
    result = repeats("translate", "--engine", "memory")
    assert result.exit_code == 0, result.output
    assert "repeats: 0 segments translated, 1 machine drafts replaced (1 from memory)" in result.output
    assert "repeats-suite: 0 segments translated, 1 machine drafts replaced (1 from memory)" in result.output
    here = [s for s in _segments(repeats, "repeats") if s.source == REPEATED]
    (there,) = [s for s in _segments(repeats, "repeats-suite") if s.source == REPEATED]
    assert here[2] == edited  # a reviewer's edit is never replaced
    for filled in (here[1], there):
        assert (filled.target, filled.state, filled.origin) == (MINE, State.MACHINE, Origin.parse("tm repeats"))
        assert filled.draft == MINE and filled.flags == ()
        (earlier,) = filled.history  # the Apertium draft it replaced
        assert earlier.origin.engine == "apertium" and earlier.replaced == "tm repeats"
        assert earlier.state is State.MACHINE and earlier.target not in ("", MINE)
    # done once: a second run has nothing left to do and writes nothing
    before = [run.project.document(n).store.read_bytes() for run in [repeats] for n in ("repeats", "repeats-suite")]
    again = repeats("translate")
    assert "repeats: 0 segments translated; glossary" in again.output
    assert [repeats.project.document(n).store.read_bytes() for n in ("repeats", "repeats-suite")] == before


def _everything(run) -> dict:
    """(document, segment id) → segment: identical sentences have the same id in both documents."""
    return {(name, s.id): s for name in ("repeats", "repeats-suite") for s in _segments(run, name)}


def _glossary_issues(run) -> int:
    report = json.loads(run("qa", "--format", "json").output)
    return sum(1 for doc in report["documents"] for issue in doc["issues"] if issue["check"] == "glossary")


def test_redraft_after_a_glossary_term_never_touches_human_work(repeats):
    grinder = "Un vieux rémouleur aiguise les couteaux près de la fontaine."
    reviewed = _change(repeats, "repeats", grinder, state=State.REVIEWED)  # approved as Apertium wrote it
    edited = _change(repeats, "repeats", REPEATED, target="The market opens at 8.", state=State.NEEDS_REVIEW)
    (repeats.project.root / "glossary.yaml").write_text("terms:\n  - fr: rémouleur\n    en: knife grinder\n")

    plain = repeats("translate", "--engine", "apertium")
    assert "repeats-suite: 0 segments translated; glossary terms 0/1 (0%)" in plain.output  # as before: nothing to do
    assert _glossary_issues(repeats) == 2

    before = _everything(repeats)
    flagged = [s for s in before.values() if s.machine_drafted and (s.flags or "rémouleur" in s.source)]
    result = repeats("translate", "--redraft", "--only-flagged", "--engine", "apertium")
    assert result.exit_code == 0, result.output
    assert "repeats-suite: 0 segments translated, 1 machine drafts replaced" in result.output
    after = _everything(repeats)
    (changed,) = [sid for sid in after if after[sid] != before[sid] and after[sid].target != before[sid].target]
    assert after[changed].source == "Le rémouleur ne vient plus."
    assert "knife grinder" in after[changed].target and after[changed].flags == ()
    (earlier,) = after[changed].history
    assert (earlier.target, earlier.replaced) == (before[changed].target, "redraft")
    assert after["repeats", reviewed.id] == reviewed and after["repeats", edited.id] == edited
    unflagged = [sid for sid, s in before.items() if s.machine_drafted and s not in flagged]
    assert unflagged and all(after[sid] == before[sid] for sid in unflagged)  # --only-flagged left them alone
    assert _glossary_issues(repeats) == 1  # the reviewed sentence: for its reviewer, never the machine

    everything = repeats("translate", "--redraft", "--engine", "apertium")
    drafts = sum(1 for (name, _), s in after.items() if name == "repeats" and s.machine_drafted)
    assert f"repeats: 0 segments translated, 0 machine drafts replaced ({drafts} more drafted again, unchanged)" in (
        everything.output
    )
    assert _everything(repeats) == after


def test_only_flagged_goes_with_redraft(repeats):
    result = repeats("translate", "--only-flagged")
    assert result.exit_code == 2 and "--only-flagged goes with --redraft" in result.output
