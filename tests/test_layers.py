"""The package is layered downwards: the shared vocabulary at the bottom imports nothing of
ours above it, and no stage imports one that comes after it in the data flow."""

from __future__ import annotations

import ast

import pytest
from conftest import ROOT

PACKAGE = ROOT / "pipeline"
# The bottom: the records, the tag grammar, the Pandoc layer and what every stage uses.
BOTTOM = {"core"}
# Each stage and what may not be imported by it: the stages after it in the data flow.
LATER = {
    "sources": {"segment", "store", "glossary", "engines", "translate", "review", "editions", "build", "qa", "report"}
    | {"interchange"},
    "segment": {"translate", "engines", "review", "editions", "build", "qa", "report", "interchange"},
    "store": {"segment", "translate", "engines", "review", "editions", "build", "qa", "report", "interchange"},
    "glossary": {"segment", "translate", "engines", "review", "editions", "build", "qa", "report"},
    "engines": {"translate", "review", "editions", "build", "qa", "report"},
    "translate": {"review", "editions", "build", "report"},
    "editions": {"translate", "engines", "review", "build"},
}


def ours(path) -> set[str]:
    """The top-level names under pipeline/ that a module imports, anywhere in it."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("pipeline"):
            parts = node.module.split(".")
            found |= {parts[1]} if len(parts) > 1 else {alias.name for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("pipeline.")}
    return found


def modules(name: str):
    target = PACKAGE / name
    return sorted(target.rglob("*.py")) if target.is_dir() else [target.with_suffix(".py")]


@pytest.mark.parametrize("name", sorted(BOTTOM))
def test_the_shared_vocabulary_depends_on_nothing_above_it(name):
    for path in modules(name):
        above = ours(path) - BOTTOM - {"__version__"}
        assert not above, f"{path.relative_to(ROOT)} imports {sorted(above)}"


@pytest.mark.parametrize("stage", sorted(LATER))
def test_no_stage_imports_a_later_one(stage):
    for path in modules(stage):
        later = ours(path) & LATER[stage]
        assert not later, f"{path.relative_to(ROOT)} imports {sorted(later)}"
