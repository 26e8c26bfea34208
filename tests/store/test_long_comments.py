"""A long machine draft, flag or note survives a save and load whole (polib would wrap it)."""

from __future__ import annotations

from pipeline.core.model import Flag, Origin, Segment, State, TagInfo
from pipeline.store import po


def test_long_fields_are_not_cut_into_notes(tmp_path):
    draft = "And if we looked the <em1>Invisibles</em1> in the face, the little hands of the tech platforms?" * 2
    segment = Segment(
        id="0d9dfd80c0",
        source="Et si on regardait en face les <em1>Invisibles</em1> ?",
        target=draft,
        draft=draft,
        state=State.MACHINE,
        origin=Origin.parse("apertium 3.8.3 fr-es|spa-eng"),
        flags=(Flag("glossary", "« petites mains » needs “gig workers”, " * 4 + "end"),),
        notes=("a reviewer's note that runs on for well over one line of a PO file, " * 2 + "end",),
        tags=(TagInfo("em1", "emphasis"),),
    )
    path = tmp_path / "doc.en.po"
    po.save(path, {"Language": "en_GB"}, [segment])
    assert po.load(path)[1] == [segment]
