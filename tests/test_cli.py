"""The command line: output, exit codes, and one clear sentence for every bad input."""

import json

import pytest
from conftest import run_pipeline

from pipeline.core.project import Project


def test_segment_then_status_json_covers_every_word_of_the_article(project, cli):
    import re

    from conftest import DATA

    assert cli("segment").exit_code == 0
    result = cli("status", "--json")
    assert result.exit_code == 0
    (doc,) = json.loads(result.output)["documents"]
    segments = doc["segments"]
    assert 50 <= len(segments) <= 90
    assert doc["counts"]["untranslated"] == len(segments)
    assert {"id", "source", "target", "state", "engine", "flags"} <= set(segments[0])

    def words(text):
        text = re.sub(r"<[^>]+>", " ", text).replace("’", "'")
        return re.findall(r"\w+(?:['·]\w+)*", text)

    in_segments = set(words(" ".join(s["source"] for s in segments)))
    seed = (DATA / "invisibles.seed.txt").read_text()
    # Documented in the source's front matter: the widget is dropped, the date is metadata.
    seed = seed.replace("Temps de lecture : minute", "").replace("12 février 2020", "")
    missing = [w for w in words(seed) if w not in in_segments]
    assert missing == []


def test_status_text(project, cli):
    assert "not segmented yet" in cli("status").output
    cli("segment")
    assert cli("status").output.startswith("invisibles: ")


def test_help_on_every_command(cli):
    from pipeline.cli import cli as group

    for name in group.commands:
        result = cli(name, "--help")
        assert result.exit_code == 0 and "Usage:" in result.output, name


def test_engine_and_export_choices_are_the_registries():
    from pipeline import engines, interchange
    from pipeline.cli import export_command, translate

    choices = {
        p.name: p.type.choices for p in [*translate.params, *export_command.params] if hasattr(p.type, "choices")
    }
    assert list(choices["engine"]) == ["auto", *engines.ENGINES]
    assert list(choices["fmt"]) == list(interchange.FORMATS)


def test_help_imports_no_stage_not_even_a_registry():
    import subprocess
    import sys

    from conftest import ROOT

    probe = (
        "import sys; from pipeline.cli import cli; print(sorted(m for m in sys.modules if m.startswith('pipeline')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, env={"PYTHONPATH": str(ROOT)}
    )
    assert done.stdout.strip() == "['pipeline', 'pipeline.cli', 'pipeline.core', 'pipeline.core.errors']", (
        done.stdout + done.stderr
    )


def test_quiet_prints_nothing(project, cli):
    from click.testing import CliRunner

    from pipeline.cli import cli as group

    result = CliRunner().invoke(group, ["--project", str(project), "--quiet", "segment"])
    assert result.exit_code == 0 and result.output == ""


def test_the_common_options_work_before_and_after_every_command(project, tmp_path):
    """The README promises --project, --verbose and --quiet on every command."""
    from click.testing import CliRunner

    from pipeline.cli import cli as group

    def run(*args):
        return CliRunner().invoke(group, list(args), catch_exceptions=False)

    assert run("segment", "-q", "--project", str(project)).output == ""
    assert run("status", "--verbose", "--project", str(project)).output.startswith("invisibles: 60 segments")
    assert run("--project", str(project), "status", "-q").output == ""
    result = run("status", "--project", str(tmp_path / "none"))
    assert result.exit_code == 2 and "no such project folder" in result.output
    for name, command in group.commands.items():
        for sub in getattr(command, "commands", {name: command}).values():
            assert {"root", "verbose", "quiet"} <= {p.name for p in sub.params}, sub.name


def test_project_after_the_command_in_a_real_process(project, tmp_path):
    result = run_pipeline("segment", "--quiet", "--project", str(project), cwd=tmp_path)
    assert result.returncode == 0 and result.stdout == "", result.stderr
    assert (project / "translations" / "invisibles.en.po").exists()


