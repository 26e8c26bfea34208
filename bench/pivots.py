"""Measurement: would choosing per sentence among Apertium's pivots give better drafts?

Debian ships three French→English routes through Apertium: the Spanish pivot the engine
uses (fr-es | spa-eng), a Catalan one (fra-cat | cat-eng) and an Esperanto one (fr-eo |
eo-en). Each route here is the apertium engine itself with another transport (the same
preparation, post-processing, glossary and tags); per sentence, the candidates with the
fewest words Apertium marked unknown are kept, and the one that agrees most with the
others wins (minimum Bayes risk: the mean chrF against the other candidates; also without
counting unknown words), but a
route other than Spanish only by more than MARGIN points; and the Spanish drafts with the
words they left in French translated alone by another route. Printed: sacrebleu's chrF
against the article's reference translation (tests/data/invisibles.en.json, tags
removed), over segments and over paragraphs (a paragraph's segments joined), for each
route alone, each choice, and the best possible pick per segment (the oracle).

The other pairs are installed for this measurement only, not as dependencies:

    apt-get install apertium-fra-cat apertium-eng-cat apertium-eo-fr apertium-eo-en
    python bench/pivots.py
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sacrebleu.metrics import CHRF  # noqa: E402

from pipeline import glossary, translate  # noqa: E402
from pipeline.core import tags  # noqa: E402
from pipeline.engines.apertium import ApertiumEngine, document, paragraphs  # noqa: E402
from pipeline.segment.document import segments  # noqa: E402
from pipeline.segment.pandoc import read_source  # noqa: E402

ROUTES = {"es": ("fr-es", "spa-eng"), "cat": ("fra-cat", "cat-eng"), "eo": ("fr-eo", "eo-en")}
MARGINS = (0, 2, 5, 10)
_MARKED = re.compile(r"(?<![\w&])[*#@]+(?=\w)")  # a word Apertium did not know, at either step
CHRF_ = CHRF()


class Route(ApertiumEngine):
    """The apertium engine through other pairs; counts the words each segment left unknown."""

    def __init__(self, pairs: tuple[str, str]) -> None:
        self.pairs = pairs
        self.unknown: dict[int, int] = {}

    def _translate_all(self, texts: list[str]) -> dict[int, str]:
        text = document(dict(enumerate(texts)))
        for pair in self.pairs:
            text = subprocess.run(
                ["apertium", "-f", "html", pair], input=text, capture_output=True, text=True, check=True
            ).stdout
        found = paragraphs(text, len(texts), " | ".join(self.pairs))
        if not self.unknown:  # the first call has every segment (a retry, only some)
            self.unknown = {n: len(_MARKED.findall(html)) for n, html in found.items()}
        return found


def main() -> None:
    terms = glossary.load(ROOT / "glossary.yaml")
    reference = json.loads((ROOT / "tests" / "data" / "invisibles.en.json").read_text(encoding="utf-8"))
    found = segments(read_source(ROOT / "source" / "invisibles.fr.md")[1])
    requests = [translate.prepare(s, terms) for s in found]
    references = [tags.plain(reference[s.source]) for s in found]
    paragraph = [re.sub(r", sentence \d+$", "", s.where) for s in found]
    drafts, unknown, engine_drafts = {}, {}, {}
    for name, pairs in ROUTES.items():
        route = Route(pairs)
        out = route.translate(requests)
        engine_drafts[name] = out
        drafts[name] = [tags.plain(terms.enforce(r.text, d.text)) for r, d in zip(requests, out)]
        unknown[name] = [route.unknown[n] for n in range(len(requests))]

    def scores(chosen: list[str]) -> str:
        joined: dict[str, tuple[list[str], list[str]]] = {}
        for where, draft, ref in zip(paragraph, chosen, references):
            joined.setdefault(where, ([], []))
            joined[where][0].append(draft)
            joined[where][1].append(ref)
        by_paragraph = CHRF_.corpus_score(
            [" ".join(d) for d, _ in joined.values()], [[" ".join(r) for _, r in joined.values()]]
        )
        return f"segments {CHRF_.corpus_score(chosen, [references]).score:5.2f}  paragraphs {by_paragraph.score:5.2f}"

    print(f"{len(requests)} segments of the article; chrF against the reference translation")
    for name in ROUTES:
        print(f"{name:>18} alone: {scores(drafts[name])}  (unknown words {sum(unknown[name])})")
    for refuse in (True, False):
        print("fewest unknown words first" if refuse else "unknown words not counted")
        for names in (("es", "cat"), ("es", "cat", "eo")):
            for margin in MARGINS:
                chosen, switched = _choose(drafts, unknown if refuse else None, names, margin)
                print(f"{'+'.join(names):>12} margin {margin:>2}: {scores(chosen)}  ({switched} not Spanish)")
    spanish = engine_drafts["es"]
    # Words the Spanish route left in French, each translated alone by the first other
    # route that knows it, written into the chosen draft (a filled word would keep its flag).
    fills = _fills(sorted({w for d in spanish for w in _french_words(d)}))
    print(
        f"unknown French words of the Spanish route: {len(fills)} filled of {len({w for d in spanish for w in _french_words(d)})}: {fills}"
    )
    for label, base in (("es", drafts["es"]), ("es+cat+eo margin 0", _choose(drafts, unknown, tuple(ROUTES), 0)[0])):
        filled = [_fill(text, _french_words(d), fills) for text, d in zip(base, spanish)]
        print(f"{label + ', filled':>18}: {scores(filled)}")
    oracle = [
        max((drafts[n][i] for n in ROUTES), key=lambda d, i=i: CHRF_.sentence_score(d, [references[i]]).score)
        for i in range(len(requests))
    ]
    print(f"{'oracle':>18}: {scores(oracle)}")


def _french_words(draft) -> list[str]:
    """The French words a draft's flags say Apertium did not know."""
    return [w for f in draft.flags if "French word" in f.message for w in re.findall(r"'([^']+)'", f.message)]


