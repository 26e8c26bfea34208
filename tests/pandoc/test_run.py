"""One Pandoc runner: the environment is given per call, so threads may run Pandoc with
different SOURCE_DATE_EPOCH at once, and this process's environment is never changed."""

from __future__ import annotations

import io
import json
import os
import zipfile
from concurrent.futures import ThreadPoolExecutor

import pytest

from pipeline.core.errors import PipelineError
from pipeline.core.pandoc.run import run
from pipeline.segment.pandoc import parse_markdown

DOC = json.dumps(parse_markdown("---\ntitle: Un livre\nlang: fr\n---\n\n# Un\n\nTexte.\n"))


def modified(epoch: int) -> str:
    book = run(DOC, "json", "epub3", sandbox=False, env={"SOURCE_DATE_EPOCH": str(epoch)})
    opf = zipfile.ZipFile(io.BytesIO(book)).read("EPUB/content.opf").decode()
    return opf.split('<meta property="dcterms:modified">')[1].split("<")[0]


def test_each_call_has_its_own_environment_and_ours_is_untouched(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    epochs = [1_000_000_000, 1_700_000_000] * 3
    with ThreadPoolExecutor(6) as pool:
        dates = list(pool.map(modified, epochs))
    assert dates == ["2001-09-09T01:46:40Z", "2023-11-14T22:13:20Z"] * 3
    assert "SOURCE_DATE_EPOCH" not in os.environ


def test_a_writer_error_is_one_sentence():
    with pytest.raises(PipelineError, match="Unknown output format"):
        run(DOC, "json", "no-such-format")
