"""The book fixture: real text of book size, cut into books of 1, 4 and 16 chapters."""

from __future__ import annotations

import re

import pytest
from books import BOOK, first_chapters

from pipeline.core.project import Project
from pipeline.segment.update import update

FRONT = re.compile(r"\A---\n.*?\ntitle: Contes\n.*?\n---\n", re.S)


def chapters(text: str) -> list[str]:
    return [c.rstrip() for c in re.split(r"(?m)^(?=# )", FRONT.sub("", text))[1:]]


@pytest.mark.parametrize("count", [1, 4, 16])
def test_a_cut_keeps_the_front_matter_and_that_many_chapters(count):
    text = first_chapters(count)
    assert FRONT.match(text)
    assert len(chapters(text)) == count
    assert chapters(text) == chapters(BOOK.read_text("utf-8"))[:count]


def test_the_whole_book_is_its_sixteen_chapters_of_comparable_size():
    assert first_chapters(16) == BOOK.read_text("utf-8")
    sizes = [len(c) for c in chapters(BOOK.read_text("utf-8"))]
    assert len(sizes) == 16 and max(sizes) < 1.4 * min(sizes)


@pytest.mark.slow
def test_the_book_has_over_two_thousand_segments(tmp_path):
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "book.fr.md").write_text(first_chapters(16), "utf-8")
    segments = update(Project(tmp_path).document("book")).segments
    assert len(segments) == 2107
    assert len(update(Project(tmp_path).document("book")).segments) == 2107  # stable
