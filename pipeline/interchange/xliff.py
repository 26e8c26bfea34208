"""XLIFF 1.2: the store as the file every CAT tool reads (OmegaT, Okapi, Trados, memoQ, Poedit…).

One ``<file>`` per document, one ``<trans-unit>`` per active segment, ``id`` the segment
id. States (``target/@state``, ``@approved``):

    untranslated   →  <target state="new"/>
    machine        →  state="translated" state-qualifier="mt-suggestion"
    needs-review   →  state="needs-review-translation"
    reviewed       →  state="signed-off", approved="yes"   (a reviewer approved it)
    approved       →  state="final", approved="yes"        (signed off again: nothing left to do)

The machine draft is an ``<alt-trans>`` (origin = the engine), each earlier target of
the segment's history an ``<alt-trans alttranstype="previous-version">`` whose note says
when and by what it was replaced (import reads neither: the store keeps its history), reviewer notes are
``<note from="reviewer">``, our flags and the segment's place are ``<note from="pipeline">``.
Inline tags become ``<g id="em1" ctype="italic">…</g>`` and ``<x id="fn3"/>`` with the
tag name as id, so they map back exactly; a tag without its partner becomes ``<bx/>`` or
``<ex/>``.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.etree.ElementTree import Element, fromstring

from pipeline import __version__
from pipeline.core.errors import PipelineError
from pipeline.core.model import Segment, State, Version
from pipeline.core.safexml import local
from pipeline.core.tags import escape, is_name
from pipeline.interchange.base import attrs, ctype, element, pieces, text

NS = "urn:oasis:names:tc:xliff:document:1.2"
STATES = {
    State.UNTRANSLATED: ("new", None),
    State.MACHINE: ("translated", "mt-suggestion"),
    State.NEEDS_REVIEW: ("needs-review-translation", None),
    State.REVIEWED: ("signed-off", None),
    State.APPROVED: ("final", None),
}


@dataclass(frozen=True)
class Unit:
    """A trans-unit as far as the store is concerned."""

    id: str
    source: str  # segment text, with our tags
    target: str | None  # None: no <target> element
    state: str | None
    qualifier: str | None
    approved: bool
    notes: tuple[str, ...]  # notes from anyone but pipeline


@dataclass(frozen=True)
class File:
    original: str
    source_lang: str
    target_lang: str
    units: list[Unit]


def inline(segment_text: str) -> str:
    """Tagged segment text → XLIFF inline content."""
    out = []
    for piece in pieces(segment_text):
        if piece.kind == "text":
            out.append(text(piece.text))
        elif piece.kind == "atom":
            out.append(f"<x{attrs(id=piece.text, ctype=ctype(piece.text))}/>")
        elif not piece.paired:
            out.append(f"<{'bx' if piece.kind == 'open' else 'ex'}{attrs(id=piece.text)}/>")
        elif piece.kind == "open":
            out.append(f"<g{attrs(id=piece.text, ctype=ctype(piece.text))}>")
        else:
            out.append("</g>")
    return "".join(out)


def trans_unit(segment: Segment) -> str:
    state, qualifier = STATES[segment.state]
    target = segment.target if segment.state is not State.UNTRANSLATED else ""
    about = "; ".join([segment.where] * bool(segment.where) + [tag.comment for tag in segment.tags])
    parts = [
        element("source", inline(segment.source)),
        element("target", inline(target), state=state, state__qualifier=qualifier),
    ]
    if segment.draft:
        parts.append(element("alt-trans", element("target", inline(segment.draft)), origin=str(segment.origin) or None))
    parts += [_previous(version) for version in segment.history]
    parts += [element("note", text(note), **{"from": "reviewer"}) for note in segment.notes]
    if about:
        parts.append(element("note", text(about), annotates="source", **{"from": "pipeline"}))
    if segment.previous:
        parts.append(
            element(
                "note", text(f"the source changed; it was: {segment.previous}"), priority="1", **{"from": "pipeline"}
            )
        )
    parts += [element("note", text(str(flag)), priority="2", **{"from": "pipeline"}) for flag in segment.flags]
    approved = "yes" if segment.state.accepted else None
    body = "".join(f"\n        {part}" for part in parts)
    return f'      <trans-unit{attrs(id=segment.id, resname=segment.where or None, approved=approved)} xml:space="preserve">{body}\n      </trans-unit>\n'


def _previous(version: Version) -> str:
    about = f"{version.state.value}, replaced by {version.replaced or 'a new target'}" + (
        f" on {version.when}" if version.when else ""
    )
    return element(
        "alt-trans",
        element("target", inline(version.target)) + element("note", text(about), **{"from": "pipeline"}),
        origin=str(version.origin) or None,
        alttranstype="previous-version",
    )


def dump(files: list[tuple[str, str, str, list[Segment]]]) -> str:
    """(original, source language, target language, segments) for each document → an XLIFF 1.2 file."""
    out = [f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="{NS}">\n']
    for original, source_lang, target_lang, segments in files:
        file_attrs = attrs(
            original=original,
            source__language=source_lang,
            target__language=target_lang,
            datatype="x-pandoc-markdown",
            tool__id="pipeline",
        )
        out.append(f"  <file{file_attrs}>\n")
        out.append(
            f'    <header>\n      <tool tool-id="pipeline" tool-name="pipeline" tool-version="{__version__}"/>\n    </header>\n'
        )
        out.append("    <body>\n")
        out += [trans_unit(s) for s in segments if not s.obsolete]
        out.append("    </body>\n  </file>\n")
    out.append("</xliff>\n")
    return "".join(out)


def read(root: Element, path) -> list[File]:
    """The files and units of a parsed XLIFF 1.2 document."""
    if local(root.tag) != "xliff" or not root.get("version", "").startswith("1."):
        raise PipelineError(
            f"{path}: is not an XLIFF 1.2 file (its root is <{local(root.tag)}> version {root.get('version')!r})"
        )
    files = []
    for node in root:
        if local(node.tag) != "file":
            continue
        units, seen = [], set()
        for tu in node.iter():
            if local(tu.tag) != "trans-unit":
                continue
            unit = read_unit(tu, path)
            if unit.id in seen:
                raise PipelineError(f"{path}: trans-unit {unit.id!r} appears twice")
            seen.add(unit.id)
            units.append(unit)
        original = node.get("original", "")
        languages = (node.get("source-language", ""), node.get("target-language", ""))
        files.append(File(original, *languages, units))
    if not files:
        raise PipelineError(f"{path}: has no <file> element")
    return files


def exported(segment: Segment) -> Unit:
    """The unit ``dump`` writes for this segment, as ``read`` reads it back."""
    return read_unit(fromstring(trans_unit(segment)), "export")


def read_unit(tu: Element, path) -> Unit:
    uid = tu.get("id")
    if not uid:
        raise PipelineError(f"{path}: a trans-unit has no id")
    source = target = None
    for child in tu:
        if local(child.tag) == "source":
            source = segment_text(child, path, uid)
        elif local(child.tag) == "target":
            target = child
    if source is None:
        raise PipelineError(f"{path}: trans-unit {uid!r} has no <source>")
    notes = tuple(n.text or "" for n in tu if local(n.tag) == "note" and n.get("from") != "pipeline")
    return Unit(
        id=uid,
        source=source,
        target=None if target is None else segment_text(target, path, uid),
        state=None if target is None else target.get("state"),
        qualifier=None if target is None else target.get("state-qualifier"),
        approved=tu.get("approved") == "yes",
        notes=notes,
    )


MAX_DEPTH = 64  # inline elements inside inline elements; a sentence never needs more


def segment_text(node: Element, path, uid: str, depth: int = 0) -> str:
    """XLIFF inline content → tagged segment text."""
    if depth > MAX_DEPTH:
        raise PipelineError(f"{path}: trans-unit {uid!r}: inline elements nested more than {MAX_DEPTH} deep")
    out = [escape(node.text or "")]
    for child in node:
        name, tag = local(child.tag), child.get("id", "")
        if name == "mrk":  # segmentation or comment marks some tools add: keep their content
            out.append(segment_text(child, path, uid, depth + 1))
        elif name in ("g", "x", "bx", "ex"):
            if not is_name(tag):
                raise PipelineError(
                    f"{path}: trans-unit {uid!r}: <{name} id={tag!r}> is not one of our tags (em1, a2, fn3…)"
                )
            if name == "g":
                out.append(f"<{tag}>{segment_text(child, path, uid, depth + 1)}</{tag}>")
            else:
                out.append({"x": f"<{tag}/>", "bx": f"<{tag}>", "ex": f"</{tag}>"}[name])
        else:
            raise PipelineError(
                f"{path}: trans-unit {uid!r}: inline element <{name}> is not one pipeline writes; keep <g> and <x> as they are"
            )
        out.append(escape(child.tail or ""))
    return "".join(out)


def state_of(unit: Unit, draft: str) -> State:
    """The store state a unit's target would have (see the module docstring for the mapping)."""
    if not unit.target:
        return State.UNTRANSLATED
    if unit.state == "final":
        return State.APPROVED
    if unit.approved or unit.state == "signed-off":
        return State.REVIEWED
    if unit.target == draft and unit.state in (None, "new", "needs-translation", "translated"):
        return State.MACHINE
    return State.NEEDS_REVIEW
