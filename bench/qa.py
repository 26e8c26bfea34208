"""Benchmark: what each QA check costs on the article, as ratios against reading the store.

Run by hand (not in CI):  python bench/qa.py [--rounds 7]

On a throw-away project holding the article and its reference English translation
(tests/data/invisibles.en.json), times, in one process:
  load       store.load of the PO file: the baseline every QA run pays anyway
  <check>    one pass of that check over the 60 segments (Lingua's models loaded first)
  lingua     the first detection in a fresh detector: loading French and English models
Medians over the rounds, as ratios to ``load``; absolute milliseconds beside them.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


def timed(function, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()

    from reference import translate

    from pipeline import qa, store
    from pipeline.qa import french
    from pipeline.qa.base import Context

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        (root / "source").mkdir(parents=True)
        shutil.copy(ROOT / "source" / "invisibles.fr.md", root / "source")
        doc = translate(root)
        segments = store.load(doc)
        context = Context()

        start = time.perf_counter()
        french.french_stretches("Des humains qui pédalent derrière un écran de fumée.")
        first = time.perf_counter() - start

        base = timed(lambda: store.load(doc), args.rounds)
        print(f"{'what':<16}{'ratio':>8}{'ms':>10}")
        print(f"{'load':<16}{1:>8.2f}{base * 1000:>10.1f}")
        for name, check in qa.CHECKS.items():
            cost = timed(lambda c=check: [list(c.function(s, context)) for s in segments], args.rounds)
            print(f"{name:<16}{cost / base:>8.2f}{cost * 1000:>10.1f}")
        print(f"{'lingua (first)':<16}{first / base:>8.2f}{first * 1000:>10.1f}")


if __name__ == "__main__":
    main()
