"""The translate stage with the Argos engine, on the tiny real model the Argos tests build:
`auto` prefers Argos when a model is installed, and the stage's glossary checks hold."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "engines"))
import tiny_argos  # noqa: E402

from pipeline import glossary, store  # noqa: E402
from pipeline.core.project import Project  # noqa: E402
from pipeline.engines import packages  # noqa: E402

SHORT = """---
title: "Les travailleurs du clic"
---

Les livreurs et les chauffeurs VTC travaillent pour les géants technologiques.

Une travailleuse du clic malgache parle du droit du travail.
"""


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("argos-translate")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ARGOS_PACKAGES_DIR", str(folder / "packages"))
        packages.install_file(tiny_argos.build_package(folder))
    return folder / "packages"


def test_auto_chooses_argos_and_every_term_is_rendered_or_flagged(project, cli, model_dir, monkeypatch):
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(model_dir))
    (project / "source" / "short.fr.md").write_text(SHORT)
    assert cli("segment", "short").exit_code == 0
    result = cli("translate", "short")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("engine: argos (auto: the best installed engine), argos ")
    doc = Project(project).document("short")
    segments = store.load(doc)
    terms = glossary.load(project / "glossary.yaml")
    assert len(segments) == 3 and all(s.target and s.origin.engine == "argos" for s in segments)
    for s in segments:
        assert [f for f in s.flags if f.kind == "glossary"] == terms.check(s.source, s.target)
    # the engine forces the terms in: the tiny model's English is gibberish around them
    assert "click workers" in segments[0].target.lower()
    assert "short: 3 segments translated; glossary terms" in result.output


def test_argos_reads_the_french_as_written(model_dir, monkeypatch):
    """Apertium's workaround for inverted subjects ("soient-elles" → "elles soient") is
    Apertium's: the neural model gets the sentence as the author wrote it."""
    from conftest import ROOT

    from pipeline import translate
    from pipeline.core.model import Segment
    from pipeline.engines.argos import ArgosEngine

    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(model_dir))
    source = "Accepter ces conditions, aussi scandaleuses soient-elles, reste leur option. En est-on là ?"
    engine = ArgosEngine()
    engine._load()
    job = engine._prepare(translate.prepare(Segment(id="s", source=source), glossary.load(ROOT / "glossary.yaml")))
    assert engine._sp.decode(job.source) == source
