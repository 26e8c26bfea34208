"""Benchmark: Apertium on the whole article, warm, as one pipeline of processes.

Wall time depends on what else the machine runs; the CPU time of Apertium's processes
does not, so both are printed. The baseline is the naive way, one `apertium fr-es | apertium spa-eng` pipeline per
segment; the figure that matters is the ratio (and the absolute warm time, for the
docs: docs/guide.md, "Translate"). Run from the repository root:

    python bench/apertium_article.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import glossary, translate  # noqa: E402
from pipeline.engines.apertium import ApertiumEngine  # noqa: E402
from pipeline.segment import document  # noqa: E402
from pipeline.segment.pandoc import read_source  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    terms = glossary.load(ROOT / "glossary.yaml")
    segments = document.segments(read_source(ROOT / "source" / "invisibles.fr.md")[1])
    requests = [translate.prepare(s, terms) for s in segments]
    engine = ApertiumEngine()
    engine.translate(requests)  # warm: the transducers are in the page cache

    def timed(run) -> float:
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    batch = timed(lambda: engine.translate(requests))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) / args.repeat
    baseline = timed(lambda: [engine.translate([r]) for r in requests[:10]]) * len(requests) / 10
    print(f"{len(requests)} segments, median of {args.repeat} warm runs")
    print(f"one pipeline for the article: {batch:.2f} s wall, {cpu:.2f} s CPU in Apertium's processes")
    print(f"one pipeline per segment (baseline, extrapolated from 10): {baseline:.2f} s")
    print(f"speed-up: {baseline / batch:.1f}x")


if __name__ == "__main__":
    main()
