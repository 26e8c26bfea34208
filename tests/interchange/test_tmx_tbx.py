"""TMX and TBX exports read by translate-toolkit; pofilter on the PO store."""

import subprocess
import sys
from dataclasses import replace

from reference import GLOSSARY, mixed, translate
from translate.storage import tbx as tttbx
from translate.storage import tmx as tttmx

from pipeline import store


def test_tmx_holds_the_reviewed_pairs_only(project, cli):
    doc = translate(project, mixed)
    reviewed = [s for s in store.active(store.load(doc)) if s.state.accepted]
    assert 0 < len(reviewed) < len(store.active(store.load(doc)))
    assert cli("export", "--format", "tmx").exit_code == 0
    memory = tttmx.tmxfile.parsefile(str(project / "dist" / "invisibles.fr-en-GB.tmx"))
    assert [(u.source, u.target) for u in memory.units] == [(s.source, s.target) for s in reviewed]
    languages = [
        tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in memory.units[0].xmlelement.findall("tuv")
    ]
    assert languages == ["fr", "en-GB"]


def test_tmx_codes_pair_up(project, cli):
    translate(project)
    cli("export", "--format", "tmx", "-o", str(project / "memory.tmx"))
    text = (project / "memory.tmx").read_text()
    assert '<bpt i="1" x="1" type="italic">&lt;em1&gt;</bpt>Invisibles<ept i="1">&lt;/em1&gt;</ept>' in text


def test_tbx_holds_every_glossary_term(project, cli):
    (project / "glossary.yaml").write_text(GLOSSARY)
    result = cli("export", "--format", "tbx")
    assert result.exit_code == 0 and "glossary.tbx" in result.output
    terms = tttbx.tbxfile.parsefile(str(project / "dist" / "glossary.tbx"))
    pairs = [(u.source, u.target) for u in terms.units]
    assert pairs[:2] == [
        ("travailleur du clic", "click worker"),
        ("intelligence artificielle", "artificial intelligence"),
    ]
    assert ("Invisibles", "Invisibles") in pairs and ("Silicon Valley", "Silicon Valley") in pairs
    text = (project / "dist" / "glossary.tbx").read_text()
    assert '<term>workers of the click</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts' in text
    assert '<term>AI</term><termNote type="administrativeStatus">admittedTerm-admn-sts' in text


# pofilter (translate-toolkit) checks the PO store as it would any PO file. Its generic
# checks misread a French→English pair: French puts a space before ? ! ; : (endpunc,
# puncspacing), dates are converted ("12/02" → "12 February": numbers), names and
# copyright lines stay as they are (unchanged), and glossary terms replace acronyms
# ("chauffeurs VTC" → "ride-hailing drivers": acronyms). Our own checks cover those.
POFILTER_EXCLUDED = ["endpunc", "puncspacing", "numbers", "unchanged", "acronyms"]


def pofilter(po, out):
    command = [sys.executable, "-m", "translate.filters.pofilter", "--nofuzzy", "--progress=none", "--language=en"]
    command += [arg for name in POFILTER_EXCLUDED for arg in ("--excludefilter", name)]
    subprocess.run([*command, str(po), str(out)], check=True, capture_output=True, text=True)
    if not out.exists():  # pofilter writes nothing when no unit fails
        return []
    return [line for line in out.read_text(encoding="utf-8").splitlines() if line.startswith("# (pofilter)")]


def test_pofilter_passes_the_reference_translation_and_catches_a_broken_tag(project, tmp_path):
    doc = translate(project)
    assert pofilter(doc.store, tmp_path / "clean.po") == []
    translate(project, lambda s: replace(s, target=s.target.replace("</em1>", "")) if "<em1>" in s.source else s)
    found = pofilter(doc.store, tmp_path / "broken.po")
    assert found and all(line.startswith("# (pofilter) xmltags") for line in found)
