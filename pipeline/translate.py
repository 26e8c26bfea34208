"""Translate stage: segments that need a translation → machine drafts in the store.

Translation memory first, then the engine; every draft is then held to the glossary
(renderings to avoid are replaced, missing terms are flagged). Only what needs it is
translated: an empty target, or a needs-review target that is still the untouched
machine draft (``target == draft``). A reviewed or human-edited target is never touched.
An untouched machine draft is also replaced by an exact match from the reviewed
segments (the store is a translation memory), and, with ``redraft``, drafted again.
A replaced draft goes to the segment's history (``model.replace_target``).
Drafts are written in batches under the project lock, merged into the store as it is on
disk at that moment, so a killed run loses at most one batch (or, for an engine that
keeps several calls in flight, those in flight) and a re-run goes on where it stopped.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, replace

from pipeline import engines, glossary, store
from pipeline.core import tags
from pipeline.core.errors import NoEngine, PipelineError
from pipeline.core.model import Flag, Origin, Segment, State, replace_target
from pipeline.core.project import Document, Project
from pipeline.engines.base import Engine, Request, Required
from pipeline.engines.french import plain
from pipeline.engines.memory import Unit

BATCH = 16  # segments written to the store at a time
DELAY_VARIABLE = "PIPELINE_TEST_BATCH_DELAY"  # tests only: seconds to wait after each batch


@dataclass
class DocumentReport:
    name: str
    translated: int = 0  # drafts written in this run
    from_memory: int = 0
    redrafted: int = 0  # of ``translated``: machine drafts replaced by another draft
    unchanged: int = 0  # machine drafts drafted again that came out the same
    terms_found: int = 0  # glossary terms of the sources rendered as the glossary says
    terms_required: int = 0
    flags: list[tuple[Segment, Flag]] = field(default_factory=list)  # every flag in the document
    pending: list[Segment] = field(default_factory=list)  # what (still) needs translating


@dataclass
class Summary:
    engine: str  # the engine's name, or "" when only memory was used
    origin: Origin
    chosen: bool  # the engine was chosen by "auto"
    dry_run: bool
    documents: list[DocumentReport]

    @property
    def translated(self) -> int:
        return sum(d.translated for d in self.documents)


def run(
    project: Project,
    docs=(),
    engine: str = "auto",
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
    announce: Callable[[Summary], None] | None = None,
    redraft: bool = False,
    only_flagged: bool = False,
    settings: dict[str, dict] | None = None,
) -> Summary:
    """Translate what needs it in ``docs`` (all documents by default); ``announce`` hears
    which engine was chosen before any work, ``progress`` (done, total) after each batch.
    ``redraft``: draft the untouched machine drafts again (``only_flagged``: those with flags).
    ``settings``: the command line's for the engines (``{"llm": {"url": …}}``)."""
    terms = glossary.load(project.glossary)  # a bad glossary stops everything before any work
    documents = project.documents(docs)
    memory = engines.get("memory", project)
    todo: list[tuple[Document, Segment]] = []
    units: list[Unit | None] = []  # each segment's exact match in the memory, asked once
    around: dict[tuple[str, str], tuple[str, str]] = {}  # (document, segment id) → its paragraph's other sentences
    for doc in documents:
        if not doc.store.exists():
            raise PipelineError(f"{doc.store}: {doc.name} is not segmented yet; run `pipeline segment` first")
        segments = store.load(doc)
        before = len(todo)
        for s in segments:
            unit = memory.lookup(s.source) if s.needs_draft or s.machine_drafted else None
            # an untouched machine draft is replaced when the memory has another English for it
            other = unit is not None and unit.target != s.target
            if s.needs_draft or s.machine_drafted and (_redrafted(s, redraft, only_flagged, terms) or other):
                todo.append((doc, s))
                units.append(unit)
        if len(todo) > before:  # the context is for drafting: a document with nothing to draft needs none
            around.update({(doc.name, sid): pair for sid, pair in _paragraphs(segments).items()})
    machine = _choose(engine, project, settings)
    reports = {doc.name: DocumentReport(doc.name) for doc in documents}
    summary = Summary(
        engine=machine.name if machine else "",
        origin=machine.origin() if machine and machine.available() else Origin(),
        chosen=engine == "auto",
        dry_run=dry_run,
        documents=list(reports.values()),
    )
    if announce and (dry_run or not todo or machine is None or machine.available()):
        announce(summary)
    if dry_run:
        for doc, segment in todo:
            reports[doc.name].pending.append(segment)
        return summary
    drafts = [unit.target if unit else "" for unit in units]
    origins = [unit.origin if unit else Origin() for unit in units]
    unfilled = [item for item, draft in zip(todo, drafts) if not draft]
    if machine is None and engine == "auto" and unfilled:
        raise NoEngine(_no_engine_message(unfilled))
    if machine is not None and not machine.available() and unfilled:
        raise NoEngine(f"the {machine.name} engine is not available: {machine.how_to_install()}")

    requests = [prepare(segment, terms, around.get((doc.name, segment.id), ("", ""))) for doc, segment in todo]
    engine_flags: list[tuple[Flag, ...]] = [()] * len(todo)
    writer = _Writer(project, todo, drafts, origins, engine_flags, memory, terms, reports, progress)
    left = [i for i, d in enumerate(drafts) if not d]
    writer.write([i for i, d in enumerate(drafts) if d])  # the memory's matches first
    if machine is not None and left:
        for part, found in _engine_drafts(machine, requests, left):
            for i, draft in zip(part, found):
                drafts[i] = terms.enforce(requests[i].text, draft.text)
                if machine.aligns_tags:
                    drafts[i] = _anchor_edges(drafts[i], requests[i].segment.source)
                origins[i] = machine.origin()
                engine_flags[i] = draft.flags
            writer.write(part)
    else:
        writer.write(left)  # nothing to write, but done
    for i, (doc, segment) in enumerate(todo):
        if not drafts[i] and not segment.machine_drafted:
            reports[doc.name].pending.append(segment)  # memory alone had nothing for it
    for doc in documents:
        _score(doc, terms, reports[doc.name])
    return summary


