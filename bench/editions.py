"""Benchmark (figure 3): `pipeline build` against the bare commands it runs, and the no-op
rebuild against the full build, as ratios.

Run by hand (not in CI):  python bench/editions.py [--rounds 5]

On a throw-away project holding the article and its reference English translation
(tests/data/invisibles.en.json), each round times, as separate processes like a user:
  full    `pipeline build` with nothing cached: no dist/, and a store without the
          segmentation stamp, so the source is parsed and segmented again
  floor   the same nine files made by the bare commands one after another: the pandoc
          binary of pypandoc-binary writing each HTML and EPUB from the Pandoc JSON the
          pipeline assembles, and WeasyPrint writing each PDF from the print HTML (same
          CSS, same PDF/UA variant); those inputs are dumped once, outside the timing
  no-op   `pipeline build` again after a full one: nothing changed, nothing is written
  edit    `pipeline build` after a reviewer changed one sentence's English: the English
          and parallel editions are rebuilt, the French ones are not
The builds run as an installed package does, with .pyc files (see ``build``).
Full and floor alternate which goes first each round. The table gives medians, the
spread (lowest–highest) and the per-round ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


def timed(command: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def build(root: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    # As installed (pip writes .pyc files): with PYTHONDONTWRITEBYTECODE, which some
    # machines set, every run compiles our sources again (about 0.1 s).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return timed([sys.executable, "-m", "pipeline", "--project", str(root), "build"], env)


def floor_inputs(root: Path, out: Path) -> list[tuple[list[str], dict]]:
    """The bare commands for the nine outputs, with their inputs written to ``out``.

    Each writer runs once here with its calls to Pandoc and WeasyPrint recorded, so the
    commands get exactly the JSON, template arguments and HTML the pipeline uses.
    """
    import pypandoc
    import weasyprint

    from pipeline import store
    from pipeline.core.project import Project
    from pipeline.editions import EDITIONS, FORMATS, assemble, base, writer

    pandoc_calls, pages = [], []
    real_pandoc, real_html = base.pandoc, weasyprint.HTML

    def record_pandoc(edition, to, args, template, ast=None, binary=False):
        pandoc_calls.append((edition, to, list(args), ast or edition.ast, binary))
        return real_pandoc(edition, to, args, template, ast=ast, binary=binary)

    def record_html(*args, **kwargs):
        pages.append((kwargs["string"], kwargs.get("base_url")))
        return real_html(*args, **kwargs)

    base.pandoc, weasyprint.HTML = record_pandoc, record_html
    commands = []
    try:
        project = Project(root)
        doc = project.document("invisibles")
        editions = assemble.prepare(doc, store.load(doc), templates=root / "templates")
        for name in EDITIONS:
            for fmt in FORMATS:
                pandoc_calls.clear()
                pages.clear()
                writer(fmt).write(editions[name])
                stem = out / f"{name}.{fmt}"
                if fmt == "pdf":  # WeasyPrint from the print page pandoc made
                    page, base_url = pages[-1]
                    stem.with_suffix(".page.html").write_text(page, "utf-8")
                    commands.append(
                        (
                            [sys.executable, "-m", "weasyprint", "--pdf-variant", "pdf/ua-1", "-u", base_url]
                            + [str(stem.with_suffix(".page.html")), str(out / f"invisibles.{name}.pdf")],
                            {},
                        )
                    )
                    continue
                edition, to, args, ast, binary = pandoc_calls[-1]
                source = stem.with_suffix(".json")
                source.write_text(json.dumps(ast, ensure_ascii=False), "utf-8")
                target = out / f"invisibles.{name}.{writer(fmt).EXTENSION}"
                sandbox = [] if binary else ["--sandbox"]  # as base.pandoc runs it
                command = [pypandoc.get_pandoc_path(), *sandbox, "-f", "json", "-t", to, *args, "-o", str(target)]
                commands.append(([*command, str(source)], {"SOURCE_DATE_EPOCH": str(edition.modified)}))
    finally:
        base.pandoc, weasyprint.HTML = real_pandoc, real_html
    return commands


def floor(commands: list[tuple[list[str], dict]]) -> float:
    return sum(timed(command, {**os.environ, **env}) for command, env in commands)


def machine() -> str:
    from importlib.metadata import version

    import pypandoc

    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    memory = next((int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal")), 0)
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory / 2**20:.0f} GiB, Python {platform.python_version()}, "
        f"pandoc {pypandoc.get_pandoc_version()}, WeasyPrint {version('weasyprint')}, "
        f"load average {os.getloadavg()[0]:.1f}"
    )


def spread(values: list[float], unit: str = " s") -> str:
    return f"{statistics.median(values):.2f}{unit} ({min(values):.2f}–{max(values):.2f})"


def edit_one_sentence(root: Path, n: int) -> None:
    """A reviewer's change to one sentence's English, saved as the review server saves it."""
    from dataclasses import replace

    from pipeline import store
    from pipeline.core.project import Project

    doc = Project(root).document("invisibles")
    segments = store.load(doc)
    segments[1] = replace(segments[1], target=f"{segments[1].target} (edit {n})")
    store.save(doc, segments)


def measure(rounds: int) -> tuple[list[float], list[float], list[float], list[float]]:
    """Seconds of each round: full builds, floors, no-op builds and builds after one edit."""
    from reference import translate

    full, bare, noop, edit = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        (root / "source").mkdir(parents=True)
        shutil.copy(ROOT / "source" / "invisibles.fr.md", root / "source")
        stamp = translate(root).stamp
        (Path(tmp) / "floor").mkdir()
        commands = floor_inputs(root, Path(tmp) / "floor")
        for n in range(rounds):

            def run_full(n: int = n) -> None:
                shutil.rmtree(root / "dist", ignore_errors=True)
                stamp.unlink(missing_ok=True)  # as if never segmented by this code
                full.append(build(root))
                noop.append(build(root))
                edit_one_sentence(root, n)
                edit.append(build(root))

            def run_floor() -> None:
                bare.append(floor(commands))

            for step in (run_full, run_floor) if n % 2 == 0 else (run_floor, run_full):
                step()
    return full, bare, noop, edit


def figure_rows(rounds: int) -> list[str]:
    """Figure 3 as rows of bench/run.py's table."""
    full, bare, noop, edit = measure(rounds)

    def row(name: str, a: list[float], b: list[float], a_name: str, b_name: str, unit: str = "×") -> str:
        ratios = [x / y for x, y in zip(a, b, strict=True)]
        scale = 100 if unit == " %" else 1
        return (
            f"| {name} | {a_name} {statistics.median(a):.3f} s | {b_name} {statistics.median(b):.3f} s | "
            f"**{scale * statistics.median(ratios):.{1 if scale > 1 else 2}f}{unit}** "
            f"({scale * min(ratios):.2f}–{scale * max(ratios):.2f}) | {rounds} |"
        )

    return [
        row("3. Build the nine editions: full / floor", full, bare, "full", "floor"),
        row("3. Build: no-op / full", noop, full, "no-op", "full", " %"),
        row("3. Build after one English edit / full", edit, full, "edit", "full", " %"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    print(machine())
    full, bare, noop, edit = measure(args.rounds)
    ratios_floor = [f / b for f, b in zip(full, bare, strict=True)]
    ratios_noop = [n / f for n, f in zip(noop, full, strict=True)]
    ratios_edit = [e / f for e, f in zip(edit, full, strict=True)]
    print(f"{'what':<34}{'seconds, median (spread)':>28}")
    print(f"{'full build (nothing cached)':<34}{spread(full):>28}")
    print(f"{'floor: 6 pandoc + 3 WeasyPrint':<34}{spread(bare):>28}")
    print(f"{'no-op build':<34}{spread(noop):>28}")
    print(f"{'build after one English edit':<34}{spread(edit):>28}")
    print(f"full / floor    {spread(ratios_floor, '×')}")
    print(f"no-op / full    {spread([100 * r for r in ratios_noop], ' %')}")
    print(f"edit / full     {spread([100 * r for r in ratios_edit], ' %')}")
    print(f"rounds {args.rounds}")


if __name__ == "__main__":
    main()
