"""Store stage: segments ⇄ translations/<doc>.en.po; it only stores.

``load`` and ``save`` read and write a document's store, ``merge`` (in ``merge.py``) says
what its translations become when the source changes, ``counts`` sums its states and
``as_json`` is a segment as `status --json` and the review page show it. Keeping
a store in step with its source is the segment stage's job (``pipeline.segment.update``).
"""

from __future__ import annotations

from pipeline.core.model import Segment, State
from pipeline.core.project import Document
from pipeline.store import journal, po


def load(doc: Document) -> list[Segment]:
    """Every segment in the store, obsolete ones last, with the journal's saves over them;
    empty if there is no store yet."""
    if not doc.store.exists():
        return []
    segments = po.load(doc.store)[1]
    saved = {s.id: s for s in journal.read(doc.store)}
    return [saved.get(s.id, s) for s in segments] if saved else segments


def save(doc: Document, segments: list[Segment]) -> bool:
    """Write the store atomically, the journal folded in; False if it was already exactly this."""
    source_file = f"source/{doc.source.name}"
    written = po.save(doc.store, po.header(doc.name, doc.source_lang, doc.target_lang, source_file), segments)
    journal.discard(doc.store)  # what it held is in ``segments``, which were loaded with it
    return written


def record(doc: Document, segment: Segment) -> None:
    """Save one changed segment durably without rewriting the store: to its journal (a
    large journal is folded in first). Under the project lock, as every write."""
    if journal.size(doc.store) > journal.FOLD_BYTES:
        save(doc, load(doc))
    journal.append(doc.store, segment)


def fold(doc: Document) -> bool:
    """Write the journal's saves into the store itself; False when there were none."""
    if not journal.path(doc.store).exists():
        return False
    save(doc, load(doc))
    return True


def version(doc: Document) -> str:
    """A token that changes whenever the store or its journal is written (by anyone)."""
    parts = []
    for path in (doc.store, journal.path(doc.store)):
        try:
            info = path.stat()
            parts.append(f"{info.st_mtime_ns}-{info.st_size}-{info.st_ino}")
        except OSError:
            parts.append("none")
    return ".".join(parts)


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
