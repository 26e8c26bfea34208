"""A segment's history: the earlier targets, kept by the one function that replaces a
target (model.replace_target), written to the PO store and read back exactly, kept by
gettext's own tools, and exported in the XLIFF."""

import subprocess
from dataclasses import replace

import pytest

from pipeline import glossary, store
from pipeline.core.model import Flag, Origin, Segment, State, Version, replace_target
from pipeline.core.safexml import parse
from pipeline.interchange import xliff
from pipeline.store import po

DRAFT = "The market opens to eight hours."
MACHINE = Segment(
    id="5c1e0a9b2d",
    source="Le marché ouvre à huit heures.",
    target=DRAFT,
    state=State.MACHINE,
    origin=Origin.parse("apertium 3.8.3"),
    draft=DRAFT,
    flags=(
        Flag("glossary", '"marché" needs "market hall"'),
        Flag("untranslated", "Apertium passed 'heures' through unchanged"),
    ),
)
WHEN = "2026-12-03T14:05:09Z"


def test_a_reviewers_text_replaced_by_the_draft_goes_to_the_history():
    mine = replace_target(MACHINE, "The market opens at eight.", State.REVIEWED, "review", when=WHEN)
    assert mine.history == ()  # the replaced draft is still kept as the draft
    back = replace_target(mine, DRAFT, State.MACHINE, "revert", when=WHEN)
    assert back.history == (
        Version("The market opens at eight.", State.REVIEWED, Origin.parse("apertium 3.8.3"), "revert", WHEN),
    )
    again = replace_target(back, "The market opens at eight.", State.REVIEWED, "review", when=WHEN)
    assert again.history == ()  # restored: the current text is not an earlier one
    # every earlier text, once, the latest replaced last
    other = replace_target(back, "Market opens at 8.", State.NEEDS_REVIEW, "review", when="2026-12-04T09:00:00Z")
    last = replace_target(other, DRAFT, State.MACHINE, "revert", when="2026-12-05T09:00:00Z")
    assert [v.target for v in last.history] == ["The market opens at eight.", "Market opens at 8."]
    restored = replace_target(last, "The market opens at eight.", State.REVIEWED, "review")
    gone = replace_target(restored, DRAFT, State.MACHINE, "revert", when="2026-12-06T09:00:00Z")
    assert [(v.target, v.when) for v in gone.history] == [
        ("Market opens at 8.", "2026-12-05T09:00:00Z"),
        ("The market opens at eight.", "2026-12-06T09:00:00Z"),
    ]


def test_a_new_draft_keeps_the_old_one_and_brings_its_own_flags():
    redrafted = replace_target(
        MACHINE,
        "The market opens at eight o'clock.",
        State.MACHINE,
        "redraft",
        origin=Origin.parse("argos 1.9"),
        draft="The market opens at eight o'clock.",
        draft_flags=(Flag("french", "'heures'"),),
        when=WHEN,
    )
    assert redrafted.history == (Version(DRAFT, State.MACHINE, Origin.parse("apertium 3.8.3"), "redraft", WHEN),)
    assert redrafted.draft == redrafted.target and redrafted.origin == Origin.parse("argos 1.9")
    # without a glossary the glossary flags stay; the old draft's flags went with it
    assert redrafted.flags == (Flag.parse('glossary: "marché" needs "market hall"'), Flag.parse("french: 'heures'"))


def test_flags_follow_the_text(tmp_path):
    (tmp_path / "glossary.yaml").write_text("terms:\n  - fr: marché\n    en: market hall\n")
    terms = glossary.load(tmp_path / "glossary.yaml")
    fixed = replace_target(
        MACHINE, "The market hall opens at eight.", State.NEEDS_REVIEW, "import x.xlf", glossary=terms
    )
    assert fixed.flags == ()  # the term is there now, and the engine's flag was about its draft
    wrong = replace_target(MACHINE, "The fair opens at eight.", State.NEEDS_REVIEW, "review", glossary=terms)
    assert wrong.flags == (Flag.parse('glossary: "marché" needs "market hall"'),)
    same = replace_target(MACHINE, DRAFT, State.REVIEWED, "review", glossary=terms)
    assert set(same.flags) == set(MACHINE.flags)  # still the draft: its flags are still true
    assert MACHINE.glossary_flags == MACHINE.flags[:1] and MACHINE.draft_flags == MACHINE.flags[1:]


