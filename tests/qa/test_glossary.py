"""The glossary check and the report's term accuracy, through pipeline.glossary's agreed interface.

``Glossary.check(source, target)``, ``find`` and ``find_target`` come from the engines
branch (pipeline/glossary/); these tests run once it is merged and are reported as
skipped, with the reason, until then.
"""

import importlib.util
from dataclasses import replace

import pytest
from reference import GLOSSARY, translate

from pipeline import qa, report, store
from pipeline.core.model import Segment, State
from pipeline.core.project import Project

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("pipeline.glossary") is None, reason="pipeline.glossary (engines branch) not merged yet"
)

SOURCE = "Travailleuses du clic malgaches ou jeunes banlieusards."


def context(project):
    (project / "glossary.yaml").write_text(GLOSSARY)
    return qa.context(Project(project))


def test_glossary_check_fires_on_an_avoided_rendering_and_is_quiet_on_the_agreed_one(project):
    found = context(project)
    check = qa.CHECKS["glossary"].function
    bad = Segment(
        id="s", source=SOURCE, target="Malagasy workers of the click or young suburbanites.", state=State.REVIEWED
    )
    messages = list(check(bad, found))
    assert messages and not any(m.startswith("glossary: ") for m in messages)
    assert any("click worker" in m for m in messages)
    assert list(check(replace(bad, target="Malagasy click workers or young suburbanites."), found)) == []


def test_glossary_keep_terms_are_do_not_translate(project):
    found = context(project)
    assert "Mensakas" in found.keep
    copy = Segment(id="s", source="Mensakas.", target="Mensakas.", state=State.REVIEWED)
    assert list(qa.CHECKS["identical"].function(copy, found)) == []


def test_report_counts_glossary_term_accuracy(project):
    (project / "glossary.yaml").write_text(GLOSSARY)
    doc = translate(project)
    summaries, _ = report.run(Project(project), [doc])
    assert summaries[0].terms_found >= 2 and summaries[0].term_accuracy == 1.0

    translate(project, lambda s: replace(s, target=s.target.replace("click workers", "workers of the click")))
    summaries, _ = report.run(Project(project), [doc])
    assert summaries[0].terms_respected == summaries[0].terms_found - 1
    assert summaries[0].qa["glossary"] == 2  # the agreed rendering missing, an avoided one used
    assert store.load(doc)
