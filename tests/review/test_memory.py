"""Memory matches with their score and French diff, exact repetitions given an approved
English, and the concordance: through the API and in the page (real server, real Chromium)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import data_project

from pipeline.core.model import Origin, State

from .review_helpers import draft_for, english, load_segments, shot, start_server

MARKET = "Le marché ouvre à huit heures."
TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="fr" datatype="plaintext" segtype="sentence" adminlang="en"
 creationtool="test" creationtoolversion="1" o-tmf="none"/><body>
<tu><tuv xml:lang="fr"><seg>Le marché ouvre à neuf heures.</seg></tuv><tuv xml:lang="en"><seg>The market opens at nine.</seg></tuv></tu>
<tu><tuv xml:lang="fr"><seg>Le rémouleur passe le mardi.</seg></tuv><tuv xml:lang="en"><seg>The knife grinder comes on Tuesdays.</seg></tuv></tu>
<tu><tuv xml:lang="fr"><seg>Tout autre chose.</seg></tuv><tuv xml:lang="en"><seg>Something else.</seg></tuv></tu>
</body></tmx>
"""


@pytest.fixture
def market(tmp_path):
    """repeats.fr.md (the market sentence three times) as machine drafts, and a TMX memory."""
    from pipeline import store
    from pipeline.core.project import Project
    from pipeline.segment.update import update

    root = data_project(tmp_path / "project", "repeats.fr.md", "repeats-suite.fr.md")
    for doc in Project(root).documents():
        update(doc)
        draft = [replace(s, target=draft_for(s.source), draft=draft_for(s.source), state=State.MACHINE,
                         origin=Origin.parse("apertium 3.8.3")) for s in store.load(doc)]  # fmt: skip
        store.save(doc, draft)
    (root / "translations" / "memory").mkdir()
    (root / "translations" / "memory" / "old.tmx").write_text(TMX)
    (root / "pyproject.toml").write_text('[tool.pipeline.qa]\nfrench = "off"\ntypography = "off"\n')
    return root


def api(doc: str, path: str = "") -> str:
    return f"/api/documents/{doc}/segments{path}"


def test_matches_repetitions_and_concordance_through_the_api(market):
    running = start_server(market, "repeats")
    try:
        rows = running.request("GET", api("repeats"))[1]["segments"]
        markets = [r for r in rows if r["source"] == MARKET]
        assert len(markets) == 3 and all(r["repeats"] == 2 for r in markets)
        status, body, _ = running.request("GET", api("repeats", f"/{markets[0]['id']}/matches"))
        assert status == 200
        best = body["matches"][0]
        assert (best["target"], best["origin"]) == ("The market opens at nine.", "tm memory/old.tmx")
        assert 80 <= best["score"] < 100
        assert ["-", "neuf "] in best["source_diff"] and ["+", "huit "] in best["source_diff"]
        assert all(m["target"] != "Something else." for m in body["matches"])  # below the threshold

        # a repetition reviewed with other English keeps it; the rest take the approved one
        other = markets[2]
        put = {"target": "Market opens at 8.", "state": "reviewed", "revision": other["revision"]}
        assert running.request("PUT", api("repeats", f"/{other['id']}"), put)[0] == 200
        assert running.request("POST", api("repeats", f"/{markets[0]['id']}/propagate"), {})[0] == 400  # not approved
        put = {"target": "The market opens at eight.", "state": "reviewed", "revision": markets[0]["revision"]}
        assert running.request("PUT", api("repeats", f"/{markets[0]['id']}"), put)[0] == 200
        status, body, _ = running.request("POST", api("repeats", f"/{markets[0]['id']}/propagate"), {"by": "Zoë"})
        assert status == 200 and [r["id"] for r in body["segments"]] == [markets[1]["id"]]
        saved = {s.id: s for s in load_segments(market, "repeats")}
        assert (saved[markets[1]["id"]].target, saved[markets[1]["id"]].state) == (
            "The market opens at eight.",
            State.REVIEWED,
        )
        assert saved[markets[1]["id"]].by == "Zoë" and saved[other["id"]].target == "Market opens at 8."
        # the approved English is now a store match for the same sentence elsewhere
        suite = running.request("GET", api("repeats-suite"))[1]["segments"]
        same = next(r for r in suite if r["source"] == MARKET)
        found = running.request("GET", api("repeats-suite", f"/{same['id']}/matches"))[1]["matches"]
        assert found[0]["score"] == 100 and found[0]["origin"] == "tm repeats"

        status, body, _ = running.request("GET", "/api/concordance?q=REMOULEUR")  # case and accents ignored
        assert status == 200
        where = {(h["document"], h["target"]) for h in body["hits"]}
        assert ("memory/old.tmx", "The knife grinder comes on Tuesdays.") in where
        assert any(d == "repeats" for d, _ in where)
        assert running.request("GET", "/api/concordance?q=x")[0] == 400
        assert running.request("GET", "/api/concordance?q=march", token=False)[0] == 403
    finally:
        running.stop()


