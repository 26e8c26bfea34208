"""Golden files: what the stages write for the article and for tests/data/rich.fr.md,
compared byte for byte with tests/golden/, so that no output changes unseen.

The store, the XLIFF, TMX and TBX exports, each edition's assembled Pandoc document and
the three HTML editions. After a change meant to alter them, `pytest --update-golden`
rewrites the files; `git diff tests/golden` is then the change a reviewer reads.
"""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner
from conftest import DATA, ROOT
from reference import fill_store, mixed, translate

from pipeline import interchange, store
from pipeline.cli import cli
from pipeline.core.project import Project
from pipeline.editions import assemble

CASES = {
    # the article's reference English, edited so the store holds every state, drafts,
    # notes, flags and a changed source
    "invisibles": lambda root: translate(root, mixed),
    # headings, lists, a table, notes, code, a definition list: derived English targets
    "rich": lambda root: fill_store(root, "rich") and Project(root).document("rich"),
}
FILES = {
    "invisibles": ("invisibles.fr.md", ROOT / "source" / "invisibles.fr.md"),
    "rich": ("rich.fr.md", DATA / "rich.fr.md"),
}
OUTPUTS = (
    "store.po",
    "fr-en-GB.xlf",
    "fr-en-GB.tmx",
    "glossary.tbx",
    *(f"{edition}.json" for edition in ("fr", "en", "fr-en")),
    *(f"{edition}.html" for edition in ("fr", "en", "fr-en")),
)


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, dict[str, bytes]]:
    """Every output of each case, by case and name."""
    out = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # else the editions carry the build time
        for case, fill in CASES.items():
            root = tmp_path_factory.mktemp(case) / "project"
            (root / "source").mkdir(parents=True)
            shutil.copy(FILES[case][1], root / "source" / FILES[case][0])
            shutil.copy(ROOT / "glossary.yaml", root)
            doc = fill(root)
            project = Project(root)
            files = {"store.po": doc.store.read_bytes()}
            for fmt, name in (("xliff", "fr-en-GB.xlf"), ("tmx", "fr-en-GB.tmx"), ("tbx", "glossary.tbx")):
                (path,) = interchange.export(project, fmt, [doc] if fmt != "tbx" else [], root / "export" / name)
                files[name] = path.read_bytes()
            for edition in assemble.prepare(doc, store.load(doc)).values():
                text = json.dumps(edition.ast, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
                files[f"{edition.name}.json"] = text.encode("utf-8")
            args = ["--project", str(root), "build", "--no-translate", "--format", "html"]
            result = CliRunner().invoke(cli, args, catch_exceptions=False)
            assert result.exit_code == 0, result.output
            for edition in ("fr", "en", "fr-en"):
                files[f"{edition}.html"] = (root / "dist" / f"{doc.name}.{edition}.html").read_bytes()
            out[case] = files
    return out


@pytest.mark.parametrize("name", OUTPUTS)
@pytest.mark.parametrize("case", CASES)
def test_output_matches_its_golden_file(made, golden, case, name):
    golden(f"{case}/{name}", made[case][name])


def test_every_golden_file_is_still_made():
    """A golden file nothing compares any more is stale: --update-golden does not remove it."""
    from conftest import GOLDEN

    expected = {f"{case}/{name}" for case in CASES for name in OUTPUTS}
    present = {str(p.relative_to(GOLDEN)) for p in GOLDEN.glob("*/*") if p.is_file() and p.parent.name in CASES}
    assert present <= expected, sorted(present - expected)
