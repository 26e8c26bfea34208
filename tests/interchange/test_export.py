"""`pipeline export`: where files go, several documents in one file, and clear errors."""

from reference import translate
from translate.storage import xliff as ttxliff

from pipeline import store
from pipeline.core.project import Project


def test_several_documents_in_one_xliff_and_back(project, cli):
    translate(project)
    (project / "source" / "second.fr.md").write_text("---\ntitle: Deux\n---\n\nUn texte court. Un autre.\n")
    cli("segment")
    out = project / "all.xlf"
    result = cli("export", "--format", "xliff", "-o", str(out))
    assert result.exit_code == 0 and result.output == f"wrote {out}\n"
    read = ttxliff.xlifffile.parsefile(str(out))
    assert read.getfilenames() == ["source/invisibles.fr.md", "source/second.fr.md"]
    assert len([u for u in read.units if not u.isheader()]) == 60 + 3
    before = [d.store.read_bytes() for d in Project(project).documents()]
    result = cli("import", str(out))
    assert result.exit_code == 0 and "second: 0 targets updated" in result.output
    assert [d.store.read_bytes() for d in Project(project).documents()] == before


def test_export_before_segmenting_says_what_to_do(project, cli):
    result = cli("export", "--format", "xliff")
    assert result.exit_code == 2 and "run `pipeline segment` first" in result.output


def test_export_of_an_unknown_document(project, cli):
    result = cli("export", "--format", "tmx", "nowhere")
    assert result.exit_code == 2 and "no such file (document 'nowhere')" in result.output


def test_tbx_without_a_glossary_is_an_empty_termbase(project, cli):
    (project / "glossary.yaml").unlink(missing_ok=True)
    assert cli("export", "--format", "tbx").exit_code == 0
    assert "<body>\n    </body>" in (project / "dist" / "glossary.tbx").read_text()
    assert store.load(Project(project).document("invisibles")) == []
