"""The reviewer's edit rules and what the page is sent for a segment (no server)."""

from __future__ import annotations

import pytest

from pipeline import glossary
from pipeline.core.model import Flag, Origin, Segment, State, TagInfo
from pipeline.review import edit, view

DRAFT = "The workers of the click <em1>train</em1> the machines."
MACHINE = Segment(
    id="a1b2c3d4e5",
    source="Les travailleurs du clic <em1>entraînent</em1> les machines.",
    target=DRAFT,
    state=State.MACHINE,
    origin=Origin.parse("apertium 3.8.3"),
    draft=DRAFT,
    flags=(Flag("glossary", "« travailleur du clic » needs “click worker”"), Flag("numbers", "3 ≠ 4")),
    tags=(TagInfo("em1", "emphasis"),),
    where="paragraph 4, sentence 2",
)
SCRATCH = Segment(id="f6e5d4c3b2", source="Tous droits réservés.")


@pytest.mark.parametrize(
    "segment, target, state, expected",
    [
        # edited machine draft: draft and origin kept, so the diff draft → target can be shown
        (
            MACHINE,
            "Click workers <em1>train</em1> the machines.",
            "needs-review",
            ("needs-review", Origin.parse("apertium 3.8.3")),
        ),
        (MACHINE, DRAFT, "reviewed", ("reviewed", Origin.parse("apertium 3.8.3"))),
        (MACHINE, DRAFT, "machine", ("machine", Origin.parse("apertium 3.8.3"))),  # revert to draft
        (SCRATCH, "All rights reserved.", "reviewed", ("reviewed", Origin.parse("review"))),  # translated from scratch
        (SCRATCH, "", "untranslated", ("untranslated", Origin())),
    ],
)
def test_apply(segment, target, state, expected):
    new = edit.apply(segment, target, state)
    assert (new.state.value, new.origin) == expected
    assert new.target == target and new.draft == segment.draft
    # the engine's flags are about its draft: gone once the target is another text
    assert new.flags == (segment.flags if target == segment.draft else segment.glossary_flags)
    assert (new.id, new.source, new.where, new.tags) == (segment.id, segment.source, segment.where, segment.tags)


def test_clearing_a_scratch_translation_forgets_its_origin():
    done = edit.apply(SCRATCH, "All rights reserved.", "reviewed")
    assert edit.apply(done, "", "untranslated").origin == Origin()


@pytest.mark.parametrize(
    "target, state, message",
    [
        ("x", "signed", "unknown state 'signed': use one of untranslated, machine, needs-review, reviewed, approved"),
        ("x", "approved", "'approved' signs off a reviewed text as it is"),
        ("", "reviewed", "an empty translation cannot be 'reviewed'"),
        ("   ", "needs-review", "an empty translation cannot be 'needs-review'"),
        ("x", "untranslated", "a segment with a translation cannot be 'untranslated'"),
        ("Edited.", "machine", "'machine' means the untouched machine draft"),
        (None, "reviewed", "'target' must be a string"),
        ("a\0b", "reviewed", "NUL"),
        ("x" * (edit.MAX_TARGET + 1), "reviewed", "longer than"),
    ],
)
def test_invalid_edits(target, state, message):
    with pytest.raises(edit.EditError, match=message.replace("(", r"\(").replace("?", r"\?")):
        edit.apply(MACHINE, target, state)


@pytest.mark.parametrize(
    "typed, saved",
    [
        ("<em1>Click</em1> workers<fn2/>.", "<em1>Click</em1> workers<fn2/>."),  # tags kept exactly
        ("<script>alert(1)</script>", "&lt;script>alert(1)&lt;/script>"),  # a literal '<' is escaped
        ("a &lt; b &amp; c & d", "a &lt; b &amp; c & d"),
        ("two\r\nlines \n", "two lines"),  # a segment is one line
        ("  spaces  ", "spaces"),
    ],
)
def test_text_normalization(typed, saved):
    assert edit.apply(MACHINE, typed, "reviewed").target == saved


def test_revision_changes_with_what_a_reviewer_sees():
    base = edit.revision(MACHINE)
    assert len(base) == 12 and base == edit.revision(Segment(**vars(MACHINE)))
    for changed in (
        edit.apply(MACHINE, "Other.", "needs-review"),
        edit.apply(MACHINE, DRAFT, "reviewed"),
        Segment(**{**vars(MACHINE), "source": "Autre."}),
        Segment(**{**vars(MACHINE), "id": "0000000000"}),
    ):
        assert edit.revision(changed) != base


