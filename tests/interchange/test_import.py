"""Importing an XLIFF edited by another tool (translate-toolkit plays the CAT tool)."""

import pytest
from reference import mixed, translate
from translate.storage import xliff as ttxliff

from pipeline import store
from pipeline.core.model import State

XLF = "dist/invisibles.fr-en-GB.xlf"


def edit_in_cat_tool(path, edits):
    """Open the export with translate-toolkit, change targets and approval, save it as the tool would."""
    file = ttxliff.xlifffile.parsefile(str(path))
    units = {u.getid().rpartition("\x04")[2]: u for u in file.units if not u.isheader()}
    for sid, (target, approved) in edits.items():
        unit = units[sid]
        if target is not None:
            unit.target = target
        unit.markapproved(approved)
        if not approved:
            unit.set_state_n(ttxliff.xliffunit.S_NEEDS_REVIEW)
    file.savefile(str(path))


def by_state(doc, state):
    return [s for s in store.load(doc) if s.state is state and "<" not in s.source]


def test_edits_from_a_cat_tool_come_back_with_their_states(project, cli):
    doc = translate(project, mixed)
    machine, needs_review = by_state(doc, State.MACHINE)[0], by_state(doc, State.NEEDS_REVIEW)[0]
    untranslated = by_state(doc, State.UNTRANSLATED)[0]
    cli("export", "--format", "xliff")
    before = {s.id: s for s in store.load(doc)}
    edit_in_cat_tool(
        project / XLF,
        {
            machine.id: ("Approved in the CAT tool.", True),
            needs_review.id: ("Edited, not approved yet.", False),
            untranslated.id: ("Translated in the CAT tool.", True),
        },
    )
    result = cli("import", str(project / XLF))
    assert result.exit_code == 0, result.output
    assert "invisibles: 3 targets updated, 0 states changed, 0 notes added, 0 conflicts" in result.output
    after = {s.id: s for s in store.load(doc)}
    assert (after[machine.id].target, after[machine.id].state) == ("Approved in the CAT tool.", State.REVIEWED)
    assert after[machine.id].draft == machine.draft  # the machine draft stays for post-edit distance
    assert (after[needs_review.id].target, after[needs_review.id].state) == (
        "Edited, not approved yet.",
        State.NEEDS_REVIEW,
    )
    # needs-review held human work: it is kept in the history, not lost
    (earlier,) = after[needs_review.id].history
    assert (earlier.target, earlier.state, earlier.origin) == (
        needs_review.target,
        State.NEEDS_REVIEW,
        needs_review.origin,
    )
    assert earlier.replaced == "import invisibles.fr-en-GB.xlf" and earlier.when
    assert after[machine.id].history == ()  # the replaced machine draft is still the draft
    assert after[untranslated.id].state is State.REVIEWED
    edited = {machine.id, needs_review.id, untranslated.id}
    assert all(after[sid] == before[sid] for sid in before if sid not in edited)


def test_approval_alone_changes_the_state(project, cli):
    doc = translate(project, mixed)
    machine = by_state(doc, State.MACHINE)[0]
    cli("export", "--format", "xliff")
    edit_in_cat_tool(project / XLF, {machine.id: (None, True)})
    assert "1 states changed" in cli("import", str(project / XLF)).output
    assert next(s for s in store.load(doc) if s.id == machine.id).state is State.REVIEWED


def test_a_reviewed_target_is_never_overwritten(project, cli):
    doc = translate(project, mixed)
    reviewed = by_state(doc, State.REVIEWED)[0]
    cli("export", "--format", "xliff")
    edit_in_cat_tool(project / XLF, {reviewed.id: ("Someone else's idea.", True)})
    for _ in range(2):  # importing the same file again is the same conflict, not an overwrite
        result = cli("import", str(project / XLF))
        assert result.exit_code == 0
        assert f"conflict {reviewed.id}: reviewed target kept" in result.output
        after = next(s for s in store.load(doc) if s.id == reviewed.id)
        assert after.target == reviewed.target
        assert after.state is State.NEEDS_REVIEW
        assert after.notes.count("import invisibles.fr-en-GB.xlf: Someone else's idea.") == 1


def test_an_empty_target_in_the_file_never_erases_one(project, cli):
    doc = translate(project, mixed)
    machine = by_state(doc, State.MACHINE)[0]
    cli("export", "--format", "xliff")
    text = (project / XLF).read_text()
    start = text.index(f'id="{machine.id}"')
    target_start = text.index("<target", start)
    target_end = text.index("</target>", target_start) + len("</target>")
    (project / XLF).write_text(text[:target_start] + '<target state="new"></target>' + text[target_end:])
    before = doc.store.read_bytes()
    assert cli("import", str(project / XLF)).exit_code == 0
    assert doc.store.read_bytes() == before


