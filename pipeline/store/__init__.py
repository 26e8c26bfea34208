"""Store stage: segments ⇄ translations/<doc>.en.po; it only stores.

``load`` and ``save`` read and write a document's store, ``merge`` (in ``merge.py``) says
what its translations become when the source changes, ``counts`` sums its states and
``as_json`` is a segment as `status --json` and the review page show it. Keeping
a store in step with its source is the segment stage's job (``pipeline.segment.update``).
"""

from __future__ import annotations

from pipeline.core.model import Segment, State
from pipeline.core.project import Document
from pipeline.store import po


def load(doc: Document) -> list[Segment]:
    """Every segment in the store, obsolete ones last; empty if there is no store yet."""
    if not doc.store.exists():
        return []
    return po.load(doc.store)[1]


def save(doc: Document, segments: list[Segment]) -> bool:
    """Write the store atomically; False if it was already exactly this."""
    source_file = f"source/{doc.source.name}"
    return po.save(doc.store, po.header(doc.name, doc.source_lang, doc.target_lang, source_file), segments)


def version(doc: Document) -> str:
    """A token that changes whenever the store is written (by anyone): its size and time."""
    try:
        info = doc.store.stat()
    except OSError:
        return "none"
    return f"{info.st_mtime_ns}-{info.st_size}-{info.st_ino}"


def active(segments: list[Segment]) -> list[Segment]:
    return [s for s in segments if not s.obsolete]


def as_json(segment: Segment) -> dict:
    """A segment as `status --json` shows it and the review page's rows begin: its stored
    fields, the state by name and the origin as "engine"."""
    return {
        "id": segment.id,
        "source": segment.source,
        "target": segment.target,
        "state": segment.state.value,
        "engine": str(segment.origin),
        "draft": segment.draft,
        "previous": segment.previous,
        "flags": [str(flag) for flag in segment.flags],
        "notes": list(segment.notes),
        "where": segment.where,
        "tags": segment.meanings,
        "by": segment.by,
        "when": segment.when,
        "comments": [{"text": c.text, "by": c.by, "when": c.when} for c in segment.comments],
    }


def counts(segments: list[Segment]) -> dict[str, int]:
    out = {state.value: 0 for state in State}
    for s in active(segments):
        out[s.state.value] += 1
    return out
