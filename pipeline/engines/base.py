"""What every translation engine offers, and what it is given.

The translate stage prepares each segment (glossary terms found, English spans
protected) into a ``Request``; an engine turns a batch of requests into drafts, in one
go, keeping the inline tags; the stage then verifies the glossary on every draft.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.model import Segment


@dataclass(frozen=True)
class Required:
    """A glossary term found in the source: the draft must contain one of ``forms``."""

    source: str  # the French words as found, e.g. "travailleuses du clic"
    forms: tuple[str, ...]  # accepted English renderings, preferred first
    avoid: tuple[str, ...] = ()  # renderings that must not appear
    keep: bool = False  # do-not-translate: the form is the source itself
    adjective: bool = False  # goes before the noun in English ("Malagasy click workers")
    article: bool = True  # False for names: English drops "the" before them


@dataclass(frozen=True)
class Request:
    segment: Segment
    text: str  # the source text as the engine should see it (tags kept)
    required: tuple[Required, ...] = field(default=())


class Engine:
    """Base class: a named engine that may or may not be installed on this machine."""

    name = ""

    def available(self) -> bool:
        raise NotImplementedError

    def origin(self) -> str:
        """What produced the drafts, recorded in the store: engine, model, version."""
        raise NotImplementedError

    def how_to_install(self) -> str:
        """One sentence telling the user how to make this engine available."""
        raise NotImplementedError

    def translate(self, requests: list[Request]) -> list[str]:
        """Drafts for a batch of requests, in order, with the same inline tags."""
        raise NotImplementedError

    def flags(self) -> list[tuple[str, ...]]:
        """Flags for each draft of the last ``translate`` call, in order (e.g. words the
        engine did not know and left in French); none by default."""
        return []
