"""Typography per language, on sample strings and on Pandoc's Quoted elements."""

import pytest

from pipeline.editions import typography
from pipeline.editions.typography import en, fr
from pipeline.segment.pandoc import parse_markdown

NBSP, NNBSP = "\u00a0", "\u202f"

FRENCH = [
    ("Quoi ? Non !", f"Quoi{NNBSP}? Non{NNBSP}!"),
    ("Quoi? Non!", f"Quoi{NNBSP}? Non{NNBSP}!"),
    ("Pourquoi ?!", f"Pourquoi{NNBSP}?!"),
    ("d'abord ; ensuite", f"d’abord{NNBSP}; ensuite"),
    ("une caméra : c'est", f"une caméra{NBSP}: c’est"),
    ("une caméra: c'est", f"une caméra{NBSP}: c’est"),
    ("à 12:30, voir https://x.fr", "à 12:30, voir https://x.fr"),
    ("des emplois... non-salariés", "des emplois… non-salariés"),
    ("simplicité - flexibilité - certaines", "simplicité – flexibilité – certaines"),
    ('il dit "oui" puis', f"il dit «{NBSP}oui{NBSP}» puis"),
    ("« Bonjour »", f"«{NBSP}Bonjour{NBSP}»"),
    ("«Bonjour»", f"«{NBSP}Bonjour{NBSP}»"),
    ("co-écrite", "co-écrite"),
    ("l'État", "l’État"),
]

ENGLISH = [
    ("What ? No !", "What? No!"),
    (f"What{NNBSP}? Yes{NBSP}:", "What? Yes:"),
    ("first ; then", "first; then"),
    ("a , b .", "a, b."),
    ('he said "yes" then', "he said “yes” then"),
    ("he said 'yes' then", "he said ‘yes’ then"),
    ("don't, it's", "don’t, it’s"),
    (f"«{NBSP}Hello{NBSP}»", "“Hello”"),
    ("simplicity - flexibility - some", "simplicity – flexibility – some"),
    ("wait...", "wait…"),
    ("at 12:30 on https://x.org", "at 12:30 on https://x.org"),
    ("co-written", "co-written"),
    # Dialogue: the reply's dash stays, without the French space; an incise changes nothing.
    ("— Yes, he said, I am coming.", "—Yes, he said, I am coming."),
    (f"—{NBSP}Yes.", "—Yes."),
    (f"«{NBSP}— Yes, he said.{NBSP}»", "“—Yes, he said.”"),
    ("he said. — No.", "he said. – No."),
]


@pytest.mark.parametrize(("text", "expected"), FRENCH)
def test_french(text, expected):
    assert fr.text(text) == expected


@pytest.mark.parametrize(("text", "expected"), ENGLISH)
def test_english(text, expected):
    assert en.text(text) == expected


def _render(markdown: str, lang: str) -> str:
    (para,) = parse_markdown(markdown)["blocks"]
    inlines = typography.apply_inlines(para["c"], lang)
    return "".join(x["c"] if x["t"] == "Str" else " " if x["t"] == "Space" else "<e>" for x in inlines)


QUOTED = [
    ('Il dit "*oui*", puis part.', "fr", f"Il dit «{NBSP}<e>{NBSP}», puis part."),
    ('Il dit "oui" et "non".', "fr", f"Il dit «{NBSP}oui{NBSP}» et «{NBSP}non{NBSP}»."),
    ("Il dit \"c'est 'la fin'\".", "fr", f"Il dit «{NBSP}c’est “la fin”{NBSP}»."),
    ('He said "*yes*", then left.', "en-GB", "He said “<e>”, then left."),
    ("He said \"it's 'over'\".", "en-GB", "He said “it’s ‘over’”."),
    ("Un mot : *Invisibles* ?", "fr", f"Un mot{NBSP}: <e>{NNBSP}?"),
    ("A word : *Invisibles* ?", "en-GB", "A word: <e>?"),
    # A mark at the edge of the next element is set by that element, not doubled here
    # (the parallel edition wraps each sentence in a span: "oui. «<span>« Non »").
    ("Il a dit oui. [« Non » fut la réponse.]{.s}", "fr", "Il a dit oui. <e>"),
    ('Il a dit oui. ["Non" fut la réponse.]{.s}', "fr", "Il a dit oui. <e>"),
    ('He said yes. ["No" was the answer.]{.s}', "en-GB", "He said yes. <e>"),
]


@pytest.mark.parametrize(("markdown", "lang", "expected"), QUOTED)
def test_quoted_elements_take_the_marks_of_their_language(markdown, lang, expected):
    assert _render(markdown, lang) == expected


def test_a_lang_span_inside_french_gets_english_rules():
    (para,) = parse_markdown("Il cite [Fake it ?]{lang=en} ici ?")["blocks"]
    out = typography.apply_inlines(para["c"], "fr")
    span = next(x for x in out if x["t"] == "Span")
    assert [x.get("c") for x in span["c"][1]][-1] == "it?"
    assert out[-1] == {"t": "Str", "c": f"ici{NNBSP}?"}


def test_sentence_spans_keep_one_set_of_guillemets():
    (para,) = parse_markdown("Il a dit oui. [« Non » fut la réponse.]{.s}")["blocks"]
    span = next(x for x in typography.apply_inlines(para["c"], "fr") if x["t"] == "Span")
    assert span["c"][1][0] == {"t": "Str", "c": f"«{NBSP}Non{NBSP}»"}


def test_a_reply_in_a_sentence_span_loses_the_french_space_after_its_dash():
    """The parallel edition wraps each sentence in a span: the reply's dash opens the span."""
    (para,) = parse_markdown("[— Oui, dit-il.]{.s} [Il part.]{.s}")["blocks"]
    en_spans = [x for x in typography.apply_inlines(para["c"], "en-GB") if x["t"] == "Span"]
    assert en_spans[0]["c"][1][0] == {"t": "Str", "c": "—Oui,"}
    fr_spans = [x for x in typography.apply_inlines(para["c"], "fr") if x["t"] == "Span"]
    assert fr_spans[0]["c"][1][:2] == [{"t": "Str", "c": "—"}, {"t": "Space"}]  # French keeps its space
