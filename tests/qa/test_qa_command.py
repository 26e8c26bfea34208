"""`pipeline qa` and `build --require-clean` on the real article."""

import json
from dataclasses import replace

import pytest
from reference import translate


def test_a_good_translation_of_the_article_is_clean(project, cli):
    translate(project)
    result = cli("qa")
    assert result.exit_code == 0, result.output
    assert result.output.endswith("0 errors, 0 warnings\n")


def test_errors_give_a_table_json_and_exit_1(project, cli):
    def damage(s):
        if s.source == "Les robots ?":
            return replace(s, target="Les robots ?")
        if s.source.startswith("Sortie intégrale"):
            return replace(s, target=s.target.replace("14 February", "15 February"))
        return s

    translate(project, damage)
    result = cli("qa")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[1].split() == ["segment", "severity", "check", "message"]
    assert any(line.split()[1:3] == ["error", "numbers"] and "14/02" in line for line in lines)
    assert any(line.split()[1:3] == ["warning", "typography"] for line in lines)  # "Les robots ?": space before ?

    report = json.loads(cli("qa", "--format", "json").output)
    (doc,) = report["documents"]
    assert {i["check"] for i in doc["issues"]} >= {"numbers", "identical", "typography"}
    assert report["summary"]["errors"] >= 2
    assert all({"segment", "severity", "check", "message", "where"} <= set(i) for i in doc["issues"])


def test_pyproject_switches_checks_off_and_changes_severities(project, cli):
    translate(project, lambda s: replace(s, target=s.target + "  ") if s.source == "Loin de là." else s)
    assert "spaces" in cli("qa").output and cli("qa").exit_code == 0
    (project / "pyproject.toml").write_text('[tool.pipeline.qa]\nspaces = "error"\n')
    assert cli("qa").exit_code == 1
    (project / "pyproject.toml").write_text('[tool.pipeline.qa]\nspaces = "off"\n')
    result = cli("qa")
    assert result.exit_code == 0 and "spaces" not in result.output
    (project / "pyproject.toml").write_text('[tool.pipeline.qa]\nspelling = "off"\n')
    result = cli("qa")
    assert result.exit_code == 2 and "has no check 'spelling'" in result.output
    (project / "pyproject.toml").write_text('[tool.pipeline.qa]\nspaces = "loud"\n')
    assert "use one of error, warning, info, off" in cli("qa").output


@pytest.mark.slow
def test_build_require_clean_refuses_while_qa_has_errors(project, cli):
    # a reviewed target with a wrong date: `build` translates empty targets, but never
    # touches a reviewed one, so the error stays for QA to find
    translate(project, lambda s: replace(s, target=s.target.replace("12", "13")) if "12/02" in s.source else s)
    result = cli("build", "--require-clean")
    assert result.exit_code == 2
    assert "QA found 2 errors (numbers); nothing was built" in result.output  # 12/02 missing, 13 February added
    translate(project)
    assert cli("build", "--require-clean").exit_code == 0


def test_qa_and_report_before_segmenting_say_what_to_do(project, cli):
    for command in ("qa", "report"):
        result = cli(command)
        assert result.exit_code == 2 and "invisibles: not segmented yet; run `pipeline segment` first" in result.output
