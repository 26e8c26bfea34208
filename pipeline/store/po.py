"""The store on disk: one gettext PO file per document and target language.

PO because Poedit, Weblate, Lokalize and OmegaT open it, ``msgfmt -c`` checks it, it
diffs line by line, and its conventions already say what we need: ``msgctxt`` holds the
segment id, the ``fuzzy`` flag means "not approved" (machine draft or needs review),
``#|`` keeps the previous source of a changed sentence, ``#~`` keeps obsolete entries.
Our own fields are translator comments ``# key: value`` that those tools keep:

    #. paragraph 4, sentence 2                    (where; extracted comment)
    #. <q1> quotation marks; <em2> emphasis       (what the tags stand for)
    # state: machine                              (machine | needs-review | approved)
    # origin: apertium 3.8.3 fr-es|spa-eng
    # draft: The workers of the click…            (the machine draft as produced)
    # flag: glossary: "travailleurs du clic" needs "click workers"
    # note: free text from a reviewer
    # changed: 2026-12-03T14:05:09Z Ada Lovelace  (when, and by whom, the target or state last changed)
    # comment: {"when":"2026-12-03T14:07:00Z","by":"Ada Lovelace","text":"Check the date."}
    # history: {"when":"2026-12-03T14:05:09Z","state":"reviewed","origin":"review","replaced":"revert","target":"…"}

No ``fuzzy`` means accepted by a person: reviewed, or ``approved`` (signed off a second
time) when the state line says so. A ``comment`` line is a reviewer's comment
(``model.Comment``) and a ``history`` line one earlier target (``model.Version``), oldest
first, each one JSON object (exact for any text; fields left empty are left out, so a
field added later changes no existing line).
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from pathlib import Path

import polib

from pipeline import __version__
from pipeline.core import tags
from pipeline.core.errors import PipelineError
from pipeline.core.fileio import read_text, write_atomic
from pipeline.core.model import Comment, Flag, Origin, Segment, State, TagInfo, Version

_FIELD = re.compile(r"^(state|origin|draft|flag|note|changed|comment|history): ?(.*)$")
_JSON_FIELDS = {"history", "comment"}
_TAGS = re.compile(rf"^<({tags.NAME})> (.*)$")
_PREFIX = re.compile(r"^#~ ?(?:\| ?)?|^#\| ?")
_STRING = re.compile(r'^\s*(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"(?:[^"\\]|\\.)*"\s*$')
# A 5 MB source (the most read_source takes) makes a store of about 20 MB with every
# draft and translation; a larger one is no store pipeline wrote.
MAX_STORE_BYTES = 32_000_000


def header(doc: str, source_lang: str, target_lang: str, source_file: str) -> dict[str, str]:
    return {
        "Project-Id-Version": doc,
        "Language": target_lang.replace("-", "_"),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": source_lang,
        "X-Source-File": source_file,
        "X-Generator": f"pipeline {__version__}",
    }


COUNT = "X-Pipeline-Segments"
# Stores written before the stamp moved beside them (see Document.stamp) carry it here.
OLD_STAMP = "X-Pipeline-Segmented"


def load(path: Path) -> tuple[dict[str, str], list[Segment]]:
    """The header and segments of a PO store; a syntax error names the file and line."""
    return loads(read_text(path, "translation store", limit=MAX_STORE_BYTES), path)


def loads(text: str, path: Path) -> tuple[dict[str, str], list[Segment]]:
    """``load`` of a PO text; ``path`` names it in errors."""
    text, numbers = _joined(text, path)
    try:
        po = polib.pofile(text, wrapwidth=78)
    except (OSError, ValueError) as err:
        line = re.search(r"line (\d+)", str(err))
        where = f"{path}:{numbers[min(int(line.group(1)), len(numbers)) - 1]}" if line and numbers else str(path)
        raise _invalid(where, str(err).split(" (line")[0].lower()) from err
    segments = []
    seen = set()
    for entry in po:
        if entry.linenum:
            entry.linenum = numbers[min(entry.linenum, len(numbers)) - 1]
        if not entry.msgctxt:
            where = f"{path}:{entry.linenum}" if entry.linenum else str(path)
            raise PipelineError(
                f"{where}: entry {entry.msgid[:40]!r} has no msgctxt (segment id); was it edited by hand?"
            )
        if entry.msgctxt in seen:
            raise PipelineError(f"{path}:{entry.linenum}: segment id {entry.msgctxt} appears twice")
        seen.add(entry.msgctxt)
        segments.append(_segment(entry, path))
    expected = po.metadata.get(COUNT, "")
    if expected.isdigit() and int(expected) != len(segments):
        raise PipelineError(
            f"{path}: holds {len(segments)} segments but was written with {expected}; it looks cut short. "
            f"It was left untouched: restore it with git (or delete the {COUNT} header line if you removed "
            "entries on purpose)"
        )
    metadata = dict(po.metadata)
    metadata.pop(COUNT, None)
    metadata.pop(OLD_STAMP, None)
    return metadata, segments


def _joined(text: str, path: Path) -> tuple[str, list[int]]:
    """The store with each wrapped string on one line, and each line's number in the file.

    polib adds a wrapped string's lines one by one to the entry (quadratic: a 10 MB
    paragraph took minutes), and reads an unclosed string as if it were closed; joining
    the lines first fixes both, and a cut-off file is refused here.
    """
    out: list[str] = []
    numbers: list[int] = []
    parts: list[str] = []  # the string being joined: its first line, then continuations
    prefix = None  # "", "#~", "#|" or "#~|" of the string being joined
    expecting = 0  # first line of an entry still waiting for its msgstr
    last = ""  # the last keyword seen

    def flush() -> None:
        if parts:
            out[-1] = "".join(parts)
            parts.clear()

    for number, line in enumerate(text.splitlines(), 1):
        match = _PREFIX.match(line)
        if line.startswith("#") and not match:
            flush()
            prefix = None
            out.append(line)  # a comment: free text
            numbers.append(number)
            continue
        kind = match.group().replace(" ", "") if match else ""
        body = line[match.end() :] if match else line
        if '"' in body and not _STRING.match(body):
            raise _invalid(f"{path}:{number}", "a string is not closed: is the file cut off?")
        if body.lstrip().startswith('"') and parts and kind == prefix:
            parts[-1] = parts[-1].rstrip()[:-1]  # drop the closing quote, then go on
            parts.append(body.strip()[1:])
            continue
        flush()
        keyword = body.split(None, 1)[0] if body.strip() else ""
        prefix = kind if '"' in body else None
        out.append(line)
        numbers.append(number)
        if prefix is not None:
            parts.append(line)
        if kind.endswith("|"):
            continue  # the previous source (#|) of a changed entry
        if keyword in ("msgctxt", "msgid"):
            if expecting and (keyword == "msgctxt" or last == "msgid"):
                break  # polib names this mistake better
            expecting = expecting or number
        elif keyword.startswith("msgstr"):
            expecting = 0
        last = keyword
    flush()
    if expecting:
        raise _invalid(f"{path}:{expecting}", "an entry has no msgstr: is the file cut off?")
    return "\n".join(out) + "\n", numbers


def _invalid(where: str, reason: str) -> PipelineError:
    return PipelineError(
        f"{where}: is not a valid PO file ({reason}); it was left untouched: fix it, or restore it with git"
    )


def _segment(entry, path: Path) -> Segment:
    fields: dict[str, list[str]] = {"state": [], "origin": [], "draft": [], "flag": [], "note": [], "changed": []}
    history, comments = [], []
    for line in (entry.tcomment or "").splitlines():
        match = _FIELD.match(line)
        kind = match.group(1) if match else ""
        record = _record(kind, match.group(2)) if kind in _JSON_FIELDS else None
        if record:
            (history if kind == "history" else comments).append(record)
        elif match and kind not in _JSON_FIELDS:
            fields[kind].append(match.group(2))
        elif line.strip():
            fields["note"].append(line)  # a comment written in another tool (or a damaged JSON line) is a note
    when, _, by = fields["changed"][0].partition(" ") if fields["changed"] else ("", "", "")
    where, described = "", []
    for line in (entry.comment or "").splitlines():
        match = _TAGS.match(line)
        if match:
            described.append(TagInfo.described(match.group(1), match.group(2)))
        elif line.strip() and not where:
            where = line.strip()
    target = entry.msgstr
    if not target:
        state = State.UNTRANSLATED
    elif "fuzzy" not in entry.flags:
        # accepted, here or in another tool that cleared "fuzzy"; signed off when the state line says so
        state = State.APPROVED if fields["state"][:1] == [State.APPROVED.value] else State.REVIEWED
    else:
        try:
            state = State(fields["state"][0]) if fields["state"] else State.NEEDS_REVIEW
        except ValueError as err:
            raise PipelineError(f"{path}:{entry.linenum}: unknown state {fields['state'][0]!r}") from err
        if state.accepted or state is State.UNTRANSLATED:
            state = State.NEEDS_REVIEW  # fuzzy wins: it is what other tools show
    return Segment(
        id=entry.msgctxt,
        source=entry.msgid,
        target=target,
        state=state,
        origin=Origin.parse(fields["origin"][0]) if fields["origin"] else Origin(),
        draft=fields["draft"][0] if fields["draft"] else "",
        previous=entry.previous_msgid or "",
        flags=tuple(Flag.parse(flag) for flag in fields["flag"]),
        notes=tuple(fields["note"]),
        where=where,
        tags=tuple(described),
        obsolete=entry.obsolete,
        history=tuple(history),
        when=when,
        by=by,
        comments=tuple(comments),
    )


def _record(kind: str, text: str) -> Version | Comment | None:
    """A history line's version or a comment line's comment; None when it is not one pipeline wrote."""
    try:
        data = json.loads(text)
        if not isinstance(data, dict):
            return None
        if kind == "comment":
            return Comment(**data) if all(isinstance(v, str) for v in data.values()) else None
        return Version(**{**data, "state": State(data["state"]), "origin": Origin.parse(data.get("origin", ""))})
    except (ValueError, TypeError, KeyError):
        return None


def comment_line(comment: Comment) -> str:
    data = {"when": comment.when, "by": comment.by, "text": comment.text}
    return _one_line({key: value for key, value in data.items() if value})


def history_line(version: Version) -> str:
    """One earlier target as the JSON of a ``# history:`` line (the XLIFF export uses it too)."""
    data = {**asdict(version), "state": version.state.value, "origin": str(version.origin)}
    return _one_line({key: data[key] for key in _HISTORY_ORDER if data[key]})


