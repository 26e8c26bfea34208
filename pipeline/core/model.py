"""The plain types that flow between stages: segments, their states, tags, flags and origins, glossary terms, QA issues."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime


class State(enum.StrEnum):
    UNTRANSLATED = "untranslated"
    MACHINE = "machine"  # a machine draft nobody has approved yet
    NEEDS_REVIEW = "needs-review"  # the source changed (or a reviewer asked for another look)
    REVIEWED = "reviewed"  # a reviewer approved it
    APPROVED = "approved"  # signed off a second time, on top of the review (a proofreader, an editor)

    @property
    def accepted(self) -> bool:
        """A person has accepted this English: reviewed, or approved on top of that."""
        return self in (State.REVIEWED, State.APPROVED)


@dataclass(frozen=True)
class Flag:
    """Something a reviewer should look at, stored as ``# flag: KIND: MESSAGE``.

    Kinds: ``glossary`` (``Glossary.check``: about the target's terms, whatever text it
    holds) and the engine's, about its draft (Apertium's ``untranslated``: words it left;
    ``llm``: a model's answer that failed the checks, kept for a reviewer to mend).
    """

    kind: str
    message: str

    GLOSSARY = "glossary"
    UNTRANSLATED = "untranslated"
    LLM = "llm"

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}" if self.kind else self.message

    @classmethod
    def parse(cls, text: str) -> Flag:
        """The flag a store's text holds; a text without a kind (another tool's) is all message."""
        kind, colon, message = text.partition(": ")
        return cls(kind, message) if colon and kind and " " not in kind else cls("", text)


_ORIGIN = re.compile(r"(\S*)(?: (\d\S*))?(?: (.*))?", re.DOTALL)


@dataclass(frozen=True)
class Origin:
    """What produced a target, stored as ``# origin: ENGINE [VERSION] [MODEL]``: "apertium
    3.8.3 fr-es 0.9.1 | spa-eng 0.8.0", "argos translate-fr_en 1.9 (ctranslate2 4.5.0)",
    "tm invisibles" (the memory, with what it came from), "review", "import"; "" for none."""

    engine: str = ""
    model: str = ""  # the model or dictionaries; for the memory, the document or TMX file
    version: str = ""  # the engine's own version, when it comes right after its name

    MEMORY = "tm"
    REVIEW = "review"  # translated from scratch by a reviewer
    IMPORT = "import"

    def __str__(self) -> str:
        return self.engine + f" {self.version}" * bool(self.version) + f" {self.model}" * bool(self.model)

    def __bool__(self) -> bool:
        return bool(str(self))

    @property
    def memory(self) -> bool:
        """A translation memory's match: what a person translated before."""
        return self.engine == Origin.MEMORY

    @classmethod
    def parse(cls, text: str) -> Origin:
        """The origin a store's text holds; whatever the text, ``str()`` gives it back."""
        engine, version, model = _ORIGIN.fullmatch(text).groups(default="")
        if engine == cls.MEMORY:  # "tm 2026-notes": a memory names where it came from, it has no version
            version, model = "", text[len(engine) + 1 :]
        found = cls(engine, model, version)
        return found if str(found) == text else cls(text)


KEEP = ": keep it"  # how a tag's meaning ends when its content stays as written
LANG = "text in lang={}: keep it as it is"  # the meaning of a span in another language


@dataclass(frozen=True)
class TagInfo:
    """What an inline tag of a segment stands for. The PO keeps only ``name`` and
    ``meaning`` (``#. <em1> emphasis``); ``described`` reads the rest back from them."""

    name: str  # "em1", "a2", "fn3": the tag as the segment text writes it, without brackets
    meaning: str  # for the translator: "emphasis", "link to https://…", "code `x`: keep it"
    keep: bool = False  # its content stays as written: code, a formula, raw markup, a citation, another language
    lang: str = ""  # the language of a span's text ("en"), when the source says it

    @property
    def kind(self) -> str:
        """What kind of markup: "em", "a", "fn", "span"."""
        return self.name.rstrip("0123456789")

    @property
    def comment(self) -> str:
        """How the PO (and an XLIFF note) writes it: ``<em1> emphasis``."""
        return f"<{self.name}> {self.meaning}"

    @classmethod
    def described(cls, name: str, meaning: str) -> TagInfo:
        """The tag a PO comment describes: the one place a meaning's wording is read back."""
        prefix, _, suffix = LANG.partition("{}")
        lang = meaning[len(prefix) : -len(suffix)] if meaning.startswith(prefix) and meaning.endswith(suffix) else ""
        keep = bool(lang) or meaning.endswith(KEEP)
        return cls(name, meaning, keep, lang)


@dataclass(frozen=True)
class Version:
    """An earlier target of a segment, kept when another text replaced it."""

    target: str
    state: State  # the state it had
    origin: Origin = Origin()  # what had produced it
    replaced: str = ""  # what replaced it: "review", "revert", "redraft", "tm invisibles", "import FILE"
    when: str = ""  # when it was replaced, UTC, ISO 8601 to the second: "2026-12-03T14:05:09Z"
    by: str = ""  # who replaced it (a reviewer's name, when one is known)


@dataclass(frozen=True)
class Comment:
    """A note about a segment that anyone reviewing it added, with who and when."""

    text: str
    by: str = ""
    when: str = ""  # UTC, ISO 8601 to the second


