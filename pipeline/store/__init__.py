"""Store stage: segments ⇄ translations/<doc>.en.po, and keeping it in step with the source."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

from pipeline import fingerprint
from pipeline.errors import PipelineError
from pipeline.fileio import write_atomic
from pipeline.model import Segment, State
from pipeline.project import MAX_SOURCE_BYTES, Document
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
        "engine": segment.origin,
        "draft": segment.draft,
        "previous": segment.previous,
        "flags": list(segment.flags),
        "notes": list(segment.notes),
        "where": segment.where,
        "tags": dict(segment.tags),
    }


@dataclass(frozen=True)
class Update:
    segments: list[Segment]
    added: int
    changed: int
    obsoleted: int
    written: bool


def update(doc: Document) -> Update:
    """Segment the source and merge it into the store (see ``merge`` for the rules).

    Skipped when the stamp beside the store (``doc.stamp``) says it was merged from these very source bytes by this
    very code and its segments are still the ones that merge produced: merging again would
    give the same store (a no-op build then costs no Pandoc run and no sentence splitting).
    """
    return next(update_all([doc]))


# Sources parsed ahead, each by its own Pandoc: most of a Pandoc run on an article is the
# system starting it (mapping its 160 MB binary), so two at once keep both cores busy.
AHEAD = 2


def update_all(docs: list[Document]) -> Iterator[Update]:
    """``update`` for each of ``docs``, in order; while one is split and merged, Pandoc
    parses the next ones (AHEAD at most, so memory stays bounded)."""
    queue: deque = deque()  # (document, its bytes, its Update or its parse in progress)
    upcoming = iter(docs)

    def refill() -> None:
        while len(queue) < AHEAD and (doc := next(upcoming, None)) is not None:
            raw, unchanged = _unchanged(doc)
            queue.append((doc, raw, unchanged or _parsing(doc)))

    refill()
    while queue:
        doc, raw, job = queue.popleft()
        if isinstance(job, Update):
            refill()
            yield job
            continue
        _warm_up()  # the splitter compiles its expressions while Pandoc parses the first source
        _, ast = job.result()
        refill()
        yield _merge(doc, raw, ast)


def _unchanged(doc: Document) -> tuple[bytes | None, Update | None]:
    """The source's bytes, and the store as it is if its stamp says merging would not change it."""
    try:
        if not doc.source.is_file() or doc.source.stat().st_size > MAX_SOURCE_BYTES:
            raise OSError("not a source read_source accepts")  # a FIFO or a device is never read here
        raw = doc.source.read_bytes()  # read before parsing: a later edit makes the stamp stale, not wrong
        stamp = doc.stamp.read_text("ascii").strip() if doc.stamp.is_file() else ""
        old = po.load(doc.store)[1] if stamp and doc.store.exists() else []
    except (OSError, UnicodeDecodeError, PipelineError):
        return None, None  # the full path reports the problem as it always did
    if old and stamp == _stamp(doc, raw, old):
        return raw, Update(old, 0, 0, 0, False)
    return raw, None


# Pandoc's reader, the splitter and the merge are imported only to segment: a no-op never loads them.
def _parsing(doc: Document):
    from pipeline.segment.pandoc import Parsing

    return Parsing(doc.source)


def _warm_up() -> None:
    from pipeline.segment.sentences import warm_up

    warm_up()


def _merge(doc: Document, raw: bytes | None, ast: dict) -> Update:
    from pipeline import segment as segmenter
    from pipeline.store.merge import merge

    old = load(doc)  # read (and validate) before anything is written
    merged = merge(old, segmenter.segments(ast))
    old_ids = {s.id for s in old if not s.obsolete}
    now = active(merged)
    added = sum(1 for s in now if s.id not in old_ids and not s.previous)
    changed = sum(1 for s in now if s.id not in old_ids and s.previous and s.state is State.NEEDS_REVIEW)
    obsoleted = sum(1 for s in merged if s.obsolete and s.id in old_ids)
    written = save(doc, merged)
    if raw is not None:
        write_atomic(doc.stamp, _stamp(doc, raw, merged) + "\n")
    return Update(merged, added, changed, obsoleted, written)


def _stamp(doc: Document, raw: bytes, segments: list[Segment]) -> str:
    """What a merge result depends on: the code, the source bytes, and each segment's identity
    (a hand edit of an id, a source or an entry's presence changes it; a translation does
    not, except that merge keeps an obsolete segment only while it has one)."""
    code = fingerprint.code("segment", "store", "model.py", distributions=("pysbd", "pypandoc-binary"))
    shape = "\n".join(
        f"{s.id}\0{s.source}\0{s.where}\0{s.tags!r}\0{bool(s.obsolete)}\0{bool(s.obsolete and s.target)}"
        for s in segments
    )
    return fingerprint.digest(code, doc.name, raw, shape)


def counts(segments: list[Segment]) -> dict[str, int]:
    out = {state.value: 0 for state in State}
    for s in active(segments):
        out[s.state.value] += 1
    return out