def _bad_source(project, name, content: bytes):
    path = project / "source" / name
    path.write_bytes(content)
    return path


BAD_SOURCES = {
    "empty": (b"", "is empty"),
    "blank": (b"  \n\n", "is empty"),
    "latin1": ("Les travailleurs du clic sont payés à la tâche.\n".encode("latin-1"), "is not UTF-8"),
    "binary": (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "binary"),
    "bad-yaml": (b"---\ntitle: [unclosed\n---\n\nTexte.\n", "Pandoc cannot read it"),
}


@pytest.mark.parametrize("case", BAD_SOURCES)
def test_bad_source_is_refused_clearly_and_nothing_is_written(project, case):
    content, message = BAD_SOURCES[case]
    _bad_source(project, f"{case}.fr.md", content)
    result = run_pipeline("segment", case, cwd=project)
    assert result.returncode == 2
    assert message in result.stderr and f"{case}.fr.md" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (project / "translations" / f"{case}.en.po").exists()


def test_a_bad_source_among_many_stops_segment_at_its_turn(project):
    """Sources are parsed ahead of their turn; an error is still reported at it, after the
    documents before it are done, and the ones after it are left as they were."""
    article = (project / "source" / "invisibles.fr.md").read_text()
    for name in ("a", "c", "d"):
        (project / "source" / f"{name}.fr.md").write_text(article)
    _bad_source(project, "b.fr.md", BAD_SOURCES["bad-yaml"][0])
    result = run_pipeline("segment", cwd=project)
    assert result.returncode == 2 and "b.fr.md: Pandoc cannot read it" in result.stderr
    assert result.stdout.startswith("a: ") and len(result.stdout.splitlines()) == 1
    stores = sorted(p.name for p in (project / "translations").glob("*.po"))
    assert stores == ["a.en.po"]
    (project / "source" / "b.fr.md").write_text("Un texte.\n")
    result = run_pipeline("segment", cwd=project)
    assert result.returncode == 0, result.stderr
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == ["a", "b", "c", "d", "invisibles"]


def test_latin1_error_names_the_line_and_the_fix(project):
    _bad_source(project, "l1.fr.md", "Titre\n\nDeuxième ligne.\n".encode("latin-1"))
    result = run_pipeline("segment", "l1", cwd=project)
    assert "l1.fr.md:3: is not UTF-8" in result.stderr and "iconv" in result.stderr


def test_missing_document(project):
    result = run_pipeline("segment", "nope", cwd=project)
    assert result.returncode == 2 and "nope.fr.md: no such file" in result.stderr
    result = run_pipeline("segment", "source/nope.fr.md", cwd=project)
    assert result.returncode == 2 and "no such file" in result.stderr


def test_missing_project_folder(tmp_path):
    result = run_pipeline("--project", str(tmp_path / "nowhere"), "status", cwd=tmp_path)
    assert result.returncode == 2 and "no such project folder" in result.stderr


def test_a_broken_store_is_reported_with_its_line_and_not_overwritten(project, cli):
    cli("segment")
    store = Project(project).document("invisibles").store
    lines = store.read_text().splitlines(keepends=True)
    lines[20] = 'msgstr "unterminated\n'
    store.write_text("".join(lines))
    before = store.read_bytes()
    result = run_pipeline("segment", cwd=project)
    assert result.returncode == 2
    assert "invisibles.en.po:" in result.stderr and "not a valid PO file" in result.stderr
    assert "Traceback" not in result.stderr
    assert store.read_bytes() == before


def test_segment_accepts_a_path_in_source(project):
    result = run_pipeline("segment", "source/invisibles.fr.md", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / "translations" / "invisibles.en.po").exists()


def test_project_may_come_after_the_command(project, tmp_path):
    result = run_pipeline("segment", "--project", str(project), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    result = run_pipeline("status", f"--project={project}", cwd=tmp_path)
    assert result.stdout.startswith("invisibles: 60 segments")
