"""Atomic writes give files the usual permissions, and keep those of the file they replace."""

from __future__ import annotations

import os
import stat

from pipeline.core.fileio import write_atomic


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_gets_the_umask_mode_and_a_replaced_one_keeps_its_mode(tmp_path):
    old = os.umask(0o022)
    try:
        page = tmp_path / "dist" / "invisibles.review.html"
        write_atomic(page, "<p>one</p>")
        assert mode(page) == 0o644  # readable by a web server, not 0600 as mkstemp makes it
        page.chmod(0o640)
        write_atomic(page, "<p>two</p>")
        assert mode(page) == 0o640 and page.read_text() == "<p>two</p>"
    finally:
        os.umask(old)
