"""Review fixtures: a project with machine drafts, a real review server, a real Chromium."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from .review_helpers import CHROMIUM, CHROMIUM_ARGS, ROOT, draft_for, start_server

ARTICLE = ROOT / "source" / "invisibles.fr.md"


def _translate(root: Path) -> Path:
    """The article segmented, every segment a machine draft; three flagged; one already reviewed."""
    from pipeline import store
    from pipeline.core.model import Flag, Origin, State
    from pipeline.core.project import Project
    from pipeline.segment.update import update

    doc = Project(root).documents()[0]
    update(doc)
    segments = []
    for i, s in enumerate(store.load(doc)):
        draft = draft_for(s.source)
        flags = (Flag("glossary", "« petites mains » needs “hidden hands”"),) if i in (5, 9, 20) else ()
        state = State.REVIEWED if i == 3 else State.MACHINE
        segments.append(
            replace(s, target=draft, draft=draft, state=state, origin=Origin.parse("apertium 3.8.3"), flags=flags)
        )
    store.save(doc, segments)
    # the stand-in drafts are French text: QA's French and typography checks, and the
    # article's glossary, would flag them all (the glossary tests bring their own glossary)
    (root / "pyproject.toml").write_text('[tool.pipeline.qa]\nfrench = "off"\ntypography = "off"\n')
    (root / "glossary.yaml").unlink(missing_ok=True)
    return root


@pytest.fixture
def translated(project: Path) -> Path:
    return _translate(project)


@pytest.fixture
def server(translated: Path):
    running = start_server(translated)
    yield running
    err = running.stop()
    assert "Traceback" not in err, err


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory):
    """One server for a module's tests that change nothing (bad input, refusals)."""
    root = tmp_path_factory.mktemp("shared") / "project"
    (root / "source").mkdir(parents=True)
    shutil.copy(ARTICLE, root / "source")
    running = start_server(_translate(root))
    yield running
    err = running.stop()
    assert "Traceback" not in err, err


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser):
    """open_page(url, width=1366, height=900) → a Playwright page, failing the test on any JS error."""
    contexts, errors = [], []

    def open_(url: str, width: int = 1366, height: int = 900):
        context = browser.new_context(viewport={"width": width, "height": height})
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda err: errors.append(str(err)))
        page.on("dialog", lambda dialog: (errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
        page.goto(url)
        if url.startswith("http"):
            page.wait_for_selector("body[data-rows=all]")  # every row built (a book builds in slices)
        return page

    yield open_
    for context in contexts:
        context.close()
    assert not errors, errors
