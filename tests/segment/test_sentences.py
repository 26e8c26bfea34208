"""French sentence boundaries, case by case."""

import pytest
from conftest import ARTICLE, DATA
from hypothesis import given
from hypothesis import strategies as st

from pipeline.segment.sentences import boundaries


def split(text):
    cuts = [0, *boundaries(text), len(text)]
    return [text[a:b].strip() for a, b in zip(cuts, cuts[1:])]


CASES = [
    ("Il est arrivé. Elle est partie.", ["Il est arrivé.", "Elle est partie."]),
    (
        "M. Dupont est venu avec Mme Durand. Ils sont partis.",
        ["M. Dupont est venu avec Mme Durand.", "Ils sont partis."],
    ),
    ("Des fruits, p. ex. des pommes, etc. Puis du pain.", ["Des fruits, p. ex. des pommes, etc.", "Puis du pain."]),
    ("Le 3 janv. 2020 il neigeait. Voir p. 12.", ["Le 3 janv. 2020 il neigeait.", "Voir p. 12."]),
    ("Les robots ? Des humains. Loin de là !", ["Les robots ?", "Des humains.", "Loin de là !"]),
    (
        "La technologie est neutre... jusqu'à ce qu'on ouvre le capot.",
        ["La technologie est neutre... jusqu'à ce qu'on ouvre le capot."],
    ),
    ("Il attendit… Rien ne vint.", ["Il attendit…", "Rien ne vint."]),
    (
        "Elle est plus vendeuse (et plus tolérable ?) que cela.",
        ["Elle est plus vendeuse (et plus tolérable ?) que cela."],
    ),
    ("« Qui est là ? » demanda-t-il. Personne.", ["« Qui est là ? » demanda-t-il.", "Personne."]),
    ("Il dit : « C’est calme ! » Puis il sourit.", ["Il dit : « C’est calme ! »", "Puis il sourit."]),
    (
        "« Une fin en soi, rappelle l’auteur. Au départ, c’est choisi », dit-il.",
        ["« Une fin en soi, rappelle l’auteur.", "Au départ, c’est choisi », dit-il."],
    ),
    ("« On se sent seul… » Sa collègue rit.", ["« On se sent seul… »", "Sa collègue rit."]),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:30] for c in CASES])
def test_french_sentences(text, expected):
    assert split(text) == expected


def test_no_text_no_boundaries():
    assert boundaries("   ") == []


# Found by the property tests (tests/segment/test_properties.py).
@pytest.mark.parametrize(
    "text,expected",
    [
        # A no-break space binds: French puts one before "!" and after "p. ex.".
        ("Il le dit, p.\u00a0ex.\u00a0! Puis il part.", ["Il le dit, p.\u00a0ex.\u00a0!", "Puis il part."]),
        # A piece without a word is no sentence: it stays with its neighbour.
        ("… Il vint. Oui.", ["… Il vint.", "Oui."]),
        ("Il vint. …", ["Il vint. …"]),
    ],
)
def test_no_cut_at_a_no_break_space_nor_before_a_piece_without_words(text, expected):
    assert split(text) == expected


def _unit_texts():
    """The plain text of every inline list of the article and of rich.fr.md."""
    from pipeline.segment import inlines
    from pipeline.segment.pandoc import read_source
    from pipeline.segment.walk import map_units

    texts = []

    def collect(units, where):
        texts.append(inlines.plain_text(inlines.flatten(units, inlines.Elements())))
        return units

    for path in (ARTICLE, DATA / "rich.fr.md"):
        map_units(read_source(path)[1], collect)
    return texts + [text for text, _ in CASES]


def test_sentence_starts_are_the_ones_pysbd_spans_give():
    """We locate pySBD's sentences ourselves (its char_span compiles a regex per sentence)."""
    import pysbd

    from pipeline.segment import sentences

    sentences.warm_up()
    reference = pysbd.Segmenter(language="fr-pipeline", clean=False, char_span=True)
    texts = [t for t in _unit_texts() if t.strip()]
    assert len(texts) > 40
    for text in texts:
        assert sentences._starts(text) == [span.start for span in reference.segment(text)], text


def _stock_replacement(text):
    """pySBD's own abbreviation pass, with our language's lists."""
    from pysbd.lang.french import French

    from pipeline.segment import sentences

    language = sentences._segmenter().language_module
    return French.AbbreviationReplacer(text, language).replace()


def _our_replacement(text):
    from pipeline.segment import sentences

    language = sentences._segmenter().language_module
    return language.AbbreviationReplacer(text, language).replace()


# Words that start like an abbreviation, abbreviations in any case, with and without their
# period, dotted ones, and the characters pySBD's expressions treat specially.
_ABBREVIATION_WORDS = [
    "p.", "P.", "p", "pour", "plateforme", "M.", "m.", "MM.", "Mme.", "mme", "me.", "Me", "St.", "st.",
    "est.", "c'est.", "etc.", "ETC.", "etc", "ex.", "p. ex.", "p.ex.", "vol.", "Vol.", "n°", "n°.", "no.",
    "nos.", "fig.", "éd.", "Éd.", "tél.", "c.-à-d.", "c.-à-d", "s.a.i.", "s.a.", "n.d.l.r.", "i.e.", "e.g.",
    "a.m.", "p.s.", "ll.mm.", "janv.", "déc.", "n/réf.", "Dr.", "dr", "mlle.", "Ste.", "ſt.", "İd.",
    "{p}", "{p} Il", "{etc} Il", "12", "3.", "(voir", "?", ":", "-", ",", "Il", "Elle", "I", "a", "de", "la",
]  # fmt: skip


@given(
    st.lists(
        st.tuples(st.sampled_from(_ABBREVIATION_WORDS), st.sampled_from([" ", " ", " ", "\n", "  ", "\u00a0", ""])),
        max_size=40,
    )
)
def test_our_abbreviation_pass_gives_what_pysbds_gives(words):
    text = "".join(word + space for word, space in words)
    assert _our_replacement(text) == _stock_replacement(text)


def test_our_abbreviation_pass_gives_what_pysbds_gives_on_real_text():
    # pySBD skips an abbreviation's period when it finds "{abbr} " before a capital letter.
    texts = [t for t in _unit_texts() if t.strip()] + ["Des pommes, etc. et du pain {etc} Il vient."]
    assert any(_stock_replacement(t) != t for t in texts)  # the pass does change some
    for text in texts:
        assert _our_replacement(text) == _stock_replacement(text), text
