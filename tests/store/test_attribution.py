"""Who changed a segment and when, reviewers' comments and the second sign-off ("approved"):
written as PO translator comments, read back exactly, kept by gettext's own tools."""

import subprocess
from dataclasses import replace

from pipeline import store
from pipeline.core.model import Comment, Origin, State
from pipeline.review import edit
from pipeline.store import po

WHEN = "2026-12-03T14:05:09Z"


def attributed(segments):
    """Every state, stamped by reviewers with names of every shape, with comments."""
    out = []
    for i, s in enumerate(segments):
        draft = f"Draft {i}."
        s = replace(s, target=draft, draft=draft, state=State.MACHINE, origin=Origin.parse("apertium"))
        s = edit.apply(s, f"Reviewed English {i} « quoted » & <kept>.", "reviewed", by="Zoë O’Brien-Łukasz")
        if i % 2:
            s = edit.apply(s, s.target, "approved", by="Ada Lovelace")
        comments = (Comment('Check "this" date.\\n', "Zoë", WHEN), Comment("Second: ok # not a field", "", WHEN))
        out.append(replace(s, comments=comments[: i % 3]))
    return out


def test_state_attribution_and_comments_round_trip(repeats):
    segments = attributed(store.load(repeats))
    store.save(repeats, segments)
    assert store.load(repeats) == segments
    first, second = segments[:2]
    assert first.state is State.REVIEWED and first.by == "Zoë O’Brien-Łukasz" and first.when.endswith("Z")
    assert second.state is State.APPROVED and second.by == "Ada Lovelace"
    text = repeats.store.read_text()
    assert f"# changed: {second.when} Ada Lovelace\n" in text
    assert '# comment: {"when":"2026-12-03T14:05:09Z","by":"Zoë","text":"Check \\"this\\" date.\\\\n"}' in text
    # approved is not fuzzy (every PO tool shows it as translated); its state line says signed off
    entry = text[text.index(f'msgctxt "{second.id}"') - 400 : text.index(f'msgctxt "{second.id}"')]
    assert "# state: approved" in entry and "fuzzy" not in entry.rsplit("msgstr", 1)[-1]
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(repeats.store)], check=True)


def test_msgmerge_and_msgcat_keep_attribution_comments_and_sign_off(repeats, tmp_path):
    segments = attributed(store.load(repeats))
    store.save(repeats, segments)
    template = tmp_path / "template.pot"
    subprocess.run(
        ["msgfilter", "-i", str(repeats.store), "-o", str(template), "--keep-header", "sed", "d"], check=True
    )
    merged = tmp_path / "merged.po"
    subprocess.run(["msgmerge", "-q", "--previous", "-o", str(merged), str(repeats.store), str(template)], check=True)
    subprocess.run(["msgcat", "-o", str(merged), str(merged)], check=True)
    back = po.load(merged)[1]
    assert [(s.state, s.by, s.when, s.comments) for s in back] == [
        (s.state, s.by, s.when, s.comments) for s in segments
    ]
    assert {s.state for s in back} == {State.REVIEWED, State.APPROVED}


def test_a_fuzzy_entry_is_not_approved_whatever_its_state_line_says(repeats):
    """Another tool marked it fuzzy again: what that tool shows wins."""
    segments = attributed(store.load(repeats))
    store.save(repeats, segments)
    approved = segments[1]
    text = repeats.store.read_text()
    at = text.index(f'msgctxt "{approved.id}"')
    repeats.store.write_text(text[:at] + "#, fuzzy\n" + text[at:])
    assert {s.id: s for s in store.load(repeats)}[approved.id].state is State.NEEDS_REVIEW


def test_a_damaged_comment_line_is_kept_as_a_note(repeats):
    text = repeats.store.read_text().replace('msgctxt "', '# comment: {"text": 3}\nmsgctxt "', 1)
    repeats.store.write_text(text)
    first = store.load(repeats)[0]
    assert first.comments == () and first.notes == ('comment: {"text": 3}',)
