"""What a reviewer's save does to a segment, and the revision that detects a stale one.

The page sends ``{target, state, revision}``; ``apply`` turns that into the new segment
or says in one sentence why it cannot. The machine ``draft`` and the ``origin`` are never
touched, so the diff draft → target (and post-edit distance) stays measurable; a segment
translated from scratch gets origin "review". The text it replaces goes to the segment's
history (``model.replace_target``): a revert to the draft, or a restore of an earlier
version, never loses the reviewer's English.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace

from pipeline.core import tags
from pipeline.core.model import Flag, Origin, Segment, State, now, replace_target

OVERRIDE = "override"  # the flag of an approval over errors of the QA checks
MAX_TARGET = 20_000  # characters; a sentence, not a book
_BREAKS = re.compile(r"[ \t]*[\r\n]+[ \t]*")  # a segment is one line (a line break in the text is a tag)


class EditError(ValueError):
    """The edit is invalid; str(err) says why, in one sentence."""


def revision(segment: Segment) -> str:
    """A short hash of what a reviewer can see change: derived, so nothing extra is stored."""
    text = f"{segment.id}\0{segment.source}\0{segment.target}\0{segment.state.value}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def parse_state(value: object) -> State:
    try:
        return State(value)
    except ValueError:
        names = ", ".join(s.value for s in State)
        raise EditError(f"unknown state {value!r}: use one of {names}") from None


def normalize(target: str) -> str:
    """Text in a segment writes a literal '<' as '&lt;' (as the segmenter does); tags stay as they are."""
    return tags.escape_stray(target)


def apply(segment: Segment, target: object, state: object, glossary=None, by: str = "") -> Segment:
    """The segment after reviewer ``by`` saved ``target`` with ``state``; EditError if that makes no sense.

    A change of text or state is stamped with ``by`` and the time (``Segment.by``,
    ``when``); the text it replaces keeps them in the history.
    """
    if not isinstance(target, str):
        raise EditError("'target' must be a string")
    if len(target) > MAX_TARGET:
        raise EditError(f"'target' is longer than {MAX_TARGET} characters")
    if "\0" in target:
        raise EditError("'target' contains a NUL character")
    new_state = parse_state(state)
    target = normalize(_BREAKS.sub(" ", target).strip())
    if not target and new_state is not State.UNTRANSLATED:
        raise EditError(f"an empty translation cannot be {new_state.value!r}; its state is 'untranslated'")
    if target and new_state is State.UNTRANSLATED:
        raise EditError("a segment with a translation cannot be 'untranslated'")
    if new_state is State.MACHINE and target != segment.draft:
        raise EditError("'machine' means the untouched machine draft; an edited text is 'needs-review' or 'reviewed'")
    if new_state is State.APPROVED and (target != segment.target or not segment.state.accepted):
        raise EditError("'approved' signs off a reviewed text as it is: approve it ('reviewed') first")
    origin = segment.origin
    if target and not origin:
        origin = Origin(Origin.REVIEW)  # translated from scratch by the reviewer
    elif not target and origin == Origin(Origin.REVIEW):
        origin = Origin()
    reverted = target == segment.draft and segment.target != segment.draft
    changed = (target, new_state) != (segment.target, segment.state)
    when = now()
    new = replace_target(
        segment,
        target,
        new_state,
        "revert" if reverted else "review",
        origin=origin,
        glossary=glossary,
        when=when,
        by=by,
    )
    return replace(new, by=by, when=when) if changed else new  # a save that changes nothing stamps nothing


def overridden(segment: Segment, errors: list[str]) -> Segment:
    """The approved segment with the errors its reviewer chose to approve over, as flags
    (``# flag: override: …`` in the PO): they stay while the text does."""
    kept = tuple(f for f in segment.flags if f.kind != OVERRIDE)
    return replace(segment, flags=kept + tuple(Flag(OVERRIDE, e) for e in errors))
