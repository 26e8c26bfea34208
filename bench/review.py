"""Benchmark: what a save and a page load cost through the review server, as ratios to the store.

Run by hand (not in CI):  python bench/review.py [--rounds 30]

On a throw-away project holding the article (60 segments, every one a machine draft),
times:
  store      store.load, replace one segment, store.save (fsync): the baseline, in-process
  PUT        one save through `pipeline review` (HTTP, checks, project lock, load, revision,
             save with fsync, QA of the row): what the reviewer waits for on Ctrl+Enter
  GET        the page's segment list (60 rows with their glossary terms, diffs, QA issues)
Medians over the rounds, as ratios to ``store``; absolute milliseconds beside them.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


def timed(function, rounds: int) -> float:
    times = []
    for i in range(rounds):
        start = time.perf_counter()
        function(i)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()

    from review.conftest import _translate
    from review.review_helpers import start_server

    from pipeline import store
    from pipeline.core.project import Project

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        (root / "source").mkdir(parents=True)
        shutil.copy(ROOT / "source" / "invisibles.fr.md", root / "source")
        _translate(root)
        doc = Project(root).document("invisibles")

        def direct(i: int) -> None:
            segments = store.load(doc)
            segments[i % 50] = replace(segments[i % 50], target=f"Direct {i}.")
            store.save(doc, segments)

        base = timed(direct, args.rounds)
        server = start_server(root)
        try:
            server.segments()  # the first list loads Lingua's models for QA: not what a save costs
            rows = dict(enumerate(server.segments()[:50]))  # each row's current revision

            def put(i: int) -> None:
                status, body, _ = server.put(rows[i % 50], f"Through the server {i}.", "needs-review")
                assert status == 200, body
                rows[i % 50] = body["segment"]

            cost_put = timed(put, args.rounds)
            cost_get = timed(lambda i: server.segments(), max(5, args.rounds // 3))
        finally:
            server.stop()
        print(f"{'what':<8}{'ratio':>8}{'ms':>10}")
        for name, cost in (("store", base), ("PUT", cost_put), ("GET", cost_get)):
            print(f"{name:<8}{cost / base:>8.2f}{cost * 1000:>10.1f}")


if __name__ == "__main__":
    main()
