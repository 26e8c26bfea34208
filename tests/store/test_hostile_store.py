"""The store loader fed damaged, cut-off, huge and foreign files: one clear sentence naming
the file, exit code 2, no traceback, no hang, and nothing written."""

import random
from dataclasses import replace

import pytest

from pipeline import store
from pipeline.core.errors import PipelineError
from pipeline.core.model import State
from pipeline.core.project import Project
from pipeline.store import po


@pytest.fixture
def translated(project, cli):
    """The article segmented, with every segment translated (multi-line msgstr included)."""
    assert cli("segment").exit_code == 0
    doc = Project(project).document("invisibles")
    segments = store.load(doc)
    store.save(doc, [replace(s, target=f"{s.source} (in English)", state=State.REVIEWED) for s in segments])
    return doc


def _refused(cli, doc, content: bytes, message: str):
    """Put ``content`` in the store; every command refuses it clearly and writes nothing."""
    doc.store.write_bytes(content)
    for command in ("segment", "status"):
        result = cli(command)  # in-process, so any exception but PipelineError fails the test
        assert result.exit_code == 2, result.output
        assert result.output.startswith(f"Error: {doc.store}"), result.output
        assert message in result.output, result.output
        assert len(result.output.strip().splitlines()) == 1
    assert doc.store.read_bytes() == content
    assert [p.name for p in doc.store.parent.iterdir() if p.name.endswith(".tmp")] == []


def _utf16(text):
    return text.encode("utf-16")


HOSTILE = {
    "garbage": (lambda text: b"\x01garbage\x02 here\n", "is not a valid PO file"),
    "unclosed string": (lambda text: text.replace('msgstr ""', 'msgstr "cut', 1).encode(), "a string is not closed"),
    "no msgstr": (lambda text: (text.rstrip() + '\n\nmsgctxt "x"\nmsgid "y"\n').encode(), "has no msgstr"),
    "latin-1": (lambda text: text.encode("utf-8").replace("é".encode(), b"\xe9"), "is not UTF-8"),
    "utf-16": (_utf16, "is utf-16, not UTF-8"),
    "binary": (lambda text: b"\x7fELF\x02\x01\x01\0\0\0", "binary"),
    "no msgctxt": (lambda text: text.replace('msgctxt "', 'msgcomment "', 1).encode(), ""),
    "duplicate id": (lambda text: text + text.split("\n\n", 2)[1] + "\n", "appears twice"),
    "unknown state": (lambda text: text.replace("# state: machine", "# state: bogus", 1).encode(), "state"),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_a_damaged_store_is_refused_clearly_and_kept(project, cli, case):
    cli("segment")
    doc = Project(project).document("invisibles")
    segments = store.load(doc)
    store.save(doc, [replace(segments[0], target="Draft", state=State.MACHINE), *segments[1:]])
    damage, message = HOSTILE[case]
    content = damage(doc.store.read_text())
    _refused(cli, doc, content if isinstance(content, bytes) else content.encode(), message)


def test_a_cut_off_store_is_refused_or_reads_as_a_prefix(translated):
    """A store cut anywhere is refused, or (cut between two lines) reads as its first part.

    Only a cut at the end of a line inside the last translation goes unnoticed: nothing
    in a PO file says where it ends. pipeline never leaves such a file (atomic writes).
    """
    full_text = translated.store.read_bytes()
    full = store.load(translated)
    cuts = random.Random(8).sample(range(1, len(full_text)), 150)
    refused = 0
    for cut in sorted(cuts):
        translated.store.write_bytes(full_text[:cut])
        try:
            loaded = store.load(translated)
        except PipelineError as err:
            assert str(err).startswith(f"{translated.store}"), err
            refused += 1
            continue
        if loaded:
            assert loaded[:-1] == full[: len(loaded) - 1], cut
            last, same = loaded[-1], full[len(loaded) - 1]
            assert (last.id, last.source) == (same.id, same.source), cut
            assert same.target.startswith(last.target), cut
    assert refused > len(cuts) / 2  # most cuts land inside a string or an entry


def test_a_huge_store_is_refused_before_it_is_read(translated, cli):
    """50 MB (made here, never committed): refused at once by its size, not parsed for a minute."""
    with open(translated.store, "ab") as out:
        out.truncate(50_000_000)  # a sparse file: costs no disk
    result = cli("status")
    assert result.exit_code == 2
    assert f"{translated.store}: is 50.0 MB, more than the 32 MB" in result.output


@pytest.mark.slow
def test_a_store_with_one_huge_entry_loads(translated):
    """A single 10 MB translation is still a store: it loads (in a few seconds), intact."""
    segments = store.load(translated)
    big = "mot " * 2_500_000
    store.save(translated, [replace(segments[0], target=big), *segments[1:]])
    assert store.load(translated)[0].target == big


def test_po_check_accepts_what_gettext_writes(tmp_path):
    """The cut-off check must not refuse a valid store in gettext's own layout."""
    path = tmp_path / "x.en.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#. paragraph 1\n# note: a "quoted" note\n#, fuzzy\n#| msgid "Ancien"\nmsgctxt "a1"\nmsgid "Nouveau \\"x\\""\n'
        'msgstr ""\n"New \\"x\\" "\n"and more"\n\n'
        '#~ msgctxt "b2"\n#~ msgid "Parti"\n#~ msgstr "Gone"\n'
    )
    _, segments = po.load(path)
    assert [(s.id, s.source, s.target, s.obsolete) for s in segments] == [
        ("a1", 'Nouveau "x"', 'New "x" and more', False),
        ("b2", "Parti", "Gone", True),
    ]


def test_errors_name_the_line_in_the_file_as_written(tmp_path):
    """Wrapped strings are joined before parsing; line numbers still point into the file."""
    path = tmp_path / "x.en.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgctxt "a1"\nmsgid ""\n"Une phrase "\n"sur deux lignes."\nmsgstr ""\n"One"\n"two"\n\n'
        'msgctxt "a1"\nmsgid "Encore"\nmsgstr "Again"\n'
    )
    with pytest.raises(PipelineError, match=r"x\.en\.po:13: segment id a1 appears twice"):
        po.load(path)
    path.write_text(path.read_text().replace('"two"', '"two', 1))
    with pytest.raises(PipelineError, match=r"x\.en\.po:11: is not a valid PO file \(a string is not closed"):
        po.load(path)
