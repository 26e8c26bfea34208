"""The page's reader of inline tags (review.js, built from pipeline/core/tags.py's patterns) in a
real Chromium gives the same tokens as the Python reader, on the same shared cases; its editor
escapes typed characters as Python does and gives back the text it was given, tags as chips."""

from __future__ import annotations

import json

from pipeline.core import tags
from pipeline.core.project import Project
from pipeline.review import export

from .review_helpers import ROOT

CASES = json.loads((ROOT / "tests" / "data" / "tags.cases.json").read_text(encoding="utf-8"))["tokens"]


def _utf16(text: str, index: int) -> int:
    """A Python offset as JavaScript counts it."""
    return len(text[:index].encode("utf-16-le")) // 2


def _canonical(text: str) -> str:
    """Segment text with each character escaped only where it must be ('&amp; ' is '& ')."""
    return "".join(tags.escape(t.value) if t.kind == "text" else t.text for t in tags.tokens(text))


def test_the_page_reads_tags_as_python_does(shared_server, open_page, tmp_path):
    exported = tmp_path / "invisibles.review.html"  # the static export carries the grammar too
    exported.write_text(export.page(Project(shared_server.root).document("invisibles")), encoding="utf-8")
    for url in (shared_server.url, exported.as_uri()):
        page = open_page(url)
        found = page.evaluate(
            """cases => cases.map(c => ({
                tokens: window.reviewTags.tokens(c.text).map(t => [t.kind, t.text, t.name, t.start, t.end]),
                plain: window.reviewTags.plain(c.text),
                escaped: window.reviewTags.escape(window.reviewTags.plain(c.text)),
                edited: (() => {
                    const editor = document.createElement("div");
                    editor.append(window.reviewTags.fragment(c.text, {}));
                    return window.reviewTags.value(editor);
                })(),
            }))""",
            CASES,
        )
        for case, got in zip(CASES, found, strict=True):
            text = case["text"]
            expected = [[k, t, n, _utf16(text, s), _utf16(text, e)] for k, t, n, s, e in case["tokens"]]
            assert got == {
                "tokens": expected,
                "plain": case["plain"],
                "escaped": tags.escape(case["plain"]),  # what the editor writes for typed characters
                "edited": _canonical(text),  # the editor gives back what it was given, chips as tags
            }, (url, case["about"])
