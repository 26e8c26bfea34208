"""Long drafts, flags and notes come back from the PO store exactly as they were written."""

from dataclasses import replace

from pipeline import store
from pipeline.core.model import Flag, Origin, State
from pipeline.core.project import Project


def test_long_comment_fields_are_not_wrapped_into_notes(project, cli):
    cli("segment")
    doc = Project(project).document("invisibles")
    segments = store.load(doc)
    draft = (
        "A machine draft long enough that polib would wrap it like xgettext does, at seventy-eight columns, twice over."
    )
    flag = Flag("glossary", '"travailleuses du clic" needs "click workers", and this flag is longer than one PO line')
    first = replace(
        segments[0], target=draft, draft=draft, state=State.MACHINE, origin=Origin.parse("apertium"), flags=(flag,)
    )
    store.save(doc, [first, *segments[1:]])
    (again, *_) = store.load(doc)
    assert again == first
    assert store.save(doc, store.load(doc)) is False  # and the file is stable