def _one_line(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_LINE_BREAKS)


_HISTORY_ORDER = ("when", "state", "origin", "replaced", "by", "target")  # the text last, where it reads best
# JSON leaves these unescaped, but they end a line for Python's splitlines
_LINE_BREAKS = {ord(c): f"\\u{ord(c):04x}" for c in "\x85\u2028\u2029"}


class _Entry(polib.POEntry):
    """polib wraps long comments as xgettext does, which would cut "# draft: …" into a
    draft and a stray note; our translator comments are one field a line, kept whole."""

    def __unicode__(self, wrapwidth=78):
        fields, self.tcomment = self.tcomment, ""
        try:
            body = super().__unicode__(wrapwidth)
        finally:
            self.tcomment = fields
        return "".join(f"# {line}\n" for line in fields.split("\n")) * bool(fields) + body


def dump(metadata: dict[str, str], segments: list[Segment]) -> str:
    po = polib.POFile(wrapwidth=78)
    po.header = (
        f"Translations of {metadata.get('X-Source-File', 'the source')}, kept by `pipeline`.\n"
        "Any PO editor can open this file: clearing 'fuzzy' approves a segment."
    )
    # The count lets a load notice a file cut short between two entries, which is still
    # valid PO (an interrupted copy or a truncated download), before a merge adopts it.
    po.metadata = {**metadata, COUNT: str(len(segments))}
    for s in segments:
        comments = []
        if s.state in (State.MACHINE, State.NEEDS_REVIEW, State.APPROVED):
            comments.append(f"state: {s.state.value}")
        comments += [f"origin: {s.origin}"] * bool(s.origin)
        comments += [f"draft: {s.draft}"] * bool(s.draft)
        comments += [f"flag: {flag}" for flag in s.flags]
        comments += [f"note: {note}" for note in s.notes]
        comments += [f"changed: {s.when}" + f" {s.by}" * bool(s.by)] * bool(s.when)
        comments += [f"comment: {comment_line(comment)}" for comment in s.comments]
        comments += [f"history: {history_line(version)}" for version in s.history]
        extracted = [s.where] * bool(s.where) + [tag.comment for tag in s.tags]
        po.append(
            _Entry(
                msgctxt=s.id,
                msgid=s.source,
                msgstr=s.target if s.state is not State.UNTRANSLATED else "",
                comment="\n".join(extracted),
                tcomment="\n".join(comments),
                flags=["fuzzy"] if s.state in (State.MACHINE, State.NEEDS_REVIEW) else [],
                previous_msgid=s.previous or None,
                obsolete=s.obsolete,
            )
        )
    return str(po) + "\n"


def save(path: Path, metadata: dict[str, str], segments: list[Segment]) -> bool:
    """Write the store atomically; returns False (and writes nothing) when nothing changed."""
    try:
        old = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        old = None
    text = dump(metadata, segments)
    if old == text:
        return False
    write_atomic(path, text)
    return True
