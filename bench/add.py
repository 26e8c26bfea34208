"""Benchmark: `pipeline add` of each format against Pandoc's bare conversion of the same
file, as ratios.

Run by hand (not in CI):  python bench/add.py [--rounds 5]

The files are the ones the tests make with real producers (tests/sources/producers.py):
the article by LibreOffice (DOCX, ODT), the four-chapter book by Pandoc and by Calibre
(EPUB), the news page of tests/data (HTML) and a text file. Each round times, as
separate processes like a user:
  add     `pipeline add FILE` in a fresh project: the checks, Pandoc's reader, the
          clean-up, the French check, the Markdown written, then segmentation into the store
  segment `pipeline segment` of the source that add wrote, its store removed: the part
          of add that is the segment stage's
  floor   `pandoc -f FORMAT -t markdown FILE` (the same binary), which reads and writes
          and checks nothing
Add and floor alternate which goes first. The table gives medians, the spread, and add's
ratio to the floor.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from sources import producers  # noqa: E402

from pipeline.core.pandoc.run import pandoc_path  # noqa: E402

READER = {".docx": "docx", ".odt": "odt", ".epub": "epub", ".html": "html", ".txt": "markdown"}


def timed(command: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def files(folder: Path) -> dict[str, Path]:
    book = producers.markdown_book(folder)
    text = folder / "texte.txt"
    text.write_text("\n\n".join(producers.PARAGRAPHS * 20), encoding="utf-8")
    return {
        "docx (LibreOffice)": producers.libreoffice(folder, "docx"),
        "odt (LibreOffice)": producers.libreoffice(folder, "odt"),
        "epub (Pandoc)": producers.pandoc(book, folder / "livre-pandoc.epub"),
        "epub (Calibre)": producers.calibre(
            producers.pandoc(book, folder / "livre.docx"), folder / "livre-calibre.epub"
        ),
        "html (news page)": ROOT / "tests" / "data" / "actualite.html",
        "txt": text,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        made = files(folder)
        print(f"{'file':<20} {'add (s)':>16} {'segment (s)':>16} {'floor (s)':>16} {'ratio':>6}")
        for k, (label, path) in enumerate(made.items()):
            adds, segments, floors = [], [], []
            for n in range(rounds):
                project = folder / f"project-{k}-{n}"
                project.mkdir()
                add = [sys.executable, "-m", "pipeline", "--project", str(project), "add", str(path), "--name", "doc"]
                floor = [pandoc_path(), "-f", READER[path.suffix], "-t", "markdown", str(path)]
                pair = [(adds, add, env), (floors, floor, None)]
                for times, command, environment in pair if n % 2 == 0 else reversed(pair):
                    times.append(timed(command, environment))
                for stale in (project / "translations").glob("*doc.en.po*"):
                    stale.unlink()
                segment = [sys.executable, "-m", "pipeline", "--project", str(project), "segment", "doc"]
                segments.append(timed(segment, env))
            columns = [f"{statistics.median(t):>6.2f} ({min(t):.2f}–{max(t):.2f})" for t in (adds, segments, floors)]
            print(f"{label:<20} {' '.join(columns)} {statistics.median(adds) / statistics.median(floors):>6.1f}")


if __name__ == "__main__":
    main()