def _redrafted(segment: Segment, redraft: bool, only_flagged: bool, terms: glossary.Glossary) -> bool:
    """``--redraft`` takes this machine draft: all of them, or those with a flag (the glossary
    checked again, so that a term added since the draft counts)."""
    if not redraft:
        return False
    return not only_flagged or bool(segment.flags or terms.check(segment.source, segment.target))


def _choose(name: str, project: Project, settings: dict[str, dict] | None) -> Engine | None:
    if name == "auto":
        return engines.best(project, settings)
    if name == "memory":
        return None
    return engines.get(name, project, settings)


def _engine_drafts(machine: Engine, requests: list[Request], left: list[int]) -> Iterator[tuple[list[int], list]]:
    """The engine's drafts, a batch at a time as they come, with their indices. An engine
    gets as much as it can take at once (Apertium the whole run in one pipeline of
    processes, a neural engine smaller batches); an engine with ``concurrency`` above 1
    gets that many batches at once, each in a thread, so a kill loses what is in flight."""
    parts = [left[start : start + machine.batch_size] for start in range(0, len(left), machine.batch_size)]
    if machine.concurrency <= 1:
        for part in parts:
            yield part, machine.translate([requests[i] for i in part])
        return
    pool = ThreadPoolExecutor(machine.concurrency, thread_name_prefix=machine.name)
    try:
        futures = {pool.submit(machine.translate, [requests[i] for i in part]): part for part in parts}
        for future in as_completed(futures):
            yield futures[future], future.result()
    finally:
        pool.shutdown(cancel_futures=True)  # an error stops the run: nothing more is asked


def _paragraphs(segments: list[Segment]) -> dict[str, tuple[str, str]]:
    """Each sentence of a paragraph (``where`` "paragraph 4, sentence 2") → the text of the
    sentences before and after it, tags left out: the context an engine may be shown."""
    groups: dict[str, list[Segment]] = {}
    for s in store.active(segments):
        unit, sentence, _ = s.where.partition(", sentence ")
        if sentence:
            groups.setdefault(unit, []).append(s)
    out = {}
    for members in groups.values():
        texts = [tags.plain(plain(s.source)) for s in members]
        for n, s in enumerate(members):
            out[s.id] = (" ".join(texts[:n]), " ".join(texts[n + 1 :]))
    return out


def _no_engine_message(todo: list[tuple[Document, Segment]]) -> str:
    engines_help = "; or ".join(engines.get(name).how_to_install() for name in engines.PREFERENCE)
    listed = "\n".join(f"  {doc.name} {s.id} ({s.where}): {s.source}" for doc, s in todo)
    return (
        f"no translation engine is installed, so {len(todo)} segments still need translation; {engines_help}.\n{listed}"
    )


def prepare(segment: Segment, terms: glossary.Glossary, around: tuple[str, str] = ("", "")) -> Request:
    """The segment as engines see it: inclusive writing plain, the glossary terms it holds,
    and ``around`` it the rest of its paragraph (before, after). What only one engine needs,
    such as Apertium's word order, is that engine's to do."""
    text = plain(segment.source)
    required = []
    for match in terms.find(text):
        entry = terms.entry(match.term)
        preferred = entry.english(match.plural)
        required.append(
            Required(
                source=match.text,
                forms=tuple(dict.fromkeys((preferred, *match.term.target_forms))),
                avoid=match.term.avoid,
                keep=entry.keep,
                adjective=entry.adjective,
                article=entry.article,
            )
        )
    return Request(segment=segment, text=text, required=tuple(required), before=around[0], after=around[1])


