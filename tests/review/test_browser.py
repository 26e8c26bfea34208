"""The review page in a real Chromium (Debian's, headless, driven by Playwright)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from pipeline.core.model import Origin, State

from .review_helpers import english, load_segments, paste_segment, shot, start_server

pytestmark = pytest.mark.slow  # a real Chromium for every test

XSS = "<script>alert(1)</script> <img src=x onerror=alert(1)>"


def row(page, segment_id: str):
    return page.locator(f"#seg-{segment_id}")


def wait_state(page, segment_id: str, state: str) -> None:
    page.wait_for_selector(f"#seg-{segment_id}.state-{state}")


def test_edit_approve_reload_and_the_store_on_disk(server, open_page):
    rows = server.segments()
    page = open_page(server.url)
    assert page.url == server.base + "/"  # the key left the address bar (for the tab's session storage)
    assert not page.context.cookies()
    assert page.inner_text("#progress-text") == "1 of 60 reviewed"
    first = row(page, rows[0]["id"])
    assert "current" in first.get_attribute("class")
    assert first.locator(".fr .chip").count() == 2  # <em1> and </em1> shown as chips
    edited = "What if we looked the <em1>Invisibles</em1>, the hidden hands of tech platforms, in the face?"
    paste_segment(first.locator(".editor"), edited)
    first.locator(".approve").click()
    wait_state(page, rows[0]["id"], "reviewed")
    assert page.inner_text("#progress-text") == "2 of 60 reviewed"
    assert "current" in row(page, rows[1]["id"]).get_attribute("class")  # moved to the next needing review

    saved = {s.id: s for s in load_segments(server.root)}[rows[0]["id"]]
    assert (saved.target, saved.state) == (edited, State.REVIEWED)
    assert saved.draft == rows[0]["draft"] and saved.origin == Origin.parse("apertium 3.8.3")

    page.reload()
    page.wait_for_selector(".row")
    first = row(page, rows[0]["id"])
    assert "state-reviewed" in first.get_attribute("class")
    view = first.locator(".en .view")
    assert view.locator(".chip").all_inner_texts() == ["em1", "/em1"]
    assert (
        view.inner_text().replace("\n", "")
        == "What if we looked the em1Invisibles/em1, the hidden hands of tech platforms, in the face?"
    )
    assert first.locator(".diff del").count() >= 1 and first.locator(".diff ins").count() >= 1
    assert page.inner_text("#progress-text") == "2 of 60 reviewed"
    shot(page, "review-after-approve")


def test_two_pages_conflict_and_the_reviewer_chooses(server, open_page):
    target = server.segments()[2]
    one, two = open_page(server.url), open_page(server.url)
    row(one, target["id"]).click()
    row(one, target["id"]).locator(".editor").fill("And sheds light on everything they work to hide.")
    row(one, target["id"]).locator(".approve").click()
    wait_state(one, target["id"], "reviewed")

    theirs = row(two, target["id"])
    theirs.click()
    theirs.locator(".editor").fill("And exposes all the flaws they strive to hide.")
    two.keyboard.press("Alt+ArrowDown")  # leaving the row saves it: stale revision
    conflict = theirs.locator(".conflict")
    conflict.wait_for(state="visible")
    assert "And sheds light on everything they work to hide." in conflict.locator(".theirs").inner_text()
    assert "And exposes all the flaws they strive to hide." in conflict.locator(".mine").inner_text()
    assert "current" in theirs.get_attribute("class")  # it stays on the row until the reviewer chooses
    shot(two, "review-conflict")
    stored = {s.id: s for s in load_segments(server.root)}[target["id"]]
    assert stored.target == "And sheds light on everything they work to hide."  # nothing overwritten silently

    conflict.locator(".keep-mine").click()
    conflict.wait_for(state="hidden")
    stored = {s.id: s for s in load_segments(server.root)}[target["id"]]
    assert (stored.target, stored.state) == ("And exposes all the flaws they strive to hide.", State.NEEDS_REVIEW)

    # the first page is now the stale one; it keeps the saved version
    row(one, target["id"]).click()
    one.locator(f"#seg-{target['id']} .editor").fill("A third try.")
    one.locator(f"#seg-{target['id']} .approve").click()
    one.locator(f"#seg-{target['id']} .conflict").wait_for(state="visible")
    one.locator(f"#seg-{target['id']} .keep-theirs").click()
    assert english(one.locator(f"#seg-{target['id']} .editor")) == stored.target
    assert {s.id: s for s in load_segments(server.root)}[target["id"]].target == stored.target


def test_html_in_segments_shows_as_text(server, open_page, cli):
    from pipeline import store
    from pipeline.core.project import Project

    doc = Project(server.root).document("invisibles")
    segments = store.load(doc)
    segments[1] = replace(segments[1], source=f"Source {XSS}", target=f"Cible {XSS}", draft=f"Cible {XSS}")
    store.save(doc, segments)
    rows = server.segments()
    page = open_page(server.url)
    editor = row(page, rows[0]["id"]).locator(".editor")
    editor.fill(f"Typed {XSS}")
    page.keyboard.press("Control+Enter")
    page.click("#confirm-yes")  # the title's <em1> tags are missing: approve anyway
    wait_state(page, rows[0]["id"], "reviewed")
    page.reload()
    page.wait_for_selector(".row")
    assert row(page, rows[0]["id"]).locator(".en .view").inner_text() == f"Typed {XSS}"
    assert row(page, rows[1]["id"]).locator(".fr .text").inner_text() == f"Source {XSS}"
    assert row(page, rows[1]["id"]).locator(".en .view").inner_text() == f"Cible {XSS}"
    assert page.locator("#rows img, #rows script").count() == 0
    page.wait_for_timeout(300)  # an onerror would have fired by now (open_page fails the test on any dialog)

    assert cli("review", "--export", root=server.root).exit_code == 0
    export = open_page((server.root / "dist/invisibles.review.html").as_uri())
    export.wait_for_selector(".row")
    assert row(export, rows[0]["id"]).locator(".en .view").inner_text() == f"Typed {XSS}"
    assert row(export, rows[1]["id"]).locator(".fr .text").inner_text() == f"Source {XSS}"
    assert export.locator("#rows img, #rows script").count() == 0
    assert export.locator("textarea, .approve").count() == 0  # read-only
    export.wait_for_timeout(300)


def test_keyboard_loop(server, open_page):
    rows = server.segments()
    page = open_page(server.url)
    assert page.evaluate("document.activeElement.closest('.row').id") == f"seg-{rows[0]['id']}"
    page.keyboard.press("Control+Enter")  # approve the draft as it is, go to the next needing review
    wait_state(page, rows[0]["id"], "reviewed")
    assert page.evaluate("document.activeElement.closest('.row').id") == f"seg-{rows[1]['id']}"

    page.keyboard.press("Control+A")
    for piece in ("In four episodes, the documentary series ", "F9", "Invisibles", "F9", " lifts the lid."):
        page.keyboard.press(piece) if piece == "F9" else page.keyboard.type(piece)  # F9: the next missing tag
    page.keyboard.press("Alt+ArrowDown")  # moving on saves the edit, not approved
    wait_state(page, rows[1]["id"], "needs-review")
    assert page.evaluate("document.activeElement.closest('.row').id") == f"seg-{rows[2]['id']}"
    page.keyboard.type(" oops")
    page.keyboard.press("Escape")  # undo the unsaved edit
    assert english(row(page, rows[2]["id"]).locator(".editor")) == rows[2]["target"]

    page.keyboard.press("Alt+ArrowUp")
    assert page.evaluate("document.activeElement.closest('.row').id") == f"seg-{rows[1]['id']}"
    page.keyboard.press("Control+Enter")
    wait_state(page, rows[1]["id"], "reviewed")
    # rows[3] was already reviewed: Ctrl+Enter on rows[2] skips it
    page.keyboard.press("Control+Enter")
    wait_state(page, rows[2]["id"], "reviewed")
    assert page.evaluate("document.activeElement.closest('.row').id") == f"seg-{rows[4]['id']}"
    assert page.inner_text("#progress-text") == "4 of 60 reviewed"
    stored = {s.id: s for s in load_segments(server.root)}
    assert (
        stored[rows[1]["id"]].target == "In four episodes, the documentary series <em1>Invisibles</em1> lifts the lid."
    )
    assert stored[rows[1]["id"]].state is State.REVIEWED


def test_the_whole_article_with_the_keyboard_alone(server, open_page):
    page = open_page(server.url)
    total = len(server.segments())
    for done in range(2, total + 1):
        page.keyboard.press("Control+Enter")
        page.wait_for_function(
            "n => document.getElementById('progress-text').textContent === `${n} of 60 reviewed`", arg=done
        )
    assert all(s.state is State.REVIEWED for s in load_segments(server.root))
    page.locator(".toast").wait_for(state="visible")
    assert page.inner_text(".toast") == "Every segment is reviewed."


def test_filters_search_and_revert(server, open_page):
    rows = server.segments()
    status, body, _ = server.put(rows[8], "The hidden hands behind the tech giants.", "needs-review")
    assert status == 200
    (issue,) = body["segment"]["issues"]  # the French has dashes the English lost: QA says so
    page = open_page(server.url)
    visible = lambda: page.locator(".row:visible").count()  # noqa: E731
    assert visible() == 60 and page.inner_text("#n-flagged") == "4"  # 3 stored flags, 1 QA issue
    page.click("[data-filter=flagged]")
    assert visible() == 4 and all(r.locator(".flag").count() for r in page.locator(".row:visible").all())
    shown = row(page, rows[8]["id"]).locator(f".flag.{issue['severity']}")
    assert shown.inner_text() == f"{issue['title']}: {issue['message']}"
    page.click("[data-filter=todo]")
    assert visible() == 59
    page.click("[data-filter=all]")
    page.fill("#search", "hidden HANDS")  # English, any case
    assert visible() == 1
    page.fill("#search", "societes")  # French, without its accent
    assert visible() >= 1 and all("sociétés" in t for t in page.locator(".row:visible .fr").all_inner_texts())
    page.fill("#search", "no such words anywhere")
    assert visible() == 0 and page.is_visible("#empty")
    page.fill("#search", "")

    edited = row(page, rows[8]["id"])
    edited.click()
    assert edited.locator(".diff ins").all_inner_texts() == ["The hidden hands behind the tech giants"]
    edited.locator(".revert").click()
    page.click("#confirm-yes")  # it asks first (see test_history_browser.py)
    wait_state(page, rows[8]["id"], "machine")
    assert english(edited.locator(".editor")) == rows[8]["draft"]
    stored = {s.id: s for s in load_segments(server.root)}[rows[8]["id"]]
    assert (stored.target, stored.state) == (rows[8]["draft"], State.MACHINE)


def test_laptop_and_tablet_layouts(server, open_page):
    for name, width, height in (("laptop", 1366, 900), ("tablet", 768, 1024)):
        page = open_page(server.url, width, height)
        target = page.locator(".row").nth(6)
        french, en = target.locator(".fr").bounding_box(), target.locator(".en").bounding_box()
        if name == "laptop":  # side by side
            assert french["x"] + french["width"] <= en["x"] and abs(french["y"] - en["y"]) < 2
        else:  # French above English, full width
            assert french["y"] + french["height"] <= en["y"] and en["width"] > 0.8 * width - 80
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing runs off the side
        assert re.fullmatch(r"\d+ of 60 reviewed", page.inner_text("#progress-text"))
        shot(page, f"review-{name}")


def test_glossary_terms_highlighted_with_the_required_english(translated, open_page):
    from pipeline import store
    from pipeline.core.project import Project

    (translated / "glossary.yaml").write_text(
        "terms:\n  - fr: petite main\n    en: hidden hand\n    note: the unseen workers\n"
        "  - fr: plateforme\n    en: platform\n"
    )
    doc = Project(translated).document("invisibles")
    segments = store.load(doc)
    segments[0] = replace(
        segments[0], target="What if we faced the <em1>Invisibles</em1>, little hands of tech platforms?"
    )
    store.save(doc, segments)
    running = start_server(translated)
    try:
        page = open_page(running.url)
        title = page.locator(".row").first
        marks = title.locator(".fr mark.term")
        assert marks.all_inner_texts() == ["petites mains", "plateformes"]
        assert "missing" in marks.nth(0).get_attribute("class")  # "hidden hands" is not in the English
        assert (
            marks.nth(0).get_attribute("data-hint")
            == "petite main → hidden hand (the unseen workers) (not in the English yet)"
        )
        title.click()
        page.keyboard.press("Control+A")
        page.keyboard.type("What if we faced the ")
        page.keyboard.press("F9")
        page.keyboard.type("Invisibles")
        page.keyboard.press("F9")
        page.keyboard.type(", hidden hands of tech platforms?")
        page.keyboard.press("Control+Enter")
        wait_state(page, title.get_attribute("data-id"), "reviewed")
        assert title.locator(".en mark.term").all_inner_texts() == ["hidden hands", "platforms"]
        assert title.locator(".fr mark.term.missing").count() == 0
    finally:
        running.stop()


def test_coming_back_to_the_page_shows_what_a_pipeline_run_changed(server, open_page):
    from pipeline import store
    from pipeline.core.project import Project

    rows = server.segments()
    page = open_page(server.url)
    row(page, rows[1]["id"]).click()
    page.keyboard.type(" (being edited)")  # unsaved: must not be replaced
    doc = Project(server.root).document("invisibles")
    with Project(server.root).lock():  # as `pipeline translate` would
        segments = [
            replace(s, target=f"New draft {i}.", draft=f"New draft {i}.")
            if s.id in (rows[1]["id"], rows[5]["id"])
            else s
            for i, s in enumerate(store.load(doc))
        ]
        store.save(doc, segments)
    page.evaluate("window.dispatchEvent(new Event('focus'))")
    page.wait_for_function(
        "id => document.querySelector(`#seg-${id} .en .view`).textContent.startsWith('New draft')", arg=rows[5]["id"]
    )
    assert english(row(page, rows[1]["id"]).locator(".editor")) == rows[1]["target"] + " (being edited)"


def test_a_changed_french_sentence_shows_what_changed(translated, cli, open_page):
    source = translated / "source" / "invisibles.fr.md"
    text = source.read_text()
    assert text.count("qu'on ne voit pas.") == 1
    source.write_text(text.replace("qu'on ne voit pas.", "qu'on ne voit jamais."))
    assert cli("segment", root=translated).exit_code == 0
    running = start_server(translated)
    try:
        page = open_page(running.url)
        changed = page.locator(".row.state-needs-review", has_text="Braquer un projecteur")
        line = changed.locator(".previous")
        assert line.locator("del").all_inner_texts() == ["pas"] and line.locator("ins").all_inner_texts() == ["jamais"]
    finally:
        running.stop()
