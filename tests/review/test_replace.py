"""Find & replace across the English (preview, regex, tags protected) and bulk approval."""

from __future__ import annotations

from pipeline.core.model import State
from pipeline.review import replace as replacing

from .review_helpers import load_segments

DOC = "/api/documents/invisibles"


def test_a_replacement_never_touches_a_tag():
    found = replacing.pattern("em1|q", regex=True)
    assert replacing.replaced("<q1>Hem1 <em2>q</em2></q1>", found, "<b>", True) == "<q1>H&lt;b> <em2>&lt;b></em2></q1>"
    assert replacing.replaced("a &amp; b", replacing.pattern("&"), "and") == "a and b"


def test_preview_then_apply_and_bulk_approve(server):
    rows = server.segments()
    before = (server.root / "translations/invisibles.en.po").read_bytes()
    status, preview, _ = server.request("POST", f"{DOC}/replace", {"find": "EN: ", "replace": "EN— "})
    assert status == 200 and preview["count"] == 60  # every segment's English, the reviewed one's too
    first = preview["preview"][0]
    assert first["before"].startswith("EN: ") and first["after"].startswith("EN— ")
    assert load_segments(server.root)[0].target == rows[0]["target"]  # a preview changes nothing
    assert (server.root / "translations/invisibles.en.po").read_bytes() == before
    tagged = next(r for r in rows if "<em1>" in r["target"])
    body = {"find": r"(\w+)</?em1>", "replace": r"\1", "regex": True, "ids": [tagged["id"]]}
    status, preview, _ = server.request("POST", f"{DOC}/replace", body)
    assert preview["count"] == 0  # a match may not take in a tag

    ids = [r["id"] for r in rows[:10]]
    body = {"find": "en: ", "replace": "", "apply": True, "ids": ids, "by": "Zoë"}  # case ignored
    status, done, _ = server.request("POST", f"{DOC}/replace", body)
    assert status == 200 and done["count"] == 10 and all(not r["target"].startswith("EN") for r in done["segments"])
    saved = {s.id: s for s in load_segments(server.root)}
    assert saved[ids[0]].state is State.NEEDS_REVIEW and saved[ids[0]].by == "Zoë"
    assert saved[rows[3]["id"]].state is State.REVIEWED  # a reviewed English edited stays reviewed
    assert saved[ids[-1]].history == () and saved[ids[-1]].draft.startswith("EN: ")  # the draft is kept

    status, approved, _ = server.request("POST", f"{DOC}/approve", {"ids": ids + ["nosuch"]})
    assert status == 200 and approved["count"] == 9
    assert all({s.id: s for s in load_segments(server.root)}[i].state is State.REVIEWED for i in ids)
    for bad in ({"find": "(", "replace": "x", "regex": True}, {"find": "", "replace": "x"}, {"find": "a"}):
        status, answer, _ = server.request("POST", f"{DOC}/replace", bad)
        assert status == 400 and answer["error"]
    assert server.request("POST", f"{DOC}/approve", {"ids": "all"})[0] == 400


def test_the_page_filters_replaces_in_the_rows_shown_and_approves_them(server, open_page):
    rows = server.segments()
    page = open_page(server.url)
    page.select_option("#filter-more", "state:reviewed")
    assert page.locator(".row:not([hidden])").count() == 1
    page.select_option("#filter-more", "engine:apertium 3.8.3")
    page.fill("#search", "plateformes")  # with the search: only the rows about platforms
    shown = page.locator(".row:not([hidden])").count()
    assert 0 < shown < 60
    page.click("#replace-box summary")
    page.fill("#find", "EN: ")
    page.fill("#replace-with", "")
    page.click("#replace-preview")
    page.wait_for_selector("#replace-list .count")
    assert f"{shown} segment(s) would change." in page.inner_text("#replace-list")
    page.click("#replace-apply")
    page.wait_for_selector("#toast:not([hidden])")
    saved = {s.id: s for s in load_segments(server.root)}
    changed = [i for i, s in saved.items() if not s.target.startswith("EN: ")]
    assert len(changed) == shown
    page.click("#approve-shown")
    page.click("#confirm-yes")
    page.wait_for_selector("#toast:has-text('approved')")
    assert page.locator(".row.state-reviewed:not([hidden])").count() == shown
    saved = {s.id: s for s in load_segments(server.root)}
    assert all(saved[i].state is State.REVIEWED for i in changed)
    assert sum(s.state is State.REVIEWED for s in saved.values()) == shown + (rows[3]["id"] not in changed)
