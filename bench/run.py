"""Benchmarks run by hand (never in CI): each figure a ratio of two things measured side by side.

    python bench/run.py            # the full run (several minutes)
    python bench/run.py --quick    # a small version, under a minute

The machine is shared and noisy, so A and B are interleaved (their order alternates
each round), several rounds; the table gives medians and the spread (lowest–highest)
of the per-round ratios. Every command runs as a real process; its CPU time and peak
memory come from wait4() and include the processes it starts (pandoc, apertium).

1. Apertium: our engine on the article's segments vs the naive way, one
   `apertium fr-es | apertium spa-eng` shell pipeline per segment.
4. Segmentation of the article, and of a book of ten varied articles: `pipeline segment`
   (fresh project) vs po4a and translate-toolkit's md2po on the same Markdown (both
   installed for this only: `apt-get install po4a` and `pip install translate-toolkit
   mistletoe`), and vs Pandoc's parse alone, the floor of any stage that reads Markdown
   as Pandoc does.
5. Scale: `pipeline segment`, `pipeline translate --engine apertium` and `pipeline build`
   (then the no-op rebuild) on 1, 10 and 100 documents (the article and
   tests/data/rich.fr.md, varied): wall time, CPU time, cores used (CPU / wall), peak
   memory, and the time per document, which stays flat when growth is linear.
3. Build: `pipeline build` of the nine editions vs the bare pandoc/WeasyPrint commands,
   and the no-op rebuild vs the full build (bench/editions.py, which also runs alone).
(2, Argos: bench/argos.py. Review server: bench/review.py.)
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "source" / "invisibles.fr.md"
RICH = ROOT / "tests" / "data" / "rich.fr.md"
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]


class Run:
    def __init__(self, wall: float, cpu: float, peak_mb: float) -> None:
        self.wall, self.cpu, self.peak_mb = wall, cpu, peak_mb


def run(command: list[str] | str, cwd: Path, stdin: str | None = None) -> Run:
    """One real process (and what it starts): wall time, CPU time and peak memory."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env=env,
        shell=isinstance(command, str),
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    if stdin is not None:
        process.stdin.write(stdin.encode())
        process.stdin.close()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{command} failed: {process.stderr.read().decode()[-500:]}")
    process.stderr.close()
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def side_by_side(a, b, rounds: int) -> tuple[list[Run], list[Run]]:
    """Interleave A and B, alternating which goes first, so drift hits both alike."""
    runs_a, runs_b = [], []
    for i in range(rounds):
        if i % 2:
            runs_b.append(b())
            runs_a.append(a())
        else:
            runs_a.append(a())
            runs_b.append(b())
    return runs_a, runs_b


def ratio_row(name: str, a: list[Run], b: list[Run], a_name: str, b_name: str) -> str:
    ratios = [x.wall / y.wall for x, y in zip(a, b)]
    med_a, med_b = statistics.median(r.wall for r in a), statistics.median(r.wall for r in b)
    return (
        f"| {name} | {a_name} {med_a:.3f} s | {b_name} {med_b:.3f} s | "
        f"**{statistics.median(ratios):.2f}×** ({min(ratios):.2f}–{max(ratios):.2f}) | {len(a)} |"
    )


def machine() -> str:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    memory = next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if "MemTotal" in line)
    pandoc = subprocess.run(
        [__import__("pypandoc").get_pandoc_path(), "--version"], capture_output=True, text=True
    ).stdout.split("\n")[0]
    apertium = shutil.which("apertium")
    load = os.getloadavg()[0]
    return (
        f"{os.cpu_count()} cores ({model}), {int(memory) / 1024 / 1024:.0f} GiB, Python {platform.python_version()}, "
        f"{pandoc}, apertium {'yes' if apertium else 'missing'}; load average {load:.1f} at the start (shared machine)"
    )


# 1. Apertium engine vs one shell pipeline per segment


