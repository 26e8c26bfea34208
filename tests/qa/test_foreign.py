"""The `foreign` check on real Apertium drafts: the pivot's Spanish and Basque are found, once
each, with the reason; names, glossary terms, English spans and good English are not."""

import json
import shutil

from conftest import DATA
from reference import translate

from pipeline import qa
from pipeline.core.model import Origin, Segment, State, TagInfo
from pipeline.qa.base import Context

EN = TagInfo.described("span1", "text in lang=en: keep it as it is")
LEFT = {  # what Apertium's fr→es→en pivot leaves of tests/data/pivot.fr.md
    "casualidad": "Spanish",
    "tinieblas": "Spanish",
    "Génova": "Spanish",
    "Pascua": "Spanish",
    "obligadamente": "Spanish",
    "remunerado": "Spanish",
    "arrantzale": "Basque",
    "akerra": "Basque",
}


def _pivot_project(tmp_path, cli):
    (tmp_path / "p" / "source").mkdir(parents=True)
    shutil.copy(DATA / "pivot.fr.md", tmp_path / "p" / "source")
    shutil.copy(DATA / "pivot.glossary.yaml", tmp_path / "p" / "glossary.yaml")
    root = tmp_path / "p"
    assert cli("segment", root=root).exit_code == 0
    assert cli("translate", "--engine", "apertium", root=root).exit_code == 0
    return root


def _issues(cli, root, check):
    report = json.loads(cli("qa", "--format", "json", root=root).output)
    return [i for doc in report["documents"] for i in doc["issues"] if i["check"] == check]


def test_the_pivots_spanish_and_basque_are_reported_once_each_with_the_reason(tmp_path, cli):
    root = _pivot_project(tmp_path, cli)
    issues = _issues(cli, root, "foreign")
    found = {}
    for issue in issues:
        language, _, rest = issue["message"].partition(" word ")
        word = rest.split("'")[1]
        found[word] = language
        assert "(left by the fr→es→en pivot" in rest
    assert found == LEFT
    per_segment = [(i["segment"], i["message"]) for i in issues]
    assert len(per_segment) == len(set(per_segment))  # once per word per segment
    # "arrantzale" is left in two sentences: one report in each
    assert sum("'arrantzale'" in i["message"] for i in issues) == 2
    # French words the first stage did not know are the `french` check's, not reported twice
    french = {i["message"] for i in _issues(cli, root, "french")}
    assert {"left in French: 'capot'", "left in French: 'chandelle'", "left in French: 'œufs'"} <= french
    assert not any("capot" in i["message"] for i in issues)


def test_names_glossary_english_spans_and_english_are_not_foreign():
    check = qa.CHECKS["foreign"].function
    good = [
        # a name kept from the source, even one Spanish or French knows
        Segment(id="a", source="Pablo Casualidad est venu.", target="Pablo Casualidad came.", state=State.REVIEWED),
        # an English span, and a number
        Segment(
            id="b",
            source="Il dit <span1>hasta luego</span1> 3 fois.",
            target="He says <span1>hasta luego</span1> 3 times.",
            tags=(EN,),
        ),
        # ordinary English, capitalised at the start of a sentence
        Segment(
            id="c",
            source="La nuit tombait sur le port.",
            target="Night was falling on the harbour.",
            origin=Origin.parse("apertium"),
        ),
        # French copied from the source as it is written there (elided), and an acronym
        Segment(
            id="e",
            source="« Qu’elles s’attachent », dit l’AFP.",
            target="EN: “Qu’elles s’attachent”, says the AFP.",
        ),
    ]
    for segment in good:
        assert list(check(segment, Context())) == [], segment.target
    keep = Segment(id="d", source="Les gens de Mondragón.", target="The people of Mondragón.")
    assert list(check(keep, Context(keep=("Mondragón",)))) == []


def test_no_false_alarms_on_the_article(project, cli):
    # the reference translation: nothing is foreign
    translate(project)
    assert _issues(cli, project, "foreign") == []
    # Apertium's drafts: only the three Spanish words its second stage really left
    shutil.rmtree(project / "translations")
    assert cli("segment").exit_code == 0
    assert cli("translate", "--engine", "apertium").exit_code == 0
    words = sorted(i["message"].split("'")[1] for i in _issues(cli, project, "foreign"))
    assert words == ["obligatoriamente", "reglamentadas", "remunerado"]


def test_the_lexicon_tells_the_languages_apart():
    from pipeline.core import lexicon

    words = "casualidad Génova arrantzale akerra capot d'œufs the Fisherman's Easter de tieed".split()
    assert lexicon.foreign(words) == {
        "casualidad": "Spanish",
        "Génova": "Spanish",
        "arrantzale": "Basque",  # in Apertium's Spanish dictionary, and Basque
        "akerra": "Basque",
        "capot": "French",
        "d'œufs": "French",  # Hunspell answers "d" and "œufs" apart: the next answer stays in step
        "de": "Spanish",  # wbritish has "DE", not "de"
    }
    assert lexicon.language("the") == "English" and lexicon.language("tieed") is None
