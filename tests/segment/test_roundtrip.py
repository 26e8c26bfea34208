"""Acceptance test of segmentation: segments reassemble into the source's Pandoc AST."""

import pytest
from conftest import ARTICLE, DATA

from pipeline.core.model import TagInfo
from pipeline.segment.document import assemble, normalise, segments
from pipeline.segment.pandoc import parse_markdown, read_source


@pytest.mark.parametrize("path", [ARTICLE, DATA / "rich.fr.md"], ids=["article", "rich"])
def test_segments_reassemble_into_the_source_ast(path):
    _, ast = read_source(path)
    found = segments(ast)
    texts = {s.id: s.source for s in found}
    back = assemble(ast, lambda s: texts[s.id])
    assert normalise(back) == normalise(ast)


def test_segmenting_and_assembling_leave_the_source_ast_as_it_was():
    """The walk shares the parts it does not change with its input (footnotes included)."""
    import json

    _, ast = read_source(DATA / "rich.fr.md")
    before = json.dumps(ast)
    found = segments(ast)
    back = assemble(ast, lambda s: s.source.replace("préfère", "PRÉFÈRE"))
    assert json.dumps(ast) == before
    assert any(s.where.startswith("footnote") and s.source == "Elle préfère le bureau." for s in found)
    assert "PRÉFÈRE" in _strs(back["blocks"]) and "préfère" in _strs(ast["blocks"])  # the footnote, assembled


def test_reassembly_really_uses_the_segment_texts():
    _, ast = read_source(DATA / "rich.fr.md")
    back = assemble(ast, lambda s: s.source.replace("salariés", "employés"))
    assert normalise(back) != normalise(ast)
    words = _strs(back["blocks"])
    assert "employés" in words and "salariés" not in words


def _strs(node) -> list[str]:
    if isinstance(node, dict):
        return [node["c"]] if node.get("t") == "Str" else _strs(list(node.values()))
    if isinstance(node, list):
        return [w for item in node for w in _strs(item)]
    return []


def test_ids_are_stable_and_unique():
    _, ast = read_source(ARTICLE)
    first, second = segments(ast), segments(parse_markdown(ARTICLE.read_text()))
    assert [s.id for s in first] == [s.id for s in second]
    assert len({s.id for s in first}) == len(first)


def test_an_element_cut_by_a_sentence_boundary_is_joined_again():
    ast = parse_markdown('Il dit "*Un. Deux.*" Fin.')
    found = segments(ast)
    assert [s.source for s in found] == ["Il dit <q1><em2>Un.</em2></q1>", "<q1><em2>Deux.</em2></q1>", "Fin."]
    english = {
        "Il dit <q1><em2>Un.</em2></q1>": "He says <q1><em2>One.</em2></q1>",
        "<q1><em2>Deux.</em2></q1>": "<q1><em2>Two.</em2></q1>",
        "Fin.": "End.",
    }
    back = assemble(ast, lambda s: english[s.source])
    assert normalise(back) == normalise(parse_markdown('He says "*One. Two.*" End.'))


def test_translation_may_reorder_tags_and_escape_angle_brackets():
    ast = parse_markdown("Le *chat* et le **chien** ; a < b.")
    (only,) = segments(ast)
    assert only.source == "Le <em1>chat</em1> et le <strong2>chien</strong2> ; a &lt; b."
    back = assemble(ast, lambda s: "The <strong2>dog</strong2> and the <em1>cat</em1>; a &lt; b.")
    assert normalise(back) == normalise(parse_markdown("The **dog** and the *cat*; a < b."))


def test_a_stray_tag_in_a_translation_keeps_the_text():
    ast = parse_markdown("Le *chat* dort.")
    back = assemble(ast, lambda s: "The <em7>cat</em1> sleeps.")
    assert normalise(back) == normalise(parse_markdown("The cat sleeps."))


def test_footnotes_links_and_code_survive():
    _, ast = read_source(DATA / "rich.fr.md")
    found = {s.where: s for s in segments(ast)}
    link = next(s for s in found.values() if "INSEE" in s.source)
    assert link.source.startswith("Selon l’<a1>INSEE</a1>")
    assert TagInfo("a1", "link to https://www.insee.fr/fr/accueil") in link.tags
    assert any(s.where.startswith("footnote 1") for s in found.values())
    assert any(tag.startswith("code") for s in found.values() for tag in (t.name for t in s.tags))


# Found by the property tests (tests/segment/test_properties.py).
@pytest.mark.parametrize(
    "markdown",
    [
        "Il le dit *p. ex.*\u00a0! Puis il part.",  # a cut after a no-break space lost it
        "Une ancre []{#ici} et un [](https://example.org) lien vide. Fin ~~ ~~ ici.",  # empty elements vanished
    ],
)
def test_french_spacing_and_empty_elements_survive(markdown):
    ast = parse_markdown(markdown)
    back = assemble(ast, lambda s: s.source)
    assert normalise(back) == normalise(ast)


def test_normalise_keeps_a_space_at_the_edge_of_emphasis():
    assert normalise(parse_markdown("un *mot *suivi")) == normalise(parse_markdown("un *mot* suivi"))
    assert normalise(parse_markdown("un *mot *suivi")) != normalise(parse_markdown("un *mot*suivi"))
