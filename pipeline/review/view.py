"""What the review page shows for a segment: the JSON row the page (and the static export) renders.

Positions are in UTF-16 code units, as JavaScript counts them, so highlights land on the
right characters even past an emoji.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from pipeline.model import Segment
from pipeline.review.edit import revision

_SENTENCE = re.compile(r", sentence \d+$")
# a word, tag, entity or sign with the spaces after it: a lone space never "matches" between two changes
_TOKEN = re.compile(r"(?:<[^<>]*>|&(?:lt|amp);|\w+|[^\w\s])\s*|\s+")


def group(where: str) -> str:
    """The paragraph, heading or cell a sentence belongs to: 'paragraph 4, sentence 2' → 'paragraph 4'."""
    return _SENTENCE.sub("", where)


def word_diff(old: str, new: str) -> list[list[str]]:
    """[op, text] pieces from ``old`` to ``new``, word by word: '=' kept, '-' removed, '+' added."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    out: list[list[str]] = []

    def add(op: str, text: str) -> None:
        if text and out and out[-1][0] == op:
            out[-1][1] += text
        elif text:
            out.append([op, text])

    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            add("=", "".join(a[i1:i2]))
        else:
            add("-", "".join(a[i1:i2]))
            add("+", "".join(b[j1:j2]))
    return out


def _utf16(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


def terms(segment: Segment, glossary) -> dict[str, list[dict]]:
    """Glossary terms found in the French, and their accepted English forms found in the target."""
    found: dict[str, list[dict]] = {"source": [], "target": []}
    if glossary is None:
        return found
    src, tgt = segment.source, segment.target
    in_target: dict[tuple[int, int], dict] = {}  # a term twice in the French: its English spans once
    for match in glossary.find(src):
        term = match.term
        hint = f"{term.source} → {term.target}" + (f" ({term.note})" if term.note else "")
        spans = glossary.find_target(tgt, term) if tgt else []
        found["source"].append(
            {"start": _utf16(src, match.start), "end": _utf16(src, match.end), "hint": hint, "ok": bool(spans)}
        )
        for s, e in spans:
            in_target.setdefault((s, e), {"start": _utf16(tgt, s), "end": _utf16(tgt, e), "hint": hint, "ok": True})
    found["target"] = [in_target[key] for key in sorted(in_target)]
    return found


def row(segment: Segment, glossary=None) -> dict:
    """Everything the page needs for one segment."""
    edited = bool(segment.draft and segment.target and segment.target != segment.draft)
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
        "group": group(segment.where),
        "tags": dict(segment.tags),
        "revision": revision(segment),
        "diff": word_diff(segment.draft, segment.target) if edited else None,
        "terms": terms(segment, glossary),
    }


def load_glossary(path: Path):
    """The project glossary, or None while the glossary stage is not installed."""
    try:
        from pipeline import glossary  # the glossary stage lands separately; highlighting waits for it
    except ImportError:
        return None
    return glossary.load(path)
