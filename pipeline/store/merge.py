"""What happens to translations when the source changes (gettext's msgmerge, for sentences).

- A sentence whose text is unchanged keeps its id, target and state.
- A changed sentence takes the target of the most similar vanished sentence, marked
  needs-review, with the old source kept as ``previous``: nothing is silently dropped.
- A vanished sentence with a translation is kept as obsolete; if it comes back, so does
  its translation.
- Nothing here ever replaces a target: machine translation happens later, and only
  fills what is empty or still an untouched machine draft.
"""

from __future__ import annotations

import difflib
from dataclasses import replace

from pipeline.model import Segment, State

SIMILAR = 0.5  # difflib ratio above which a vanished sentence is "the same one, edited"


def merge(old: list[Segment], new: list[Segment]) -> list[Segment]:
    by_id = {s.id: s for s in old}
    used: set[str] = set()
    result: list[Segment] = []
    fresh: list[int] = []  # positions of sentences not seen before
    for segment in new:
        known = by_id.get(segment.id)
        if known is not None and known.source == segment.source:
            used.add(known.id)
            result.append(replace(known, where=segment.where, tags=segment.tags, obsolete=False))
        else:
            fresh.append(len(result))
            result.append(segment)

    vanished = [s for s in old if s.id not in used and s.target and not s.obsolete]
    for i in fresh:
        segment = result[i]
        if not vanished:
            break
        best = max(vanished, key=lambda o: _similarity(o.source, segment.source))
        if _similarity(best.source, segment.source) < SIMILAR:
            continue
        vanished.remove(best)
        used.add(best.id)
        result[i] = replace(
            segment,
            target=best.target,
            state=State.NEEDS_REVIEW,
            origin=best.origin,
            draft=best.draft,
            previous=best.previous or best.source,
            notes=best.notes,
        )

    obsolete = [replace(s, obsolete=True) for s in old if s.id not in used and s.target]
    return result + obsolete


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
