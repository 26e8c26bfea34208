"""XLIFF export read by an independent implementation (translate-toolkit), and the round trip."""

from dataclasses import replace

import pytest
from reference import mixed, translate
from translate.storage import xliff as ttxliff

from pipeline import store
from pipeline.core.model import State
from pipeline.core.tags import plain
from pipeline.interchange import base
from pipeline.interchange import xliff as ours

TT_STATE = {  # translate-toolkit's reading of our states
    State.UNTRANSLATED: ttxliff.xliffunit.S_UNTRANSLATED,
    State.MACHINE: ttxliff.xliffunit.S_TRANSLATED,
    State.NEEDS_REVIEW: ttxliff.xliffunit.S_NEEDS_REVIEW,
    State.REVIEWED: ttxliff.xliffunit.S_SIGNED_OFF,
    State.APPROVED: ttxliff.xliffunit.S_SIGNED_OFF,  # it reads "final" with approved="yes" as signed off too
}


def units(path):
    return {
        u.getid().rpartition("\x04")[2]: u for u in ttxliff.xlifffile.parsefile(str(path)).units if not u.isheader()
    }


def test_translate_toolkit_reads_every_segment_state_text_note_and_draft(project, cli):
    doc = translate(project, mixed)
    segments = store.active(store.load(doc))
    assert cli("export", "--format", "xliff").exit_code == 0
    read = units(project / "dist" / "invisibles.fr-en-GB.xlf")
    assert list(read) == [s.id for s in segments]
    assert {s.state for s in segments} == set(State)
    for s in segments:
        unit = read[s.id]
        assert unit.source == plain(s.source)
        assert (unit.target or "") == (plain(s.target) if s.state is not State.UNTRANSLATED else "")
        assert unit.get_state_id() == TT_STATE[s.state], s.state
        assert unit.isapproved() == s.state.accepted
        assert unit.isfuzzy() == (s.state in (State.MACHINE, State.NEEDS_REVIEW))
        for note in s.notes:
            assert note in unit.getnotes("reviewer")
        if s.previous:
            assert f"the source changed; it was: {s.previous}" in unit.getnotes("pipeline")
        if s.draft:
            (alt,) = unit.getalttrans()
            assert alt.target == plain(s.draft)
        if s.state is State.MACHINE:
            target = unit.xmlelement.find(f"{{{ours.NS}}}target")
            assert target.get("state-qualifier") == "mt-suggestion"


def test_inline_tags_become_g_and_x_with_our_tag_names(project, cli):
    doc = translate(project)
    cli("export", "--format", "xliff")
    read = units(project / "dist" / "invisibles.fr-en-GB.xlf")
    quote = next(s for s in store.load(doc) if "<sq3>" in s.source)
    ids = [e.id for e in read[quote.id].rich_source[0].depth_first() if getattr(e, "id", None)]
    assert ids == ["q1", "em2", "sq3", "span4", "span5"]


@pytest.mark.parametrize(
    "text",
    [
        "Le <em1>chat</em1> et le <a2>site</a2><fn3/>.",
        "<q1><em2>Cité</em2></q1> puis <br1/>",
        "x &lt; y &amp;lt; z & w < v",
        "<em1>a<a2>b</em1>c</a2> </x9> <y7>",  # a translator's overlapping and stray tags
    ],
)
def test_inline_content_maps_back_exactly(text):
    from xml.etree.ElementTree import fromstring

    node = fromstring(f"<target>{ours.inline(text)}</target>")
    back = ours.segment_text(node, "test", "u1")
    assert back == text or base.pieces(back) == base.pieces(text)


def test_export_then_import_leaves_the_store_byte_identical(project, cli):
    odd = {
        "Loin de là.": "Far <em1>from</em1> it & <b>that</b> &lt; this.",  # tags and characters not in the source
        "Pas forcément.": "Not  necessarily. ",
    }
    doc = translate(project, lambda s: replace(mixed(s), target=odd.get(s.source, mixed(s).target)))
    before = doc.store.read_bytes()
    assert cli("export", "--format", "xliff").exit_code == 0
    result = cli("import", str(project / "dist" / "invisibles.fr-en-GB.xlf"))
    assert result.exit_code == 0, result.output
    assert "0 targets updated, 0 states changed, 0 notes added, 0 conflicts; store unchanged" in result.output
    assert doc.store.read_bytes() == before
