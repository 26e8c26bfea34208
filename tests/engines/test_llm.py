"""The llm engine against a real llama.cpp server (llama-cpp-python's) on a tiny random model.

Its answers are garbage by construction: what the never-trust rules must catch. A grammar
sent with every request (the ``extra`` setting) makes it give a chosen answer instead,
for what happens to a good one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
import tiny_llm
from conftest import ROOT, run_pipeline
from reference import GLOSSARY  # travailleur du clic → click worker, never "workers of the click"

from pipeline import store
from pipeline.core.model import Flag, Origin, Segment, State, TagInfo
from pipeline.core.project import Project
from pipeline.engines import llm
from pipeline.engines.base import Request, Required

SOURCE = """\
# Les petites mains

Les *travailleurs du clic* sont invisibles. Ils étiquettent des images pour des plateformes
que personne ne voit. On appelle cela le [click work]{lang=en} dans les pays anglophones.

Une deuxième partie parle des livreurs à vélo et des chauffeurs de VTC.[^1] Ils travaillent
la nuit, souvent sans contrat.

[^1]: Une note de bas de page sur les plateformes.
"""
MODEL = "tiny-random-llama"


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """One llama.cpp server for the session, stopped at its end; its URL and its log."""
    folder = tmp_path_factory.mktemp("llm")
    model = tiny_llm.build_model(folder / "tiny.gguf")
    log = folder / "server.log"
    with tiny_llm.serve(model, log) as url:
        yield url, log, model


def _project(root: Path, source: str = SOURCE, settings: str = "") -> Path:
    (root / "source").mkdir(parents=True)
    (root / "source" / "petites.fr.md").write_text(source, encoding="utf-8")
    (root / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    if settings:
        (root / "pyproject.toml").write_text(settings, encoding="utf-8")
    assert run_pipeline("segment", cwd=root).returncode == 0
    return root


def _segments(root: Path) -> list[Segment]:
    return store.active(store.load(Project(root).document("petites")))


@pytest.mark.slow
def test_garbage_answers_are_all_flagged_with_a_reason_and_credited_to_the_model(server, tmp_path):
    url, _, _ = server
    root = _project(tmp_path / "p")
    result = run_pipeline("translate", "--engine", "llm", "--llm-url", url, cwd=root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"engine: llm, llm {MODEL}, llama.cpp Python API ")  # said before the work
    segments = _segments(root)
    drafted = [s for s in segments if s.target]
    assert len(drafted) >= len(segments) - 1  # an answer empty twice leaves its segment to do
    for s in drafted:
        said = [f.message for f in s.flags if f.kind == Flag.LLM]
        assert said and said[0].startswith("the model's answer failed the checks twice, kept as it is: "), s
        assert len(said[0]) > len("the model's answer failed the checks twice, kept as it is: ") + 10
        assert s.origin.engine == "llm" and s.origin.model.startswith(f"{MODEL}, llama.cpp Python API ")
        assert s.draft == s.target  # the draft is kept, for a reviewer to mend
    assert f"flag {drafted[0].id}" in result.stdout
    qa = run_pipeline("qa", "--format", "json", cwd=root)
    assert qa.returncode == 1  # garbage is never a clean draft: QA has errors to show too


@pytest.mark.slow
def test_a_good_answer_keeps_its_tags_loses_the_chatter_and_gets_the_glossary_enforced(server, tmp_path):
    url, _, _ = server
    answer = 'Here is the translation:\\n\\n\\"The <em1>workers of the click</em1> are invisible.\\"'
    settings = f"[tool.pipeline.engines.llm]\nurl = '{url}'\n[tool.pipeline.engines.llm.extra]\n"
    settings += f"grammar = '''root ::= \"{answer}\"'''\n"
    root = _project(
        tmp_path / "p", "---\ntitle: Petites mains\n---\n\nLes *travailleurs du clic* sont invisibles.\n", settings
    )
    doc = Project(root).document("petites")
    title, _ = store.load(doc)  # an edition needs a title: a reviewer's, which no engine touches
    store.save(doc, [replace(title, target="Hidden hands", state=State.REVIEWED, origin=Origin(Origin.REVIEW)), _])
    result = run_pipeline("translate", "--engine", "llm", cwd=root)
    assert result.returncode == 0, result.stderr
    segment = _segments(root)[1]
    assert segment.target == "The <em1>click workers</em1> are invisible."  # the avoided rendering replaced
    assert segment.flags == ()
    assert str(segment.origin).startswith(f"llm {MODEL}, llama.cpp Python API 0.")

    from pipeline.editions import assemble

    meta = assemble.prepare(doc, store.load(doc))["en"].ast["meta"]
    assert f"Machine drafts: llm {MODEL}, llama.cpp Python API" in json.dumps(meta)


def _established(port: int) -> int:
    """How many connections the server on ``port`` holds open right now (from /proc/net/tcp)."""
    count = 0
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1].endswith(f":{port:04X}") and fields[3] == "01":  # local address is the server's; ESTABLISHED
            count += 1
    return count


@pytest.mark.slow
@pytest.mark.parametrize("concurrency", [1, 4])
def test_requests_are_in_flight_together_as_many_as_configured(server, tmp_path, concurrency):
    url, _, _ = server
    port = int(url.rsplit(":", 1)[1].split("/")[0])
    root = _project(tmp_path / "p", settings=f"[tool.pipeline.engines.llm]\nconcurrency = {concurrency}\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PIPELINE_LLM_URL": url}
    command = [sys.executable, "-m", "pipeline", "translate", "--engine", "llm"]
    process = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    most = 0
    while process.poll() is None:
        most = max(most, _established(port))
        time.sleep(0.002)
    out, err = process.communicate()
    assert process.returncode == 0, err
    # one at a time: one open, or two for the moment a finished one takes to close
    assert most <= 2 if concurrency == 1 else most >= 3, most


def test_no_server_at_the_url_says_so_in_one_sentence_and_changes_nothing(tmp_path):
    root = _project(tmp_path / "p")
    before = Project(root).document("petites").store.read_bytes()
    url = f"http://127.0.0.1:{tiny_llm.free_port()}/v1"
    result = run_pipeline("translate", "--engine", "llm", "--llm-url", url, cwd=root)
    assert result.returncode == 2
    assert result.stderr == (
        f"Error: the llm engine is not available: {url}/models cannot be reached ([Errno 111] Connection refused): "
        "start the server, or check the URL\n"
    )
    assert Project(root).document("petites").store.read_bytes() == before


def test_a_model_the_server_has_not_or_a_wrong_path_is_said_with_what_it_has(server, tmp_path):
    url, _, _ = server
    root = _project(tmp_path / "p")
    before = Project(root).document("petites").store.read_bytes()
    result = run_pipeline("translate", "--engine", "llm", "--llm-url", url, "--llm-model", "qwen2.5:7b", cwd=root)
    assert result.returncode == 2
    assert result.stderr == (
        f"Error: the llm engine is not available: the server at {url} has no model 'qwen2.5:7b' (it has: {MODEL}): "
        "choose one with --llm-model or PIPELINE_LLM_MODEL\n"
    )
    wrong = url.removesuffix("/v1") + "/api"
    result = run_pipeline("build", "--llm-url", wrong, cwd=root)
    assert result.returncode == 2
    assert result.stderr.endswith(
        f"{wrong}/models does not exist (404): an OpenAI-compatible server's URL ends in /v1\n"
    )
    assert len(result.stderr.splitlines()) == 1
    assert Project(root).document("petites").store.read_bytes() == before


@pytest.mark.slow
def test_a_server_that_stops_mid_run_stops_it_in_one_sentence_losing_nothing(server, tmp_path):
    _, _, model = server
    root = _project(tmp_path / "p", settings="[tool.pipeline.engines.llm]\nconcurrency = 1\n")
    doc = Project(root).document("petites")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PIPELINE_TEST_BATCH_DELAY": "3"}
    with tiny_llm.serve(model, tmp_path / "own.log") as url:
        command = [sys.executable, "-m", "pipeline", "translate", "--engine", "llm", "--llm-url", url]
        process = subprocess.Popen(
            command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        deadline = time.monotonic() + 60
        while not any(s.target for s in store.load(doc)) and time.monotonic() < deadline:
            time.sleep(0.05)
    # the server is stopped while the run waits after its first draft
    out, err = process.communicate(timeout=60)
    assert process.returncode == 2, err
    assert (
        err
        == f"Error: {url}/chat/completions cannot be reached ([Errno 111] Connection refused); the drafts done so far are saved: run again to go on\n"
    )
    first = {s.id: s for s in store.load(doc) if s.target}
    assert len(first) == 1
    with tiny_llm.serve(model, tmp_path / "own.log") as url:
        result = run_pipeline("translate", "--engine", "llm", "--llm-url", url, cwd=root)
    assert result.returncode == 0, result.stderr
    after = {s.id: s for s in store.load(doc)}
    assert all(after[sid] == s for sid, s in first.items())  # the draft done before is kept as it was
    assert f"petites: {len(_segments(root)) - 1} segments translated" in result.stdout


def test_auto_takes_the_server_when_it_answers_and_passes_it_by_when_not(server, tmp_path, monkeypatch):
    url, _, _ = server
    root = _project(tmp_path / "p")
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "no-argos-models"))
    monkeypatch.setenv("PIPELINE_LLM_URL", url)
    result = run_pipeline("translate", "--dry-run", cwd=root)
    assert result.stdout.startswith(f"engine: llm (auto: the best installed engine), llm {MODEL}, "), result.stderr
    monkeypatch.setenv("PIPELINE_LLM_URL", f"http://127.0.0.1:{tiny_llm.free_port()}/v1")
    result = run_pipeline("translate", "--dry-run", cwd=root)
    assert result.stdout.startswith("engine: apertium (auto: the best installed engine)"), result.stderr


def test_settings_come_from_the_command_line_then_the_environment_then_pyproject(tmp_path, monkeypatch):
    root = tmp_path / "p"
    root.mkdir()
    (root / "pyproject.toml").write_text(
        "[tool.pipeline.engines.llm]\nurl = 'http://file:1/v1'\nmodel = 'm-file'\ntemperature = 0\ntimeout = 30\n"
        "concurrency = 3\nextra = { seed = 7 }\n"
    )
    project = Project(root)
    for variable in llm.ENVIRONMENT.values():
        monkeypatch.delenv(variable, raising=False)
    engine = llm.LlmEngine(project)
    assert (engine.url, engine.model, engine.temperature, engine.timeout) == ("http://file:1/v1", "m-file", 0.0, 30.0)
    assert (engine.concurrency, engine.extra) == (3, {"seed": 7})
    monkeypatch.setenv("PIPELINE_LLM_URL", "http://localhost:11434")  # a server's address alone: its /v1
    monkeypatch.setenv("PIPELINE_LLM_API_KEY", "secret")
    engine = llm.LlmEngine(project)
    assert (engine.url, engine.model, engine.api_key) == ("http://localhost:11434/v1", "m-file", "secret")
    engine = llm.LlmEngine(project, {"url": "http://given:2/v1", "model": None})
    assert (engine.url, engine.model) == ("http://given:2/v1", "m-file")
    (root / "pyproject.toml").write_text("[tool.pipeline.engines.llm]\napi_key = 'x'\n")
    with pytest.raises(Exception, match=r"\[tool.pipeline.engines.llm\] has no setting 'api_key'"):
        llm.LlmEngine(project)
    (root / "pyproject.toml").write_text("[tool.pipeline.engines.llm]\nconcurrency = 'four'\n")
    with pytest.raises(Exception, match="concurrency = 'four': it must be a int"):
        llm.LlmEngine(project)


def _request(source: str, *, tags=(), required=()) -> Request:
    return Request(Segment(id="x", source=source, tags=tags), source, required=required)


def test_what_a_model_adds_around_the_english_is_stripped():
    source = "Les travailleurs du clic sont invisibles."
    english = "The click workers are invisible."
    for answer in [
        english,
        f'"{english}"',
        f"“{english}”",
        f"Here is the translation:\n\n{english}",
        f"Sure! Here's the English translation:\n{english}",
        f"Translation (British English): {english}",
        f"```\n{english}\n```",
        f"```text\n{english}\n```",
        f"{english}\n\nNote: I kept the term as requested.",
        f"{english}\n\nThis sentence is about workers.",
        f"  {english}\x00\x12  ",
    ]:
        assert llm.clean(answer, source) == english, answer
    assert llm.clean("Translation: the word", "Traduction : le mot") == "Translation: the word"
    assert llm.clean('"Yes," she said.', "« Oui », dit-elle.") == '"Yes," she said.'
    assert llm.clean("a < b", "a < b") == "a &lt; b"  # a literal '<' as segment text writes it


def test_every_problem_of_an_answer_is_named():
    required = (Required("travailleurs du clic", ("click workers", "click worker"), ("workers of the click",)),)
    tags = (TagInfo("em1", "emphasis"), TagInfo("span2", "text in lang=en: keep it as it is", True, "en"))
    request = _request(
        "Les <em1>travailleurs du clic</em1> parlent de <span2>click work</span2> tous les jours.",
        tags=tags,
        required=required,
    )
    good = "The <em1>click workers</em1> talk about <span2>click work</span2> every day."
    assert llm.problems(good, request) == []
    assert llm.problems(good.replace("click workers", "workers of the click"), request) == []  # the stage swaps it
    assert llm.problems("", request) == [llm.EMPTY]
    assert llm.problems("The click workers talk about <span2>click work</span2> every day.", request) == [
        "</em1> (emphasis) is missing",
        "<em1> (emphasis) is missing",
    ]
    found = llm.problems("The <em1>workers</em1> talk about <span2>clicking</span2> every day.", request)
    assert found == [
        'the English in <span2> must stay exactly "click work"',
        '"travailleurs du clic" must be rendered "click workers"',
    ]
    assert llm.problems(request.text, request) == [
        '"travailleurs du clic" must be rendered "click workers"',
        "it is the French source copied back, not a translation",
    ]
    found = llm.problems(
        "The <em1>click workers</em1> parlent de <span2>click work</span2> tous les jours avec leurs patrons.", request
    )
    assert any(f.startswith("this reads as French: ") for f in found), found
    long = good + " And then the model went on and on about something else entirely, at length."
    assert llm.problems(long, request) == ["the English is 203% of the length of the source: was something added?"]


def test_each_sentence_is_sent_with_the_rest_of_its_paragraph(tmp_path):
    from pipeline import translate

    segments = store.load(Project(_project(tmp_path / "p")).document("petites"))
    around = translate._paragraphs(segments)
    second = next(s for s in segments if s.where == "paragraph 1, sentence 2")
    before, after = around[second.id]
    assert before == "Les travailleurs du clic sont invisibles."  # tags left out
    assert after == "On appelle cela le click work dans les pays anglophones."
    assert all(s.id not in around for s in segments if ", sentence " not in s.where)  # a heading is alone
    request = translate.prepare(second, translate.glossary.load(tmp_path / "p" / "glossary.yaml"), around[second.id])
    (_, user) = [m["content"] for m in llm.prompt(request)]
    assert f"The paragraph it is from, for context only: {before} Ils étiquettent" in user
    assert user.endswith(f"Translate this sentence into British English:\n{second.source}")