def bench_apertium(rounds: int, limit: int | None) -> list[str]:
    from pipeline import glossary, segment, translate
    from pipeline.engines.apertium import ApertiumEngine
    from pipeline.segment.pandoc import read_source

    terms = glossary.load(ROOT / "glossary.yaml")
    segments = segment.segments(read_source(ARTICLE)[1])[:limit]
    requests = [translate.prepare(s, terms) for s in segments]
    engine = ApertiumEngine()
    engine.translate(requests)  # warm: the transducers are in the page cache

    def ours() -> Run:
        before = os.times()
        start = time.perf_counter()
        engine.translate(requests)
        after = os.times()
        cpu = sum(after[:4]) - sum(before[:4])
        return Run(time.perf_counter() - start, cpu, 0)

    def naive() -> Run:
        start = time.perf_counter()
        cpu = 0.0
        for request in requests:
            r = run("apertium fr-es | apertium spa-eng", cwd=ROOT, stdin=request.text)
            cpu += r.cpu
        return Run(time.perf_counter() - start, cpu, 0)

    a, b = side_by_side(naive, ours, rounds)
    return [ratio_row(f"1. Apertium, {len(requests)} segments: naive / ours", a, b, "naive", "ours")]


# 4. Segmentation vs po4a and md2po


def make_book(path: Path, chapters: int) -> None:
    """One long document: the bodies of ``chapters`` varied documents (see make_documents) in a row."""
    folder = path.parent / "chapters"
    make_documents(folder, chapters)
    texts = [p.read_text() for p in sorted(folder.glob("*.md"))]
    head = texts[0].partition("\n---\n")[0]
    bodies = []
    for k, text in enumerate(texts):
        body = text.partition("\n---\n")[2]
        bodies.append(re.sub(r"\[\^(\w+)\]", rf"[^c{k}\1]", body))  # each chapter its own footnotes
    path.write_text(head + "\n---\n" + "\n\n".join(bodies))
    shutil.rmtree(folder)


def bench_segmentation(rounds: int, book_chapters: int) -> list[str]:
    """Our segment stage vs po4a, md2po and Pandoc's parse alone (the floor of a stage that
    reads Markdown as Pandoc does), on the article and on a book of varied articles."""
    rows = []
    work = Path(tempfile.mkdtemp(prefix="bench-seg-"))
    try:
        shutil.copy(ARTICLE, work / "article.md")
        make_book(work / "book.md", book_chapters)
        pandoc = __import__("pypandoc").get_pandoc_path()
        md2po = shutil.which("md2po") or shutil.which("md2po", path=Path(sys.executable).parent)
        for name, label in (("article", "the article"), ("book", f"a book of {book_chapters} articles")):
            text = work / f"{name}.md"

            def ours(text=text) -> Run:
                project = work / "project"
                shutil.rmtree(project, ignore_errors=True)
                (project / "source").mkdir(parents=True)
                shutil.copy(text, project / "source" / f"{text.stem}.fr.md")
                return run([sys.executable, "-m", "pipeline", "--project", str(project), "segment"], cwd=work)

            tools = [
                (
                    "pandoc alone",
                    lambda text=text: run(
                        [pandoc, "-f", "markdown", "-t", "json", "-o", "a.json", text.name], cwd=work
                    ),
                )
            ]
            if shutil.which("po4a-updatepo"):
                po4a = ["po4a-updatepo", "-f", "text", "-o", "markdown", "-M", "UTF-8", "-m", text.name, "-p", "a.pot"]
                tools.append(("po4a", lambda po4a=po4a: run(po4a, cwd=work)))
            if md2po:
                tools.append(("md2po", lambda text=text: run([md2po, "-i", text.name, "-o", "b.pot"], cwd=work)))
            if len(tools) == 1:
                rows.append("| 4. Segmentation | po4a and md2po are not installed (see the docstring) | | | |")
            for tool, command in tools:
                a, b = side_by_side(ours, command, rounds)
                rows.append(ratio_row(f"4. Segment {label}: ours / {tool}", a, b, "ours", tool))
            # What each produces: we cut sentences, they cut paragraphs.
            store = work / "project" / "translations" / f"{name}.en.po"
            counts = {"ours": len(re.findall(r"^msgctxt ", store.read_text(), re.M))}
            for tool, pot in (("po4a", "a.pot"), ("md2po", "b.pot")):
                if (work / pot).exists():
                    counts[tool] = len(re.findall(r"^msgid ", (work / pot).read_text(), re.M)) - 1
                    (work / pot).unlink()
            units = ", ".join(f"{k} {v}" for k, v in counts.items())
            rows.append(f"| 4. Units found in {label} ({text.stat().st_size // 1024} KB) | {units} | | | |")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return rows


# 5. Scale


