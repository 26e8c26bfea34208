"""Build stage: the whole pipeline, as functions a script calls as the command line does.

``build()`` reads as the job: segment the sources into their stores, translate when a
segment needs a draft, stop if asked while QA reports errors, then write the editions whose
inputs changed. ``segment()`` and ``translate()`` are its first steps, which `pipeline
segment` and `pipeline translate` run alone. Nothing here prints: every message and every
progress report goes to the ``Reporter`` passed in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.core.errors import NoEngine, PipelineError
from pipeline.core.model import Segment
from pipeline.core.project import Project
from pipeline.segment.update import update_all
from pipeline.store import active

if TYPE_CHECKING:
    from pipeline.editions.incremental import Output
    from pipeline.translate import Summary


def _nowhere(*_) -> None:
    pass


@dataclass(frozen=True)
class Reporter:
    """Where a run's messages and progress go; by default, nowhere."""

    say: Callable[[str], None] = _nowhere  # one line of the report
    translated: Callable[[int, int], None] | None = None  # (segments drafted so far, of how many)
    built: Callable[[int, int, str], None] | None = None  # (outputs written so far, of how many, the last one)


QUIET = Reporter()


def add(project: Project, file: Path, name: str | None = None, report: Reporter = QUIET) -> list[Segment]:
    """Turn ``file`` (Word, OpenDocument, EPUB, a web page, Markdown or text) into the
    source ``name`` (see ``pipeline.sources``), then segment it; the store's segments."""
    from pipeline import sources  # lxml and the readers: only for `pipeline add`

    with project.lock():
        path = sources.add(project, file, name)
    report.say(f"wrote {path.relative_to(project.root)}")
    return segment(project, [path.name.removesuffix(".fr.md")], report)[0]


def segment(project: Project, docs: Sequence[str] = (), report: Reporter = QUIET) -> list[list[Segment]]:
    """Bring the stores of ``docs`` (all documents by default) in step with their sources;
    each store's segments as merged, one list per document."""
    merged = []
    with project.lock():
        documents = project.documents(docs)
        for doc, result in zip(documents, update_all(documents)):
            report.say(
                f"{doc.name}: {len(active(result.segments))} segments ({result.added} new, {result.changed} changed, "
                f"{result.obsoleted} obsolete){'' if result.written else ', store unchanged'}"
            )
            merged.append(result.segments)
    return merged


def translate(
    project: Project,
    docs: Sequence[str] = (),
    engine: str = "auto",
    *,
    dry_run: bool = False,
    redraft: bool = False,
    only_flagged: bool = False,
    settings: dict[str, dict] | None = None,
    report: Reporter = QUIET,
) -> Summary:
    """Draft what needs it in ``docs`` with translation memory, then ``engine`` (see
    ``pipeline.translate.run``; ``settings``, the command line's for the engines); returns
    its summary, having reported it."""
    from pipeline import translate as drafting  # engines, glossary, PyYAML: 18 ms, not for a no-op build

    summary = drafting.run(
        project,
        docs,
        engine,
        dry_run,
        report.translated,
        lambda chosen: report.say(_engine(chosen)),
        redraft=redraft,
        only_flagged=only_flagged,
        settings=settings,
    )
    for line in _translation(summary):
        report.say(line)
    return summary


def build(
    project: Project,
    docs: Sequence[str] = (),
    *,
    editions: Sequence[str] = (),
    formats: Sequence[str] = (),
    draft: bool = True,
    require_reviewed: bool = False,
    require_clean: bool = False,
    validate: bool = False,
    jobs: int | None = None,
    engine: str = "auto",
    settings: dict[str, dict] | None = None,
    report: Reporter = QUIET,
) -> list[Output]:
    """Bring everything up to date for ``docs`` (all documents by default): the stores, the
    drafts (unless ``draft`` is False: the editions then show the store as it is), then the
    ``editions`` in the ``formats`` (all of them by default) whose inputs changed, drafting
    with ``engine`` (and the engines' ``settings``). Returns one ``Output`` per file, each
    ``valid`` unless a validator said not."""
    stores = segment(project, docs, report)
    if draft and any(s.needs_draft for segments in stores for s in segments):
        try:
            translate(project, docs, engine, settings=settings, report=report)
        except NoEngine:
            if engine != "auto":
                raise  # the engine asked for is not there: the build stops and says why
            report.say("translate: skipped, no translation engine is installed (see `pipeline translate`)")
    if require_clean:
        _require_clean(project, docs)
    # The editions stage (12 ms of imports) loads only to build: `pipeline segment` and
    # `pipeline translate` come through this module too, and segmenting the article takes 150 ms.
    from pipeline import editions as publishing

    documents = project.documents(docs)
    with project.lock():
        outputs = publishing.build(
            project,
            documents,
            editions=tuple(editions) or publishing.EDITIONS,
            formats=tuple(formats) or tuple(publishing.FORMATS),
            require_reviewed=require_reviewed,
            validate=validate,
            jobs=jobs,
            progress=report.built,
        )
    for output in outputs:
        report.say(output.summary(project.root))
    built = sum(o.built for o in outputs)
    report.say(f"{built} built, {len(outputs) - built} up to date")
    return outputs


def _engine(summary: Summary) -> str:
    """Which engine a translate run uses, said before any work."""
    how = " (auto: the best installed engine)" if summary.chosen else ""
    if summary.engine:
        return f"engine: {summary.engine}{how}{f', {summary.origin}' if summary.origin else ''}"
    if summary.chosen:
        return "engine: none installed, so translation memory only (see `pipeline translate` without --dry-run)"
    return "engine: translation memory only"


def _translation(summary: Summary) -> list[str]:
    """A translate run's report: per document, what was (or would be) drafted, and its flags."""
    lines = []
    for doc in summary.documents:
        if summary.dry_run:
            lines.append(f"{doc.name}: would translate {len(doc.pending)} segments")
            lines += [f"  {s.id} ({s.where}): {s.source}" for s in doc.pending]
            continue
        accuracy = f"{doc.terms_found}/{doc.terms_required}"
        if doc.terms_required:
            accuracy += f" ({doc.terms_found / doc.terms_required:.0%})"
        memory = f" ({doc.from_memory} from memory)" if doc.from_memory else ""
        done = f"{doc.translated - doc.redrafted} segments translated"
        if doc.redrafted or doc.unchanged:
            done += f", {doc.redrafted} machine drafts replaced"
            done += f" ({doc.unchanged} more drafted again, unchanged)" if doc.unchanged else ""
        lines.append(f"{doc.name}: {done}{memory}; glossary terms {accuracy}")
        if doc.pending:
            lines.append(
                f"  {len(doc.pending)} segments still need translation (translation memory had nothing for them)"
            )
        lines += [f"  flag {segment.id} ({segment.where}): {flag}" for segment, flag in doc.flags]
    return lines


def _require_clean(project: Project, docs: Sequence[str]) -> None:
    from pipeline import qa  # its checks, Lingua and the glossary: 29 ms a build without --require-clean saves

    errors = qa.errors(project, project.documents(docs))
    if errors:
        checks = ", ".join(sorted({issue.check for issue in errors}))
        raise PipelineError(f"QA found {len(errors)} errors ({checks}); nothing was built: see `pipeline qa`")
