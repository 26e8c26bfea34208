"""Benchmark: the apy engine (a local Apertium APY server) against the local pipe.

Both engines draft the same requests (the article, or the documents given), warm, in
interleaved rounds so that the machine's load falls on both alike; the figure is the
ratio of the medians (APY / pipe), with the absolute times beside it. The server is
started here on a free port (tests/engines/apy_server.py) and stopped at the end. Run
from the repository root:

    python bench/apy.py [--rounds 7] [source.fr.md ...]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "engines")]

from apy_server import serving  # noqa: E402

from pipeline import glossary, translate  # noqa: E402
from pipeline.engines.apertium import ApertiumEngine  # noqa: E402
from pipeline.engines.apy import ApyEngine  # noqa: E402
from pipeline.segment.document import segments  # noqa: E402
from pipeline.segment.pandoc import read_source  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("sources", nargs="*", type=Path, default=[ROOT / "source" / "invisibles.fr.md"])
    args = parser.parse_args()
    terms = glossary.load(ROOT / "glossary.yaml")
    requests = [translate.prepare(s, terms) for path in args.sources for s in segments(read_source(path)[1])]
    with serving() as url:
        engines = {"pipe": ApertiumEngine(), "apy": ApyEngine(given={"url": url})}
        drafts = {name: engine.translate(requests) for name, engine in engines.items()}  # warm both
        assert drafts["pipe"] == drafts["apy"], "the two transports disagree"
        times: dict[str, list[float]] = {name: [] for name in engines}
        for round_ in range(args.rounds):
            for name in sorted(engines, reverse=round_ % 2 == 1):  # the order alternates each round
                start = time.perf_counter()
                engines[name].translate(requests)
                times[name].append(time.perf_counter() - start)
    ratios = [a / p for a, p in zip(times["apy"], times["pipe"])]
    print(f"{len(requests)} segments, {sum(len(r.text) for r in requests)} characters, {args.rounds} rounds")
    for name, label in (("pipe", "local pipe"), ("apy", "APY server")):
        print(f"{label}: {statistics.median(times[name]):.2f} s median wall time")
    print(f"APY / pipe: {statistics.median(ratios):.2f} ({min(ratios):.2f}-{max(ratios):.2f}), drafts identical")


if __name__ == "__main__":
    main()
