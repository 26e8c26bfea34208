"""Translation memory: exact matches from reviewed segments and TMX files, close ones as notes."""

from dataclasses import replace

import pytest

from pipeline import engines, store
from pipeline.core.errors import PipelineError
from pipeline.core.model import Origin, Segment, State
from pipeline.core.project import Project
from pipeline.engines.base import Draft, Request
from pipeline.engines.memory import MemoryEngine, read_tmx

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="fr" datatype="plaintext"/><body>
<tu><tuv xml:lang="fr-FR"><seg>Les plateformes <bpt i="1">&lt;b&gt;</bpt>créent<ept i="1">&lt;/b&gt;</ept> des emplois.</seg></tuv>
<tuv xml:lang="en-GB"><seg>Platforms create jobs.</seg></tuv></tu>
<tu><tuv xml:lang="fr"><seg>Loin de là.</seg></tuv><tuv xml:lang="de"><seg>Weit gefehlt.</seg></tuv></tu>
<tu><tuv xml:lang="fr"><seg>Pas forcément &lt; 3.</seg></tuv><tuv xml:lang="en"><seg>Not necessarily &lt; 3.</seg></tuv></tu>
</body></tmx>
"""


def test_registry_names_every_engine():
    assert set(engines.ENGINES) == {"memory", "argos", "apertium", "apy", "llm"}
    assert engines.get("apertium").name == "apertium"
    with pytest.raises(PipelineError, match="unknown engine 'deepl'"):
        engines.get("deepl")


def test_tmx_units_read_safely(tmp_path):
    path = tmp_path / "old.tmx"
    path.write_text(TMX)
    units = read_tmx(path)
    assert [(u.source, u.target) for u in units] == [
        ("Les plateformes créent des emplois.", "Platforms create jobs."),  # inline codes are not words
        ("Pas forcément &lt; 3.", "Not necessarily &lt; 3."),  # our escaping; the German unit is skipped
    ]


@pytest.mark.parametrize(
    "text, message",
    [
        ('<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY a "aaaa">]>\n<tmx><body>&a;</body></tmx>', "refused"),
        ("<tmx><body><tu>\n</body></tmx>", r"old.tmx:2: is not well-formed XML"),
        ("<xliff/>", "is not a TMX file"),
    ],
)
def test_bad_or_hostile_tmx_is_one_sentence(tmp_path, text, message):
    path = tmp_path / "old.tmx"
    path.write_text(text)
    with pytest.raises(PipelineError, match=message):
        read_tmx(path)


def test_exact_from_reviewed_segments_fuzzy_only_as_suggestion(project, cli):
    cli("segment")
    doc = Project(project).document("invisibles")
    segments = store.load(doc)
    reviewed = replace(segments[4], target="All rights reserved.", state=State.REVIEWED)
    machine = replace(segments[5], target="Machine only", state=State.MACHINE)
    store.save(doc, [reviewed, machine, *segments[6:]])
    memory = MemoryEngine(Project(project))
    assert memory.lookup(reviewed.source).target == "All rights reserved."
    assert memory.lookup(machine.source) is None  # an unreviewed draft is not memory
    assert memory.translate([Request(Segment("x", reviewed.source), reviewed.source)]) == [
        Draft("All rights reserved.")
    ]
    score, unit = memory.suggest("Tous les droits réservés.")
    assert 0.75 <= score < 1 and unit.target == "All rights reserved."
    assert memory.suggest("Rien à voir avec la choucroute.") is None


def test_a_tmx_exported_by_pipeline_is_a_memory_with_its_tags(project, cli, tmp_path):
    cli("segment")
    doc = Project(project).document("invisibles")
    segments = store.load(doc)
    tagged = next(s for s in segments if "<em1>" in s.source)
    english = "In four episodes, the documentary series <em1>Invisibles</em1>, from this Wednesday."
    store.save(doc, [replace(s, target=english, state=State.REVIEWED) if s is tagged else s for s in segments])
    assert cli("export", "--format", "tmx", "-o", str(tmp_path / "mine.tmx")).exit_code == 0
    units = read_tmx(tmp_path / "mine.tmx")
    assert [(u.source, u.target) for u in units] == [(tagged.source, english)]
    # in another project with the same article, the memory fills the segment, tags and all
    other = tmp_path / "other"
    (other / "source").mkdir(parents=True)
    (other / "source" / "invisibles.fr.md").write_bytes(doc.source.read_bytes())
    (other / "translations" / "memory").mkdir(parents=True)
    (tmp_path / "mine.tmx").rename(other / "translations" / "memory" / "mine.tmx")
    assert cli("segment", root=other).exit_code == 0
    result = cli("translate", "--engine", "memory", root=other)
    assert "1 segments translated (1 from memory)" in result.output
    filled = [s for s in store.load(Project(other).document("invisibles")) if s.target]
    assert [(s.source, s.target, s.origin) for s in filled] == [
        (tagged.source, english, Origin("tm", "memory/mine.tmx"))
    ]
