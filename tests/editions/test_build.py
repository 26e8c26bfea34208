"""`pipeline build`: reproducible, incremental, selective, honest about review, and clear
about a broken template, stylesheet or font."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import DATA
from reference import fill_store

from pipeline import store
from pipeline.core.project import Project
from pipeline.editions import EDITIONS, FORMATS

pytestmark = pytest.mark.slow  # full builds


def mtimes(root: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in sorted((root / "dist").glob("*")) if p.is_file()}


def built_names(output: str) -> set[str]:
    return {line.split()[0].removeprefix("dist/") for line in output.splitlines() if " built in " in line}


def test_cli_choices_match_the_registry():
    from pipeline.cli import build

    options = {p.name: p for p in build.params}
    assert tuple(options["editions"].type.choices) == EDITIONS
    assert sorted(options["formats"].type.choices) == sorted(FORMATS)


def test_two_builds_are_byte_identical(built, tmp_path, cli, monkeypatch):
    """Two projects with the same source and store, built a second apart with the same
    SOURCE_DATE_EPOCH, give the same bytes."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    copies = [tmp_path / "one", tmp_path / "two"]
    for copy in copies:
        shutil.copytree(built, copy, ignore=shutil.ignore_patterns("dist"))
        result = cli("build", "--no-translate", "--edition", "en", root=copy)
        assert result.exit_code == 0, result.output
        time.sleep(1)  # were the build time in an output, it would differ
    for fmt in ("epub", "html", "pdf"):
        one, two = (copy / "dist" / f"invisibles.en.{fmt}" for copy in copies)
        assert one.read_bytes() == two.read_bytes(), fmt