def now() -> str:
    """The time as stores write it: UTC, ISO 8601 to the second ("2026-12-03T14:05:09Z")."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Segment:
    """One sentence (or heading, cell, title…) of a document and its translation.

    Inline markup is carried as numbered tags, numbered per segment in order of
    appearance: ``<em1>…</em1>``, ``<a2>…</a2>``, ``<fn3/>``. A translation must keep
    the same tags; ``tags`` says what each one stands for.
    """

    id: str  # stable while the source sentence is unchanged; PO msgctxt
    source: str
    target: str = ""
    state: State = State.UNTRANSLATED
    origin: Origin = Origin()  # what produced the target
    draft: str = ""  # the machine draft as the engine produced it (post-edit distance)
    previous: str = ""  # the source text the target was made for, when the source has changed
    flags: tuple[Flag, ...] = ()  # the glossary's (about the target) and the engine's (about the draft)
    notes: tuple[str, ...] = ()  # reviewer notes
    where: str = ""  # where in the document: "title", "heading 2", "paragraph 4, sentence 2"
    tags: tuple[TagInfo, ...] = ()  # what each tag stands for, in order of appearance
    obsolete: bool = False  # no longer in the source; kept so no translation is ever lost
    history: tuple[Version, ...] = ()  # earlier targets, oldest first (see replace_target)
    by: str = ""  # who last changed its target or state (a reviewer), when one is known
    when: str = ""  # when they did, as ``now()`` writes it
    comments: tuple[Comment, ...] = ()  # reviewers' comments, oldest first

    @property
    def meanings(self) -> dict[str, str]:
        """What each tag stands for, by name: ``{"em1": "emphasis"}``."""
        return {tag.name: tag.meaning for tag in self.tags}

    @property
    def translated(self) -> bool:
        return bool(self.target) and self.state is not State.UNTRANSLATED

    @property
    def needs_draft(self) -> bool:
        """The translate stage drafts it: no English yet, or the machine's draft of an
        older source that nobody edited (a reviewer's English is never replaced)."""
        if self.obsolete:
            return False
        if self.state is State.UNTRANSLATED or not self.target:
            return True
        return self.state is State.NEEDS_REVIEW and self.machine_drafted

    @property
    def machine_drafted(self) -> bool:
        """Its target is still the machine's draft, unreviewed: a redraft or a memory match may replace it."""
        return (
            not self.obsolete
            and self.state in (State.MACHINE, State.NEEDS_REVIEW)
            and bool(self.draft)
            and self.target == self.draft
        )

    @property
    def glossary_flags(self) -> tuple[Flag, ...]:
        """Flags about the target's glossary terms: true of whatever text the target holds."""
        return tuple(f for f in self.flags if f.kind == Flag.GLOSSARY)

    @property
    def draft_flags(self) -> tuple[Flag, ...]:
        """Every other flag: the engine's, about the machine draft, true only while the target is that draft."""
        return tuple(f for f in self.flags if f.kind != Flag.GLOSSARY)


def replace_target(
    segment: Segment,
    target: str,
    state: State,
    replaced: str,
    *,
    origin: Origin | None = None,
    draft: str | None = None,
    draft_flags: tuple[Flag, ...] = (),
    glossary=None,
    when: str | None = None,
    by: str = "",
) -> Segment:
    """The segment with a new target: the one way every route (review, revert, redraft,
    memory, import) changes a target, so that nothing is lost and flags stay true.

    - The replaced target goes to the end of ``history`` (labelled ``replaced``, e.g.
      "revert"), unless it is the same text or still kept as the draft. The history
      holds each earlier text once, and never the current one: a text that comes back
      (a restore) leaves it, and goes back in when it is replaced again.
    - ``draft`` (with the engine's ``draft_flags`` for it) is a new machine draft.
    - Glossary flags are recomputed for the new text with ``glossary`` (kept as they
      were without one); the other flags are about the draft and stay only while the
      target is the draft.
    """
    new_draft = segment.draft if draft is None else draft
    history = tuple(v for v in segment.history if v.target != target)  # restored: no longer earlier
    old = segment.target if segment.state is not State.UNTRANSLATED else ""
    if old and old != target and old != new_draft:
        stamp = when or now()
        earlier = Version(old, segment.state, segment.origin, replaced, stamp, by)
        history = tuple(v for v in history if v.target != old) + (earlier,)
    about_draft = (draft_flags if draft is not None else segment.draft_flags) if target == new_draft else ()
    if glossary is None:
        about_text = segment.glossary_flags
    else:
        about_text = tuple(glossary.check(segment.source, target)) if target else ()
    return replace(
        segment,
        target=target,
        state=state,
        origin=segment.origin if origin is None else origin,
        draft=new_draft,
        flags=about_text + about_draft,
        history=history,
    )


@dataclass(frozen=True)
class Term:
    """A glossary entry: French forms, English forms, renderings to avoid."""

    source: str
    target: str
    forms: tuple[str, ...] = ()
    target_forms: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()
    note: str = ""
    keep: bool = False  # do-not-translate: the target is the source


@dataclass(frozen=True)
class Issue:
    check: str
    segment_id: str
    message: str
    severity: str = "error"  # error | warning | info
    details: dict = field(default_factory=dict, compare=False)
