"""Reviewer names, who changed what and when, comments, the second sign-off and its undo:
through the API and in the page (real server, real Chromium), kept in the store and the export."""

from __future__ import annotations

from pipeline.core.model import State

from .review_helpers import load_segments, shot, start_server

DOC = "/api/documents/invisibles/segments"


def stored(root, segment_id):
    return {s.id: s for s in load_segments(root)}[segment_id]


def test_the_reviewer_is_named_by_the_option_then_git_then_the_login(translated, tmp_path, monkeypatch):
    running = start_server(translated, "--reviewer", "Camille Martin")
    running.stop()
    assert "(reviewer: Camille Martin)" in "".join(running.lines)
    config = tmp_path / "gitconfig"
    config.write_text("[user]\n\tname = Git Person\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    running = start_server(translated)
    running.stop()
    assert "(reviewer: Git Person)" in "".join(running.lines)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("USER", "login-name")
    monkeypatch.setenv("LOGNAME", "login-name")
    running = start_server(translated)
    running.stop()
    assert "(reviewer: login-name)" in "".join(running.lines)


def test_saves_are_stamped_sign_off_needs_a_review_and_comments_never_conflict(translated):
    running = start_server(translated, "--reviewer", "Camille")
    try:
        row = running.segments()[4]
        status, body, _ = running.put(row, "Reviewed by the default.", "reviewed")
        assert status == 200 and body["segment"]["by"] == "Camille" and body["segment"]["when"].endswith("Z")
        status, body, _ = running.request(
            "PUT", f"{DOC}/{row['id']}", {**_body(body, "Corrected by Zoë.", "reviewed"), "by": "  Zoë   Durand "}
        )
        assert status == 200 and body["segment"]["by"] == "Zoë Durand"
        assert body["segment"]["history"][-1]["by"] == "Zoë Durand"  # who replaced the earlier text
        revision = body["segment"]["revision"]
        # a comment needs no revision and changes none: a save in flight elsewhere still lands
        status, commented, _ = running.request("POST", f"{DOC}/{row['id']}/comments", {"text": " Check\nthe date. "})
        assert status == 200 and commented["segment"]["comments"][0]["text"] == "Check the date."
        assert commented["segment"]["comments"][0]["by"] == "Camille" and commented["revision"] == revision
        for bad in ({"text": ""}, {"text": 3}, {"text": "x", "by": "a\tb"}, {"words": "x"}):
            assert running.request("POST", f"{DOC}/{row['id']}/comments", bad)[0] == 400
        assert running.request("POST", f"{DOC}/nosuchid/comments", {"text": "x"})[0] == 404
        assert running.request("POST", f"{DOC}/{row['id']}/comments", {"text": "x"}, token=False)[0] == 403
        # sign-off keeps the text; an edited text cannot be signed off; undo steps back
        machine = running.segments()[6]
        assert running.put(machine, machine["target"], "approved")[0] == 400
        status, body, _ = running.put(commented["segment"], "Corrected by Zoë.", "approved")
        assert status == 200 and body["segment"]["state"] == "approved"
        assert running.put(body["segment"], "Changed while signing off.", "approved")[0] == 400
        status, body, _ = running.put(body["segment"], "Corrected by Zoë.", "reviewed")
        assert status == 200 and body["segment"]["state"] == "reviewed"
    finally:
        running.stop()
    saved = stored(translated, row["id"])
    assert (saved.state, saved.by, saved.comments[0].text) == (State.REVIEWED, "Camille", "Check the date.")


def _body(answer, target, state):
    return {"target": target, "state": state, "revision": answer["revision"]}


def test_the_page_names_the_reviewer_signs_off_undoes_and_comments(translated, open_page, cli):
    running = start_server(translated, "--reviewer", "Camille")
    try:
        first = running.segments()[0]["id"]
        page = open_page(running.url)
        assert page.input_value("#reviewer") == "Camille"
        page.fill("#reviewer", "Zoë Durand")
        page.press("#reviewer", "Tab")
        page.locator(f"#seg-{first} .fr").click()
        page.keyboard.press("Control+Enter")
        page.wait_for_selector(f"#seg-{first}.state-reviewed")
        assert "by Zoë Durand" in page.inner_text(f"#seg-{first} .changed")
        assert stored(translated, first).by == "Zoë Durand"

        page.reload()  # the name chosen in the page stays
        page.wait_for_selector(".row")
        assert page.input_value("#reviewer") == "Zoë Durand"
        item = page.locator(f"#seg-{first}")
        item.locator(".sign-off").click()
        page.wait_for_selector(f"#seg-{first}.state-approved")
        assert stored(translated, first).state is State.APPROVED
        assert item.locator(".badge").inner_text() == "approved"
        item.locator(".unapprove").click()  # undo the sign-off
        page.wait_for_selector(f"#seg-{first}.state-reviewed")
        item.locator(".unapprove").click()  # undo the approval: back to the machine draft's state
        page.wait_for_selector(f"#seg-{first}.state-machine")
        assert stored(translated, first).state is State.MACHINE

        item.locator(".add-comment summary").click()
        item.locator(".comment-text").fill("Is “Invisibles” the series’ English title?")
        item.locator(".comment-text").press("Control+Enter")  # adds the comment, does not approve
        page.wait_for_selector(f"#seg-{first} .comment")
        assert "Zoë Durand" in item.locator(".comment").inner_text()
        assert stored(translated, first).state is State.MACHINE
        assert stored(translated, first).comments[0].text == "Is “Invisibles” the series’ English title?"
        shot(page, "review-comments")
    finally:
        running.stop()
    assert cli("review", "--export", "invisibles").exit_code == 0
    export = open_page((translated / "dist" / "invisibles.review.html").as_uri())
    export.wait_for_selector(".row")
    assert "Is “Invisibles” the series’ English title?" in export.inner_text(f"#seg-{first} .comments")
    assert export.locator(".comment-text").count() == 0 and export.locator(".sign-off").count() == 0


def test_a_conflict_keeps_the_reviewers_approval_labelled_as_such(server, open_page):
    rows = server.segments()
    target, same = rows[2]["id"], rows[5]["id"]
    one, two = open_page(server.url), open_page(server.url)
    for segment_id, text in ((target, "Approved in the first tab."), (same, "The same English in both tabs.")):
        one.locator(f"#seg-{segment_id} .fr").click()
        one.locator(f"#seg-{segment_id} .editor").fill(text)
        one.keyboard.press("Control+Enter")
        one.wait_for_selector(f"#seg-{segment_id}.state-reviewed")

    # the second tab approves other English: a real conflict, and its own text stays "reviewed"
    two.locator(f"#seg-{target} .fr").click()
    two.locator(f"#seg-{target} .editor").fill("Approved in the second tab.")
    two.keyboard.press("Control+Enter")
    conflict = two.locator(f"#seg-{target} .conflict")
    conflict.wait_for(state="visible")
    two.wait_for_timeout(300)  # the editor lost the focus to the buttons: no second save as a plain edit
    assert "reviewed" in conflict.locator(".mine h3").text_content()
    assert "needs review" not in conflict.text_content()
    conflict.locator(".keep-mine").click()
    two.wait_for_selector(f"#seg-{target}.state-reviewed")
    assert (stored(server.root, target).target, stored(server.root, target).state) == (
        "Approved in the second tab.",
        State.REVIEWED,
    )
    # the same English approved in both tabs is no conflict at all
    two.locator(f"#seg-{same} .fr").click()
    two.locator(f"#seg-{same} .editor").fill("The same English in both tabs.")
    two.keyboard.press("Control+Enter")
    two.wait_for_selector(f"#seg-{same}.state-reviewed")
    assert two.locator(f"#seg-{same} .conflict").is_hidden()
