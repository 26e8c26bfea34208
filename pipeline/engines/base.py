"""What every translation engine offers, and what it is given.

The translate stage prepares each segment (glossary terms found, English spans
protected) into a ``Request``; an engine turns a batch of requests into ``Draft``s, in
one go, keeping the inline tags, each with the engine's flags about it; the stage then
verifies the glossary on every draft.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass, field
from typing import ClassVar

from pipeline.core.model import Flag, Origin, Segment


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
    # the sentences of its paragraph before and after it, tags left out: the context an
    # engine that reads it (the llm engine) is shown, while it translates this one alone
    before: str = ""
    after: str = ""


@dataclass(frozen=True)
class Draft:
    """An engine's English for one request, with its flags about it (e.g. words left in French)."""

    text: str
    flags: tuple[Flag, ...] = ()


class Engine(abc.ABC):
    """A named engine that may or may not be installed on this machine.

    What an engine may declare, as class attributes (the translate stage reads them):
    ``batch_size``, how many requests it takes per ``translate`` call (the stage saves the
    store after each call); ``aligns_tags``, whether it places the inline tags itself by
    the words they touch, as a machine does (the stage then puts tags that enclose the
    start or the end of the source back at the edges), where the memory gives a person's
    text as it is; ``needs_project``, whether it is made with the project (the memory
    reads the project's stores); ``concurrency``, how many ``translate`` calls the stage
    makes at once, each in a thread (a server answers several requests at a time);
    ``configurable``, whether it takes settings (``--llm-url``, the environment, the
    project's ``[tool.pipeline.engines.NAME]``): it is then made with the project and the
    command line's settings for it.
    """

    name: ClassVar[str] = ""
    batch_size: ClassVar[int] = 16
    aligns_tags: ClassVar[bool] = False
    needs_project: ClassVar[bool] = False
    concurrency: int = 1  # an engine may set its own from its settings or its server
    configurable: ClassVar[bool] = False

    @abc.abstractmethod
    def available(self) -> bool:
        """Whether it can translate on this machine."""

    @abc.abstractmethod
    def origin(self) -> Origin:
        """What produced the drafts, recorded in the store: engine, model, version."""

    @abc.abstractmethod
    def how_to_install(self) -> str:
        """One sentence telling the user how to make this engine available."""

    @abc.abstractmethod
    def translate(self, requests: list[Request]) -> list[Draft]:
        """Drafts for a batch of requests, in order, with the same inline tags."""
