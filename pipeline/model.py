"""The plain types that flow between stages: segments, their states, glossary terms, QA issues."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class State(enum.StrEnum):
    UNTRANSLATED = "untranslated"
    MACHINE = "machine"  # a machine draft nobody has approved yet
    NEEDS_REVIEW = "needs-review"  # the source changed (or a reviewer asked for another look)
    REVIEWED = "reviewed"


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
    origin: str = ""  # what produced the target: "apertium 3.8.3 fr-es|spa-eng", "tm", "review"
    draft: str = ""  # the machine draft as the engine produced it (post-edit distance)
    previous: str = ""  # the source text the target was made for, when the source has changed
    flags: tuple[str, ...] = ()  # "glossary: …" and other reasons for a reviewer to look
    notes: tuple[str, ...] = ()  # reviewer notes
    where: str = ""  # where in the document: "title", "heading 2", "paragraph 4, sentence 2"
    tags: tuple[tuple[str, str], ...] = ()  # ("em1", "emphasis"), ("span2", "lang=en: keep as is")
    obsolete: bool = False  # no longer in the source; kept so no translation is ever lost

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
        return self.state is State.NEEDS_REVIEW and bool(self.draft) and self.target == self.draft


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
