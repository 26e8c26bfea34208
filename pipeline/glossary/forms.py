"""Words of a glossary term: French tokens (elision, apostrophes), and the rules that
generate plural and feminine forms in French and plurals in English."""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.core import tags

APOSTROPHES = "'’ʼ‘`´"
_APOS = re.compile(f"[{APOSTROPHES}]")
# An elided article, pronoun or conjunction is a token of its own: "l’intelligence" is
# "l'" + "intelligence", so a term matches whatever elided word precedes it.
_ELIDED = "l|d|qu|j|n|s|c|m|t|jusqu|lorsqu|puisqu|quoiqu"
INCLUSIVE_DOTS = "·•⋅‧"
# A dotted inclusive form ("travailleur·euse·s") is one word.
TOKEN = re.compile(rf"(?:(?:{_ELIDED})[{APOSTROPHES}])|\w+(?:[-‑{INCLUSIVE_DOTS}]\w+)*", re.IGNORECASE)
# Words after which a French noun phrase stops inflecting: "moteurs de recherche".
_COMPLEMENT = {"de", "d'", "du", "des", "à", "au", "aux", "en", "pour", "sur", "par", "avec", "sans", "la", "le", "les"}


def normal(word: str) -> str:
    """How words compare: case-folded, every apostrophe the same, a dotted inclusive form
    as its masculine ("payé·e·s" → "payés")."""
    return _APOS.sub("'", masculine(word) if any(d in word for d in INCLUSIVE_DOTS) else word).casefold()


def as_written(word: str) -> str:
    """How names compare: case kept, every apostrophe the same."""
    return _APOS.sub("'", word)


def masculine(word: str) -> str:
    """The masculine of a dotted inclusive form: "payé·e·s" → "payés", "Chacun·e" → "Chacun"."""
    base, *rest = re.split(f"[{INCLUSIVE_DOTS}]", word)
    if rest and rest[-1].lower().endswith(("s", "x")) and not base.lower().endswith(("s", "x")):
        return base + ("x" if base.lower().endswith(("eau", "au", "eu")) else "s")
    return base


def tokens(text: str) -> list[tuple[int, int, str]]:
    """(start, end, word) for every word of a French text, tags ignored."""
    return [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(tags.mask(text))]


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    import simplemma  # 26 ms: only when French forms are matched, not to load or export a glossary

    return normal(simplemma.lemmatize(normal(word), lang="fr"))


def _head_words(words: list[str]) -> int:
    """How many leading words inflect: the head noun and its adjectives, up to the complement."""
    for i, word in enumerate(words):
        if normal(word) in _COMPLEMENT:
            return i
    return len(words)


def _inflect(phrase: str, rule) -> str:
    words = phrase.split(" ")
    n = _head_words(words)
    out = []
    for i, word in enumerate(words):
        if i < n and not (len(word) > 1 and word.isupper()):  # "VTC" never inflects
            # in "micro-travailleur" only the last part inflects
            prefix, _, last = word.rpartition("-")
            word = (prefix + "-" if prefix else "") + rule(last)
        out.append(word)
    return " ".join(out)


def _plural_word(word: str) -> str:
    low = word.lower()
    if low.endswith(("s", "x", "z")):
        return word
    if low.endswith("al") and low not in {
        "bal",
        "festival",
        "carnaval",
        "chacal",
        "récital",
        "banal",
        "fatal",
        "naval",
    }:
        return word[:-2] + "aux"
    if low.endswith(("eau", "au", "eu")) and low not in {"pneu", "bleu"}:
        return word + "x"
    return word + "s"


def _feminine_word(word: str) -> str:
    low = word.lower()
    for masculine, feminine in (
        ("eur", "euse"),
        ("ien", "ienne"),
        ("on", "onne"),
        ("el", "elle"),
        ("er", "ère"),
        ("if", "ive"),
        ("eux", "euse"),
        ("et", "ette"),
    ):
        if low.endswith(masculine):
            return word[: len(word) - len(masculine)] + feminine
    if low.endswith("e"):
        return word
    return word + "e"


def french_plural(phrase: str) -> str:
    return _inflect(phrase, _plural_word)


def french_feminine(phrase: str) -> str:
    return _inflect(phrase, _feminine_word)


def english_plural(phrase: str) -> str:
    """Plural of an English noun phrase: its last word inflects ("click worker" → "click workers")."""
    head, _, last = phrase.rpartition(" ")
    low = last.lower()
    if low.endswith(("s", "x", "z", "ch", "sh")):
        last += "es"
    elif low.endswith("y") and len(low) > 1 and low[-2] not in "aeiou":
        last = last[:-1] + "ies"
    else:
        last += "s"
    return f"{head} {last}" if head else last


def is_plural(phrase: str) -> bool:
    """Whether a French noun phrase as found is plural (its first word carries the number)."""
    words = [w for w in phrase.split() if w]
    if not words:
        return False
    first = words[0].rpartition("-")[2].lower()
    return first.endswith(("s", "x")) and not first.endswith(("ais", "ois", "us"))


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


@lru_cache(maxsize=4096)
def english(form: str, exact: bool = False) -> re.Pattern:
    """An English form as a pattern, the one way every stage asks "does this English hold
    this form": any spacing (a no-break space too), any apostrophe; a lower-case form in
    any case (sentence start, headings), a name (or ``exact``) only as written."""
    parts = [re.escape(w) for w in form.split()]
    body = r"[\s\u00a0]+".join(parts)
    body = re.sub(r"(?:\\?['’])", "['’]", body)
    flags = 0 if exact or (form[:1].isupper() and form != form.upper()) else re.IGNORECASE
    return re.compile(rf"(?<!\w){body}(?!\w)", flags)
