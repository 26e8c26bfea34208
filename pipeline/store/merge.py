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

from pipeline.core.model import Segment, State

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
        best = _most_similar(segment.source, vanished)
        if best is None:
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
            history=best.history,
        )

    obsolete = [replace(s, obsolete=True) for s in old if s.id not in used and s.target]
    return result + obsolete


def _most_similar(text: str, candidates: list[Segment]) -> Segment | None:
    """The first candidate most like ``text``, if any reaches SIMILAR.

    difflib's cheap upper bounds skip most candidates before the costly ratio, so a
    store with thousands of vanished sentences merges in seconds, not hours.
    """
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(text)  # difflib caches what it learns about the second sequence
    best, best_ratio = None, SIMILAR
    for candidate in candidates:
        matcher.set_seq1(candidate.source)
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio or (best is None and ratio == best_ratio):
            best, best_ratio = candidate, ratio
    return best
