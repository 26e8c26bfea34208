"""Each QA check fires on a crafted bad segment and stays quiet on a good one."""

import pytest

from pipeline import qa
from pipeline.core.model import Origin, Segment, State, TagInfo
from pipeline.qa.base import Context

EN = TagInfo.described("span2", "text in lang=en: keep it as it is")


def seg(source, target, tags=(), **fields):
    return Segment(id="s1", source=source, target=target, state=State.REVIEWED, tags=tuple(tags), **fields)


# check name, bad segment, expected words in the message, good segment
CASES = [
    ("missing", seg("Loin de là.", ""), "no translation", seg("Loin de là.", "Far from it.")),
    ("missing", seg("Loin de là.", "  "), "blank", seg("Loin de là.", "Far from it.")),
    (
        "identical",
        seg("Tous droits réservés.", "Tous droits réservés."),
        "copy",
        seg("© 2020 Geraldine Russell.", "© 2020 Geraldine Russell."),
    ),
    (
        "identical",
        seg("Découvrir la série", "Découvrir la série"),
        "copy",
        seg("<span2>Fake it until you make it</span2>", "<span2>Fake it until you make it</span2>", [EN]),
    ),
    (
        "french",
        seg("Des humains qui pédalent derrière un écran de fumée.", "Humans pedalling derrière un écran de fumée."),
        "derrière un écran de fumée",
        seg("Des humains qui pédalent derrière un écran de fumée.", "Humans pedalling behind a smokescreen."),
    ),
    (
        "french",  # an English phrase inside lang=en is not French, and names are names
        seg("Le logo de France Télévisions.", "Le logo de la France Télévisions."),
        "logo de la",
        seg(
            "Sauf que <span2>you make it</span2> jamais, dit France Télévisions.",
            "Except that <span2>you make it</span2> never comes, says France Télévisions.",
            [EN],
        ),
    ),
    (
        "french",  # words an engine passed through; cognates ("machines") and names are not reported
        seg(
            "Certaines entreprises technologiques se révèlent des machines à broyer, dit Henri Poulain.",
            "Some tech companies turn out to be machines to broyer, says Henri Poulain.",
        ),
        "left in French: 'broyer'",
        seg(
            "Certaines entreprises technologiques se révèlent des machines à broyer, dit Henri Poulain.",
            "Some tech companies turn out to be grinding machines, says Henri Poulain.",
        ),
    ),
    (
        "numbers",
        seg("Le 12 février 2020.", "On 12 March 2020."),
        "12 February 2020",
        seg("Le 12 février 2020.", "On 12 February 2020."),
    ),
    (
        "numbers",
        seg("Sortie le 12/02.", "Out on 2 December."),
        "12 February",
        seg("Sortie le 12/02.", "Out on 12 February."),
    ),
    (
        "numbers",
        seg("Il coûte 3,50 €.", "It costs 3,50 €."),
        "decimal comma",
        seg("Il coûte 3,50 €.", "It costs €3.50."),
    ),
    ("numbers", seg("Une hausse de 0,5 %.", "A rise of 5%."), "0,5 %", seg("Une hausse de 0,5 %.", "A rise of 0.5%.")),
    (
        "numbers",
        seg("À 14 h 30, 1 000 personnes.", "At 2.30 pm, 100 people."),
        "1 000",
        seg("À 14 h 30, 1 000 personnes.", "At 2.30 pm, 1,000 people."),
    ),
    ("numbers", seg("En 4 épisodes.", "In 5 episodes."), "'4'", seg("En 4 épisodes.", "In four episodes.")),
    (
        "numbers",
        seg("Dans les années 1990, le 1er épisode.", "In the 1980s, the first episode."),
        "1990",
        seg("Dans les années 1990, le 1er épisode.", "In the 1990s, the first episode."),
    ),
    (
        "tags",
        seg("Le <em1>chat</em1> et le <a2>site</a2><fn3/>.", "The <em1>cat</em1> and the site<fn3/>."),
        "<a2>",
        seg("Le <em1>chat</em1> et le <a2>site</a2><fn3/>.", "The <a2>website</a2> and the <em1>cat</em1><fn3/>."),
    ),
    (
        "tags",
        seg("Le <em1>chat</em1>.", "The <em1>cat."),
        "never closed",
        seg("Le <em1>chat</em1>.", "The <em1>cat</em1>."),
    ),
    (
        "keep",
        seg("C’est <span2>Fake it until you make it</span2>.", "It is <span2>Fake it until you succeed</span2>.", [EN]),
        "must stay",
        seg("C’est <span2>Fake it until you make it</span2>.", "It is <span2>Fake it until you make it</span2>.", [EN]),
    ),
    (
        "brackets",
        seg("Plus vendeuse (et tolérable ?) que tout.", "Sells better (and acceptable? than all."),
        "(…)",
        seg("Plus vendeuse (et tolérable ?) que tout.", "Sells better (and acceptable?) than all."),
    ),
    ("punctuation", seg("Les robots ?", "Robots."), "question mark", seg("Les robots ?", "Robots?")),
    (
        "punctuation",
        seg("La technologie est neutre…", "Technology is neutral"),
        "ellipsis",
        seg("La technologie est neutre...", "Technology is neutral…"),
    ),
    ("spaces", seg("Loin de là.", "Far  from it."), "two spaces", seg("Loin de là.", "Far from it.")),
    ("typography", seg("Les robots ?", "Robots ?"), "no space before '?'", seg("Les robots ?", "Robots?")),
    (
        "typography",
        seg("Une « caméra ».", "A « camera »."),
        "French quotation marks",
        seg("Une « caméra ».", "A “camera”."),
    ),
    (
        "typography",
        seg("C’est l’idée.", "That's the idea."),
        "straight apostrophe",
        seg("C’est l’idée.", "That’s the idea."),
    ),
    (
        "length",
        seg("Une partie du problème réside dans la nécessité de grossir vite.", "Part."),
        "missing",
        seg(
            "Une partie du problème réside dans la nécessité de grossir vite.",
            "Part of the problem lies in the need to grow fast.",
        ),
    ),
    (
        "foreign",  # the pivot's Spanish; names of the source and English words are not reported
        seg(
            "Ce n'est pas un hasard, dit Poulain.",
            "It is not a casualidad, says Poulain.",
            origin=Origin.parse("apertium 3.8"),
        ),
        "Spanish word 'casualidad' (left by the fr→es→en pivot)",
        seg(
            "Ce n'est pas un hasard, dit Poulain.",
            "It is no coincidence, says Poulain.",
            origin=Origin.parse("apertium 3.8"),
        ),
    ),
    (
        "source-changed",
        Segment(
            id="s1", source="Bien loin de là.", target="Far from it.", state=State.NEEDS_REVIEW, previous="Loin de là."
        ),
        "Loin de là.",
        seg("Bien loin de là.", "Very far from it."),
    ),
]


@pytest.mark.parametrize(("name", "bad", "expected", "good"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_check_fires_on_bad_and_is_quiet_on_good(name, bad, expected, good):
    check = qa.CHECKS[name].function
    messages = list(check(bad, Context()))
    assert messages and any(expected in m for m in messages), messages
    assert list(check(good, Context())) == []


def test_every_check_has_a_title_and_a_case():
    assert {c[0] for c in CASES} | {"glossary"} == set(qa.CHECKS)
    for check in qa.CHECKS.values():
        assert check.title and check.title[0].isupper() and len(check.title) < 50, check.name


def test_do_not_translate_terms_are_not_copies_or_french():
    context = Context(keep=("Mensakas", "Fake it until you make it"))
    copy = seg("Mensakas, Fake it until you make it", "Mensakas, Fake it until you make it")
    assert list(qa.CHECKS["identical"].function(copy, context)) == []
    assert list(qa.CHECKS["french"].function(copy, context)) == []


def test_only_missing_runs_on_untranslated_segments():
    issues = qa.check([Segment(id="a", source="Les robots ?")], Context())
    assert [(i.check, i.severity) for i in issues] == [("missing", "error")]
