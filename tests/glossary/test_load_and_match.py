"""The glossary: loading with file:line errors, inflection-aware matching, target checks."""

import textwrap
from pathlib import Path

import pytest
from conftest import ROOT

from pipeline import glossary
from pipeline.core.errors import PipelineError


@pytest.fixture(scope="module")
def terms():
    return glossary.load(ROOT / "glossary.yaml")


def _found(terms, text):
    return [(m.text, m.term.target, m.plural) for m in terms.find(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # singular, feminine, plural, feminine plural, at a sentence start
        ("Un travailleur du clic attend.", [("travailleur du clic", "click worker", False)]),
        ("Une travailleuse du clic attend.", [("travailleuse du clic", "click worker", False)]),
        ("Des travailleurs du clic attendent.", [("travailleurs du clic", "click worker", True)]),
        ("Travailleuses du clic, unissez-vous !", [("Travailleuses du clic", "click worker", True)]),
        # elision with either apostrophe, and a feminine the file does not spell out
        ("Elle protège la lanceuse d’alerte.", [("lanceuse d’alerte", "whistleblower", False)]),
        ("Ils protègent les lanceurs d'alerte.", [("lanceurs d'alerte", "whistleblower", True)]),
        (
            "L’intelligence artificielle et l'économie à la demande.",
            [
                ("intelligence artificielle", "artificial intelligence", False),
                ("économie à la demande", "on-demand economy", False),
            ],
        ),
        # plural of a noun with its adjective; -al → -aux
        (
            "Un réseau social, des réseaux sociaux.",
            [
                ("réseau social", "social network", False),
                ("réseaux sociaux", "social network", True),
            ],
        ),
        (
            "Une livreuse et un chauffeur VTC.",
            [
                ("livreuse", "delivery rider", False),
                ("chauffeur VTC", "ride-hailing driver", False),
            ],
        ),
        (
            "Les micro-travailleuses et une microtravailleuse.",
            [
                ("micro-travailleuses", "micro-worker", True),
                ("microtravailleuse", "micro-worker", False),
            ],
        ),
        # inclusive writing: a dotted form is the word it doubles
        (
            "Les travailleur·euse·s du clic et les livreur·ses.",
            [
                ("travailleur·euse·s du clic", "click worker", True),
                ("livreur·ses", "delivery rider", True),
            ],
        ),
        # the longest term wins; tags do not hide a term
        ("Les grandes <em1>plateformes technologiques</em1>.", [("plateformes technologiques", "tech platform", True)]),
        (
            "Un géant technologique, une petite main.",
            [
                ("géant technologique", "tech giant", False),
                ("petite main", "hidden hand", False),
            ],
        ),
        # do-not-translate names match as written, so the adjective "invisibles" is not the title
        ("Des travailleurs invisibles regardent <em1>Invisibles</em1>.", [("Invisibles", "Invisibles", False)]),
        ("Sur Peertube et YouTube.", [("Peertube", "PeerTube", False), ("YouTube", "YouTube", False)]),
    ],
)
def test_find_inflections_elision_and_case(terms, text, expected):
    assert _found(terms, text) == expected


def test_find_offsets_point_at_the_text(terms):
    text = "Selon les <em1>lanceuses</em1> d’alerte et les moteurs de recherche."
    for match in terms.find(text):
        assert text[match.start : match.end] == match.text


def test_the_article_holds_every_listed_term(terms):
    source = (ROOT / "source" / "invisibles.fr.md").read_text()
    found = {m.term.source for m in terms.find(source)}
    for term in ["travailleur du clic", "micro-travailleur", "plateforme", "petite main", "géant technologique",
                 "économie à la demande", "livreur", "chauffeur VTC", "moteur de recherche", "réseau social",
                 "lanceur d'alerte", "droit du travail", "série documentaire", "intelligence artificielle",
                 "malgache", "Invisibles", "France Télévisions", "Silicon Valley", "Mensakas", "Facebook",
                 "PeerTube", "YouTube"]:  # fmt: skip
        assert term in found, term


def test_find_target_accepts_any_form_and_a_capital_at_sentence_start(terms):
    (term,) = [t for t in terms.terms if t.source == "travailleur du clic"]
    assert terms.find_target("Click workers and a click worker.", term) == [(0, 13), (20, 32)]
    assert terms.find_target("The <em1>click</em1> workers", term) == [(9, 28)]  # formatting does not hide it
    (name,) = [t for t in terms.terms if t.source == "malgache"]
    assert terms.find_target("Malagasy workers", name) == [(0, 8)]
    assert terms.find_target("malagasy workers", name) == []  # a name keeps its capital


def test_check_flags_missing_terms_and_renderings_to_avoid(terms):
    assert terms.check("Les travailleurs du clic.", "The click workers.") == []
    assert terms.check("Les travailleurs du clic.", "") == []  # nothing to check yet
    flags = terms.check("Les travailleurs du clic et le droit du travail.", "The workers of the click and labor law.")
    assert [str(flag) for flag in flags] == [
        'glossary: "travailleurs du clic" needs "click workers"',
        'glossary: "workers of the click" is a rendering to avoid for "travailleurs du clic"; use "click workers"',
        'glossary: "droit du travail" needs "labour law"',
        'glossary: "labor law" is a rendering to avoid for "droit du travail"; use "labour law"',
    ]
    assert [str(flag) for flag in terms.check("Sur la Silicon Valley.", "On the silicon valley.")] == [
        'glossary: "Silicon Valley" must stay as it is ("Silicon Valley")'
    ]
    assert all(flag.kind == "glossary" for flag in flags)


