"""Benchmark run by hand: a whole book at 1, 4 and 16 chapters, stage by stage, and how
time and memory grow with it.

    python bench/book.py [--rounds 3] [--sizes 1 4 16] [--fresh]
    python bench/book.py --cut 4 > four.fr.md     # the book's first 4 chapters, as Markdown

The book is tests/data/book.fr.md (sixteen tales by Maupassant, 2,107 segments; see its
front matter), cut by tests/books.py. For each size, on a throw-away project holding the
book's first N chapters (the front matter kept), as separate processes like a user:
  add        `pipeline add` of the cut as a Markdown file (the source written, then segmented)
  segment    `pipeline segment` again from no store: the segmentation alone
  translate  `pipeline translate --engine apertium`
  build      `pipeline build --no-translate`: the nine editions, from no dist/
Each stage's wall time, CPU time (wait4's, children included) and peak memory: the most
the process and all its children held at once, and the most any one of them held (their
PSS, sampled from /proc every 20 ms). The exponent is the least-squares slope of log(time)
against log(segments) over the sizes: 1 is linear, 2 quadratic. On a shared machine the
wall time measures the load as much as the work: the CPU time is the measure of growth.
Once per size, ``breakdown()`` also gives the CPU time of assembling the editions and of
writing each output, one after another in this process: the PDF share is the three
PDFs' part of that (the wall times each output took in the build are given too).

Apertium takes minutes on the whole book, so the translated store of each size is kept
in the temporary folder (pipeline-bench-book/, keyed by the text and the pipeline's code)
with the time it took, and later runs reuse both: --fresh translates again. The sizes are
interleaved, in a turning order, each round; the table gives the medians.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
from books import first_chapters  # noqa: E402  (tests/books.py: the book and its cuts)

CACHE = Path(tempfile.gettempdir()) / "pipeline-bench-book"
STAGES = ("segment", "translate", "build")


class Run:
    def __init__(self, wall: float, cpu: float, tree_mb: float, largest_mb: float, stdout: str) -> None:
        self.wall, self.cpu, self.tree_mb, self.largest_mb, self.stdout = wall, cpu, tree_mb, largest_mb, stdout


def _tree_pss(pid: int) -> tuple[int, int]:
    """Kilobytes of memory ``pid`` and all its descendants hold, from /proc, and the most
    one of them holds: their PSS, each shared page split between its sharers (RSS would
    count the forked workers' and the Apertium chain's shared pages once per process)."""
    total, largest, todo = 0, 0, [pid]
    while todo:
        p = todo.pop()
        try:
            rollup = Path(f"/proc/{p}/smaps_rollup").read_text()
            pss = int(re.search(r"^Pss:\s+(\d+)", rollup, re.M).group(1))
            total, largest = total + pss, max(largest, pss)
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, AttributeError):
            continue  # it ended meanwhile
    return total, largest


def run(project: Path, *args: str) -> Run:
    """One `pipeline` process: wall and CPU time (with its children), peak memory."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": "1700000000"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: with .pyc files
    command = [sys.executable, "-m", "pipeline", "--project", str(project), *args]
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak, done = [0, 0], threading.Event()

    def sample() -> None:
        while not done.wait(0.02):
            peak[:] = map(max, peak, _tree_pss(process.pid))

    sampler = threading.Thread(target=sample)
    sampler.start()
    out = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(args)} failed on {project}:\n{out[-2000:]}")
    # Not wait4's ru_maxrss for the largest: Linux carries a parent's high-water mark
    # across fork and exec, so every process this one starts would show its 450 MB.
    return Run(wall, usage.ru_utime + usage.ru_stime, peak[0] / 1024, peak[1] / 1024, out)


