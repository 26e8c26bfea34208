"""Sources that are huge, nested deep, slow for Pandoc, foreign or not files at all: one
clear sentence naming the file, exit code 2, no traceback, no hang, nothing written."""

import os
import time

import pytest
from conftest import ARTICLE

from pipeline.core.errors import PipelineError
from pipeline.core.pandoc import run as pandoc
from pipeline.core.pandoc import tree
from pipeline.editions import typography
from pipeline.editions.base import unwrap, with_xml_lang
from pipeline.segment.document import assemble, normalise, segments
from pipeline.segment.pandoc import Parsing, parse_markdown


def _refused(project, cli, content: bytes | None, message: str, name: str = "hostile"):
    path = project / "source" / f"{name}.fr.md"
    if content is not None:
        path.write_bytes(content)
    result = cli("segment", name)  # in-process: any exception but PipelineError fails the test
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"Error: {path}"), result.output
    assert message in result.output, result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (project / "translations" / f"{name}.en.po").exists()
    return result


def _nested_lists(levels: int) -> str:
    return "".join("    " * i + f"- niveau {i}. Deux phrases.\n" for i in range(levels))


def test_a_huge_source_is_refused_before_it_is_read(project, cli):
    """50 MB (a sparse file made here, never committed): refused by its size at once."""
    path = project / "source" / "hostile.fr.md"
    path.write_bytes(b"Texte. " * 10)
    with open(path, "ab") as out:
        out.truncate(50_000_000)
    _refused(project, cli, None, "is 50.0 MB, more than the 5 MB a Markdown source may have")


@pytest.mark.parametrize(
    "markdown",
    [_nested_lists(80), ">" * 2000 + " Texte.", "---\ntitle: " + "[" * 3000 + "x" + "]" * 3000 + "\n---\n\nTexte.\n"],
    ids=["80 nested lists", "2000 nested quotations", "3000 nested YAML lists"],
)
def test_deep_nesting_is_refused_clearly(project, cli, markdown):
    _refused(project, cli, markdown.encode(), "nested more than 200 levels deep")


def test_nesting_just_under_the_limit_goes_through_every_walk(project, cli):
    """The limit is low enough for every recursive walk over the AST, under pytest's stack."""
    markdown = _nested_lists(60)
    ast = parse_markdown(markdown)
    found = segments(ast)
    assert len(found) == 120
    assert normalise(assemble(ast, lambda s: s.source)) == normalise(ast)
    assert typography.apply(ast["blocks"], "fr") and with_xml_lang(unwrap(ast)) and tree.stringify(ast["blocks"])
    (project / "source" / "deep.fr.md").write_text(markdown)
    assert cli("segment", "deep").exit_code == 0


@pytest.mark.slow
def test_a_construct_pandoc_reads_exponentially_times_out(project, cli, monkeypatch):
    """Twelve nested brackets take Pandoc 3 over a minute: it is stopped, not waited for."""
    monkeypatch.setattr(pandoc, "TIMEOUT", 3)
    _refused(project, cli, ("[" * 12 + "Texte" + "]" * 12 + "\n").encode(), "Pandoc gave up after 3 s")


@pytest.mark.slow
def test_a_yaml_alias_bomb_is_stopped(project, cli, monkeypatch):
    """Nine levels of nine aliases: Pandoc would build 387 million strings."""
    monkeypatch.setattr(pandoc, "TIMEOUT", 5)
    lines = ["---", 'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    lines += ["title: Bombe", "---", "", "Texte."]
    _refused(project, cli, "\n".join(lines).encode(), "Pandoc cannot read it")


def test_pandoc_running_out_of_memory_is_a_clear_error(project, cli, monkeypatch):
    monkeypatch.setattr(pandoc, "HEAP_MB", 8)
    text = (project / "source" / "invisibles.fr.md").read_text() * 40
    _refused(project, cli, text.encode(), "needs more than 8 MB of memory")


@pytest.mark.parametrize("encoding,message", [("utf-16", "is utf-16, not UTF-8"), ("utf-32", "is utf-32, not UTF-8")])
def test_utf16_and_utf32_are_named(project, cli, encoding, message):
    _refused(project, cli, "# Titre\n\nUn texte accentué.\n".encode(encoding), message)


def test_a_fifo_is_not_read(project, cli):
    """Opening a FIFO would block until someone writes to it."""
    os.mkfifo(project / "source" / "hostile.fr.md")
    _refused(project, cli, None, "is not a regular file")


def test_a_link_to_an_endless_device_is_not_read(project, cli):
    (project / "source" / "hostile.fr.md").symlink_to("/dev/zero")
    _refused(project, cli, None, "is not a regular file")


def test_work_done_while_pandoc_parses_waits_for_neither_pipe(tmp_path):
    """Pandoc is fed and drained in a thread while other work runs: a source far larger
    than a pipe holds (64 KB), and output larger still, go through whatever the other work does."""
    text = ARTICLE.read_text() * 30
    assert len(text) > 200_000
    source = tmp_path / "big.fr.md"
    source.write_text(text)
    parsing = Parsing(source)
    time.sleep(0.5)  # the other work: Pandoc's pipes fill meanwhile
    _, ast = parsing.result()
    assert ast == parse_markdown(text)


def test_an_error_in_a_parse_done_beside_other_work_is_raised_where_its_result_is_taken(tmp_path):
    source = tmp_path / "empty.fr.md"
    source.write_text("")
    parsing = Parsing(source)
    with pytest.raises(PipelineError, match="is empty"):
        parsing.result()
