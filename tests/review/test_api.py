"""The JSON API and its security rules, against a real `pipeline review` on a free loopback port."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.core.model import Origin, State
from pipeline.store import po

from .review_helpers import ROOT, draft_for, load_segments, start_server

DOC = "/api/documents/invisibles/segments"


def files(root: Path) -> dict[str, int]:
    return {
        str(p.relative_to(root)): p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file() and p.name != ".lock"
    }


# ---- reading ----


def test_documents_and_segments(server):
    status, body, head = server.request("GET", "/api/documents")
    assert status == 200
    (doc,) = body["documents"]
    assert doc["name"] == "invisibles" and doc["counts"]["reviewed"] == 1
    assert doc["total"] == doc["counts"]["machine"] + 1
    assert head["Cache-Control"] == "no-store"
    rows = server.segments()
    assert len(rows) == doc["total"]
    first = rows[0]
    assert first["group"] == "title" and first["state"] == "machine" and first["engine"] == "apertium 3.8.3"
    assert first["target"] == first["draft"] == draft_for(first["source"]) and first["diff"] is None
    assert len({r["revision"] for r in rows}) == len(rows)
    assert {r["group"] for r in rows} >= {"title", "subtitle", "paragraph 1", "heading 1"}


# ---- saving ----


def test_edit_then_approve_is_on_disk_before_the_answer(server):
    row = server.segments()[6]
    edited = "Or rather, a camera: that is the whole idea behind <em1>Invisibles</em1>."
    assert "<em1>" in row["source"]
    status, body, _ = server.put(row, edited, "needs-review")
    assert status == 200, body
    assert body["revision"] == body["segment"]["revision"] != row["revision"]
    on_disk = {s.id: s for s in load_segments(server.root)}[row["id"]]
    assert (on_disk.target, on_disk.state) == (edited, State.NEEDS_REVIEW)
    assert on_disk.draft == row["draft"] and on_disk.origin == Origin.parse(
        "apertium 3.8.3"
    )  # the machine's work is kept
    ops = {op for op, _ in body["segment"]["diff"]}
    assert ops == {"=", "-", "+"}

    status, body, _ = server.put(body["segment"], edited, "reviewed")
    assert status == 200
    on_disk = {s.id: s for s in load_segments(server.root)}[row["id"]]
    assert on_disk.state is State.REVIEWED and on_disk.target == edited
    server.stop()  # stopping folds the saves journaled on disk into the PO file itself
    assert not (server.root / "translations/.invisibles.en.po.journal").exists()
    assert '#, fuzzy\nmsgctxt "' + row["id"] not in (server.root / "translations/invisibles.en.po").read_text()
    in_po = {s.id: s for s in po.load(server.root / "translations/invisibles.en.po")[1]}[row["id"]]
    assert (in_po.target, in_po.state) == (edited, State.REVIEWED)


def test_translated_from_scratch_gets_origin_review_and_revert_restores_the_draft(server):
    rows = server.segments()
    status, body, _ = server.put(rows[0], "", "untranslated")
    assert status == 200 and body["segment"]["state"] == "untranslated"
    status, body, _ = server.put(
        body["segment"], "What if we looked the <em1>Invisibles</em1> in the face?", "reviewed"
    )
    assert status == 200
    assert body["segment"]["engine"] == "apertium 3.8.3"  # it had a machine draft: the origin stays

    # revert: the draft comes back as an untouched machine draft
    status, body, _ = server.put(body["segment"], rows[0]["draft"], "machine")
    assert status == 200 and body["segment"]["target"] == rows[0]["draft"] and body["segment"]["diff"] is None

    from pipeline import store
    from pipeline.core.project import Project

    doc = Project(server.root).document("invisibles")
    segments = store.load(doc)
    from dataclasses import replace

    segments[1] = replace(segments[1], target="", draft="", origin=Origin(), state=State.UNTRANSLATED)
    store.save(doc, segments)
    fresh = server.segments()[1]
    status, body, _ = server.put(fresh, "In four episodes, the documentary series <em1>Invisibles</em1>…", "reviewed")
    assert status == 200 and body["segment"]["engine"] == "review"


def test_stale_revision_is_a_conflict_with_the_current_segment(server):
    row = server.segments()[2]
    status, first, _ = server.put(row, "And sheds light on everything they try to hide.", "reviewed")
    assert status == 200
    status, body, _ = server.put(row, "Another tab's version.", "needs-review")  # the old revision
    assert status == 409
    assert body["segment"]["target"] == "And sheds light on everything they try to hide."
    assert body["segment"]["revision"] == first["revision"] and "changed since" in body["error"]
    assert {s.id: s for s in load_segments(server.root)}[row["id"]].target == first["segment"]["target"]
    # a retried save whose first try landed is not a conflict
    status, _, _ = server.put(row, "And sheds light on everything they try to hide.", "reviewed")
    assert status == 200


def test_a_pipeline_write_while_the_page_is_open_is_a_conflict(server):
    from dataclasses import replace

    from pipeline import store
    from pipeline.core.project import Project

    row = server.segments()[7]
    doc = Project(server.root).document("invisibles")
    with Project(server.root).lock():  # as `pipeline translate` would: a new machine draft
        segments = [
            replace(s, target="A new draft.", draft="A new draft.") if s.id == row["id"] else s for s in store.load(doc)
        ]
        store.save(doc, segments)
    status, body, _ = server.put(row, "The reviewer's text.", "reviewed")
    assert status == 409 and body["segment"]["target"] == "A new draft."


@pytest.mark.slow
def test_a_locked_project_is_reported_not_waited_on_forever(server):
    from pipeline.core.project import Project

    row = server.segments()[8]
    with Project(server.root).lock():
        status, body, _ = server.put(row, "Text.", "reviewed")
    assert status == 503 and "another pipeline process" in body["error"]
    assert server.put(row, "Text.", "reviewed")[0] == 200


def test_text_is_kept_exactly_and_a_stray_angle_bracket_is_escaped(server):
    row = server.segments()[0]
    payload = "<script>alert(1)</script> and <img src=x onerror=alert(1)> & <em1>Invisibles</em1> &lt; 3"
    status, body, _ = server.put(row, payload, "needs-review")
    assert status == 200
    saved = "&lt;script>alert(1)&lt;/script> and &lt;img src=x onerror=alert(1)> & <em1>Invisibles</em1> &lt; 3"
    assert body["segment"]["target"] == saved
    assert {s.id: s for s in load_segments(server.root)}[row["id"]].target == saved


# ---- bad input: 4xx with one clear sentence, never a traceback ----


@pytest.mark.parametrize(
    "body, status, words",
    [
        (b"{not json", 400, "not valid JSON"),
        (b"\xff\xfe", 400, "not UTF-8"),
        (b"[1, 2]", 400, "JSON object"),
        ({"target": "x", "state": "reviewed"}, 400, "missing field"),
        ({"target": "x", "state": "reviewed", "revision": "r", "extra": 1}, 400, "unknown field"),
        ({"target": "x", "state": "signed", "revision": "r"}, 400, "unknown state 'signed'"),
        ({"target": "x", "state": "approved", "revision": "r"}, 400, "approve it ('reviewed') first"),
        ({"target": "x", "state": "reviewed", "revision": "r", "by": "a\nb"}, 400, "a name on one line"),
        ({"target": 3, "state": "reviewed", "revision": "r"}, 400, "must be a string"),
        ({"target": "x", "state": "reviewed", "revision": 3}, 400, "must be a string"),
        ({"target": "", "state": "reviewed", "revision": "r"}, 400, "empty translation"),
        ({"target": "x", "state": "untranslated", "revision": "r"}, 400, "cannot be 'untranslated'"),
        ({"target": "edited", "state": "machine", "revision": "r"}, 400, "untouched machine draft"),
        ({"target": "x" * 30_000, "state": "reviewed", "revision": "r"}, 400, "longer than"),
        (b'{"target": "' + b"x" * 70_000 + b'"}', 413, "larger than"),
    ],
)
def test_bad_bodies(shared_server, body, status, words):
    server = shared_server
    row = server.segments()[0]
    got, answer, head = server.request("PUT", f"{DOC}/{row['id']}", body)
    assert got == status and words in answer["error"], answer
    assert head["Content-Type"] == "application/json"


def test_wrong_content_type_and_method(shared_server):
    server = shared_server
    row = server.segments()[0]
    status, body, _ = server.request(
        "PUT", f"{DOC}/{row['id']}", b"target=x", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 415 and "JSON" in body["error"]
    status, body, _ = server.request("DELETE", f"{DOC}/{row['id']}")
    assert status == 405 and "not allowed" in body["error"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/documents/nosuchdoc/segments",
        "/api/documents/..%2F..%2Fetc%2Fpasswd/segments",
        "/api/documents/../../etc/passwd/segments",
        "/api/documents/%2e%2e/segments",
        "/api/documents/invisibles/segments/0000000000",
        "/api/documents/invisibles/segments/..%2F..%2Fglossary.yaml",
        "/api/documents/invisibles/segments/%2e%2e",
        "/nothing/here",
    ],
)
def test_unknown_documents_segments_and_escapes_are_404(shared_server, path):
    server = shared_server
    before = files(server.root)
    outside = server.root.parent / "outside.txt"
    outside.write_text("untouched")
    for method, body in (("GET", None), ("PUT", {"target": "x", "state": "reviewed", "revision": "r"})):
        status, answer, _ = server.request(method, path, body)
        assert status in (404, 405), (method, path, status, answer)
        assert isinstance(answer, dict) and answer["error"]
    assert files(server.root) == before and outside.read_text() == "untouched"


# ---- who may ask ----


def test_host_and_origin_must_be_this_server(server):
    status, body, _ = server.request(
        "GET", "/api/documents", headers={"Host": f"evil.example:{server.base.rsplit(':', 1)[1]}"}
    )
    assert status == 403 and "Host" in body["error"]
    row = server.segments()[0]
    put = {"target": "x", "state": "reviewed", "revision": row["revision"]}
    status, body, _ = server.request("PUT", f"{DOC}/{row['id']}", put, headers={"Origin": "http://evil.example"})
    assert status == 403 and "evil.example" in body["error"]
    status, _, _ = server.request("PUT", f"{DOC}/{row['id']}", put, headers={"Origin": server.base})
    assert status == 200
    port = server.base.rsplit(":", 1)[1]
    assert server.request("GET", "/api/documents", headers={"Host": f"localhost:{port}"})[0] == 200
    assert server.request("GET", "/api/documents", headers={"Host": f"127.0.0.1:{int(port) + 1}"})[0] == 403


def test_the_api_needs_the_key_in_a_header_and_no_cookie_is_ever_set(server):
    assert server.request("GET", "/api/documents", token=False)[0] == 403
    assert server.request("GET", "/api/documents", token=False, headers={"X-Review-Token": "guess"})[0] == 403
    # a cookie is no key: browsers send a host's cookies to every port on it
    jar = {"Cookie": f"pipeline-review={server.token}"}
    assert server.request("GET", "/api/documents", token=False, headers=jar)[0] == 403
    row = server.segments()[0]
    put = {"target": "x", "state": "reviewed", "revision": row["revision"]}
    status, body, _ = server.request("PUT", f"{DOC}/{row['id']}", put, token=False, headers=jar)
    assert status == 403 and "X-Review-Token" in body["error"]
    # the page's shell, CSS and JS carry no data (and not the key): no key needed, no cookie set
    status, page, head = server.request("GET", "/", token=False)
    assert status == 200 and "review.js" in page and "default-src 'none'" in head["Content-Security-Policy"]
    assert server.token not in page and "Set-Cookie" not in head
    assert server.request("GET", "/static/review.js", token=False)[0] == 200
    assert server.request("GET", "/api/documents")[0] == 200


# ---- nothing lost ----


def test_kill_9_right_after_an_acknowledged_save_loses_nothing(translated):
    running = start_server(translated)
    rows = running.segments()
    status, body, _ = running.put(rows[10], "Saved, then the server dies.", "reviewed")
    assert status == 200
    os.kill(running.process.pid, signal.SIGKILL)
    running.process.wait(10)
    segment = {s.id: s for s in load_segments(translated)}[rows[10]["id"]]
    assert (segment.target, segment.state) == ("Saved, then the server dies.", State.REVIEWED)
    assert not list((translated / "translations").glob(".*.tmp"))


def test_ctrl_c_stops_cleanly(translated):
    running = start_server(translated)
    assert running.request("GET", "/api/documents")[0] == 200
    err = running.stop()
    assert running.process.returncode == 0, err
    assert "Traceback" not in err
    assert "stopped" in running.process.stdout.read()


# ---- the command ----


def review(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "--project", str(root), "review", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_a_busy_port_and_an_unknown_document_are_one_sentence(translated):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = review(translated, "--port", str(port))
    assert result.returncode == 2
    assert result.stderr.startswith(f"Error: cannot listen on 127.0.0.1:{port}") and "--port" in result.stderr
    result = review(translated, "nosuchdoc")
    assert result.returncode == 2 and "nosuchdoc" in result.stderr and "Traceback" not in result.stderr
    result = review(translated, "../../etc/passwd")
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_listening_beyond_this_machine_warns(translated):
    running = start_server(translated, "--host", "0.0.0.0")
    port = running.base.rsplit(":", 1)[1]
    status, _, _ = running.request("GET", "/api/documents", headers={"Host": f"127.0.0.1:{port}"})
    assert status == 200
    assert running.request("GET", "/api/documents", headers={"Host": f"evil.example:{port}"})[0] == 403
    err = running.stop()
    assert "Warning: listening on 0.0.0.0" in err


def test_export_writes_one_read_only_file_with_every_text_escaped(cli, translated):
    from dataclasses import replace

    from pipeline import store
    from pipeline.core.project import Project

    doc = Project(translated).document("invisibles")
    segments = store.load(doc)
    segments[0] = replace(segments[0], target="<script>alert(1)</script> <img src=x onerror=alert(1)></script>")
    store.save(doc, segments)
    result = cli("review", "--export")
    assert result.exit_code == 0, result.output
    assert "dist/invisibles.review.html" in result.output
    page = (translated / "dist/invisibles.review.html").read_text()
    assert "<script>alert" not in page and "<img src=x" not in page and "</script> <img" not in page
    assert page.count("<script") == 2  # the data block and the page's own script, nothing else
    assert "Content-Security-Policy" in page and "/api/" in page  # the script is the same as the server's


def test_a_damaged_store_is_reported_and_left_as_it_is(server):
    row = server.segments()[0]
    po = server.root / "translations/invisibles.en.po"
    po.write_text(po.read_text()[:-200] + '\nmsgid "unterminated\n')
    damaged = po.read_bytes()
    status, body, _ = server.request("GET", "/api/documents/invisibles/segments")
    assert status == 500 and "translations/invisibles.en.po:" in body["error"]
    status, body, _ = server.put(row, "Text.", "reviewed")
    assert status == 500 and "translations/invisibles.en.po:" in body["error"]
    assert po.read_bytes() == damaged


def test_a_bad_glossary_does_not_stop_the_review(server):
    (server.root / "glossary.yaml").write_text("terms:\n  - fr: [unclosed\n")
    status, body, _ = server.request("GET", "/api/documents/invisibles/segments")
    assert status == 200 and body["warning"].startswith("glossary not used: ") and "glossary.yaml" in body["warning"]
    row = body["segments"][0]
    assert server.put(row, "Still saved.", "reviewed")[0] == 200


def test_a_reviewed_segment_stays_reviewed_through_pipeline_segment(server):
    row = server.segments()[12]
    status, _, _ = server.put(row, "Approved by the reviewer.", "reviewed")
    assert status == 200
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "--project", str(server.root), "segment"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    stored = {s.id: s for s in load_segments(server.root)}[row["id"]]
    assert (stored.target, stored.state) == ("Approved by the reviewer.", State.REVIEWED)
    fresh = {r["id"]: r for r in server.segments()}[row["id"]]
    assert fresh["state"] == "reviewed" and fresh["revision"] != row["revision"]


@pytest.mark.slow
def test_qa_issues_come_with_each_row_and_follow_the_edit(server):
    row = server.segments()[0]
    assert "<em1>" in row["source"] and row["issues"] == []
    status, body, _ = server.put(row, "What if we looked the Invisibles in the face?", "needs-review")
    assert status == 200
    issues = body["segment"]["issues"]
    assert {i["check"] for i in issues} == {"tags"} and all(i["severity"] == "error" for i in issues)
    assert issues[0]["title"] == "Inline tags differ" and "<em1> (emphasis) is missing" in [
        i["message"] for i in issues
    ]
    status, body, _ = server.put(
        body["segment"], "What if we looked the <em1>Invisibles</em1> in the face?", "reviewed"
    )
    assert body["segment"]["issues"] == []
    (server.root / "pyproject.toml").write_text('[tool.pipeline.qa]\nnosuch = "off"\n')
    status, body, _ = server.request("GET", DOC)
    assert status == 200 and body["warning"].startswith("QA settings not used: ") and "nosuch" in body["warning"]
