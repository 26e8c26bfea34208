"""Whether an English text can be the translation of its French source: English words, no
French left in it, a length in proportion, and what is to stay as written set aside first.

QA's ``french`` and ``length`` checks report these on the store; the llm engine asks them
of every answer a model gives, since a model's output is never trusted as it comes.

Lingua (restricted to French and English) finds the French stretches of a target; words
copied from the source are French when a French dictionary knows them and no English one
does (``pipeline.core.lexicon``), or when Lingua is sure enough of them alone.
"""

from __future__ import annotations

import functools
import re

from pipeline.core import lexicon, tags

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
# English runs 10–20% shorter than French. Outside these bounds, something is missing or
# was added (a sentence dropped, an engine repeating itself). Short segments vary too much.
SHORTEST, LONGEST = 0.5, 1.6
MIN_SOURCE = 30  # characters
# An English text's words are English words, or its source's (names, terms kept): a model's
# garbage or another language has few of them, a translation nearly only them.
ENGLISH_SHARE = 0.5
_ACCENT = re.compile(r"[éèêëàâçùûüôîïœ]", re.I)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@functools.cache
def _detector():
    from lingua import Language, LanguageDetectorBuilder  # 60 ms: for the checks that ask it

    return LanguageDetectorBuilder.from_languages(Language.FRENCH, Language.ENGLISH).build()


def without_kept(text: str, kept_tags, keep_terms=()) -> str:
    """Plain text without what stays as written: what the ``kept_tags`` enclose (spans in
    another language, code, formulas) and the glossary's do-not-translate terms."""
    for name in kept_tags:
        text = tags.drop(text, name)
    text = tags.plain(text)
    for term in sorted(keep_terms, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(term)}(?!\w)", " ", text, flags=re.I)
    return text


def french_left(source: str, target: str) -> list[str]:
    """What reads as French in an English target, one sentence each: words of the source
    left as they are, and stretches that read as French (names of the source aside).
    Both texts plain, what stays as written already set aside (``without_kept``)."""
    names = {w for w in _WORD.findall(source) if w[0].isupper()}
    found = [f"left in French: {word!r}" for word in copied_words(source, target)]
    target = _WORD.sub(lambda m: " " if m.group() in names else m.group(), target)
    return found + [f"this reads as French: {stretch!r}" for stretch in french_stretches(target)]


def french_stretches(text: str) -> list[str]:
    """The stretches of ``text`` that Lingua reads as French, at least MIN_WORDS words long."""
    from lingua import Language

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
    from lingua import Language

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


def not_english(source: str, target: str) -> str | None:
    """One sentence when too few of a target's words (of two letters or more) are English
    words or words of its source; both texts plain, what stays as written set aside."""
    words = [w for w in lexicon.WORD.findall(target) if len(w) > 1]
    own = {w.lower() for w in lexicon.WORD.findall(source)}
    known = sum(w.lower() in own or lexicon.knows("English", w) for w in words)
    if known >= ENGLISH_SHARE * len(words):
        return None
    return f"only {known} of its {len(words)} words are English words or words of the source"


def out_of_proportion(source: str, target: str) -> str | None:
    """One sentence when a target is much shorter or longer than its source (segment text)."""
    source, target = tags.plain(source), tags.plain(target)
    if len(source) < MIN_SOURCE:
        return None
    ratio = len(target) / len(source)
    if ratio < SHORTEST:
        return f"the target is {ratio:.0%} of the length of the source: is something missing?"
    if ratio > LONGEST:
        return f"the target is {ratio:.0%} of the length of the source: was something added?"
    return None
