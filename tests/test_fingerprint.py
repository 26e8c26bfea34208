"""Fingerprints of code: the installed versions they include are the ones pip reports."""

from importlib import metadata

import pytest

from pipeline import fingerprint


@pytest.mark.parametrize("name", ["pysbd", "pypandoc-binary", "click", "polib", "weasyprint", "pipeline"])
def test_versions_are_importlib_metadatas(name):
    assert fingerprint.version(name) == metadata.version(name)


def test_a_distribution_not_installed_is_missing():
    assert fingerprint.version("no-such-distribution") == "missing"


def test_pandoc_version_is_pypandocs():
    import pypandoc

    from pipeline.segment.pandoc import pandoc_version

    assert pandoc_version() == pypandoc.get_pandoc_version()