def _export_then(project, cli, change):
    translate(project, mixed)
    cli("export", "--format", "xliff")
    path = project / XLF
    path.write_text(change(path.read_text()))
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda t: t.replace('target-language="en-GB"', 'target-language="de"'),
            "is for fr → de; this project translates fr → en-GB",
        ),
        (lambda t: t.replace('source-language="fr"', 'source-language="es"'), "is for es → en-GB"),
        (
            lambda t: t.replace("Loin de là.</source>", "Bien loin de là.</source>"),
            "is for another version of invisibles.fr.md: 1 of 60 units",
        ),
        (
            lambda t: t.replace('id="', 'id="x', 1).replace('<trans-unit id="', '<trans-unit id="zz', 1),
            "no such segment",
        ),
        (
            lambda t: t.replace('original="source/invisibles.fr.md"', 'original="source/other.fr.md"'),
            "which this project does not have",
        ),
        (lambda t: t.replace("</body>", "", 1), "is not well-formed XML"),
        (
            lambda t: t.replace('<g id="em1" ctype="italic">', '<ph id="1">', 1).replace("</g>", "</ph>", 1),
            "inline element <ph>",
        ),
        (
            lambda t: t.replace(
                "<xliff", '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>\n<xliff', 1
            ),
            "declares XML entities",
        ),
        (
            lambda t: t.replace("<xliff", '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<xliff', 1).replace(
                "Loin de là.</source>", "&e;</source>"
            ),
            "declares XML entities",
        ),
    ],
    ids=[
        "target-language",
        "source-language",
        "changed-source",
        "unknown-id",
        "other-document",
        "malformed",
        "foreign-inline",
        "entity-bomb",
        "external-entity",
    ],
)
def test_a_file_for_something_else_is_refused_and_nothing_is_written(project, cli, change, message):
    path = _export_then(project, cli, change)
    store_file = project / "translations" / "invisibles.en.po"
    before = store_file.read_bytes()
    result = cli("import", str(path))
    assert result.exit_code == 2
    assert message in result.output, result.output
    assert result.output.startswith("Error: ") and "Traceback" not in result.output
    assert store_file.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is not well-formed XML (no element found"),
        (b"\x00\x01binary", "is not well-formed XML"),
        (
            "<?xml version='1.0'?><xliff version='1.2'><file>é</file></xliff>".encode("latin-1"),
            ":1: is not well-formed XML",
        ),
        (b"<xliff version='2.1'/>", "is not an XLIFF 1.2 file"),
    ],
    ids=["empty", "binary", "latin-1", "xliff-2"],
)
def test_unreadable_files_get_one_sentence(project, cli, content, message):
    translate(project)
    path = project / "bad.xlf"
    path.write_bytes(content)
    result = cli("import", str(path))
    assert result.exit_code == 2 and message in result.output, result.output


def test_deeply_nested_inline_elements_are_refused(project, cli):
    translate(project)
    cli("export", "--format", "xliff")
    path = project / XLF
    deep = '<g id="em1">' * 5000 + "x" + "</g>" * 5000
    path.write_text(path.read_text().replace("Far from it.</target>", deep + "</target>", 1))
    result = cli("import", str(path))
    assert result.exit_code == 2 and "nested more than 64 deep" in result.output, result.output


def test_a_tmx_file_is_not_imported(project, cli):
    translate(project)
    cli("export", "--format", "tmx")
    result = cli("import", str(project / "dist" / "invisibles.fr-en-GB.tmx"))
    assert result.exit_code == 2 and "is TMX; `pipeline import` reads XLIFF 1.2" in result.output


def test_round_trip_through_translate_toolkit_changes_nothing(project, cli):
    doc = translate(project, mixed)
    before = doc.store.read_bytes()
    cli("export", "--format", "xliff")
    edit_in_cat_tool(project / XLF, {})  # parsed and written again by translate-toolkit, no edit
    result = cli("import", str(project / XLF))
    assert result.exit_code == 0 and "store unchanged" in result.output, result.output
    assert doc.store.read_bytes() == before


def test_segmentation_marks_some_tools_add_are_read_through(project, cli):
    doc = translate(project, mixed)
    machine = by_state(doc, State.MACHINE)[0]
    cli("export", "--format", "xliff")
    path = project / XLF
    text = path.read_text()
    start = text.index(f'id="{machine.id}"')
    opening = text.index(">", text.index("<target", start)) + 1
    closing = text.index("</target>", opening)
    marked = '<mrk mtype="seg" mid="1">Edited in a tool that marks segments.</mrk>'
    path.write_text(text[:opening] + marked + text[closing:])
    assert "1 targets updated" in cli("import", str(path)).output
    assert next(s for s in store.load(doc) if s.id == machine.id).target == "Edited in a tool that marks segments."
