"""Fingerprints of code and tools: the installed versions they include are the ones pip reports,
and a file's identity changes when the file does."""

import os
from importlib import metadata

import pytest

from pipeline.core import fingerprint


@pytest.mark.parametrize("name", ["pysbd", "pypandoc-binary", "click", "polib", "weasyprint", "pipeline"])
def test_versions_are_importlib_metadatas(name):
    assert fingerprint.version(name) == metadata.version(name)


def test_a_distribution_not_installed_is_missing():
    assert fingerprint.version("no-such-distribution") == "missing"


def test_a_files_identity_changes_when_it_is_replaced_or_touched(tmp_path):
    font = tmp_path / "Font.ttf"
    font.write_bytes(b"glyphs")
    first = fingerprint.files(font, tmp_path / "absent.ttf")
    assert fingerprint.files(font, tmp_path / "absent.ttf") == first
    font.write_bytes(b"other glyphs")  # another size
    assert fingerprint.files(font, tmp_path / "absent.ttf") != first
    second = fingerprint.files(font)
    os.utime(font, ns=(0, font.stat().st_mtime_ns + 1))  # the same size, written again
    assert fingerprint.files(font) != second
    (tmp_path / "absent.ttf").write_bytes(b"")
    assert fingerprint.files(font, tmp_path / "absent.ttf") != fingerprint.files(font)
