"""The segment stage's shortcut: a store stamped with the source bytes and code it was
merged from is not merged again, and anything that could change the merge still is seen."""

from __future__ import annotations

import dataclasses

import pytest

from pipeline import store
from pipeline.model import State
from pipeline.project import Project
from pipeline.segment import pandoc
from pipeline.store import po


@pytest.fixture
def doc(project):
    document = Project(project).document("invisibles")
    store.update(document)
    return document


def refuse_to_parse(monkeypatch) -> None:
    def parse(path):
        raise AssertionError(f"{path} was parsed again")

    monkeypatch.setattr(pandoc, "read_source", parse)


def test_an_unchanged_source_is_not_parsed_again_and_the_store_stays_byte_identical(doc, monkeypatch):
    before = doc.store.read_bytes()
    assert po.SEGMENTED in po.load(doc.store)[0]
    refuse_to_parse(monkeypatch)
    result = store.update(doc)
    assert not result.written and result.segments == store.load(doc)
    assert doc.store.read_bytes() == before


def test_a_review_keeps_the_stamp_so_the_next_update_is_still_skipped(doc, monkeypatch):
    segments = store.load(doc)
    segments[3] = dataclasses.replace(segments[3], target="Reviewed by hand.", state=State.REVIEWED)
    assert store.save(doc, segments)
    refuse_to_parse(monkeypatch)
    assert store.update(doc).segments[3].target == "Reviewed by hand."


def test_a_source_edit_is_seen(doc):
    doc.source.write_text(doc.source.read_text("utf-8") + "\nUne phrase ajoutée à la fin.\n", "utf-8")
    result = store.update(doc)
    assert result.written and result.added == 1
    assert "Une phrase ajoutée à la fin." in [s.source for s in store.active(result.segments)]


def test_an_entry_removed_from_the_store_by_hand_comes_back(doc):
    header, segments = po.load(doc.store)
    gone = segments.pop(7)
    po.save(doc.store, header, segments)  # the stamp is kept, the count rewritten: only the stamp can tell
    assert po.load(doc.store)[0][po.SEGMENTED] == header[po.SEGMENTED]
    result = store.update(doc)
    assert result.written and gone.id in [s.id for s in store.active(result.segments)]
