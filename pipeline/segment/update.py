"""Keeping each store in step with its source: segment the source and merge it in.

``update_all`` is the segment stage's job for a set of documents: while one is split and
merged, Pandoc parses the next ones; a store whose stamp says merging would not change it
is left alone without a parse. The store itself only stores (``pipeline.store``).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

from pipeline import store
from pipeline.core import fingerprint
from pipeline.core.errors import PipelineError
from pipeline.core.fileio import write_atomic
from pipeline.core.model import Segment, State
from pipeline.core.project import MAX_SOURCE_BYTES, Document


@dataclass(frozen=True)
class Update:
    segments: list[Segment]
    added: int
    changed: int
    obsoleted: int
    written: bool


def update(doc: Document) -> Update:
    """Segment the source and merge it into the store (see ``store.merge`` for the rules).

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
        old = store.load(doc) if stamp else []  # with the review journal's saves
    except (OSError, UnicodeDecodeError, PipelineError):
        return None, None  # the full path reports the problem as it always did
    if old and stamp == _stamp(doc, raw, old):
        return raw, Update(old, 0, 0, 0, False)
    return raw, None


# The splitter and Pandoc's reader (9 ms of imports, with inlines and walk), and the merge
# (with difflib, 2 to 4 % of a no-op build), load only when a store is merged: a no-op
# build, whose stores are all up to date, merges nothing.
def _parsing(doc: Document):
    from pipeline.segment.pandoc import Parsing

    return Parsing(doc.source)


def _warm_up() -> None:
    from pipeline.segment.sentences import warm_up

    warm_up()


def _merge(doc: Document, raw: bytes | None, ast: dict) -> Update:
    from pipeline.segment.document import segments
    from pipeline.store.merge import merge

    old = store.load(doc)  # read (and validate) before anything is written
    merged = merge(old, segments(ast))
    old_ids = {s.id for s in old if not s.obsolete}
    now = store.active(merged)
    added = sum(1 for s in now if s.id not in old_ids and not s.previous)
    changed = sum(1 for s in now if s.id not in old_ids and s.previous and s.state is State.NEEDS_REVIEW)
    obsoleted = sum(1 for s in merged if s.obsolete and s.id in old_ids)
    written = store.save(doc, merged)
    if raw is not None:
        write_atomic(doc.stamp, _stamp(doc, raw, merged) + "\n")
    return Update(merged, added, changed, obsoleted, written)


def _stamp(doc: Document, raw: bytes, merged: list[Segment]) -> str:
    """What a merge result depends on: the code, the source bytes, and each segment's identity
    (a hand edit of an id, a source or an entry's presence changes it; a translation does
    not, except that merge keeps an obsolete segment only while it has one)."""
    code = fingerprint.code(
        "segment", "core/pandoc", "store", "core/model.py", distributions=("pysbd", "pypandoc-binary")
    )
    shape = "\n".join(
        f"{s.id}\0{s.source}\0{s.where}\0{s.tags!r}\0{bool(s.obsolete)}\0{bool(s.obsolete and s.target)}"
        for s in merged
    )
    return fingerprint.digest(code, doc.name, raw, shape)