def _cpu() -> float:
    """CPU seconds of this process and the children it waited for (Pandoc)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def breakdown(project: Path) -> dict[str, float]:
    """CPU seconds of assembling the editions and of writing each of the nine outputs, one
    after another in this process: what a loaded machine's wall times hide."""
    import weasyprint  # its first document pays for loading Pango and the fonts: not a cost of the book

    from pipeline import store
    from pipeline.core.project import Project
    from pipeline.editions import EDITIONS, FORMATS, assemble, writer

    weasyprint.HTML(string="<p>warm-up</p>").render()
    doc = Project(project).document("book")
    start = _cpu()
    editions = assemble.prepare(doc, store.load(doc), templates=project / "templates")
    seconds = {"assemble": _cpu() - start}
    for name in EDITIONS:
        for fmt in FORMATS:
            start = _cpu()
            writer(fmt).write(editions[name])
            seconds[f"{name}.{fmt}"] = _cpu() - start
    return seconds


def _cache_key(text: str) -> str:
    from pipeline.core.fingerprint import code

    return hashlib.sha256(text.encode() + code("segment", "store", "translate.py", "engines").encode()).hexdigest()[:16]


class Size:
    """One cut of the book, its project, and its figures."""

    def __init__(self, chapters: int, work: Path, fresh: bool) -> None:
        self.chapters, self.text = chapters, first_chapters(chapters)
        self.project = work / f"ch{chapters}"
        self.cache = CACHE / _cache_key(self.text)
        self.fresh = fresh
        self.runs: dict[str, list[Run]] = {stage: [] for stage in ("add", *STAGES)}
        self.outputs: list[dict[str, float]] = []  # per build: output name → seconds
        self.cpu: dict[str, float] = {}  # breakdown(), once
        self.segments = 0

    def round(self) -> None:
        shutil.rmtree(self.project, ignore_errors=True)
        self.project.mkdir(parents=True)
        given = self.project.parent / f"ch{self.chapters}.md"
        given.write_text(self.text, "utf-8")
        self.runs["add"].append(run(self.project, "add", str(given), "--name", "book"))
        shutil.rmtree(self.project / "translations")  # segment again from nothing: segmentation alone
        segmented = run(self.project, "segment")
        self.runs["segment"].append(segmented)
        self.segments = int(re.search(r"book: (\d+) segments", segmented.stdout).group(1))
        translations = self.project / "translations"
        if self.fresh or not (self.cache / "run.json").is_file():
            translated = run(self.project, "translate", "--engine", "apertium")
            shutil.rmtree(self.cache, ignore_errors=True)
            shutil.copytree(translations, self.cache / "translations", ignore=shutil.ignore_patterns(".lock"))
            figures = {k: getattr(translated, k) for k in ("wall", "cpu", "tree_mb", "largest_mb")}
            (self.cache / "run.json").write_text(json.dumps(figures))
            self.fresh = False  # once a run
            self.runs["translate"].append(translated)
        else:
            shutil.rmtree(translations)
            shutil.copytree(self.cache / "translations", translations)
            if not self.runs["translate"]:
                self.runs["translate"].append(Run(**json.loads((self.cache / "run.json").read_text()), stdout=""))
        built = run(self.project, "build", "--no-translate")
        if "built" not in built.stdout or "store unchanged" not in built.stdout:
            raise SystemExit(f"the build did more or less than the editions:\n{built.stdout}")
        self.runs["build"].append(built)
        times = re.findall(r"^dist/(\S+)\s.*built in ([\d.]+) s", built.stdout, re.M)
        if len(times) != 9:
            raise SystemExit(f"expected nine outputs built:\n{built.stdout}")
        self.outputs.append({name: float(seconds) for name, seconds in times})
        if not self.cpu:
            self.cpu = breakdown(self.project)

    def median(self, stage: str, what: str = "wall") -> float:
        return statistics.median(getattr(r, what) for r in self.runs[stage])

    def pdf(self) -> tuple[float, float, float]:
        """Medians of: the PDFs' share of the outputs' time, the parallel PDF's seconds, all outputs' seconds."""
        shares = [sum(s for n, s in o.items() if n.endswith(".pdf")) / sum(o.values()) for o in self.outputs]
        parallel = [o["book.fr-en.pdf"] for o in self.outputs]
        return (
            statistics.median(shares),
            statistics.median(parallel),
            statistics.median(sum(o.values()) for o in self.outputs),
        )


