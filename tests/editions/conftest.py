"""Fixtures of the editions tests: a project whose store has English targets, and its
nine editions, built once per session.

The targets are test data, not a mock: each is derived from its source (same tags, same
text, French spacing kept so that English typography has work to do, and every third
sentence made longer so the parallel columns differ in length), saved with the real
store. Most are machine drafts, a few are reviewed, one is left untranslated.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ARTICLE
from reference import fill_store


def new_project(base: Path) -> Path:
    root = base / "project"
    (root / "source").mkdir(parents=True)
    shutil.copy(ARTICLE, root / "source")
    return root


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """A project with the nine editions of the article in dist/ (built through the CLI)."""
    from click.testing import CliRunner

    from pipeline.cli import cli

    root = new_project(tmp_path_factory.mktemp("editions"))
    fill_store(root)
    result = CliRunner().invoke(cli, ["--project", str(root), "build", "--no-translate"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture(scope="session")
def outputs(built) -> dict[str, Path]:
    """'en.epub' → dist/invisibles.en.epub, for the nine."""
    return {p.name.removeprefix("invisibles."): p for p in sorted((built / "dist").glob("invisibles.*.*"))}