@pytest.mark.parametrize(
    "old, new, pieces",
    [
        ("The cat sleeps.", "The cat sleeps.", [["=", "The cat sleeps."]]),
        ("The cat sleeps.", "The dog sleeps.", [["=", "The "], ["-", "cat "], ["+", "dog "], ["=", "sleeps."]]),
        ("A <em1>big</em1> cat.", "A cat.", [["=", "A "], ["-", "<em1>big</em1> "], ["=", "cat."]]),
        ("Old words here", "Completely new text", [["-", "Old words here"], ["+", "Completely new text"]]),
    ],
)
def test_word_diff(old, new, pieces):
    assert view.word_diff(old, new) == pieces
    assert "".join(t for op, t in pieces if op != "+") == old
    assert "".join(t for op, t in pieces if op != "-") == new


def test_row():
    edited = edit.apply(MACHINE, "Click workers <em1>train</em1> the machines.", "needs-review")
    row = view.row(edited)
    assert row["group"] == "paragraph 4" and row["engine"] == "apertium 3.8.3" and row["tags"] == {"em1": "emphasis"}
    assert "".join(t for op, t in row["diff"] if op != "-") == edited.target
    assert "".join(t for op, t in row["diff"] if op != "+") == DRAFT and row["revision"] == edit.revision(edited)
    assert view.row(MACHINE)["diff"] is None and view.row(SCRATCH)["diff"] is None
    assert row["terms"] == {"source": [], "target": []}  # no glossary given


@pytest.mark.parametrize(
    "where, group",
    [("title", "title"), ("paragraph 4, sentence 2", "paragraph 4"), ("list 1, item 2, sentence 1", "list 1, item 2")],
)
def test_group(where, group):
    assert view.group(where) == group


def test_glossary_terms_are_located_in_both_languages_and_flags_follow_the_text(tmp_path):
    path = tmp_path / "glossary.yaml"
    path.write_text("terms:\n  - fr: travailleur du clic\n    feminine: true\n    en: click worker\n")
    terms = glossary.load(path)
    segment = Segment(id="e1", source="Les travailleurs du clic 🖱 et les travailleuses du clic.", target="")
    missing = edit.apply(segment, "Workers of the click 🖱 and others.", "needs-review", terms)
    assert any(f.kind == "glossary" for f in missing.flags)
    found = view.terms(missing, terms)
    assert len(found["source"]) == 2 and not any(t["ok"] for t in found["source"]) and found["target"] == []
    assert "click worker" in found["source"][0]["hint"]
    fixed = edit.apply(missing, "Click workers 🖱 and click workers.", "reviewed", terms)
    assert not any(f.kind == "glossary" for f in fixed.flags)
    found = view.terms(fixed, terms)
    assert all(t["ok"] for t in found["source"]) and len(found["target"]) == 2
    # positions count UTF-16 units, as the page's JavaScript does: the emoji counts two
    second = found["target"][1]
    assert second["start"] == "Click workers 🖱 and ".encode("utf-16-le").__len__() // 2
    assert second["end"] - second["start"] == len("click workers")


def test_flags_about_the_machine_draft_go_once_a_reviewer_has_taken_over():
    flagged = Segment(
        id="0a1b2c3d4e",
        source="La technologie est neutre.",
        target="The technology is neutre.",
        state=State.MACHINE,
        origin=Origin.parse("apertium 3.8.3"),
        draft="The technology is neutre.",
        flags=(Flag("untranslated", "Apertium passed 'neutre' through unchanged"), Flag("numbers", "3 ≠ 4")),
    )
    assert edit.apply(flagged, flagged.draft, "machine").flags == flagged.flags  # still the draft
    assert edit.apply(flagged, flagged.draft, "reviewed").flags == flagged.flags  # approved as it is: still true
    # any other flag than the glossary's is about the draft, whatever it says: gone with it
    for target, state in [("Technology is neutral.", "needs-review"), ("Technology is neutral.", "reviewed")]:
        assert edit.apply(flagged, target, state).flags == ()
