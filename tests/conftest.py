"""Shared fixtures: a throw-away copy of the project, and ways to run `pipeline` in it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's package, whatever else is installed
DATA = Path(__file__).resolve().parent / "data"
ARTICLE = ROOT / "source" / "invisibles.fr.md"

# Hypothesis: `ci` (the default) keeps property tests quick, since each example runs
# Pandoc; `HYPOTHESIS_PROFILE=thorough` digs much deeper by hand.
settings.register_profile("ci", max_examples=60, deadline=None, print_blob=True)
settings.register_profile("thorough", max_examples=2000, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="Rewrite tests/golden/ from what the code makes now.")


@pytest.fixture(scope="session")
def golden(request):
    """``golden(name, data)``: ``data`` must equal tests/golden/<name> byte for byte;
    ``pytest --update-golden`` writes it instead (then read the diff before committing)."""
    update = request.config.getoption("--update-golden")

    def check(name: str, data: bytes | str) -> None:
        data = data.encode("utf-8") if isinstance(data, str) else data
        path = GOLDEN / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists() or path.read_bytes() != data:
                path.write_bytes(data)
            return
        assert path.exists(), f"no golden file {path.relative_to(GOLDEN.parent)}: run pytest --update-golden"
        expected = path.read_bytes()
        if data != expected:
            import difflib

            diff = difflib.unified_diff(
                expected.decode("utf-8", "replace").splitlines(),
                data.decode("utf-8", "replace").splitlines(),
                f"golden/{name}",
                "now",
                lineterm="",
            )
            shown = "\n".join(list(diff)[:60])
            pytest.fail(f"{name} differs from its golden file (pytest --update-golden rewrites it):\n{shown}")

    return check


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh project holding the article and the glossary (no translations yet)."""
    root = tmp_path / "project"
    (root / "source").mkdir(parents=True)
    shutil.copy(ARTICLE, root / "source")
    if (ROOT / "glossary.yaml").exists():
        shutil.copy(ROOT / "glossary.yaml", root)
    return root


def data_project(root: Path, *names: str) -> Path:
    """A project at ``root`` whose sources are these documents of tests/data (no store yet)."""
    (root / "source").mkdir(parents=True)
    for name in names:
        shutil.copy(DATA / name, root / "source")
    return root


@pytest.fixture
def repeats(tmp_path):
    """A document of tests/data/repeats.fr.md, segmented (its store's tests)."""
    from pipeline.core.project import Project
    from pipeline.segment.update import update

    doc = Project(data_project(tmp_path / "project", "repeats.fr.md")).document("repeats")
    update(doc)
    return doc


@pytest.fixture
def cli(project: Path):
    """Run `pipeline --project <project> ARGS…` in-process; returns the click Result."""
    from pipeline.cli import cli as group

    runner = CliRunner()

    def run(*args: str, root: Path | None = None):
        return runner.invoke(group, ["--project", str(root or project), *args], catch_exceptions=False)

    return run


def run_pipeline(*args: str, cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    """Run the real `pipeline` in a subprocess (for kill -9, locks, and exact exit codes)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args], cwd=cwd, env=env, capture_output=True, text=True, **kwargs
    )
