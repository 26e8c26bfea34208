"""Search by lemma: "ouvrira" finds "ouvre" and "ouvrir", "workers" finds "worker", in the
French (French lemmas) and the English (English lemmas) of a document, with the words
that matched so the page can highlight them. simplemma does the lemmas, as for the glossary."""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.core import tags
from pipeline.core.model import Segment

_WORD = re.compile(r"\w+(?:['’]\w+)*")
MAX_QUERY = 200


@lru_cache(maxsize=200_000)
def lemma(word: str, lang: str) -> str:
    import simplemma  # only when a reviewer searches

    return simplemma.lemmatize(word.casefold(), lang=lang).casefold()


def _words(text: str) -> list[str]:
    return _WORD.findall(tags.plain(text, " "))


def hits(segments: list[Segment], query: str) -> dict[str, list[str]]:
    """Segment id → the words of its French or English whose lemmas are the query's (every
    query word must be there, in one language or the other)."""
    wanted = _words(query[:MAX_QUERY])
    if not wanted:
        return {}
    out = {}
    for s in segments:
        for text, lang in ((s.source, "fr"), (s.target, "en")):
            words = _words(text)
            lemmas = {lemma(w, lang) for w in words}
            if all(lemma(w, lang) in lemmas or w.casefold() in lemmas for w in wanted):
                keys = {lemma(w, lang) for w in wanted} | {w.casefold() for w in wanted}
                out.setdefault(s.id, []).extend(w for w in words if lemma(w, lang) in keys)
    return out
