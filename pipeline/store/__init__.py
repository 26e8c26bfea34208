"""Store stage: segments ⇄ translations/<doc>.en.po, and keeping it in step with the source."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline import segment as segmenter
from pipeline.model import Segment, State
from pipeline.project import Document
from pipeline.segment.pandoc import read_source
from pipeline.store import po
from pipeline.store.merge import merge


def load(doc: Document) -> list[Segment]:
    """Every segment in the store, obsolete ones last; empty if there is no store yet."""
    if not doc.store.exists():
        return []
    return po.load(doc.store)[1]


def save(doc: Document, segments: list[Segment]) -> bool:
    """Write the store atomically; False if it was already exactly this."""
    source_file = f"source/{doc.source.name}"
    return po.save(doc.store, po.header(doc.name, doc.source_lang, doc.target_lang, source_file), segments)


def active(segments: list[Segment]) -> list[Segment]:
    return [s for s in segments if not s.obsolete]


@dataclass(frozen=True)
class Update:
    segments: list[Segment]
    added: int
    changed: int
    obsoleted: int
    written: bool


def update(doc: Document) -> Update:
    """Segment the source and merge it into the store (see ``merge`` for the rules)."""
    _, ast = read_source(doc.source)
    old = load(doc)  # read (and validate) before anything is written
    merged = merge(old, segmenter.segments(ast))
    old_ids = {s.id for s in old if not s.obsolete}
    now = active(merged)
    added = sum(1 for s in now if s.id not in old_ids and not s.previous)
    changed = sum(1 for s in now if s.id not in old_ids and s.previous and s.state is State.NEEDS_REVIEW)
    obsoleted = sum(1 for s in merged if s.obsolete and s.id in old_ids)
    written = save(doc, merged)
    return Update(merged, added, changed, obsoleted, written)


def counts(segments: list[Segment]) -> dict[str, int]:
    out = {state.value: 0 for state in State}
    for s in active(segments):
        out[s.state.value] += 1
    return out
