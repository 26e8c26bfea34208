"""Import an XLIFF file edited in a CAT tool back into the store, without ever losing a reviewed target.

The file must be for this project's documents and language pair, and every unit must
match a segment of the store (same id, same source); otherwise nothing is imported.
Then, unit by unit, against what ``pipeline export`` would write for the segment now:

- the same: nothing changes (so export then import leaves the store byte-identical);
- a new target for a segment that is not reviewed: it replaces the target, with the
  state the file gives (approved/final/signed-off → reviewed; the machine draft
  unchanged → machine; anything else → needs-review); the replaced target goes to the
  segment's history ("import FILE") and the flags are made true to the new text
  (``model.replace_target``);
- a new target for a reviewed segment: a conflict. The reviewed target stays, the
  segment goes to needs-review, and the file's target is kept in a note
  ("import FILE: …") for the reviewer to take or leave; importing the same file again
  is the same conflict, not an overwrite;
- an empty or missing target never erases one;
- the same target with another state: applied, except that a reviewed segment is
  never taken back to an earlier state by an import (reported as a conflict);
- notes from the file that the segment does not have are added; none are removed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline import glossary, store
from pipeline.core.errors import PipelineError
from pipeline.core.model import Origin, Segment, State, replace_target
from pipeline.core.project import SOURCE_LANG, TARGET_LANG, Project
from pipeline.core.safexml import local, parse
from pipeline.interchange import xliff


@dataclass
class Changes:
    document: str
    targets: list[str] = field(default_factory=list)  # segment ids whose target changed
    states: list[str] = field(default_factory=list)  # same target, new state
    notes: list[str] = field(default_factory=list)
    conflicts: list[tuple[str, str]] = field(default_factory=list)  # (segment id, what happened)
    written: bool = False


def import_file(project: Project, path: Path) -> list[Changes]:
    path = Path(path)
    root = parse(path)
    if local(root.tag) in ("tmx", "martif", "tbx"):
        raise PipelineError(
            f"{path}: is {local(root.tag).upper()}; `pipeline import` reads XLIFF 1.2 (exported with `pipeline export --format xliff`)"
        )
    files = xliff.read(root, path)

    terms = glossary.load(project.glossary)  # the new targets' glossary flags; a bad glossary stops here

    with project.lock():
        plans = []
        for file in files:  # check every file before writing anything
            doc = _document(project, file, path)
            segments = store.load(doc)
            _check_match(file, segments, path, doc)
            plans.append((doc, segments, file))
        results = []
        for doc, segments, file in plans:
            changes = Changes(doc.name)
            units = {u.id: u for u in file.units}
            merged = [
                _apply(s, units[s.id], path.name, changes, terms) if s.id in units and not s.obsolete else s
                for s in segments
            ]
            changes.written = store.save(doc, merged)
            results.append(changes)
        return results


def _document(project: Project, file: xliff.File, path: Path):
    def primary(tag: str) -> str:
        return tag.replace("_", "-").split("-")[0].lower()

    if primary(file.source_lang) != SOURCE_LANG or primary(file.target_lang) != primary(TARGET_LANG):
        raise PipelineError(
            f"{path}: is for {file.source_lang or '?'} → {file.target_lang or '?'}; this project translates {SOURCE_LANG} → {TARGET_LANG}"
        )
    name = Path(file.original).name
    suffix = f".{SOURCE_LANG}.md"
    if not name.endswith(suffix):
        raise PipelineError(
            f"{path}: <file original={file.original!r}> does not name a source of this project (source/<doc>{suffix})"
        )
    doc = project.document(name[: -len(suffix)])
    if not doc.source.exists() or not doc.store.exists():
        raise PipelineError(f"{path}: is for {file.original}, which this project does not have (or has not segmented)")
    return doc


def _check_match(file: xliff.File, segments: list[Segment], path: Path, doc) -> None:
    by_id = {s.id: s for s in segments if not s.obsolete}
    wrong = [u for u in file.units if u.id not in by_id or by_id[u.id].source != u.source]
    if wrong:
        first = wrong[0]
        why = (
            "no such segment" if first.id not in by_id else f"source {first.source!r} is now {by_id[first.id].source!r}"
        )
        raise PipelineError(
            f"{path}: is for another version of {doc.source.name}: {len(wrong)} of {len(file.units)} units do not match "
            f"the store (first: {first.id}, {why}); nothing was imported: export again and redo the edits there"
        )


def _apply(segment: Segment, unit: xliff.Unit, filename: str, changes: Changes, terms) -> Segment:
    exported = xliff.exported(segment)
    if unit == exported:
        return segment
    state = xliff.state_of(unit, segment.draft)
    new_notes = tuple(n for n in unit.notes if n and n not in segment.notes)
    if new_notes:
        changes.notes.append(segment.id)
        segment = replace(segment, notes=segment.notes + new_notes)
    if (unit.target or "") == (exported.target or "") or not unit.target:
        if state == xliff.state_of(exported, segment.draft) or not unit.target:
            return segment
        if segment.state.accepted and not state.accepted:  # a sign-off in another tool is taken
            changes.conflicts.append((segment.id, f"the file says {state.value}; kept {segment.state.value}"))
            return segment
        changes.states.append(segment.id)
        return replace(segment, state=state)
    proposal = f"import {filename}: {unit.target}"
    if segment.state.accepted or proposal in segment.notes:
        changes.conflicts.append(
            (segment.id, "reviewed target kept; the file's target is in a note, marked needs-review")
        )
        return replace(
            segment, state=State.NEEDS_REVIEW, notes=segment.notes + (proposal,) * (proposal not in segment.notes)
        )
    changes.targets.append(segment.id)
    return replace_target(
        segment,
        unit.target,
        state,
        f"import {filename}",
        origin=segment.origin or Origin(Origin.IMPORT),
        glossary=terms,
    )
