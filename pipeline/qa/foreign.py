"""QA check: words of the English target that are Spanish, Basque or French (see ``pipeline.core.lexicon``).

Apertium translates French through Spanish, and what its second stage does not know
stays Spanish ("a pure casualidad"), or Basque, which its Spanish dictionary holds for a
few words ("the arrantzale"). Words that are meant to be there are left out first:
``lang=en`` spans, glossary keep-terms and the glossary's English, and every word of the
source (names; a French word copied from the source is the ``french`` check's), and
words in capitals, which are acronyms ("EN", "AFP"), not words a pivot leaves.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from pipeline.core import lexicon
from pipeline.core.model import Segment
from pipeline.qa.base import Context, without_kept

PIVOT = "apertium"  # drafts of this engine went through Spanish


def foreign(segment: Segment, context: Context) -> Iterator[str]:
    """Spanish, Basque or French words in the English"""
    source = segment.source
    expected = {w.lower() for w in (*lexicon.WORD.findall(source), *lexicon.french_words(source))}
    expected |= _glossary_words(context)
    words = [
        w
        for w in lexicon.WORD.findall(without_kept(segment, segment.target, context))
        if w.lower() not in expected and not (len(w) > 1 and w.isupper())
    ]
    pivot = segment.origin.engine == PIVOT
    for word, language in lexicon.foreign(words).items():
        yield f"{language} word {word!r}{_why(language, pivot)}"


def _why(language: str, pivot: bool) -> str:
    if language == "French" or not pivot:
        return ""
    if language == "Basque":
        return " (left by the fr→es→en pivot, whose Spanish dictionary holds it)"
    return " (left by the fr→es→en pivot)"


def _glossary_words(context: Context) -> frozenset[str]:
    return frozenset() if context.glossary is None else _english_of(context.glossary)


@functools.lru_cache(maxsize=4)
def _english_of(glossary) -> frozenset[str]:
    """The words of the glossary's English, worked out once per glossary, not per segment."""
    return frozenset(
        w.lower() for term in glossary.terms for form in term.target_forms for w in lexicon.WORD.findall(form)
    )
