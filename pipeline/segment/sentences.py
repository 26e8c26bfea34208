"""French sentence boundaries.

pySBD does the work: it implements the "Golden Rules" of sentence boundary detection,
ships French rules and abbreviations, keeps the text unchanged and returns character
offsets, which is what lets us cut inline markup at the same places. We add the
abbreviations French newsrooms write that its list lacks, and one French rule: an
ellipsis followed by a capital letter ends a sentence ("Il attendit… Rien ne vint.").
"""

from __future__ import annotations

import functools
import re

EXTRA_ABBREVIATIONS = [
    "p",
    "m",
    "mm",
    "mme",
    "mmes",
    "mlle",
    "mlles",
    "dr",
    "pr",
    "me",
    "mgr",
    "st",
    "ste",
    "janv",
    "févr",
    "fév",
    "avr",
    "juil",
    "sept",
    "oct",
    "nov",
    "déc",
    "no",
    "n°",
    "nos",
    "vol",
    "éd",
    "coll",
    "trad",
    "dir",
    "env",
    "cie",
    "ets",
    "min",
    "max",
    "hab",
    "tel",
]
# Titles that always precede a name, so a capital after them starts no sentence.
TITLES = ["m", "mm", "mme", "mmes", "mlle", "mlles", "dr", "pr", "me", "mgr", "st", "ste", "p"]

_ELLIPSIS_BREAK = re.compile(r"(?:…|\.\.\.)(?:\s*[»”\"’)])?\s+(?=[A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ«\"“])")
# pySBD never cuts inside quotation marks, but a French quotation often holds whole
# sentences, with the attribution inside it ("…, rappelle l'auteur. Au départ, …").
# It sees the marks as a neutral symbol; the cuts are then checked against the real text.
_HIDE_QUOTES = str.maketrans({c: "¤" for c in '«»“”„"'})
_CLOSERS = '»”"’)]'
_SEPARATORS = " \t\r\n"
_WORD = re.compile(r"\w")
_BEFORE_PERIOD = re.compile(r"(?<!\S)([^\s.]+)\.")  # a word after a space (or the start) and before a period


@functools.cache
def _segmenter():
    # pySBD: 5 ms, 5 % of a no-op build, which splits nothing
    import pysbd
    import pysbd.languages
    from pysbd.lang.french import French

    abbreviations = sorted(set(French.Abbreviation.ABBREVIATIONS + EXTRA_ABBREVIATIONS))

    class FrenchPress(French):
        iso_code = "fr"

        class Abbreviation(French.Abbreviation):
            ABBREVIATIONS = abbreviations
            PREPOSITIVE_ABBREVIATIONS = TITLES

        AbbreviationReplacer = _abbreviation_replacer(French.AbbreviationReplacer, abbreviations)

    pysbd.languages.LANGUAGE_CODES["fr-pipeline"] = FrenchPress
    return pysbd.Segmenter(language="fr-pipeline", clean=False)


def _abbreviation_replacer(base, abbreviations: list[str]):
    """pySBD's abbreviation pass, giving the same text with a fraction of its work.

    For each abbreviation met in a line, pySBD takes every word starting with it ("p" in
    "plateforme", "pour", …) and, for each, compiles and runs a substitution over the whole
    line, which grows with the square of a paragraph's length: 1,293 substitutions for one
    paragraph of the article. Every substitution it can run turns the period of
    "<space><abbreviation>." into a marker, so an abbreviation never written that way is
    skipped here (one expression finds those that are), and a substitution already run is
    not run again for another word (it has nothing left to change).
    """
    plain = [a for a in abbreviations if re.escape(a) == a]  # no "." or other metacharacter
    checked = set(plain)
    # Which plain abbreviation a word is, as pySBD's case-blind match sees it: one group
    # each, and no two match the same word (they are distinct lower-case words).
    which = re.compile("|".join(f"({a})" for a in plain), re.IGNORECASE)

    def written(text: str) -> set[str]:
        """The plain abbreviations written "<space><abbreviation>." in ``text``."""
        return {plain[m.lastindex - 1] for w in set(_BEFORE_PERIOD.findall(text)) if (m := which.fullmatch(w))}

    class AbbreviationReplacer(base):
        def search_for_abbreviations_in_string(self, text):
            if "{" in text:  # pySBD's look-behind for the next word matches a literal "{abbr} "
                return super().search_for_abbreviations_in_string(text)
            lowered = text.lower()
            found = written(text)
            for abbr in self.lang.Abbreviation.ABBREVIATIONS:
                stripped = abbr.strip()
                if stripped not in lowered or (stripped in checked and stripped not in found):
                    continue
                matches = re.findall(rf"(?:^|\s|\r|\n){stripped}", text, flags=re.IGNORECASE)
                for form in dict.fromkeys(m.strip() for m in matches):
                    text = self.scan_for_replacements(text, form, 0, [])
            return text

    return AbbreviationReplacer


# A paragraph that makes pySBD compile the expressions every French text needs (some
# 200, a quarter of what splitting an article costs in a fresh process), so they can be
# compiled while Pandoc parses the source: see ``warm_up``.
_WARM_UP = (
    "« Qui est là ? » demanda M. Dupont, le 3 janv. 2019 à 14 h. Il attendit… Rien ne vint ! "
    "Voir p. 12, etc. Le Dr Martin (env. 50 ans) dit : « Oui. » 1. Puis il partit."
)


@functools.cache
def warm_up() -> None:
    """Build the splitter and compile its expressions, once per process."""
    boundaries(_WARM_UP)


def _starts(text: str) -> list[int]:
    """Where pySBD's sentences start in ``text``.

    Its own ``char_span`` option finds each sentence with a regular expression compiled
    for that sentence alone; a search from the end of the previous one finds the same.
    """
    starts, cursor = [], 0
    for sentence in _segmenter().processor(text).process():
        at = text.find(sentence, cursor)
        if at >= 0:
            starts.append(at)
            cursor = at + len(sentence)
    return starts


def boundaries(text: str) -> list[int]:
    """Offsets where a new sentence starts (after the whitespace that separates it).

    Only positions preceded by whitespace are returned, so cutting there and joining
    the pieces with one space gives the text back.
    """
    if not text.strip():
        return []
    cuts = set(_starts(text.translate(_HIDE_QUOTES))[1:])
    for match in _ELLIPSIS_BREAK.finditer(text):
        cuts.add(match.end())
    result = []
    for cut in sorted(cuts):
        # Closing quotes and brackets end the sentence before them; whitespace separates.
        while cut < len(text) and (text[cut].isspace() or text[cut] in _CLOSERS):
            cut += 1
        # A no-break space binds (French puts one before "!", "?", ":" and "»"), so only an
        # ordinary space can separate two sentences.
        if not (0 < cut < len(text) and text[cut - 1] in _SEPARATORS and text[:cut].strip()):
            continue
        if _continues(text[cut:]) or (result and result[-1] == cut):
            continue
        result.append(cut)
    return _with_words(text, result)


def _with_words(text: str, cuts: list[int]) -> list[int]:
    """Drop cuts that would leave a piece without a word ("Quoi ? !", a lone "…")."""
    kept: list[int] = []
    for cut in cuts:
        start = kept[-1] if kept else 0
        if _WORD.search(text[start:cut]):
            kept.append(cut)
    if kept and not _WORD.search(text[kept[-1] :]):
        kept.pop()
    return kept


def _continues(rest: str) -> bool:
    """A French sentence never starts in lower case: "« Qui ? » demanda-t-il." is one."""
    for char in rest:
        if char.isalpha():
            return char.islower()
        if char.isdigit():
            return False
    return False
