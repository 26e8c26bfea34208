"""What the review page shows for a segment: the JSON row the page (and the static export) renders.

Positions are in UTF-16 code units, as JavaScript counts them, so highlights land on the
right characters even past an emoji.
"""

from __future__ import annotations

import difflib
import html
import json
import re
import unicodedata
from dataclasses import asdict, dataclass
from typing import Any

from pipeline import qa, store
from pipeline.core import tags
from pipeline.core.errors import PipelineError
from pipeline.core.model import Flag, Segment, Version
from pipeline.core.project import Project
from pipeline.glossary import load as load_glossary
from pipeline.qa.base import Context
from pipeline.review.edit import revision

_SENTENCE = re.compile(r", sentence \d+$")
# a word, tag, entity or sign with the spaces after it: a lone space never "matches" between two changes
_TOKEN = re.compile(rf"(?:{tags.ANY_TAG}|{tags.ENTITY}|\w+|[^\w\s])\s*|\s+")


def grammar_meta() -> str:
    """The page's ``<meta>`` with the inline-tag grammar its reader is built from (pipeline/core/tags.py)."""
    return f'<meta name="review-tags" content="{html.escape(json.dumps(tags.FOR_PAGE))}">'


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


def fold(text: str) -> str:
    """Text as a search compares it (as the page's search does): no tags, case and accents ignored."""
    decomposed = unicodedata.normalize("NFD", tags.plain(text, " "))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


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


@dataclass(frozen=True)
class Checks:
    """What the page checks a segment against: the glossary and the QA checks."""

    glossary: Any = None  # pipeline.glossary.Glossary, when there is one
    qa_context: Any = None  # pipeline.qa.base.Context
    severity: dict[str, str] | None = None  # QA check name → severity or "off"
    problem: str = ""  # why some of it is not used (a bad glossary.yaml, bad QA settings)


def load_checks(project: Project) -> Checks:
    """The project's glossary and QA settings; a broken one is left out and said, not fatal."""
    problems = []
    try:
        glossary = load_glossary(project.glossary)
    except PipelineError as err:
        glossary, problems = None, [f"glossary not used: {err}"]
    try:
        severity = qa.severities(project)
    except PipelineError as err:
        severity = {name: check.severity for name, check in qa.CHECKS.items()}
        problems.append(f"QA settings not used: {err}")
    try:
        context = qa.context(project)
    except PipelineError:  # the glossary again: already said
        context = Context()
    return Checks(glossary, context, severity, "; ".join(problems))


def issues(segment: Segment, checks: Checks, shown_flags: bool = True) -> list[dict]:
    """QA issues for the row, less what the row already shows (its state, and its stored
    flags unless ``shown_flags`` is false: the checks of a text as it is typed say them all)."""
    if checks.qa_context is None or not segment.target:
        return []

    out = []
    for issue in qa.check([segment], checks.qa_context, checks.severity):
        if issue.check == "missing" or (shown_flags and Flag(issue.check, issue.message) in segment.flags):
            continue
        out.append(
            {
                "check": issue.check,
                "title": qa.CHECKS[issue.check].title,
                "message": issue.message,
                "severity": issue.severity,
            }
        )
    return out


def version_row(version: Version) -> dict:
    """An earlier target as the page shows it (``model.Version``'s fields, the state by name)."""
    return {**asdict(version), "state": version.state.value, "origin": str(version.origin)}


def row(segment: Segment, checks: Checks | None = None, repeats: int = 0) -> dict:
    """Everything the page needs for one segment (``repeats``: how many others have its French)."""
    checks = checks or Checks()
    edited = bool(segment.draft and segment.target and segment.target != segment.draft)
    return {
        **store.as_json(segment),
        "issues": issues(segment, checks),
        "history": [version_row(v) for v in segment.history],  # oldest first
        "group": group(segment.where),
        "revision": revision(segment),
        "diff": word_diff(segment.draft, segment.target) if edited else None,
        "source_diff": word_diff(segment.previous, segment.source) if segment.previous else None,
        "terms": terms(segment, checks.glossary),
        "repeats": repeats,
    }