@pytest.mark.parametrize(
    ("source", "draft", "enforced"),
    [
        ("Les travailleurs du clic.", "The workers of the click.", "The click workers."),
        ("Un travailleur du clic.", "Workers of the click, say.", "Click worker, say."),
        ("Le droit du travail.", "Labor\u00a0law.", "Labour law."),  # a no-break space
        ("Le syndicat.", "The workers\u2019 union.", "The trade union."),  # a curly apostrophe
    ],
)
def test_enforcement_replaces_exactly_what_the_check_calls_a_rendering_to_avoid(tmp_path, source, draft, enforced):
    """The translate stage's enforcement and QA's check match renderings one way."""
    terms = glossary.load(
        _write(
            tmp_path,
            """
            terms:
              - fr: travailleur du clic
                en: click worker
                avoid: [worker of the click, workers of the click]
              - fr: droit du travail
                en: labour law
                avoid: [labor law]
              - fr: syndicat
                en: trade union
                avoid: [workers' union]
            """,
        )
    )
    assert any("rendering to avoid" in flag.message for flag in terms.check(source, draft))
    assert terms.enforce(source, draft) == enforced
    assert terms.check(source, enforced) == []
    assert terms.respected(source, enforced) == (1, 1) and terms.respected(source, draft) == (0, 1)


def test_missing_file_is_an_empty_glossary(tmp_path):
    empty = glossary.load(tmp_path / "glossary.yaml")
    assert empty.terms == [] and empty.find("Les travailleurs du clic") == []
    assert empty.check("Les travailleurs du clic", "x") == []


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "glossary.yaml"
    path.write_text(textwrap.dedent(text).lstrip())
    return path


BAD = {
    "duplicate term": (
        """
        terms:
          - fr: livreur
            en: delivery rider
          - fr: livreurs
            en: couriers
        """,
        r"glossary.yaml:4: term 'livreurs' duplicates 'livreur' \(line 2\)",
    ),
    "duplicate through a generated form": (
        """
        terms:
          - fr: livreur
            feminine: true
            en: delivery rider
        keep:
          - Livreuses
        """,
        r"glossary.yaml:6: term 'Livreuses' duplicates 'livreur' \(line 2\)",
    ),
    "empty target": (
        """
        terms:
          - fr: livreur
            en: ""
        """,
        r"glossary.yaml:3: term 'livreur': 'en' is empty",
    ),
    "missing target": (
        """
        terms:
          - fr: livreur
            note: no English
        """,
        r"glossary.yaml:2: term 'livreur' has no 'en'",
    ),
    "wrong type": (
        """
        terms:
          - fr: livreur
            en: delivery rider
            avoid: 3
        """,
        r"glossary.yaml:4: term 'livreur': 'avoid' must be a list of texts, not a number",
    ),
    "wrong type of a boolean": (
        """
        terms:
          - fr: livreur
            en: delivery rider
            feminine: [livreuse]
        """,
        r"glossary.yaml:4: term 'livreur': 'feminine' must be text, not a list",
    ),
    "bad pattern": (
        """
        terms:
          - fr: livreur
            en: delivery rider
            pattern: "livr(eur|euse"
        """,
        r"glossary.yaml:4: term 'livreur': 'pattern' is not a valid regular expression",
    ),
    "unknown key": (
        """
        terms:
          - fr: livreur
            en: delivery rider
            avoids: [deliverer]
        """,
        r"glossary.yaml:4: a term: unknown key 'avoids'",
    ),
    "YAML syntax error": (
        """
        terms:
          - fr: livreur
            en: [delivery rider
          - fr: plateforme
        """,
        r"glossary.yaml:4: is not valid YAML",
    ),
    "not a mapping": ("- just a list\n", r"glossary.yaml:1: the glossary must be a mapping"),
    "no words": ("keep:\n  - Facebook\n  - '…'\n", r"glossary.yaml:3: term '…': '…' has no words to match"),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_glossary_names_file_and_line(tmp_path, case):
    text, message = BAD[case]
    with pytest.raises(PipelineError, match=message) as err:
        glossary.load(_write(tmp_path, text))
    assert "\n" not in str(err.value)


def test_pattern_finds_what_the_rules_cannot(tmp_path):
    terms = glossary.load(
        _write(
            tmp_path,
            """
            terms:
              - fr: cheval de Troie
                plural: chevaux de Troie
                en: Trojan horse
                pattern: "logiciels? espions?"
                en_forms: [spyware]
            """,
        )
    )
    assert [m.text for m in terms.find("Des chevaux de Troie et un logiciel espion.")] == [
        "chevaux de Troie",
        "logiciel espion",
    ]
