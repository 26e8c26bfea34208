"""QA check: French left in the English target, found by language identification per segment.

Lingua (restricted to French and English) finds the French stretches of a target. Text
that is meant to stay as it is is removed first: spans marked lang=en, glossary
do-not-translate terms, and capitalised words copied from the source (names such as
"France Télévisions" or "Henri Poulain").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from lingua import Language, LanguageDetectorBuilder

from pipeline.core import lexicon
from pipeline.core.model import Segment
from pipeline.qa.base import Context, without_kept

MIN_WORDS = 3  # a French stretch shorter than this is too often a name or a loan word ("café")
# Lingua alone reads some short English phrases as French ("In four episodes"); a stretch
# is reported only if it also has a word that is French and not English: a function word
# or a word with French accents.
MARKERS = set(
    "le la les l’ l' un une des du de d’ d' et est sont ce cette ces cet qui que qu’ qu' quoi dont où "
    "pour par dans avec sans sur sous chez vers entre mais ou donc car ni ne pas plus très aussi "
    "il elle ils elles nous vous je tu leur leurs son sa ses mon ma mes notre nos votre vos "
    "au aux à été être avoir fait comme".split()
)
# Single words copied from the source (see copied_words): shorter ones are too often
# English too ("plus", "face"); the scores were set on Apertium's drafts of the article.
MIN_LETTERS = 5
DICTIONARY_LETTERS = 4  # shorter French words copied over are names' particles ("de", "la")
WORD_SCORE, WORD_ACCENTED = 0.8, 0.5
_ACCENT = re.compile(r"[éèêëàâçùûüôîïœ]", re.I)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@functools.cache
def _detector():
    return LanguageDetectorBuilder.from_languages(Language.FRENCH, Language.ENGLISH).build()


def french_stretches(text: str) -> list[str]:
    """The stretches of ``text`` that Lingua reads as French, at least MIN_WORDS words long."""
    words = _WORD.findall(text)
    if len(words) < MIN_WORDS:
        return []
    text = " ".join(words)
    found = []
    for result in _detector().detect_multiple_languages_of(text):
        stretch = text[result.start_index : result.end_index].strip()
        stretch_words = _WORD.findall(stretch)
        if result.language == Language.FRENCH and len(stretch_words) >= MIN_WORDS and _marked(stretch_words):
            found.append(stretch)
    return found


def _marked(words: list[str]) -> bool:
    return any(w.lower() in MARKERS or _ACCENT.search(w) or re.match(r"[ldjmnstc]['’]", w, re.I) for w in words)


def copied_words(source: str, target: str) -> list[str]:
    """Lower-case words of the source left as they are in the target that Lingua takes for French.

    A rule-based engine passes the words it does not know through ("les coulisses" →
    "the coulisses"). A word no English dictionary has and a French one does is French
    (``pipeline.core.lexicon``); otherwise Lingua decides. Cognates ("conditions", "machines") score near 0.5 and names are
    capitalised; an accent makes a word French at a lower score ("tolérable").
    """
    words = _WORD.findall(source) + lexicon.french_words(source)  # "d'œufs" holds "œufs"
    known = {w for w in words if len(w) >= DICTIONARY_LETTERS and w[0].islower()}
    found = []
    for word in dict.fromkeys(w for w in _WORD.findall(target) if w in known):
        if lexicon.language(word) == "French":  # no English word, a French one ("capot", "œufs")
            found.append(word)
            continue
        if len(word) < MIN_LETTERS:
            continue
        score = _detector().compute_language_confidence(word, Language.FRENCH)
        if score >= (WORD_ACCENTED if _ACCENT.search(word) else WORD_SCORE):
            found.append(word)
    return found


def french(segment: Segment, context: Context) -> Iterator[str]:
    """French left in the English"""
    names = {w for w in _WORD.findall(segment.source) if w[0].isupper()}
    text = without_kept(segment, segment.target, context)
    for word in copied_words(without_kept(segment, segment.source, context), text):
        yield f"left in French: {word!r}"
    text = _WORD.sub(lambda m: " " if m.group() in names else m.group(), text)
    for stretch in french_stretches(text):
        yield f"this reads as French: {stretch!r}"
