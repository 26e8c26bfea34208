"""What keeps the review fast on a book: a refresh downloads only the rows changed since
the page's version (bench/review.py measures the rest)."""

from __future__ import annotations

DOC = "/api/documents/invisibles/segments"


def test_a_refresh_downloads_only_what_changed_since_the_pages_version(server):
    status, first, _ = server.request("GET", DOC)
    assert status == 200 and len(first["segments"]) == 60
    version = first["version"]
    status, same, _ = server.request("GET", f"{DOC}?since={version}")
    assert status == 200 and same["changed"] == [] and same["version"] == version and not same["resegmented"]
    row = first["segments"][7]
    assert server.put(row, "Changed in another tab.", "reviewed")[0] == 200
    status, fresh, _ = server.request("GET", f"{DOC}?since={version}")
    assert [r["id"] for r in fresh["changed"]] == [row["id"]] and fresh["version"] != version
    assert fresh["changed"][0]["target"] == "Changed in another tab." and fresh["counts"]["reviewed"] == 2
    # a version this server never gave (it was restarted): the whole list, as on a first load
    status, whole, _ = server.request("GET", f"{DOC}?since=0-0-0")
    assert len(whole["segments"]) == 60
