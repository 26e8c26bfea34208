"""Benchmark: `pipeline build` from nothing against a no-op `pipeline build`, as a ratio.

Run by hand (not in CI):  python bench/editions.py [--rounds 3]

On a throw-away project holding the article and its reference English translation
(tests/data/invisibles.en.json), each round times, as separate processes like a user:
  full    `pipeline build` with an empty dist/: segmentation and the nine editions
  no-op   `pipeline build` again: nothing changed, nothing is written
Medians over the rounds; the ratio no-op / full is the figure to watch.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


def run(root: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pipeline", "--project", str(root), "build"], env=env, check=True, capture_output=True
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from reference import translate

    full, noop = [], []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        (root / "source").mkdir(parents=True)
        shutil.copy(ROOT / "source" / "invisibles.fr.md", root / "source")
        translate(root)
        for _ in range(args.rounds):
            shutil.rmtree(root / "dist", ignore_errors=True)
            full.append(run(root))
            noop.append(run(root))
    f, n = statistics.median(full), statistics.median(noop)
    print(f"{'what':<8}{'seconds':>10}{'ratio':>8}")
    print(f"{'full':<8}{f:>10.2f}{1:>8.2f}")
    print(f"{'no-op':<8}{n:>10.2f}{n / f:>8.2f}")


if __name__ == "__main__":
    main()