def test_the_page_inserts_a_match_with_a_key_and_offers_the_repetitions(market, open_page):
    running = start_server(market, "repeats")
    try:
        rows = running.request("GET", api("repeats"))[1]["segments"]
        first, *others = [r["id"] for r in rows if r["source"] == MARKET]
        page = open_page(running.url)
        page.locator(f"#seg-{first} .fr").click()
        panel = page.locator(f"#seg-{first} .matches")
        panel.wait_for(state="visible")
        assert "The market opens at nine." in panel.inner_text() and "%" in panel.inner_text()
        assert panel.locator("del").count() >= 1  # the French that differs
        page.keyboard.press("Alt+1")
        editor = page.locator(f"#seg-{first} .editor")
        assert english(editor) == "The market opens at nine."
        editor.fill("The market opens at eight.")
        page.keyboard.press("Control+Enter")
        page.wait_for_selector(f"#seg-{first}.state-reviewed")
        assert "Alt+R" in page.inner_text("#toast")
        page.keyboard.press("Alt+r")
        for other in others:
            page.wait_for_selector(f"#seg-{other}.state-reviewed")
        shot(page, "review-matches")
        saved = {s.id: s for s in load_segments(market, "repeats")}
        assert all(saved[i].target == "The market opens at eight." for i in others)

        page.fill("#concordance", "rémouleur")
        page.press("#concordance", "Enter")
        page.wait_for_selector("#concordance-results .hit")
        assert "The knife grinder comes on Tuesdays." in page.inner_text("#concordance-results")
        page.press("#concordance", "Escape")
        assert page.locator("#concordance-results").is_hidden()
    finally:
        running.stop()


def test_always_propagate_gives_the_english_at_once(market, open_page):
    running = start_server(market, "repeats", "--propagate", "always")
    try:
        rows = running.request("GET", api("repeats"))[1]["segments"]
        first, *others = [r["id"] for r in rows if r["source"] == MARKET]
        page = open_page(running.url)
        page.locator(f"#seg-{first} .fr").click()
        page.locator(f"#seg-{first} .editor").fill("Eight o'clock: the market opens.")
        page.keyboard.press("Control+Enter")
        for other in others:
            page.wait_for_selector(f"#seg-{other}.state-reviewed")
    finally:
        running.stop()
    saved = {s.id: s for s in load_segments(market, "repeats")}
    assert all(saved[i].target == "Eight o'clock: the market opens." for i in others)


def test_search_matches_lemmas_and_highlights_the_hits(market, open_page):
    running = start_server(market, "repeats")
    try:
        status, body, _ = running.request("GET", "/api/documents/repeats/search?q=ouvrira")
        assert status == 200
        rows = running.request("GET", api("repeats"))[1]["segments"]
        markets = {r["id"] for r in rows if r["source"] == MARKET}
        assert set(body["hits"]) == markets and all(words == ["ouvre"] for words in body["hits"].values())
        page = open_page(running.url)
        page.fill("#search", "ouvrira")  # the future tense: no plain match, the lemma "ouvrir" matches
        page.wait_for_selector(f"#seg-{min(markets)}:not([hidden])")
        page.wait_for_timeout(100)
        shown = {page.locator(".row:not([hidden])").nth(i).get_attribute("data-id") for i in range(3)}
        assert shown == markets and page.locator(".row:not([hidden])").count() == 3
        # "ouvre" in each French, and in each stand-in English, which repeats the French
        assert page.evaluate("CSS.highlights.get('search-hit').size") == 6
        page.fill("#search", "fontaine")  # a plain match is highlighted too
        page.wait_for_timeout(400)
        assert page.evaluate("CSS.highlights.get('search-hit').size") >= 1
    finally:
        running.stop()
