"""The segment stage keeping the stores in step with their sources (``segment.update``).

Its shortcut: a store whose stamp (beside it) names the source bytes and code it was merged
from is not merged again, and anything that could change the merge still is seen. The stamp
lives outside the store, so a tracked store never changes with our code. And its read-ahead:
documents segmented together get the stores they get alone."""

from __future__ import annotations

import dataclasses

import pytest

from pipeline import store
from pipeline.core.model import State
from pipeline.core.project import Project
from pipeline.segment import pandoc
from pipeline.segment.update import update, update_all
from pipeline.store import po


@pytest.fixture
def doc(project):
    document = Project(project).document("invisibles")
    update(document)
    return document


def refuse_to_parse(monkeypatch) -> None:
    def parse(path):
        raise AssertionError(f"{path} was parsed again")

    monkeypatch.setattr(pandoc, "read_source", parse)


def test_an_unchanged_source_is_not_parsed_again_and_the_store_stays_byte_identical(doc, monkeypatch):
    before = doc.store.read_bytes()
    assert doc.stamp.is_file() and "Segmented" not in before.decode()
    refuse_to_parse(monkeypatch)
    result = update(doc)
    assert not result.written and result.segments == store.load(doc)
    assert doc.store.read_bytes() == before


def test_a_review_keeps_the_stamp_so_the_next_update_is_still_skipped(doc, monkeypatch):
    segments = store.load(doc)
    segments[3] = dataclasses.replace(segments[3], target="Reviewed by hand.", state=State.REVIEWED)
    assert store.save(doc, segments)
    refuse_to_parse(monkeypatch)
    assert update(doc).segments[3].target == "Reviewed by hand."


def test_a_source_edit_is_seen(doc):
    doc.source.write_text(doc.source.read_text("utf-8") + "\nUne phrase ajoutée à la fin.\n", "utf-8")
    result = update(doc)
    assert result.written and result.added == 1
    assert "Une phrase ajoutée à la fin." in [s.source for s in store.active(result.segments)]


def test_an_entry_removed_from_the_store_by_hand_comes_back(doc):
    header, segments = po.load(doc.store)
    gone = segments.pop(7)
    po.save(doc.store, header, segments)  # the count rewritten: only the stamp can tell
    result = update(doc)
    assert result.written and gone.id in [s.id for s in store.active(result.segments)]


def test_a_store_merged_by_other_code_is_not_rewritten_when_the_merge_gives_the_same(doc):
    """A fresh clone, or an upgrade of pipeline: the stamp is missing or stale, the merge
    runs again, and a store it leaves as it was stays byte-identical (git sees no change)."""
    before = doc.store.read_bytes()
    doc.stamp.write_text("made by another version of the code\n", "ascii")
    result = update(doc)
    assert not result.written and doc.store.read_bytes() == before
    doc.stamp.unlink()
    assert not update(doc).written and doc.store.read_bytes() == before
    assert doc.stamp.read_text("ascii") != "made by another version of the code\n"


def test_a_store_with_the_old_header_stamp_loses_it_and_keeps_its_segments(doc):
    text = doc.store.read_text("utf-8")
    old = text.replace('"X-Pipeline-Segments:', '"X-Pipeline-Segmented: 0123abcd\\n"\n"X-Pipeline-Segments:', 1)
    doc.store.write_text(old, "utf-8")
    assert po.OLD_STAMP not in po.load(doc.store)[0]
    doc.stamp.unlink()
    assert update(doc).written and doc.store.read_text("utf-8") == text


def test_the_repositorys_own_store_is_left_as_it_is_by_segmenting(project):
    """`make build` on a fresh clone must leave `git status` clean."""
    from conftest import ROOT

    tracked = ROOT / "translations" / "invisibles.en.po"
    doc = Project(project).document("invisibles")
    doc.store.parent.mkdir(parents=True)
    doc.store.write_bytes(tracked.read_bytes())
    result = update(doc)
    assert not result.written and doc.store.read_bytes() == tracked.read_bytes()


def test_documents_segmented_together_get_the_stores_they_get_alone(project, tmp_path):
    """``update_all`` parses ahead in other threads; the stores are the ones ``update`` makes."""
    import shutil

    from conftest import DATA

    names = ["a", "b", "c", "d", "e"]
    for k, name in enumerate(names):
        base = (DATA / "rich.fr.md") if k % 2 else (project / "source" / "invisibles.fr.md")
        (project / "source" / f"{name}.fr.md").write_text(base.read_text() + f"\nLe document {name}.\n")
    together = Project(project)
    updates = list(update_all(together.documents(names)))
    assert [u.added for u in updates] == [len(store.load(together.document(n))) for n in names]
    for name in names:
        alone = tmp_path / f"alone-{name}"
        (alone / "source").mkdir(parents=True)
        shutil.copy(project / "source" / f"{name}.fr.md", alone / "source")
        doc = Project(alone).document(name)
        update(doc)
        assert doc.store.read_bytes() == together.document(name).store.read_bytes()
