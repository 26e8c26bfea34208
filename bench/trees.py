"""Benchmark run by hand: two checkouts of pipeline side by side, as ratios. For a change
meant to leave behaviour and speed as they were (a restructure), on the article and its
store: `pipeline segment` (the stamp removed, so it segments), a full `pipeline build
--no-translate` (no dist/), then the no-op build. The two trees alternate each round.

    python bench/trees.py OLD_CHECKOUT NEW_CHECKOUT [ROUNDS]

e.g. `git worktree add /tmp/old <rev>` for the old one; both run with this interpreter.
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PY = sys.executable
old, new = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 7


def project(tree: Path, base: Path) -> Path:
    root = base / "p"
    (root / "source").mkdir(parents=True)
    (root / "translations").mkdir()
    shutil.copy(tree / "source" / "invisibles.fr.md", root / "source")
    shutil.copy(tree / "translations" / "invisibles.en.po", root / "translations")
    shutil.copy(tree / "glossary.yaml", root)
    return root


def run(tree: Path, root: Path, *args: str) -> float:
    env = {**os.environ, "PYTHONPATH": str(tree), "SOURCE_DATE_EPOCH": "1700000000"}
    start = time.perf_counter()
    subprocess.run(
        [PY, "-m", "pipeline", "--project", str(root), *args], env=env, cwd=tree, check=True, capture_output=True
    )
    return time.perf_counter() - start


times = {t: {"segment": [], "full": [], "noop": []} for t in ("old", "new")}
with tempfile.TemporaryDirectory() as tmp:
    roots = {"old": project(old, Path(tmp) / "old"), "new": project(new, Path(tmp) / "new")}
    trees = {"old": old, "new": new}
    for n in range(rounds):
        for side in ("old", "new") if n % 2 == 0 else ("new", "old"):
            root, tree = roots[side], trees[side]
            for stamp in (root / "translations").glob(".*segmented"):
                stamp.unlink()
            times[side]["segment"].append(run(tree, root, "segment"))
            shutil.rmtree(root / "dist", ignore_errors=True)
            times[side]["full"].append(run(tree, root, "build", "--no-translate"))
            times[side]["noop"].append(run(tree, root, "build", "--no-translate"))
for what in ("segment", "full", "noop"):
    o, n = statistics.median(times["old"][what]), statistics.median(times["new"][what])
    ratios = [b / a for a, b in zip(times["old"][what], times["new"][what])]
    print(
        f"{what:8} old {o * 1000:7.0f} ms  new {n * 1000:7.0f} ms  new/old {n / o:.2f} (rounds {min(ratios):.2f}–{max(ratios):.2f})"
    )
