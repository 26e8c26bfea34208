"""The apy engine against a real Apertium APY server: the local engine's drafts, exactly."""

import shutil

import pytest
from apy_server import MODES, free_port, serving
from conftest import ARTICLE, DATA, ROOT, data_project, run_pipeline

from pipeline import engines, glossary, store, translate
from pipeline.core.errors import PipelineError
from pipeline.core.project import Project
from pipeline.engines.apertium import ApertiumEngine
from pipeline.engines.apy import ApyEngine
from pipeline.segment.document import segments
from pipeline.segment.pandoc import read_source


@pytest.fixture(scope="module")
def server():
    with serving() as url:
        yield url


def _requests(path):
    terms = glossary.load(ROOT / "glossary.yaml")
    return [translate.prepare(s, terms) for s in segments(read_source(path)[1])]


@pytest.mark.slow
@pytest.mark.parametrize("source", [ARTICLE, DATA / "contes.fr.md"], ids=["article", "contes"])
def test_drafts_are_the_local_engines(server, source):
    requests = _requests(source)
    remote = ApyEngine(given={"url": server})
    assert remote.available(), remote.how_to_install()
    drafts = remote.translate(requests)
    assert drafts == ApertiumEngine().translate(requests)
    assert any(d.flags for d in drafts)  # the unknown-word flags came through the same code
    assert sum(len(r.text) for r in requests) > 4000  # more than one request of the server's size


@pytest.mark.slow
def test_translate_stores_the_local_drafts_and_names_the_server(server, tmp_path):
    origin = "apy fra-spa | spa-eng (Apertium APY; the server reports no versions)"
    drafted, said = {}, {}
    for engine, extra in (("apy", ["--apy-url", server]), ("apertium", [])):
        root = data_project(tmp_path / engine, "rich.fr.md")
        shutil.copy(ROOT / "glossary.yaml", root)
        assert run_pipeline("segment", cwd=root).returncode == 0
        result = run_pipeline("translate", "--engine", engine, *extra, cwd=root)
        assert result.returncode == 0, result.stderr
        drafted[engine], said[engine] = store.load(Project(root).document("rich")), result.stdout
    assert f"engine: apy, {origin}" in said["apy"]
    assert {str(s.origin) for s in drafted["apy"]} == {origin}
    assert [(s.target, s.flags) for s in drafted["apy"]] == [(s.target, s.flags) for s in drafted["apertium"]]


def test_a_stopped_server_is_one_sentence_exit_2_store_untouched(project):
    assert run_pipeline("segment", cwd=project).returncode == 0
    before = Project(project).document("invisibles").store.read_bytes()
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    result = run_pipeline("translate", "--engine", "apy", "--apy-url", url, cwd=project)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"Error: the apy engine is not available: the Apertium APY server at {url} does not answer "
        "(Connection refused): start one with `apertium-apy /usr/share/apertium/modes`, from Debian's "
        "apertium-apy, or check --apy-url"
    ]
    assert Project(project).document("invisibles").store.read_bytes() == before


@pytest.mark.slow
def test_a_server_without_the_pairs_says_which_it_lacks(tmp_path):
    modes = tmp_path / "modes"
    modes.mkdir()
    shutil.copy(MODES / "fr-es.mode", modes)
    with serving(modes) as url:
        engine = ApyEngine(given={"url": url})
        assert not engine.available()
        assert engine.how_to_install() == (
            f"the Apertium APY server at {url} lacks the pairs spa-eng (it has fra-spa): "
            "install apertium-fr-es apertium-eng-spa where it runs and restart it"
        )


@pytest.mark.slow
def test_a_server_lost_mid_run_is_one_sentence(tmp_path):
    with serving() as url:
        engine = ApyEngine(given={"url": url})
        assert engine.available()
    with pytest.raises(PipelineError) as raised:  # stopped since: the run's next request
        engine.translate(_requests(DATA / "rich.fr.md"))
    assert str(raised.value) == (
        f"the Apertium APY server at {url} does not answer (Connection refused): start one with "
        "`apertium-apy /usr/share/apertium/modes`, from Debian's apertium-apy, or check --apy-url"
    )


@pytest.mark.slow
def test_build_takes_the_server_from_the_command_line(server, tmp_path):
    root = data_project(tmp_path / "p", "repeats.fr.md")
    result = run_pipeline("build", "--apy-url", server, "--edition", "en", "--format", "html", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "engine: apy, apy fra-spa | spa-eng" in result.stdout  # asked for, not chosen by auto
    assert {s.origin.engine for s in store.load(Project(root).document("repeats"))} == {"apy"}


def test_the_url_comes_from_the_option_then_the_environment_then_pyproject(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[tool.pipeline.engines.apy]\nurl = "http://mt.example:2737/"\n')
    project = Project(tmp_path)
    monkeypatch.delenv("PIPELINE_APY_URL", raising=False)
    assert ApyEngine(project).url == "http://mt.example:2737"
    monkeypatch.setenv("PIPELINE_APY_URL", "http://env.example:2737")
    assert ApyEngine(project).url == "http://env.example:2737"
    assert engines.get("apy", project, {"apy": {"url": "http://option.example"}}).url == "http://option.example"
    monkeypatch.delenv("PIPELINE_APY_URL")
    assert not ApyEngine(Project(tmp_path / "elsewhere")).available()  # nothing configured: no network asked
    assert "--apy-url" in ApyEngine().how_to_install()


def test_auto_takes_a_configured_server_that_answers_else_the_local_pipe(server, tmp_path, monkeypatch):
    monkeypatch.delenv("PIPELINE_APY_URL", raising=False)
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "no-models"))  # no Argos model: Apertium's turn
    project = Project(tmp_path)
    assert engines.best(project, {"apy": {"url": server}}).name == "apy"
    assert engines.best(project, {"apy": {"url": f"http://127.0.0.1:{free_port()}"}}).name == "apertium"
    assert engines.best(project).name == "apertium"