def exponent(sizes: list[Size], values: list[float]) -> float:
    """The least-squares slope of log(value) against log(segments)."""
    xs = [math.log(s.segments) for s in sizes]
    ys = [math.log(v) for v in values]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def report(sizes: list[Size], rounds: int) -> None:
    print(f"\nload average {os.getloadavg()[0]:.1f}; {rounds} rounds, sizes interleaved\n", flush=True)
    head = " | ".join(f"{s.chapters} ch. ({s.segments} seg.)" for s in sizes)
    print(f"| stage, median | {head} | exponent: wall, CPU, memory |")
    print("| --- |" + " --- |" * (len(sizes) + 1))
    for stage in STAGES:
        cells = [
            f"{s.median(stage):.2f} s, CPU {s.median(stage, 'cpu'):.2f} s, {max(r.tree_mb for r in s.runs[stage]):.0f} MB "
            f"({max(r.largest_mb for r in s.runs[stage]):.0f} MB largest)"
            for s in sizes
        ]
        exponents = [
            exponent(sizes, [s.median(stage) for s in sizes]),
            exponent(sizes, [s.median(stage, "cpu") for s in sizes]),
            exponent(sizes, [max(r.tree_mb for r in s.runs[stage]) for s in sizes]),
        ]
        cached = " (one run, cached)" if stage == "translate" else ""
        print(f"| {stage}{cached} | " + " | ".join(cells) + " | " + ", ".join(f"{e:.2f}" for e in exponents) + " |")
    per = [f"{s.median('build', 'cpu') / s.segments * 1000:.1f} ms" for s in sizes]
    print("| build CPU per segment | " + " | ".join(per) + " | |")
    pdf = [s.pdf() for s in sizes]
    walls = [f"{share:.0%} (parallel PDF {par:.1f} s of {total:.1f} s)" for share, par, total in pdf]
    print("| PDFs' share of the outputs' wall time | " + " | ".join(walls) + " | |")
    add = [f"{s.median('add'):.2f} s" for s in sizes]
    print("| add (`pipeline add` of the Markdown, with its segmentation) | " + " | ".join(add) + " | |")
    print(f"\n| CPU, one after another in one process | {head} | exponent |")
    print("| --- |" + " --- |" * (len(sizes) + 1))
    for part in sizes[0].cpu:
        values = [s.cpu[part] for s in sizes]
        cells = " | ".join(f"{v:.2f} s" for v in values)
        print(f"| {part} | {cells} | {exponent(sizes, values):.2f} |")
    shares = []
    for s in sizes:
        pdfs = sum(v for k, v in s.cpu.items() if k.endswith(".pdf"))
        shares.append(
            f"**{pdfs / sum(s.cpu.values()):.0%}** (parallel PDF {s.cpu['fr-en.pdf'] / sum(s.cpu.values()):.0%})"
        )
    print("| PDF share | " + " | ".join(shares) + " | |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 4, 16], help="chapters")
    parser.add_argument("--fresh", action="store_true", help="translate again instead of reusing the cached stores")
    parser.add_argument("--cut", type=int, metavar="N", help="print the book's first N chapters and stop")
    args = parser.parse_args()
    if args.cut:
        sys.stdout.write(first_chapters(args.cut))
        return
    with tempfile.TemporaryDirectory(prefix="bench-book-") as tmp:
        sizes = [Size(n, Path(tmp), args.fresh) for n in args.sizes]
        for r in range(args.rounds):
            for size in sizes[r % len(sizes) :] + sizes[: r % len(sizes)]:
                size.round()
                print(f"round {r + 1}: {size.chapters} chapters, build {size.runs['build'][-1].wall:.1f} s", flush=True)
            report(sizes, r + 1)  # after each round: a long run stopped early still says what it measured


if __name__ == "__main__":
    main()