@pytest.mark.parametrize(
    "text",
    [
        "The market opens at eight.",
        'Quotes " and \\ backslashes, # hashes, msgstr "x", and a }',
        "A line\u2028separator, a paragraph\u2029one and a next-line\x85mark",
        "Tags <em1>stay</em1> and &lt; entities &amp; too<fn2/>",
        "  spaces kept  ",
    ],
)
def test_the_store_reads_the_history_back_exactly_and_msgfmt_accepts_it(repeats, text):
    segments = store.load(repeats)
    first = replace(segments[0], target="Draft.", draft="Draft.", state=State.MACHINE, origin=Origin.parse("apertium"))
    edited = replace_target(first, text, State.REVIEWED, "review", when=WHEN)
    segments[0] = replace_target(edited, "Draft.", State.MACHINE, "revert", when=WHEN, by="Camille")
    store.save(repeats, segments)
    lines = [line for line in repeats.store.read_text().splitlines() if line.startswith("# history: ")]
    assert len(lines) == 1 and lines[0].startswith('# history: {"when":"2026-12-03T14:05:09Z","state":"reviewed"')
    assert store.load(repeats) == segments
    assert segments[0].history[0].target == text and segments[0].history[0].by == "Camille"
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(repeats.store)], check=True)


def test_gettext_tools_keep_the_history(repeats, tmp_path):
    """msgmerge (as after a new template) and msgcat rewrite the file; the history lines survive."""
    segments = store.load(repeats)
    segments = [
        replace_target(
            replace(s, target=f"Draft {i}.", draft=f"Draft {i}.", state=State.MACHINE, origin=Origin.parse("apertium")),
            f"A reviewer's English for sentence {i}, long enough that gettext would like to wrap it somewhere.",
            State.REVIEWED,
            "review",
            when=WHEN,
        )
        for i, s in enumerate(segments)
    ]
    segments = [replace_target(s, s.draft, State.MACHINE, "revert", when=WHEN) for s in segments]
    store.save(repeats, segments)
    merged = tmp_path / "merged.po"
    subprocess.run(["msgmerge", "-q", "-o", str(merged), str(repeats.store), str(repeats.store)], check=True)
    subprocess.run(["msgcat", "-o", str(merged), str(merged)], check=True)
    assert [s.history for s in po.load(merged)[1]] == [s.history for s in segments]
    assert all(len(s.history) == 1 for s in segments)


def test_a_hand_damaged_history_line_is_kept_as_a_note(repeats):
    text = repeats.store.read_text().replace('msgctxt "', '# history: {"state": "nonsense"\nmsgctxt "', 1)
    repeats.store.write_text(text)
    first = store.load(repeats)[0]
    assert first.history == () and first.notes == ('history: {"state": "nonsense"',)


def test_the_xliff_export_carries_the_history_and_import_leaves_it(repeats):
    segments = store.load(repeats)
    first = replace(segments[0], target=DRAFT, draft=DRAFT, state=State.MACHINE, origin=Origin.parse("apertium 3.8.3"))
    mine = replace_target(first, "The market opens at eight.", State.REVIEWED, "review", when=WHEN)
    segments[0] = replace_target(mine, DRAFT, State.MACHINE, "revert", when=WHEN)
    text = xliff.dump([("source/repeats.fr.md", "fr", "en-GB", segments)])
    path = repeats.store.with_suffix(".xlf")
    path.write_text(text)
    root = parse(path)
    ns = {"x": xliff.NS}
    (previous,) = root.findall(".//x:alt-trans[@alttranstype='previous-version']", ns)
    assert previous.get("origin") == "apertium 3.8.3"
    assert previous.find("x:target", ns).text == "The market opens at eight."
    assert previous.find("x:note", ns).text == f"reviewed, replaced by revert on {WHEN}"
    # what import compares is the unit without its alternatives: the history changes nothing there
    assert xliff.read(root, path)[0].units[0] == xliff.exported(replace(segments[0], history=()))
