"""The inline-tag grammar (pipeline/core/tags.py) on the shared cases the page's reader is tested against too."""

from __future__ import annotations

import json

import pytest
from conftest import DATA

from pipeline.core import tags
from pipeline.segment.document import segments
from pipeline.segment.pandoc import read_source
from pipeline.store import po

CASES = json.loads((DATA / "tags.cases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES["tokens"], ids=lambda c: c["about"])
def test_tokens(case):
    found = tags.tokens(case["text"])
    assert [[t.kind, t.text, t.name, t.start, t.end] for t in found] == case["tokens"]
    assert "".join(t.text for t in found) == case["text"]  # nothing lost, nothing added
    assert tags.plain(case["text"]) == case["plain"]
    assert tags.plain(tags.escape(case["plain"])) == case["plain"]  # escaping is undone by reading


@pytest.mark.parametrize("case", CASES["checks"], ids=lambda c: c["about"])
def test_the_well_formedness_check(case):
    assert tags.problems(case["target"], case["source"], CASES["meanings"]) == case["problems"]
    assert tags.problems(case["source"], case["source"]) == []


def test_what_a_tag_stands_for_survives_the_store(tmp_path):
    """The segmenter knows from the Pandoc element that a span is English or that code
    stays as written; the PO writes only each tag's name and meaning, and reading it back
    gives the same records."""
    _, ast = read_source(DATA / "tags.fr.md")
    found = segments(ast)
    infos = [t for s in found for t in s.tags]
    assert {t.kind for t in infos} >= {"a", "code", "em", "fn", "math", "raw", "cite", "span", "sq", "sub", "sup"}
    english = [t for t in infos if t.lang]
    assert [(t.lang, t.keep, t.meaning) for t in english] == [
        ("en", True, "text in lang=en: keep it as it is"),
        ("en-GB", True, "text in lang=en-GB: keep it as it is"),
    ]
    assert {t.kind for t in infos if t.keep} == {"code", "math", "raw", "cite", "span"}
    assert not any(t.keep for t in infos if t.meaning.startswith("span "))  # a span with a class is markup
    path = tmp_path / "tags.en.po"
    po.save(path, {"Language": "en_GB"}, found)
    assert po.load(path)[1] == found
