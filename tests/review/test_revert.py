"""Reverting to the machine draft never loses a reviewer's English: the page asks first (a
real dialog, keyboard included), the text goes to the segment's history, the page shows it
and restores it. Through the API and in a real Chromium, on tests/data/repeats.fr.md."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import data_project

from pipeline.core.model import Origin, State

from .review_helpers import draft_for, english, load_segments, shot, start_server

pytestmark = pytest.mark.slow  # a real Chromium

MINE = "An old knife grinder sharpens the knives by the fountain."


@pytest.fixture
def repeats(tmp_path):
    """repeats.fr.md segmented, every segment a stand-in machine draft; a review server on it."""
    from pipeline import store
    from pipeline.core.project import Project
    from pipeline.segment.update import update

    root = data_project(tmp_path / "project", "repeats.fr.md")
    doc = Project(root).document("repeats")
    update(doc)
    drafts = [
        replace(
            s,
            target=draft_for(s.source),
            draft=draft_for(s.source),
            state=State.MACHINE,
            origin=Origin.parse("apertium 3.8.3"),
        )
        for s in store.load(doc)
    ]
    store.save(doc, drafts)
    (root / "pyproject.toml").write_text('[tool.pipeline.qa]\nfrench = "off"\ntypography = "off"\n')
    running = start_server(root)
    yield running
    err = running.stop()
    assert "Traceback" not in err, err


def _put(server, segment: dict, target: str, state: str):
    body = {"target": target, "state": state, "revision": segment["revision"]}
    status, answer, _ = server.request("PUT", f"/api/documents/repeats/segments/{segment['id']}", body)
    assert status == 200, answer
    return answer["segment"]


def _grinder(server) -> dict:
    status, body, _ = server.request("GET", "/api/documents/repeats/segments")
    assert status == 200, body
    return next(s for s in body["segments"] if "rémouleur" in s["source"])


def test_api_revert_keeps_the_reviewers_english_and_a_save_restores_it(repeats):
    row = _grinder(repeats)
    approved = _put(repeats, row, MINE, "reviewed")
    assert approved["history"] == []  # the draft it replaced is still the draft
    reverted = _put(repeats, approved, row["draft"], "machine")
    assert (reverted["target"], reverted["state"]) == (row["draft"], "machine")
    (earlier,) = reverted["history"]
    assert (earlier["target"], earlier["state"], earlier["replaced"]) == (MINE, "reviewed", "revert")
    assert earlier["origin"] == "apertium 3.8.3" and earlier["when"].endswith("Z")
    on_disk = {s.id: s for s in load_segments(repeats.root, "repeats")}[row["id"]]
    assert [(v.target, v.state) for v in on_disk.history] == [(MINE, State.REVIEWED)]
    restored = _put(repeats, reverted, MINE, "reviewed")
    assert (restored["target"], restored["state"], restored["history"]) == (MINE, "reviewed", [])


def test_the_page_asks_before_reverting_and_restores_from_the_history(repeats, open_page):
    row = _grinder(repeats)
    _put(repeats, row, MINE, "reviewed")
    page = open_page(repeats.url.replace("/?", "/?doc=repeats&"))
    segment = page.locator(f"#seg-{row['id']}")
    segment.click()

    # keyboard only: Tab to the revert button, Enter; the dialog opens on its safe answer
    segment.locator(".revert").focus()
    page.keyboard.press("Enter")
    dialog = page.locator("#confirm")
    dialog.wait_for(state="visible")
    assert "approved" in page.inner_text("#confirm-text") and "Earlier versions" in page.inner_text("#confirm-text")
    assert page.evaluate("document.activeElement.id") == "confirm-no"
    shot(page, "review-revert-confirm")
    page.keyboard.press("Escape")  # no: nothing changes
    dialog.wait_for(state="hidden")
    stored = {s.id: s for s in load_segments(repeats.root, "repeats")}[row["id"]]
    assert (stored.target, stored.state) == (MINE, State.REVIEWED)

    segment.locator(".revert").focus()
    page.keyboard.press("Enter")
    dialog.wait_for(state="visible")
    page.keyboard.press("Tab")  # to "Revert to draft"
    assert page.evaluate("document.activeElement.id") == "confirm-yes"
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#seg-{row['id']}.state-machine")
    assert english(segment.locator(".editor")) == row["draft"]
    stored = {s.id: s for s in load_segments(repeats.root, "repeats")}[row["id"]]
    assert stored.target == row["draft"] and [v.target for v in stored.history] == [MINE]

    history = segment.locator("details.history")
    assert history.locator("summary").inner_text() == "Earlier versions (1)"
    history.locator("summary").click()
    assert history.locator(".earlier .text").inner_text() == MINE
    assert "reviewed · apertium 3.8.3 · replaced by revert" in history.locator(".earlier .about").inner_text()
    shot(page, "review-history")
    history.locator(".restore").click()
    page.wait_for_selector(f"#seg-{row['id']}.state-reviewed")
    assert english(segment.locator(".editor")) == MINE
    stored = {s.id: s for s in load_segments(repeats.root, "repeats")}[row["id"]]
    assert (stored.target, stored.state, stored.history) == (MINE, State.REVIEWED, ())

    # a reload shows the history from the store
    segment.locator(".revert").click()
    page.click("#confirm-yes")
    page.wait_for_selector(f"#seg-{row['id']}.state-machine")
    page.reload()
    page.wait_for_selector(".row")
    assert page.locator(f"#seg-{row['id']} details.history .earlier .text").text_content() == MINE