def test_dates_come_from_source_date_epoch_or_the_build_time(built, outputs, tmp_path, cli, monkeypatch):
    built_on = time.gmtime(outputs["fr.epub"].stat().st_mtime)[:3]
    with zipfile.ZipFile(outputs["fr.epub"]) as book:
        assert {info.date_time[:3] for info in book.infolist()} == {built_on}
        assert '<dc:date id="epub-date">2020-02-12</dc:date>' in book.read("EPUB/content.opf").decode()
    copy = tmp_path / "copy"
    shutil.copytree(built, copy, ignore=shutil.ignore_patterns("dist"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14
    assert cli("build", "--no-translate", "--edition", "fr", "--format", "epub", root=copy).exit_code == 0
    with zipfile.ZipFile(copy / "dist" / "invisibles.fr.epub") as book:
        assert {info.date_time[:3] for info in book.infolist()} == {(2023, 11, 14)}


def test_only_what_changed_is_rebuilt(project, tmp_path, cli):
    root = project
    shutil.copy(DATA / "rich.fr.md", root / "source")
    fill_store(root)
    fill_store(root, "rich")
    fast = ("--format", "html", "--format", "epub")
    first = cli("build", "--no-translate", *fast, root=root)
    assert first.exit_code == 0 and len(built_names(first.output)) == 12, first.output

    before = mtimes(root)
    again = cli("build", "--no-translate", *fast, root=root)
    assert again.exit_code == 0 and "0 built, 12 up to date" in again.output
    assert mtimes(root) == before  # a no-op build writes nothing, not even the manifest

    doc = Project(root).document("invisibles")
    segments = store.load(doc)
    segments[10] = dataclasses.replace(segments[10], target="A reviewer rewrote this sentence.")
    assert store.save(doc, segments)
    third = cli("build", "--no-translate", *fast, root=root)
    assert built_names(third.output) == {f"invisibles.{e}.{f}" for e in ("en", "fr-en") for f in ("html", "epub")}
    after = mtimes(root)
    unchanged = {n for n in before if before[n] == after[n]}
    assert {"rich.en.html", "rich.fr-en.epub", "invisibles.fr.html", "invisibles.fr.epub"} <= unchanged
    assert "A reviewer rewrote this sentence." in " ".join((root / "dist" / "invisibles.en.html").read_text().split())

    # An output deleted or altered by hand is rebuilt; so is everything a template feeds.
    (root / "dist" / "rich.fr.html").unlink()
    (root / "dist" / "rich.en.html").write_text("tampered")
    assert built_names(cli("build", "--no-translate", *fast, root=root).output) == {"rich.fr.html", "rich.en.html"}
    (root / "templates").mkdir()
    shutil.copy(Path(__file__).parents[2] / "pipeline/editions/templates/epub.css", root / "templates")
    with open(root / "templates" / "epub.css", "a") as css:
        css.write("\nh1 { color: #333; }\n")
    assert built_names(cli("build", "--no-translate", *fast, root=root).output) == {
        f"{d}.{e}.epub" for d in ("invisibles", "rich") for e in EDITIONS
    }


def test_a_change_in_a_writer_alone_rebuilds_its_outputs(project, tmp_path):
    """The French EPUB's document is the same, but the code that writes it is not."""
    fill_store(project)
    code = tmp_path / "code"
    shutil.copytree(
        Path(__file__).parents[2] / "pipeline", code / "pipeline", ignore=shutil.ignore_patterns("__pycache__")
    )
    env = {**os.environ, "PYTHONPATH": str(code)}
    args = [sys.executable, "-m", "pipeline", "--project", str(project), "build", "--no-translate"]
    args += ["--edition", "fr", "--format", "epub"]
    run = dict(env=env, cwd=tmp_path, capture_output=True, text=True, check=True)  # cwd: not this checkout's package
    assert "built in" in subprocess.run(args, **run).stdout
    with (code / "pipeline" / "editions" / "epub.py").open("a") as writer:
        writer.write("\n# a change in the writer\n")
    again = subprocess.run(args, **run).stdout
    assert built_names(again) == {"invisibles.fr.epub"}, again


def test_a_no_op_build_assembles_nothing_yet_sees_every_edit(project, cli, monkeypatch):
    """The cheap key skips `prepare` when nothing changed, and only then."""
    from pipeline.editions import assemble

    fill_store(project)
    html = ("--no-translate", "--format", "html")
    assert len(built_names(cli("build", *html).output)) == 3
    prepared, real = [], assemble.prepare
    monkeypatch.setattr(assemble, "prepare", lambda doc, *a, **k: prepared.append(doc.name) or real(doc, *a, **k))
    assert "0 built, 3 up to date" in cli("build", *html).output and prepared == []

    source = project / "source" / "invisibles.fr.md"
    source.write_text(source.read_text("utf-8") + "\nUne phrase ajoutée à la fin.\n", "utf-8")
    assert built_names(cli("build", *html).output) == {f"invisibles.{e}.html" for e in EDITIONS}
    assert prepared == ["invisibles"]
    assert "Une phrase ajoutée à la fin." in (project / "dist" / "invisibles.fr.html").read_text("utf-8")

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert len(built_names(cli("build", *html).output)) == 3


def test_a_no_op_build_starts_no_process(built):
    """Nothing changed, so no Pandoc, no WeasyPrint, no process pool: the manifest's keys
    say every output is up to date. (What a no-op imports is measured: bench/imports.py.)"""
    probe = (
        "import os, subprocess, sys; from pipeline.cli import cli\n"
        "started = []; subprocess.Popen.__init__ = lambda self, args, *a, **k: started.append(args)\n"
        "os.fork = os.posix_spawn = lambda *a, **k: started.append(a)\n"
        f"cli(['--project', {str(built)!r}, 'build', '--no-translate'], standalone_mode=False)\n"
        "print(started, 'weasyprint' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert "0 built, 9 up to date" in done.stdout, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == "[] False", done.stdout + done.stderr


def test_edition_and_format_select_a_subset(project, tmp_path, cli):
    root = project
    fill_store(root)
    result = cli("build", "--no-translate", "--edition", "fr-en", "--format", "html", root=root)
    assert result.exit_code == 0
    assert sorted(p.name for p in (root / "dist").glob("invisibles.*")) == ["invisibles.fr-en.html"]


def test_require_reviewed_refuses_and_lists_the_segments(project, tmp_path, cli):
    root = project
    segments = fill_store(root, reviewed_every=5, untranslated=1)
    unreviewed = [s for s in segments if s.state.value != "reviewed"]
    result = cli("build", "--no-translate", "--require-reviewed", "--format", "html", root=root)
    assert result.exit_code == 2
    assert f"invisibles: {len(unreviewed)} segments not reviewed" in result.output
    listed = set(re.findall(r"^  ([0-9a-f]{10}(?:-\d+)?) ", result.output, re.M))
    assert listed == {s.id for s in unreviewed}
    assert not list((root / "dist").glob("*.html"))
    # The French edition needs no translation; a fully reviewed store builds.
    assert (
        cli("build", "--no-translate", "--require-reviewed", "--edition", "fr", "--format", "html", root=root).exit_code
        == 0
    )
    fill_store(root, reviewed_every=1, untranslated=0)
    result = cli("build", "--no-translate", "--require-reviewed", "--format", "html", root=root)
    assert result.exit_code == 0, result.output
    page = " ".join((root / "dist" / "invisibles.en.html").read_text().split())
    assert "Every segment" in page and 'class="notice"' not in page


def _override(root: Path, name: str, text: str) -> Path:
    (root / "templates").mkdir(exist_ok=True)
    path = root / "templates" / name
    path.write_text(text)
    return path


def test_a_broken_template_is_one_clear_error(project, tmp_path, cli):
    root = project
    fill_store(root)
    path = _override(root, "edition.html", "<html>$if(title)$<h1>$title$</h1>\n</html>\n")
    result = cli("build", "--no-translate", "--edition", "en", "--format", "html", root=root)
    assert result.exit_code == 2
    assert result.output.count("Error: ") == 1 and str(path) in result.output and "Traceback" not in result.output
    assert not (root / "dist" / "invisibles.en.html").exists()


def test_a_broken_stylesheet_is_one_clear_error(project, tmp_path, cli):
    root = project
    fill_store(root)
    path = _override(root, "edition.css", "body { color: black; }\n\np { color red; }\n")
    result = cli("build", "--no-translate", "--edition", "fr", "--format", "html", root=root)
    assert result.exit_code == 2
    assert f"Error: {path}:3: invalid CSS" in result.output
    assert not (root / "dist" / "invisibles.fr.html").exists()


def test_a_missing_font_is_one_clear_error(project, tmp_path, cli, monkeypatch):
    root = project
    fill_store(root)
    empty = tmp_path / "no-fonts"
    empty.mkdir()
    monkeypatch.setenv("PIPELINE_FONT_DIR", str(empty))
    result = cli("build", "--no-translate", "--edition", "fr", "--format", "pdf", root=root)
    assert result.exit_code == 2
    assert "NotoSerif-Regular.ttf" in result.output and "fonts-noto-core" in result.output
    assert not (root / "dist" / "invisibles.fr.pdf").exists()


def test_validate_prints_each_validators_verdict(project, cli):
    fill_store(project)
    result = cli("build", "--no-translate", "--edition", "fr", "--format", "html", "--format", "epub", "--validate")
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line for line in result.output.splitlines() if line.startswith("dist/")}
    verdict = "EPUBCheck: 0 errors, 0 warnings; chapters: 1 file, each with its headings and body text"
    assert lines["dist/invisibles.fr.epub"].endswith(verdict)
    assert lines["dist/invisibles.fr.html"].endswith("Nu HTML Checker: 0 errors")


def test_an_edition_that_fails_its_validator_fails_the_build(project, cli):
    from pipeline.editions.base import TEMPLATES

    fill_store(project)
    (project / "templates").mkdir()
    house = (TEMPLATES / "edition.html").read_text().replace("<body", "<blink>x</blink><body", 1)
    (project / "templates" / "edition.html").write_text(house)
    result = cli("build", "--no-translate", "--edition", "fr", "--format", "html", "--validate")
    assert result.exit_code == 1
    assert "failed validation" in result.output and "Nu HTML Checker: 0 errors" not in result.output


def test_a_source_without_a_title_is_refused_clearly(project, cli):
    (project / "source" / "untitled.fr.md").write_text("Un texte sans titre.\n")
    cli("segment", "untitled")
    result = cli("build", "untitled", "--no-translate", "--format", "epub")
    assert result.exit_code == 2
    assert "untitled.fr.md: has no title" in result.output
    assert not (project / "dist" / "untitled.fr.epub").exists()


def test_a_build_killed_midway_leaves_whole_files(project, cli):
    """Whenever the kill lands, each output is the previous file or a complete new one."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from conftest import ROOT

    fill_store(project)
    select = ("--edition", "en", "--edition", "fr-en", "--format", "html", "--format", "pdf")
    assert cli("build", "--no-translate", *select).exit_code == 0
    before = {p.name: p.read_bytes() for p in (project / "dist").glob("invisibles.*")}
    doc = Project(project).document("invisibles")
    segments = store.load(doc)
    store.save(doc, [dataclasses.replace(s, target=s.target + " Changed.") if s.target else s for s in segments])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "build", "--no-translate", *select],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    time.sleep(2.5)  # segmentation done, outputs being written
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    ends = {".html": b"</html>\n", ".pdf": b"%%EOF\n"}
    for name, old in before.items():
        now = (project / "dist" / name).read_bytes()
        assert now == old or now.endswith(ends[Path(name).suffix]), name
    # The next build finishes the job: every output is new.
    result = cli("build", "--no-translate", *select)
    assert result.exit_code == 0
    assert all((project / "dist" / name).read_bytes() != old for name, old in before.items())
