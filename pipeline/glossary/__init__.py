"""Glossary: glossary.yaml → terms; finding them in French sources and checking English targets.

``load(path)`` reads and validates the file (schema in docs/glossary.md);
``Glossary.find(source)`` lists the terms in a French text whatever their inflection,
elision or apostrophe; ``find_target(target, term)`` lists accepted English forms in a
target; ``check(source, target)`` says, as ``glossary: …`` flags, which terms a target
misses or renders in a way to avoid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from pipeline.core import tags
from pipeline.core.fileio import read_text
from pipeline.core.model import Flag, Term
from pipeline.glossary import forms as fm
from pipeline.glossary.schema import Entry, parse

__all__ = ["Glossary", "Match", "load", "Entry"]


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    text: str  # the French words as found: "travailleuses du clic"
    term: Term
    plural: bool = False  # the form found is plural (the English rendering agrees)


MAX_BYTES = 5_000_000  # some 50,000 terms; PyYAML would take minutes over a runaway file


def load(path: Path) -> Glossary:
    """The glossary in ``path``; an empty one if there is no such file."""
    path = Path(path)
    if not path.exists():
        return Glossary([])
    return Glossary(parse(read_text(path, "glossary", limit=MAX_BYTES), path))


class Glossary:
    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self.terms: list[Term] = [
            Term(
                source=e.fr,
                target=e.en,
                forms=(*e.singular_forms, *e.plural_forms),
                target_forms=e.en_forms,
                avoid=e.avoid,
                note=e.note,
                keep=e.keep,
            )
            for e in entries
        ]
        self._entry = dict(zip(self.terms, entries))
        # Matching keys: the words of every form, compared by surface and by lemma.
        self._surface: dict[tuple[str, ...], tuple[int, bool]] = {}
        self._exact: dict[tuple[str, ...], tuple[int, bool]] = {}  # case-sensitive (names)
        self._lemmas: dict[tuple[str, ...], int] = {}
        for k, e in enumerate(entries):
            for plural, group in ((False, e.singular_forms), (True, e.plural_forms)):
                for form in group:
                    words = [w for _, _, w in fm.tokens(form)]
                    if e.match_case:
                        self._exact.setdefault(tuple(fm.as_written(w) for w in words), (k, plural))
                    else:
                        self._surface.setdefault(tuple(fm.normal(w) for w in words), (k, plural))
                        self._lemmas.setdefault(tuple(fm.lemma(w) for w in words), k)
        self._first = {key[0] for key in (*self._surface, *self._exact, *self._lemmas) if key}
        self._lengths = sorted({len(key) for key in (*self._surface, *self._exact)}, reverse=True)

    def __len__(self) -> int:
        return len(self.terms)

    def entry(self, term: Term) -> Entry:
        return self._entry[term]

    def find(self, text: str) -> list[Match]:
        """Glossary terms in a French text (tags ignored), leftmost-longest, not overlapping."""
        if not self.entries:
            return []
        words = fm.tokens(text)
        raw = [fm.as_written(w) for _, _, w in words]
        norms = [fm.normal(w) for _, _, w in words]
        lemmas = [fm.lemma(w) for _, _, w in words]
        candidates: list[tuple[int, int, int, bool]] = []  # start char, end char, entry, plural
        for i in range(len(words)):
            if raw[i] not in self._first and norms[i] not in self._first and lemmas[i] not in self._first:
                continue
            for n in self._lengths:
                if i + n > len(words):
                    continue
                found = self._lookup(tuple(raw[i : i + n]), tuple(norms[i : i + n]), tuple(lemmas[i : i + n]))
                if found is not None:
                    candidates.append((words[i][0], words[i + n - 1][1], *found))
                    break
        for k, e in enumerate(self.entries):
            if e.pattern is not None:
                masked = tags.mask(text)
                for m in e.pattern.finditer(masked):
                    if _word_bounded(masked, m.start(), m.end()):
                        candidates.append((m.start(), m.end(), k, fm.is_plural(m.group())))
        candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
        matches: list[Match] = []
        end = -1
        for start, stop, k, plural in candidates:
            if start >= end:
                matches.append(Match(start, stop, text[start:stop], self.terms[k], plural))
                end = stop
        return matches

    def _lookup(self, exact: tuple, surface: tuple, lemmas: tuple) -> tuple[int, bool] | None:
        if exact in self._exact:
            return self._exact[exact]
        if surface in self._surface:
            return self._surface[surface]
        k = self._lemmas.get(lemmas)
        if k is not None:
            return k, fm.is_plural(" ".join(surface))
        return None

    def find_target(self, text: str, term: Term) -> list[tuple[int, int]]:
        """Spans of accepted English forms of ``term`` in a target (tags ignored)."""
        masked = tags.mask(text)
        spans = []
        for pattern in self._target_patterns(term):
            spans.extend(m.span() for m in pattern.finditer(masked))
        return sorted(set(spans))

    def avoided(self, text: str, term: Term) -> list[tuple[int, int, str]]:
        """Spans of renderings to avoid for ``term`` in a target."""
        masked = tags.mask(text)
        out = []
        for form in term.avoid:
            out.extend((m.start(), m.end(), form) for m in fm.english(form, False).finditer(masked))
        return sorted(out)

    def respected(self, source: str, target: str) -> tuple[int, int]:
        """Term accuracy of one segment: (terms rendered as the glossary says, terms in the
        source), each term counted once; the translate stage and the report both count this way."""
        terms = {match.term for match in self.find(source)}
        return sum(bool(self.find_target(target, term)) for term in terms), len(terms)

    def enforce(self, source: str, target: str) -> str:
        """The target with each rendering to avoid replaced by the glossary's English (in the
        number of the French term, capitalised where the rendering was): what ``check``
        would flag as avoided, matched the same way."""
        for match in self.find(source):
            preferred = self.entry(match.term).english(match.plural)
            for start, end, _ in reversed(self.avoided(target, match.term)):
                found = target[start:end]
                form = fm.capitalise(preferred) if found[:1].isupper() and preferred[:1].islower() else preferred
                target = target[:start] + form + target[end:]
        return target

    def check(self, source: str, target: str) -> list[Flag]:
        """Flags for a target: each term of the source missing or rendered in a way to avoid."""
        if not target:
            return []
        flags: list[Flag] = []
        seen: set[Term] = set()
        for match in self.find(source):
            if match.term in seen:
                continue
            seen.add(match.term)
            entry = self.entry(match.term)
            if entry.keep and not self.find_target(target, match.term):
                flags.append(Flag(Flag.GLOSSARY, f'"{match.text}" must stay as it is ("{entry.en}")'))
            elif not entry.keep and not self.find_target(target, match.term):
                flags.append(Flag(Flag.GLOSSARY, f'"{match.text}" needs "{entry.english(match.plural)}"'))
            for _, _, form in self.avoided(target, match.term):
                flags.append(
                    Flag(
                        Flag.GLOSSARY,
                        f'"{form}" is a rendering to avoid for "{match.text}"; use "{entry.english(match.plural)}"',
                    )
                )
        return flags

    @cached_property
    def _patterns(self) -> dict[Term, list[re.Pattern]]:
        return {term: [fm.english(form, self._entry[term].keep) for form in term.target_forms] for term in self.terms}

    def _target_patterns(self, term: Term) -> list[re.Pattern]:
        return self._patterns[term]


def _word_bounded(text: str, start: int, end: int) -> bool:
    return (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum())