def _fills(words: list[str]) -> dict[str, str]:
    """Each word's English from the first other route that knows it, translated alone."""
    found: dict[str, str] = {}
    for name, pairs in ROUTES.items():
        if name == "es":
            continue
        text = document(dict(enumerate(words)))
        for pair in pairs:
            text = subprocess.run(["apertium", "-f", "html", pair], input=text, capture_output=True, text=True).stdout
        for n, english in paragraphs(text, len(words), name).items():
            english = english.strip()
            if words[n][:1].islower():  # alone in its paragraph, a word starts a sentence
                english = english[:1].lower() + english[1:]
            if not _MARKED.search(english) and english.lower() != words[n].lower():
                found.setdefault(words[n], english)
    return found


def _fill(text: str, words: list[str], fills: dict[str, str]) -> str:
    for word in words:
        if word in fills:
            text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", fills[word], text)
    return text


def _choose(drafts, unknown, names, margin) -> tuple[list[str], int]:
    """Per segment: the fewest unknown words (unless ``unknown`` is None), then minimum Bayes
    risk; Spanish unless beaten by ``margin``."""
    chosen, switched = [], 0
    for i in range(len(drafts["es"])):
        fewest = min(unknown[n][i] for n in names) if unknown else 0
        kept = [n for n in names if not unknown or unknown[n][i] == fewest]
        agreement = {
            n: sum(CHRF_.sentence_score(drafts[n][i], [drafts[m][i]]).score for m in names if m != n) for n in kept
        }
        best = max(agreement, key=agreement.get)
        if "es" in agreement and (agreement[best] - agreement["es"]) / (len(names) - 1) <= margin:
            best = "es"
        chosen.append(drafts[best][i])
        switched += best != "es"
    return chosen, switched


if __name__ == "__main__":
    main()
