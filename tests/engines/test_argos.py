"""The Argos engine on a tiny real model: batching, inline tags, glossary terms forced in.

The model's weights are random, so its English is gibberish; what is checked is what
does not depend on its quality: outputs in order whatever the batching, every tag back
and well nested, required terms present.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import tiny_argos  # tests/engines/ is on sys.path

from pipeline.core.errors import PipelineError
from pipeline.core.model import Segment
from pipeline.engines import packages, retag
from pipeline.engines.argos import ArgosEngine, Hypothesis, _Job, _rerank
from pipeline.engines.base import Request, Required
from pipeline.segment.document import assemble, segments
from pipeline.segment.pandoc import read_source, write_ast

ROOT = Path(__file__).resolve().parents[2]
SHORT = 24  # output pieces: the random model never stops by itself, so keep it short


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> packages.ModelPackage:
    folder = tmp_path_factory.mktemp("argos-engine")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ARGOS_PACKAGES_DIR", str(folder / "packages"))
        return packages.install_file(tiny_argos.build_package(folder))


@pytest.fixture(scope="module")
def engine(installed) -> ArgosEngine:
    return ArgosEngine(installed, max_batch_size=4, max_length=SHORT)


def request(text: str, *required: Required) -> Request:
    return Request(Segment(id=str(abs(hash(text))), source=text), text, tuple(required))


def tags(text: str) -> list[str]:
    return sorted(m.group() for m in re.finditer(r"</?[a-z]+\d+/?>", text))


def well_nested(text: str) -> bool:
    stack = []
    for closing, name, selfclosing in re.findall(r"<(/?)([a-z]+\d+)(/?)>", text):
        if selfclosing:
            continue
        if closing:
            if not stack or stack.pop() != name:
                return False
        else:
            stack.append(name)
    return not stack


def test_found_through_the_packages_folder(installed, monkeypatch):
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(installed.path.parent))
    engine = ArgosEngine()
    assert engine.available()
    assert re.fullmatch(r"argos translate-fr_en 1\.0 \(ctranslate2 4\.\d+\.\d+\)", str(engine.origin()))


def test_unavailable_without_a_model(tmp_path, monkeypatch):
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "empty"))
    engine = ArgosEngine()
    assert not engine.available()
    assert "pipeline model install --from-index fr en" in engine.how_to_install()


def test_the_device_and_compute_type_are_argostranslates(installed, engine, monkeypatch):
    """ARGOS_DEVICE_TYPE and ARGOS_COMPUTE_TYPE, as argostranslate reads them: what a CPU
    can show of it (auto runs here on the CPU; int8 is another precision, and says so)."""
    sentences = [request("Les travailleurs du clic sont invisibles."), request("Qui ?")]
    on_cpu = [d.text for d in engine.translate(sentences)]
    monkeypatch.setenv("ARGOS_DEVICE_TYPE", "auto")
    auto = ArgosEngine(installed, max_batch_size=4, max_length=SHORT)
    assert [d.text for d in auto.translate(sentences)] == on_cpu and auto._translator.device == "cpu"
    assert not str(auto.origin()).endswith("cpu auto)")  # the default device: nothing to say
    monkeypatch.setenv("ARGOS_COMPUTE_TYPE", "int8")
    int8 = ArgosEngine(installed, max_batch_size=4, max_length=SHORT)
    assert all(d.text for d in int8.translate(sentences))
    assert int8._translator.compute_type.startswith("int8")
    assert str(int8.origin()).endswith(", cpu int8)")


@pytest.mark.parametrize(
    "device, compute_type, said",
    [
        ("gpu", "auto", "ARGOS_DEVICE_TYPE is 'gpu': use one of cpu, cuda, auto"),
        ("cuda", "auto", "ARGOS_DEVICE_TYPE is cuda, but CTranslate2 finds no CUDA GPU here: use cpu or auto"),
        ("cpu", "float17", "ARGOS_COMPUTE_TYPE is 'float17', which CTranslate2 does not run on cpu here (it runs: "),
    ],
)
def test_a_device_this_machine_cannot_use_is_one_sentence(installed, monkeypatch, device, compute_type, said):
    import ctranslate2

    if device == "cuda" and ctranslate2.get_cuda_device_count():
        pytest.skip("this machine has a CUDA GPU")  # CI's machines have none
    monkeypatch.setenv("ARGOS_DEVICE_TYPE", device)
    monkeypatch.setenv("ARGOS_COMPUTE_TYPE", compute_type)
    with pytest.raises(PipelineError) as raised:
        ArgosEngine(installed).translate([request("Qui ?")])
    assert str(raised.value).startswith(said)


def test_batches_come_back_in_order(engine):
    texts = [
        "Bonjour.",
        "Les travailleurs du clic sont invisibles.",
        "En quatre épisodes, la série documentaire explore les coulisses des grandes plateformes.",
        "Qui ?",
        "Les livreurs et les chauffeurs VTC travaillent pour les géants technologiques.",
        "",
        "Derrière la vitrine alléchante, certaines entreprises se révèlent des machines à broyer.",
        "Merci.",
        "Le droit du travail protège-t-il les micro-travailleurs malgaches ?",
        "Fin de la série.",
    ]
    requests = [request(t) for t in texts]
    together = [d.text for d in engine.translate(requests)]  # 9 sentences, sub-batches of 4: three batches
    alone = [engine.translate([r])[0].text for r in requests]
    assert together == alone
    assert together[5] == ""
    assert all(out for i, out in enumerate(together) if i != 5)
    assert len(set(together)) == len(texts)


def test_every_tag_comes_back_well_nested_and_the_editions_build(engine):
    for path in (ROOT / "source" / "invisibles.fr.md", ROOT / "tests" / "data" / "rich.fr.md"):
        _, ast = read_source(path)
        segs = segments(ast)
        drafts = dict(
            zip(
                (s.id for s in segs), (d.text for d in engine.translate([request(s.source) for s in segs])), strict=True
            )
        )
        for seg in segs:
            assert tags(drafts[seg.id]) == tags(seg.source), (seg.source, drafts[seg.id])
            assert well_nested(drafts[seg.id]), drafts[seg.id]
        english = assemble(ast, lambda s, drafts=drafts: drafts[s.id])
        assert "<html" in write_ast(english, "html", ["--standalone", "--metadata=title:t"])


def test_a_glossary_term_is_forced_in(engine):
    text = "Les plateformes cachent les petites mains des géants technologiques."
    terms = (
        Required("géants technologiques", ("tech giants",), avoid=("technological giants",)),
        Required("petites mains", ("hidden hands", "small hands")),
    )
    (plain,) = [d.text for d in engine.translate([request(text)])]
    assert "tech giants" not in plain and "hidden hands" not in plain  # gibberish by itself
    (forced,) = [d.text for d in engine.translate([request(text, *terms)])]
    assert "tech giants" in forced.lower() and "hidden hands" in forced.lower()  # capitalised if it comes first


def test_a_term_that_starts_the_sentence_starts_the_translation(engine):
    text = "<em1>Micro-travailleurs</em1> et livreurs partagent le même sort."
    (out,) = [d.text for d in engine.translate([request(text, Required("Micro-travailleurs", ("micro-workers",)))])]
    assert re.sub(r"</?em1>", "", out).startswith("Micro-workers ")
    assert tags(out) == ["</em1>", "<em1>"]


def test_forced_and_free_sentences_share_a_batch(engine):
    free = [request(f"Phrase numéro {n} sans terme.") for n in range(5)]
    bound = request(
        "Les moteurs de recherche et les réseaux sociaux.", Required("moteurs de recherche", ("search engines",))
    )
    out = [d.text for d in engine.translate([*free[:2], bound, *free[2:]])]
    assert "search engines" in out[2].lower()
    assert out[:2] + out[3:] == [d.text for d in engine.translate(free)]


def test_reranking_prefers_a_hypothesis_with_the_term():
    tagged = retag.untag("Les géants technologiques.")
    job = _Job(
        request(
            "Les géants technologiques.", Required("géants technologiques", ("tech giants",), ("technological giants",))
        ),
        tagged,
        ["▁Les"],
        [0],
    )
    hyps = [
        Hypothesis(("The", "technological", "giants."), -0.1),
        Hypothesis(("The", "tech", "giants", "of", "it."), -0.9),
        Hypothesis(("Tech", "giants."), -0.5),
    ]
    assert _rerank(job, hyps).score == -0.5  # has the term; the better-scored one has the avoided form
    job.request = request("Les géants technologiques.")
    assert _rerank(job, hyps).score == -0.1  # no term required: the model's best


@pytest.mark.parametrize(
    ("english", "form", "keep", "holds"),
    [
        ("The malagasy click workers.", "Malagasy", False, False),  # a name only as written
        ("The Malagasy click workers.", "Malagasy", False, True),
        ("For workers’ rights.", "workers' rights", False, True),  # any apostrophe
        ("For workers' rights.", "workers’ rights", False, True),
        ("The click workers.", "click workers", False, True),  # a no-break space
        ("Click workers.", "click workers", False, True),  # a sentence start
        ("The mensakas collective.", "Mensakas", True, False),
        ("The Mensakas collective.", "Mensakas", True, True),
    ],
)
def test_the_reranker_and_the_glossary_check_agree_on_what_holds_a_term(english, form, keep, holds, tmp_path):
    """Both ask one matcher: the re-ranker never prefers a hypothesis that QA then flags."""
    from pipeline import glossary

    path = tmp_path / "glossary.yaml"
    path.write_text(f"keep:\n  - {form}\n" if keep else f"terms:\n  - fr: mot\n    en: {form}\n    plural: false\n")
    terms = glossary.load(path)
    (term,) = terms.terms
    glossary_says = bool(terms.find_target(english, term))
    job = _Job(request("x", Required("x", term.target_forms, keep=keep)), retag.untag("x"), ["\u2581x"], [0])
    with_term = Hypothesis(tuple(english.split(" ")), -0.9)
    without = Hypothesis(("Nothing", "here."), -0.1)
    assert (_rerank(job, [without, with_term]) is with_term) == glossary_says
    assert glossary_says == holds


class TestRetag:
    @pytest.mark.parametrize(
        "text",
        [
            "Le <em1>chat</em1> et le <a2>site</a2><fn3/>.",
            "Voir le <code1/> pour les détails.",
            "<em1>Invisibles</em1>, la <a2>série <em3>documentaire</em3></a2> « <q4>clic</q4> »<fn5/>",
            "a &lt;b&gt; &amp;lt; <strong1>c</strong1>",
        ],
    )
    def test_identity_alignment_gives_the_source_back(self, text):
        tagged = retag.untag(text)
        words = tagged.words
        assert retag.restore(tagged, words, list(range(len(words)))) == text

    def test_reordered_words_keep_every_tag_well_nested(self):
        text = "<em1>Invisibles</em1>, la <a2>série <em3>documentaire</em3></a2> « <q4>clic</q4> »<fn5/>"
        tagged = retag.untag(text)
        words = tagged.words[::-1]
        out = retag.restore(tagged, words, list(range(len(words)))[::-1])
        assert tags(out) == tags(text) and well_nested(out)
        assert "<em3>documentaire</em3>" in out and "<q4>clic</q4>" in out

    def test_a_stray_alignment_does_not_stretch_a_tag(self):
        tagged = retag.untag("Le <em1>chat noir</em1> dort sur le tapis.")
        words = ["The", "black", "cat", "sleeps", "on", "the", "mat."]
        out = retag.restore(tagged, words, [0, 2, 1, 3, 4, 5, 1])  # "mat." wrongly attends to "chat"
        assert out == "The <em1>black cat</em1> sleeps on the mat."

    def test_unaligned_words_fall_back_to_the_same_place(self):
        tagged = retag.untag("Un deux <em1>trois</em1> quatre")
        out = retag.restore(tagged, ["one", "two", "three", "four"], [None] * 4)
        assert out == "one two <em1>three</em1> four"
