"""QA stage: check every segment of the store and report issues (segment, severity, check, message).

Each check is one module holding one function whose docstring's first line is its
title (see ``base.py``). ``CHECKS`` names them with a default severity; a project's
``pyproject.toml`` may switch a check off or change its severity:

    [tool.pipeline.qa]
    length = "off"
    typography = "error"
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from pipeline import glossary as glossary_module
from pipeline import store
from pipeline.core.errors import PipelineError
from pipeline.core.model import Issue, Segment
from pipeline.core.project import Document, Project
from pipeline.qa import (
    brackets,
    foreign,
    french,
    glossary,
    identical,
    keep,
    length,
    missing,
    numbers,
    punctuation,
    source_changed,
    spaces,
    tags,
    typography,
)
from pipeline.qa.base import Context

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Check:
    name: str
    function: Callable[[Segment, Context], Iterator[str]]
    severity: str

    @property
    def title(self) -> str:
        return (self.function.__doc__ or self.name).strip().splitlines()[0]


def _check(function, severity: str) -> tuple[str, Check]:
    name = function.__name__.replace("_", "-")
    return name, Check(name, function, severity)


CHECKS: dict[str, Check] = dict(
    [
        _check(missing.missing, "error"),
        _check(identical.identical, "warning"),
        _check(french.french, "error"),
        _check(foreign.foreign, "error"),
        _check(numbers.numbers, "error"),
        _check(tags.tags, "error"),
        _check(keep.keep, "error"),
        _check(brackets.brackets, "warning"),
        _check(punctuation.punctuation, "warning"),
        _check(spaces.spaces, "warning"),
        _check(typography.typography, "warning"),
        _check(glossary.glossary, "error"),
        _check(length.length, "warning"),
        _check(source_changed.source_changed, "error"),
    ]
)


def severities(project: Project) -> dict[str, str]:
    """Check name → severity ("off" to skip it), from the defaults and ``[tool.pipeline.qa]``."""
    out = {name: check.severity for name, check in CHECKS.items()}
    path, table = project.settings, project.table("qa")
    for name, value in table.items():
        if name not in CHECKS:
            raise PipelineError(f"{path}: [tool.pipeline.qa] has no check {name!r} (checks: {', '.join(CHECKS)})")
        if value not in (*SEVERITIES, "off"):
            raise PipelineError(
                f"{path}: [tool.pipeline.qa] {name} = {value!r}: use one of {', '.join(SEVERITIES)}, off"
            )
        out[name] = value
    return out


def context(project: Project) -> Context:
    """The glossary for the glossary check and the do-not-translate terms, when there is one."""
    found = glossary_module.load(project.glossary)
    keep_terms = tuple(form for term in found.terms if term.keep for form in (term.source, *term.forms))
    return Context(glossary=found, keep=keep_terms)


def check(segments: list[Segment], context: Context, severity: dict[str, str] | None = None) -> list[Issue]:
    """Issues for these segments, in segment order; untranslated ones only get "missing"."""
    severity = severity or {name: c.severity for name, c in CHECKS.items()}
    issues = []
    for segment in segments:
        if segment.obsolete:
            continue
        for name, found in CHECKS.items():
            if severity[name] == "off" or (name != "missing" and not segment.target.strip()):
                continue
            for message in found.function(segment, context):
                issues.append(Issue(name, segment.id, message, severity[name], {"where": segment.where}))
    return issues


def run(project: Project, docs: list[Document]) -> dict[str, list[Issue]]:
    """Document name → its issues."""
    severity = severities(project)
    found = context(project)
    return {doc.name: check(segmented(doc), found, severity) for doc in docs}


def segmented(doc: Document) -> list[Segment]:
    """The document's segments; a document never segmented is a mistake worth saying."""
    if not doc.store.exists():
        raise PipelineError(f"{doc.name}: not segmented yet; run `pipeline segment` first")
    return store.load(doc)


def errors(project: Project, docs: list[Document]) -> list[Issue]:
    """The error-severity issues of these documents (what `build --require-clean` refuses)."""
    return [issue for issues in run(project, docs).values() for issue in issues if issue.severity == "error"]
