"""French as an engine should see it: inclusive writing made plain before translation.

English has no grammatical gender, so "payé·e·s", "Chacun·e" and "les travailleurs et
travailleuses" all mean what their masculine form means to an engine: "paid",
"everyone", "workers". Engines trained or written for standard French mangle the dotted
forms ("payé·and·s") and translate doublets twice ("the workers and hard-working").
That is for every engine (``plain``); ``uninverted`` is for Apertium alone, which misreads
an inverted subject where a neural model or an LLM reads the French as written.
"""

from __future__ import annotations

import re

from pipeline.glossary import forms as fm

_DOTTED = re.compile(rf"\b\w+(?:[{fm.INCLUSIVE_DOTS}]\w+)+")
_DETERMINER = r"(?:les|des|aux|ces|leurs|nos|vos|ses|mes|tes|la|le|du|un|une|l['’])"
_DOUBLET = re.compile(
    rf"\b(?P<det1>{_DETERMINER}\s?)?(?P<a>\w+)\s+(?P<conj>et|ou)\s+(?P<det2>{_DETERMINER}\s?)?(?P<b>\w+)\b",
    re.IGNORECASE,
)


_PRONOUNS = "je|tu|il|elle|on|nous|vous|ils|elles"
_CLITIC = r"(?:(?:le|la|les|en|y|se|lui|leur|me|te|ne)\s+|[lsmtn]['’])"
# "pensent-ils", "en est-on", "soient-elles", "a-t-il": a subject after its verb
_INVERSION = re.compile(rf"\b(?P<clitics>{_CLITIC}*)(?P<verb>\w+)-(?:t-)?(?P<pronoun>{_PRONOUNS})\b", re.IGNORECASE)


def plain(text: str) -> str:
    """The text with dotted inclusive forms and masculine/feminine doublets as the masculine."""
    return _DOUBLET.sub(_doublet, _DOTTED.sub(_dotted, text))


def uninverted(text: str) -> str:
    """The text with inverted subjects put before their verb ("en est-on" → "on en est")."""
    return _INVERSION.sub(_uninvert, text)


def _uninvert(match: re.Match) -> str:
    """Apertium reads "est-on" as "est" + "-" + "on" ("How it is - arrived"): the
    declarative order ("on est") translates, and the question mark still says it asks."""
    clitics, verb, pronoun = match.group("clitics"), match.group("verb"), match.group("pronoun")
    if pronoun.lower() in ("nous", "vous") and (clitics or verb.lower() == "rendez"):
        return match.group()  # "le rendez-vous", "un rendez-vous": a noun, not a question
    first = clitics or verb
    capital = first[:1].isupper()
    if capital:
        clitics = clitics[:1].lower() + clitics[1:] if clitics else clitics
        verb = verb if clitics else verb[:1].lower() + verb[1:]
        pronoun = fm.capitalise(pronoun.lower())
    return f"{pronoun} {clitics}{verb}"


def _dotted(match: re.Match) -> str:
    return fm.masculine(match.group())


def _singular(word: str) -> str:
    return word[:-1] if word.lower().endswith(("s", "x")) and len(word) > 3 else word


def _feminine_of(masculine: str, feminine: str) -> bool:
    """Whether ``feminine`` is the feminine of ``masculine`` (same number)."""
    if masculine.lower() == feminine.lower():
        return False
    plural_m, plural_f = masculine.lower().endswith(("s", "x")), feminine.lower().endswith("s")
    if plural_m != plural_f and not masculine.lower().endswith("x"):
        return False
    m, f = _singular(masculine).lower(), _singular(feminine).lower()
    if m == "ceu" and f == "celle":  # ceux / celles
        return True
    if fm.french_feminine(m) == f or (m.endswith("teur") and f == m[:-4] + "trice"):
        return True
    return fm.lemma(masculine) == fm.lemma(feminine) and f.endswith("e") and not m.endswith("e")


def _doublet(match: re.Match) -> str:
    a, b = match.group("a"), match.group("b")
    if _feminine_of(a, b):
        keep_det, keep = match.group("det1"), a
    elif _feminine_of(b, a):
        keep_det, keep = match.group("det1") and (match.group("det2") or match.group("det1")), b
        if a[:1].isupper():
            keep = fm.capitalise(keep)
    else:
        return match.group()
    return f"{keep_det or ''}{keep}"