def make_documents(folder: Path, count: int) -> None:
    """``count`` distinct documents: the article and rich.fr.md in turn, varied by their number."""
    folder.mkdir(parents=True, exist_ok=True)
    bases = [ARTICLE.read_text(), RICH.read_text()]
    for k in range(count):
        text = bases[k % 2]
        head, _, body = text.partition("\n---\n")
        paragraphs = body.split("\n\n")
        turn = k % max(1, len(paragraphs) // 3)  # move a few paragraphs to the end
        body = "\n\n".join(paragraphs[turn:] + paragraphs[:turn])
        body = re.sub(r"\b20(\d\d)\b", lambda m, k=k: str(1900 + (int(m.group(1)) + k) % 100), body)
        (folder / f"doc{k:03d}.fr.md").write_text(f"{head}\n---\n{body}")


COMMANDS = {
    "segment": ["segment"],
    "translate": ["translate", "--engine", "apertium"],
    "build": ["build", "--no-translate"],  # the nine editions of every document
}
STAGES = list(COMMANDS)


def scale_runs(work: Path, n: int, stage: str) -> dict[str, Run]:
    """``stage`` timed on a fresh project of ``n`` documents, after the stages before it;
    for ``build``, the no-op rebuild that follows it too."""
    project = work / f"p{n}"
    shutil.rmtree(project, ignore_errors=True)
    make_documents(project / "source", n)
    base = [sys.executable, "-m", "pipeline", "--project", str(project), "--quiet"]
    for before in STAGES[: STAGES.index(stage)]:
        run([*base, *COMMANDS[before]], cwd=work)
    runs = {stage: run([*base, *COMMANDS[stage]], cwd=work)}
    if stage == "build":
        runs["no-op build"] = run([*base, *COMMANDS["build"]], cwd=work)
    return runs


def bench_scale(sizes: list[int], rounds: int, stages: list[str]) -> list[str]:
    """Peak memory is the largest process's (the build writes in one process per core)."""
    rows = []
    work = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    try:
        for n in sizes:
            for stage in stages:
                # A full build of 100 documents takes minutes: one round of it.
                rounds_here = 1 if stage == "build" and n >= 100 else rounds
                results = [scale_runs(work, n, stage) for _ in range(rounds_here)]
                for name in results[0]:
                    runs = [r[name] for r in results]
                    wall = statistics.median(r.wall for r in runs)
                    cpu = statistics.median(r.cpu for r in runs)
                    peak = max(r.peak_mb for r in runs)
                    spread = f"{min(r.wall for r in runs):.2f}–{max(r.wall for r in runs):.2f}"
                    rows.append(
                        f"| 5. {name} {n} docs | {wall:.2f} s ({spread}) | CPU {cpu:.2f} s, {cpu / wall:.2f} cores | "
                        f"peak {peak:.0f} MB | **{wall / n * 1000:.0f} ms/doc** | {rounds_here} |"
                    )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a small version, under a minute")
    parser.add_argument("--only", choices=["apertium", "build", "segmentation", "scale"], action="append")
    args = parser.parse_args()
    only = set(args.only or ["apertium", "build", "segmentation", "scale"])
    # Timed as installed: pip compiles the modules it installs, a checkout has no .pyc yet
    # (and PYTHONDONTWRITEBYTECODE, as on these machines, would recompile them every run).
    compileall.compile_dir(ROOT / "pipeline", quiet=1)
    print(f"Machine: {machine()}\n")
    print("| figure | A | B | ratio A/B, median (spread) | rounds |")
    print("| --- | --- | --- | --- | --- |")
    if "apertium" in only:
        for row in bench_apertium(rounds=2 if args.quick else 3, limit=8 if args.quick else None):
            print(row, flush=True)
    if "build" in only:
        import editions

        for row in editions.figure_rows(rounds=1 if args.quick else 3):
            print(row, flush=True)
    if "segmentation" in only:
        for row in bench_segmentation(rounds=3 if args.quick else 9, book_chapters=4 if args.quick else 10):
            print(row, flush=True)
    if "scale" in only:
        print("\n| scale | wall, median (spread) | CPU | memory | per document | rounds |")
        print("| --- | --- | --- | --- | --- | --- |")
        sizes = [1, 10] if args.quick else [1, 10, 100]
        stages = ["segment"] if args.quick else STAGES
        for row in bench_scale(sizes, rounds=1 if args.quick else 3, stages=stages):
            print(row, flush=True)


if __name__ == "__main__":
    main()