def _anchor_edges(draft: str, source: str) -> str:
    """Tags that enclose the start (or the end) of the source enclose the start (or end)
    of the draft. An engine moves them with the word they touched ("<q1>C'est aussi…"
    came back as "It <q1>is also…"); a whole-sentence quotation starts where it starts."""
    for edge, at_start in ((tags.EDGE_OPEN, True), (tags.EDGE_CLOSE, False)):
        found = edge.search(source)
        if not found or edge.search(draft) and edge.search(draft).group() == found.group():
            continue
        run = found.group()
        pieces = tags.written(run)
        if any(draft.count(tag) != 1 for tag in pieces):
            continue  # the engine dropped or doubled a tag: leave it for QA to report
        for tag in pieces:
            draft = draft.replace(tag, "")
        draft = draft.strip()
        draft = run + draft if at_start else draft + run
    return draft


class _Writer:
    """Writes finished drafts to the store, BATCH at a time, as they are given."""

    def __init__(self, project, todo, drafts, origins, engine_flags, memory, terms, reports, progress) -> None:
        self.project, self.todo, self.drafts, self.origins = project, todo, drafts, origins
        self.engine_flags = engine_flags
        self.memory, self.terms, self.reports, self.progress = memory, terms, reports, progress
        self.done = 0
        self.delay = float(os.environ.get(DELAY_VARIABLE) or 0)

    def write(self, indices: list[int]) -> None:
        """The drafts of these segments of ``todo`` (those it has: memory may have had nothing)."""
        for start in range(0, len(indices), BATCH):
            chunk = indices[start : start + BATCH]
            results: dict[str, dict[str, int]] = {}  # document → segment id → index in todo
            for i in chunk:
                doc, segment = self.todo[i]
                if self.drafts[i]:
                    results.setdefault(doc.name, {})[segment.id] = i
            if results:
                with self.project.lock():
                    for name, by_id in results.items():
                        self._save(self.project.document(name), by_id)
            self.done += len(chunk)
            if self.progress:
                self.progress(self.done, len(self.todo))
            if self.delay and self.done < len(self.todo):
                time.sleep(self.delay)

    def _save(self, doc: Document, by_id: dict[str, int]) -> None:
        current = store.load(doc)  # as it is now: a reviewer may have worked meanwhile
        drafted = {
            s.id: self._drafted(s, by_id[s.id]) for s in current if s.id in by_id and self._still(s, by_id[s.id])
        }
        store.save(doc, [drafted.get(s.id, s) for s in current])
        report = self.reports[doc.name]
        before = {s.id: s for s in current}
        for sid, new in drafted.items():
            old = before[sid]
            if old.needs_draft or new.target != old.target:
                report.translated += 1
                report.from_memory += new.origin.memory
                report.redrafted += not old.needs_draft
            else:
                report.unchanged += 1

    def _still(self, segment: Segment, i: int) -> bool:
        """The segment on disk is as it was read, and still wants this draft (nobody worked on it meanwhile)."""
        read = self.todo[i][1]
        same = (segment.source, segment.target) == (read.source, read.target)
        return same and (segment.needs_draft or segment.machine_drafted)

    def _drafted(self, segment: Segment, i: int) -> Segment:
        draft, origin = self.drafts[i], self.origins[i]
        notes = tuple(n for n in segment.notes if not n.startswith("tm "))
        if not origin.memory:
            suggestion = self.memory.suggest(segment.source)
            if suggestion:  # a close match is for the reviewer to judge, never the draft
                score, unit = suggestion
                notes += (f'tm {score:.0%} ({unit.origin.model}): "{unit.source}" → "{unit.target}"',)
        replaced = replace_target(
            segment,
            draft,
            State.MACHINE,
            str(origin) if origin.memory else "redraft",
            origin=origin,
            draft=draft,
            draft_flags=self.engine_flags[i],
            glossary=self.terms,
        )
        return replace(replaced, previous="", notes=notes)


def _score(doc: Document, terms: glossary.Glossary, report: DocumentReport) -> None:
    """Term accuracy over the document's translated segments, and every flag it carries."""
    for segment in store.active(store.load(doc)):
        if segment.target:
            found, required = terms.respected(segment.source, segment.target)
            report.terms_found += found
            report.terms_required += required
        report.flags += [(segment, flag) for flag in segment.flags]
