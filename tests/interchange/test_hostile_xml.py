"""XLIFF imports cut off or huge: one sentence, nothing written, no hang. (Entity bombs,
external entities and deep nesting: test_import.py and tests/engines/test_memory.py.)"""

import random
import time

import pytest
from reference import translate

XLF = "dist/invisibles.fr-en-GB.xlf"


def test_a_cut_off_xliff_is_refused_and_the_store_kept(project, cli):
    translate(project)
    assert cli("export", "--format", "xliff").exit_code == 0
    full = (project / XLF).read_bytes()
    store_file = project / "translations" / "invisibles.en.po"
    before = store_file.read_bytes()
    for cut in sorted(random.Random(8).sample(range(1, len(full) - 20), 12)):
        (project / XLF).write_bytes(full[:cut])
        result = cli("import", str(project / XLF))  # in-process: any exception but PipelineError fails the test
        assert result.exit_code == 2, (cut, result.output)
        assert "is not well-formed XML" in result.output, (cut, result.output)
        assert store_file.read_bytes() == before


@pytest.mark.slow
def test_a_50_mb_xliff_is_read_in_bounded_time_and_refused(project, cli):
    """50 MB of units for segments the store does not have (made here, never committed)."""
    translate(project)
    assert cli("export", "--format", "xliff").exit_code == 0
    text = (project / XLF).read_text()
    head, _, tail = text.partition("<body>")
    unit = '<trans-unit id="x{n}"><source>Une phrase de plus pour grossir le fichier.</source></trans-unit>\n'
    padding = "".join(unit.format(n=n) for n in range(50_000_000 // len(unit)))
    (project / XLF).write_text(head + "<body>" + padding + tail)
    store_file = project / "translations" / "invisibles.en.po"
    before = store_file.read_bytes()
    start = time.monotonic()
    result = cli("import", str(project / XLF))
    assert time.monotonic() - start < 120  # a generous bound against a hang, not a benchmark
    assert result.exit_code == 2, result.output[-300:]
    assert "x0" in result.output  # names the first unit the store does not have
    assert "Error: " in result.output and len(result.output.strip().splitlines()) == 1
    assert store_file.read_bytes() == before
