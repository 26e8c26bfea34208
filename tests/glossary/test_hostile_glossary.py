"""glossary.yaml fed huge, deeply nested, aliased and foreign files: one sentence naming
the file, never a traceback or a hang. (Malformed entries: test_load_and_match.py.)"""

import pytest

from pipeline import glossary
from pipeline.core.errors import PipelineError


def _refused(path, content: bytes, message: str):
    path.write_bytes(content)
    with pytest.raises(PipelineError) as err:
        glossary.load(path)
    assert str(err.value).startswith(str(path)), err.value
    assert message in str(err.value), err.value


def test_a_huge_glossary_is_refused_by_its_size(tmp_path):
    """50 MB (sparse, made here): PyYAML would take minutes; refused before reading."""
    path = tmp_path / "glossary.yaml"
    path.write_bytes(b"terms:\n")
    with open(path, "ab") as out:
        out.truncate(50_000_000)
    with pytest.raises(PipelineError, match=r"glossary.yaml: is 50.0 MB, more than the 5 MB a glossary may have"):
        glossary.load(path)


@pytest.mark.parametrize(
    "content",
    [
        "terms: " + "[" * 5000 + "]" * 5000 + "\n",
        "terms:\n" + "".join("  " * i + "a:\n" for i in range(1, 1200)) + "  " * 1200 + "b\n",
    ],
    ids=["flow lists", "block mappings"],
)
def test_deep_nesting_is_refused(tmp_path, content):
    _refused(tmp_path / "glossary.yaml", content.encode(), "is nested too deeply")


def test_an_alias_bomb_is_not_expanded(tmp_path):
    """Nine levels of nine aliases: the schema sees a list where text belongs, at once."""
    lines = ["terms:", '  - fr: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]', "    en: cat"]
    for i in range(1, 10):
        lines += [f"  - fr: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]", "    en: cat"]
    _refused(tmp_path / "glossary.yaml", "\n".join(lines).encode(), "glossary.yaml:")


@pytest.mark.parametrize(
    "content,message",
    [
        ("terms:\n  - fr: tâche\n    en: task\n".encode("utf-16"), "is utf-16, not UTF-8"),
        (b"terms:\n  - fr: t\xe2che\n    en: task\n", "glossary.yaml:2: is not UTF-8"),
        (b'terms:\n  - fr: "chat\n', "is not valid YAML"),
    ],
    ids=["utf-16", "latin-1", "cut off"],
)
def test_foreign_and_cut_off_files(tmp_path, content, message):
    _refused(tmp_path / "glossary.yaml", content, message)
