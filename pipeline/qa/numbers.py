"""QA check: numbers, dates, times, amounts and percentages carried over, converted to English
(``pipeline.core.quantities`` reads each side with its own conventions into values that must match)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from pipeline.core.model import Segment
from pipeline.core.quantities import EN_ORDINALS, EN_WORDS, FR_WORDS, english_written, french_written, quantities, show
from pipeline.core.tags import plain
from pipeline.qa.base import Context


def numbers(segment: Segment, context: Context) -> Iterator[str]:
    """Numbers, dates, times or amounts differ"""
    source_text, target_text = plain(segment.source), plain(segment.target)
    source = quantities(source_text, "fr")
    french = french_written(target_text)
    # A quantity written the French way is one problem, said once: not also a decimal
    # comma, a missing amount and the stray numbers its digits read as in English.
    for start, end, *_ in french:
        target_text = target_text[:start] + " " * (end - start) + target_text[end:]
    target = quantities(target_text, "en") + [(value, written) for _, _, value, written, _ in french]
    written = {value: text for value, text in source}
    missing = Counter(v for v, _ in source) - Counter(v for v, _ in target)
    extra = Counter(v for v, _ in target) - Counter(v for v, _ in source)
    for *_, text, habits in french:
        yield f"{text!r} is written the French way ({', '.join(habits)}): English writes {english_written(text)!r}"
    # A date given with its year on one side only is the same date.
    for value in list(missing):
        if value[0] == "date":
            twin = next(
                (e for e in extra if e[0] == "date" and e[1:3] == value[1:3] and None in (e[3], value[3])), None
            )
            if twin:
                _take(missing, value), _take(extra, twin)
    # Small numbers may be spelled out on either side ("4 épisodes" ↔ "four episodes").
    en_words = Counter(w.lower() for w in re.findall(r"[a-z]+", target_text, re.I))
    fr_words = Counter(w.lower() for w in re.findall(r"[\w-]+", source_text))
    for value in list(missing.elements()):
        if value[0] != "number" or value[1] not in range(len(EN_WORDS)):
            continue
        words = [EN_WORDS[value[1]]] + [EN_ORDINALS[value[1]]] * (value[1] < len(EN_ORDINALS))
        word = next((w for w in words if en_words[w] > 0), None)
        if word:
            en_words[word] -= 1
            _take(missing, value)
    for value in list(extra.elements()):
        if value[0] == "number" and value[1] in range(len(FR_WORDS)) and fr_words[FR_WORDS[value[1]]] > 0:
            fr_words[FR_WORDS[value[1]]] -= 1
            _take(extra, value)
    for match in re.finditer(r"(?<![\d,])\d+,\d{1,2}(?![\d,])|\d+,\d{4,}", target_text):
        yield f"{match.group()!r} has a French decimal comma: English writes {match.group().replace(',', '.')!r}"
    for value in missing.elements():
        yield f"{written[value]!r} ({show(value)}) is not in the target"
    for value in extra.elements():
        yield f"{show(value)} is in the target but not in the source"


def _take(counter: Counter, value: tuple) -> None:
    counter[value] -= 1
    if counter[value] <= 0:
        del counter[value]
