"""The build as a function (``pipeline.build``): a script runs the pipeline as `pipeline
build` does, hears the same report through its own reporter, and needs no click."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

from conftest import ROOT, data_project, run_pipeline

SCRIPT = """
import json, sys
from pathlib import Path
from pipeline.build import Reporter, build
from pipeline.core.project import Project

lines, progress = [], []
report = Reporter(say=lines.append, built=lambda done, total, name: progress.append([done, total, name]))
outputs = build(Project(Path(sys.argv[1])), formats=["html"], draft=False, report=report)
print(json.dumps({"lines": lines, "progress": progress, "built": [o.path.name for o in outputs if o.built],
                  "click": "click" in sys.modules}))
"""


def _timeless(lines: list[str]) -> list[str]:
    return [re.sub(r"built in \d+\.\d s", "built in … s", line) for line in lines]


def test_a_script_builds_as_the_command_does_and_hears_the_same_report(tmp_path):
    by_command = data_project(tmp_path / "command", "rich.fr.md")
    by_script = data_project(tmp_path / "script", "rich.fr.md")
    command = run_pipeline("build", "--no-translate", "--format", "html", cwd=by_command)
    assert command.returncode == 0, command.stderr
    script = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(by_script)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
    )
    heard = json.loads(script.stdout)
    assert _timeless(heard["lines"]) == _timeless(command.stdout.splitlines())
    assert heard["lines"][0] == "rich: 43 segments (43 new, 0 changed, 0 obsolete)"
    assert heard["lines"][-1] == "3 built, 0 up to date"
    assert sorted(heard["built"]) == ["rich.en.html", "rich.fr-en.html", "rich.fr.html"]
    assert heard["progress"][0] == [0, 3, ""] and heard["progress"][-1][:2] == [3, 3]
    assert not heard["click"]
    for name in heard["built"]:
        assert (by_script / "dist" / name).is_file()
