"""The README is a user's page and the docs describe every command the CLI has.

(`make test` also builds the site with `mkdocs build --strict`, which checks every link
and anchor inside docs/.)
"""

import re

from conftest import ROOT

from pipeline.cli import cli

README = (ROOT / "README.md").read_text(encoding="utf-8")
GUIDE = (ROOT / "docs" / "guide.md").read_text(encoding="utf-8")


def commands():
    """(name, click command) for every command, `model install` and `model list` included."""
    for name, command in cli.commands.items():
        for sub_name, sub in getattr(command, "commands", {}).items():
            yield f"{name} {sub_name}", sub
        if not hasattr(command, "commands"):
            yield name, command


def test_the_readme_is_a_short_page():
    assert len(README.encode("utf-8")) <= 10 * 1024


def test_the_readme_has_an_example_of_every_command():
    rows = dict(re.findall(r"^\| `(\w+)` \| `(pipeline [^`]+)` \|", README, re.M))
    assert set(rows) == set(cli.commands)
    for name, example in rows.items():
        assert example.startswith(f"pipeline {name}"), example


def test_the_readme_links_to_pages_that_exist():
    links = re.findall(r"\]\((docs/[^)#]+)", README)
    assert {"docs/guide.md", "docs/review.png", "docs/benchmarks.md"} <= set(links)
    for link in links:
        assert (ROOT / link).is_file(), link


def test_the_guide_has_an_example_of_every_command_and_names_every_option():
    examples = re.search(r"### Examples\n.*?```sh\n(.*?)```", GUIDE, re.S).group(1)
    for name, command in commands():
        assert re.search(rf"^pipeline {name}\b", examples, re.M), name
        for param in command.params:
            if param.name in {"root", "verbose", "quiet", "help"} or not param.opts[0].startswith("-"):
                continue
            assert any(opt in GUIDE for opt in param.opts), f"pipeline {name} {param.opts}"
