"""Benchmark: what a no-op `pipeline build` imports, and how long that takes.

Run by hand (not in CI):  python bench/imports.py [--rounds 20] [--against DIR]

On a throw-away project holding the article and its reference English translation
(tests/data/invisibles.en.json), built once, each round runs as separate processes:
  no-op     `pipeline build` again: nothing changed, nothing is written (wall and CPU time)
  imports   the same with `python -X importtime`: the modules imported (all, and ours)
            and their import times summed (each module's own time, so nothing twice)
With ``--against DIR`` (another checkout, e.g. `git archive main | tar -x -C DIR`) the
same runs on DIR's code with a project of its own, interleaved with ours (the order
alternating each round), and the median of the per-round ratios is given.
The builds run as an installed package does, with .pyc files (see bench/editions.py).
Import budgets are figures here, not tests: a test that bans modules from a no-op build
breaks on every reorganisation and says nothing of the time.
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
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class Tree:
    """One checkout's code and a project built by it."""

    def __init__(self, code: Path, project: Path) -> None:
        self.code, self.project = code, project
        self.env = {**os.environ, "PYTHONPATH": str(code)}
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: with .pyc files
        self.wall: list[float] = []
        self.cpu: list[float] = []
        self.modules: list[int] = []
        self.ours: list[int] = []
        self.import_ms: list[float] = []
        self.by_module: dict[str, list[float]] = defaultdict(list)

    def command(self, *options: str) -> list[str]:
        # Run from the project: `python -m` puts the current folder first on sys.path.
        return [sys.executable, *options, "-m", "pipeline", "build"]

    def set_up(self) -> None:
        """The article with its reference translation, segmented and built by this code."""
        (self.project / "source").mkdir(parents=True)
        shutil.copy(ROOT / "source" / "invisibles.fr.md", self.project / "source")
        fill = (
            "import sys; from pathlib import Path; sys.path[:0] = sys.argv[1:3]\n"
            "from reference import translate; translate(Path(sys.argv[3]))"
        )
        subprocess.run(
            [sys.executable, "-c", fill, str(self.code), str(ROOT / "tests"), str(self.project)],
            env=self.env,
            check=True,
            cwd=ROOT / "tests",
        )
        for _ in range(2):  # the full build, then a no-op that writes the .pyc files
            done = subprocess.run(
                self.command(), cwd=self.project, env=self.env, capture_output=True, text=True, check=True
            )
        if "0 built, 9 up to date" not in done.stdout:
            raise SystemExit(f"{self.code}: the second build was not a no-op:\n{done.stdout}")

    def no_op(self) -> None:
        start = time.perf_counter()
        process = subprocess.Popen(
            self.command(), cwd=self.project, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _, status, usage = os.wait4(process.pid, 0)
        self.wall.append(time.perf_counter() - start)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{self.code}: the no-op build failed")
        self.cpu.append(usage.ru_utime + usage.ru_stime)

    def imports(self) -> None:
        done = subprocess.run(
            self.command("-X", "importtime"), cwd=self.project, env=self.env, capture_output=True, text=True, check=True
        )
        total, names = 0, []
        for line in done.stderr.splitlines():
            if not line.startswith("import time:") or "self [us]" in line:
                continue
            own, _, name = line.removeprefix("import time:").split("|")
            names.append(name.strip())
            total += int(own)
            self.by_module[name.strip()].append(int(own) / 1000)
        self.modules.append(len(names))
        self.ours.append(sum(n == "pipeline" or n.startswith("pipeline.") for n in names))
        self.import_ms.append(total / 1000)


def spread(values: list[float], scale: float = 1000, unit: str = " ms") -> str:
    return f"{statistics.median(values) * scale:.0f}{unit} ({min(values) * scale:.0f}–{max(values) * scale:.0f})"


def row(name: str, tree: Tree) -> str:
    return (
        f"| {name} | {spread(tree.wall)} | CPU {spread(tree.cpu)} | {statistics.median(tree.modules):.0f} modules, "
        f"{statistics.median(tree.ours):.0f} ours | **{spread(tree.import_ms, 1)}** | {len(tree.wall)} |"
    )


def ratio(name: str, ours: list[float], theirs: list[float]) -> str:
    """The median of the per-round ratios (each round runs both), with their spread."""
    ratios = [a / b for a, b in zip(ours, theirs, strict=True)]
    return f"{name} **{statistics.median(ratios):.3f}×** ({min(ratios):.2f}–{max(ratios):.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--against", type=Path, help="another checkout, measured interleaved with this one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        trees = [Tree(ROOT, Path(tmp) / "ours")]
        if args.against:
            trees.append(Tree(args.against.resolve(), Path(tmp) / "theirs"))
        for tree in trees:
            tree.set_up()
        for n in range(args.rounds):
            for tree in trees if n % 2 == 0 else trees[::-1]:
                tree.no_op()
                tree.imports()
    print(f"load average {os.getloadavg()[0]:.1f} at the end, Python {sys.version.split()[0]}\n")
    print("| no-op build | wall, median (spread) | CPU | imported | import time, summed | rounds |")
    print("| --- | --- | --- | --- | --- | --- |")
    print(row("this checkout", trees[0]))
    if args.against:
        print(row(str(args.against), trees[1]))
        ours, theirs = trees
        print(
            "\nthis checkout / the other: "
            + ", ".join(
                (
                    ratio("wall", ours.wall, theirs.wall),
                    ratio("CPU", ours.cpu, theirs.cpu),
                    ratio("import time", ours.import_ms, theirs.import_ms),
                )
            )
        )
    heaviest = sorted(trees[0].by_module.items(), key=lambda item: -statistics.median(item[1]))[:10]
    print(
        "\nheaviest imports here (own time, median): "
        + ", ".join(f"{m} {statistics.median(t):.1f} ms" for m, t in heaviest)
    )


if __name__ == "__main__":
    main()
