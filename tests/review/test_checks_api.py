"""The checks of a text as typed (POST …/check) and an approval over errors (PUT with override),
against a real `pipeline review`."""

from __future__ import annotations

from dataclasses import replace

from pipeline import qa
from pipeline.core.model import Flag, State
from pipeline.core.project import Project

from .review_helpers import load_segments

DOC = "/api/documents/invisibles/segments"


def test_the_checks_of_a_typed_text_are_qas_and_save_nothing(server):
    row = server.segments()[15]  # <q1><em2>Au départ…</em2></q1>
    po = server.root / "translations/invisibles.en.po"
    before = po.stat().st_mtime_ns
    status, body, _ = server.request("POST", f"{DOC}/{row['id']}/check", {"target": "At first, the work."})
    assert status == 200
    project = Project(server.root)
    segment = replace({s.id: s for s in load_segments(server.root)}[row["id"]], target="At first, the work.")
    found = qa.check([segment], qa.context(project), qa.severities(project))  # what `pipeline qa` says
    assert {(i["check"], i["message"], i["severity"]) for i in body["issues"]} == {
        (i.check, i.message, i.severity) for i in found
    }
    assert ("tags", "<q1> (quotation marks) is missing", "error") in {
        (i["check"], i["message"], i["severity"]) for i in body["issues"]
    }
    status, body, _ = server.request(
        "POST", f"{DOC}/{row['id']}/check", {"target": "<q1><em2>At first, the work.</em2></q1>"}
    )
    assert status == 200 and "tags" not in {i["check"] for i in body["issues"]}
    assert po.stat().st_mtime_ns == before


def test_the_checks_refuse_what_a_save_refuses(server):
    row = server.segments()[15]
    path = f"{DOC}/{row['id']}/check"
    assert server.request("POST", path, {"target": "x", "state": "reviewed"})[0] == 400
    assert server.request("POST", path, {"target": 3})[0] == 400
    assert server.request("POST", f"{DOC}/nosuch/check", {"target": "x"})[0] == 404
    status, body, _ = server.request("POST", path, {"target": "x"}, token=False)  # a change's rule: the header
    assert status == 403 and "X-Review-Token" in body["error"]
    status, body, _ = server.request("POST", path, {"target": ""})
    assert (status, body["issues"]) == (200, [])  # nothing typed yet: nothing to check


def test_an_approval_over_errors_records_them_as_override_flags(server):
    rows = server.segments()
    status, body, _ = server.request(
        "PUT",
        f"{DOC}/{rows[15]['id']}",
        {"target": "At first, the work.", "state": "reviewed", "revision": rows[15]["revision"], "override": True},
    )
    assert status == 200 and body["segment"]["state"] == "reviewed"
    saved = {s.id: s for s in load_segments(server.root)}[rows[15]["id"]]
    assert saved.state is State.REVIEWED
    assert Flag("override", "Inline tags differ: <q1> (quotation marks) is missing") in saved.flags
    assert "override: Inline tags differ" in " ".join(body["segment"]["flags"])
    # an override on a text the checks pass records nothing; a wrong value is refused
    status, body, _ = server.request(
        "PUT",
        f"{DOC}/{rows[2]['id']}",
        {"target": rows[2]["target"], "state": "reviewed", "revision": rows[2]["revision"], "override": True},
    )
    assert status == 200 and body["segment"]["flags"] == []
    bad = {"target": "x", "state": "reviewed", "revision": rows[4]["revision"], "override": "yes"}
    assert server.request("PUT", f"{DOC}/{rows[4]['id']}", bad)[0] == 400


def test_the_page_shell_needs_no_key_and_holds_no_data_the_api_stays_json(server):
    status, page, head = server.request("GET", "/", token=False)
    assert status == 200 and head["Content-Type"].startswith("text/html")
    first = server.segments()[0]["source"]
    assert first[:30] not in page  # the key, in the URL's fragment, is what reads the segments
    status, body, head = server.request("GET", "/api/documents", token=False)
    assert status == 403 and head["Content-Type"] == "application/json" and "key" in body["error"]


def test_the_checks_follow_a_store_changed_by_another_process(server):
    from pipeline import store

    row = server.segments()[15]
    path = f"{DOC}/{row['id']}/check"
    assert "tags" in {i["check"] for i in server.request("POST", path, {"target": "At first."})[1]["issues"]}
    project = Project(server.root)
    with project.lock():  # as `pipeline segment` would, after the French lost its quotation
        segments = store.load(project.document("invisibles"))
        segments = [replace(s, source="Au départ.") if s.id == row["id"] else s for s in segments]
        store.save(project.document("invisibles"), segments)
    assert "tags" not in {i["check"] for i in server.request("POST", path, {"target": "At first."})[1]["issues"]}
