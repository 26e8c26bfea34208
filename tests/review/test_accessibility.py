"""WCAG 2.2 AA on the review page and its static export: axe-core (from npm, see the Makefile's
setup) in the tests' Chromium, names unique per row, the glossary's English and every shortcut
reachable from the keyboard."""

from __future__ import annotations

import pytest

from pipeline.core.project import Project
from pipeline.review import export

from .review_helpers import ROOT, start_server

pytestmark = pytest.mark.slow  # a real Chromium for every test

AXE = ROOT / "build" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
GLOSSARY = "terms:\n  - fr: petite main\n    en: hidden hand\n    note: the unseen workers\n"


def violations(page) -> list[str]:
    """What axe-core finds on the page as it is now, one line per rule and element."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async () => (await axe.run(document, { resultTypes: ["violations"] })).violations
            .flatMap(v => v.nodes.map(n => `${v.id} (${v.impact}): ${n.target.join(" ")}: ${v.help}`))"""
    )
    return found


@pytest.fixture
def glossary_server(translated):
    (translated / "glossary.yaml").write_text(GLOSSARY)
    running = start_server(translated)
    yield running
    running.stop()


def test_axe_finds_nothing_on_the_page_and_the_export(glossary_server, browser, tmp_path):
    assert AXE.exists(), f"{AXE} is missing: run `make setup` (it installs axe-core from npm)"
    context = browser.new_context(bypass_csp=True)  # axe's script is not one the page's policy allows
    try:
        page = context.new_page()
        page.goto(glossary_server.url)
        page.wait_for_selector(".row")
        assert violations(page) == []
        rows = page.locator(".row")
        rows.nth(5).click()  # a flagged row with a missing glossary term, being edited, with its live checks
        page.keyboard.type(" more")
        page.locator(".row.current .live-checks li").first.wait_for()
        page.keyboard.press("Alt+ArrowDown")
        page.locator(".row.current").wait_for()
        page.keyboard.press("F1")
        page.wait_for_selector("#help[open]")
        assert violations(page) == []

        exported = tmp_path / "invisibles.review.html"
        exported.write_text(export.page(Project(glossary_server.root).document("invisibles")), encoding="utf-8")
        page.goto(exported.as_uri())
        page.wait_for_selector(".row")
        assert violations(page) == []
        page.keyboard.press("F1")  # the export's help lists only what a reader can do
        page.wait_for_selector("#help[open]")
        assert "Alt" in page.inner_text("#help") and "F9" not in page.inner_text("#help")
        assert violations(page) == []
    finally:
        context.close()


def test_every_row_and_its_controls_have_their_own_name(server, open_page):
    page = open_page(server.url)
    total = page.locator(".row").count()
    for selector in (".row", ".row .editor", ".row .approve"):
        names = page.eval_on_selector_all(selector, "nodes => nodes.map(n => n.getAttribute('aria-label'))")
        assert len(set(names)) == len(names) == total, selector
    assert page.locator(".row").nth(2).get_attribute("aria-label") == f"Segment 3 of {total}"
    assert page.locator(".row").nth(2).locator(".editor").get_attribute("aria-label") == "English, segment 3"
    assert page.locator(".row").nth(2).locator(".approve").get_attribute("aria-label") == "Approve segment 3"


def test_the_glossarys_english_is_reached_with_the_keyboard(glossary_server, open_page):
    page = open_page(glossary_server.url)
    rows = glossary_server.segments()
    with_term = [i for i, r in enumerate(rows) if r["terms"]["source"]][-1]
    assert with_term > 0
    hints = page.locator(f"#seg-{rows[with_term]['id']} .hints li")
    assert hints.first.is_hidden()  # shown on the current row only
    for _ in range(with_term):
        page.keyboard.press("Alt+ArrowDown")
    page.wait_for_selector(f"#seg-{rows[with_term]['id']}.current")
    assert hints.first.is_visible()
    assert "petite main → hidden hand (the unseen workers)" in hints.first.inner_text()
    assert page.locator(f"#seg-{rows[with_term]['id']} .hints").get_attribute("aria-label") == "Glossary"


def test_the_help_lists_every_shortcut(server, open_page):
    page = open_page(server.url)
    page.keyboard.press("F1")
    help_ = page.locator("#help")
    help_.wait_for()
    listed = help_.inner_text()
    for key in ("Ctrl", "Enter", "Alt", "F9", "Backspace", "Delete", "Esc", "Tab", "F1", "?"):
        assert key in listed, key
    for word in page.locator("#keys kbd").all_inner_texts():  # what the bar shows is in the help
        assert word in listed, word
    page.keyboard.press("Escape")
    help_.wait_for(state="hidden")
    page.locator(".brand").click()  # out of the editor, "?" opens it too
    page.keyboard.press("?")
    help_.wait_for()
    page.locator("#help-close").click()
    help_.wait_for(state="hidden")
