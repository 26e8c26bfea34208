"""Faults during a store write: a full disk, and two `pipeline` processes at once.

After each, the store is the old version or the new one, never a mix, and a re-run
completes. (kill -9 during translate: tests/translate; during a review save: tests/review.)
"""

import os
import shutil
import subprocess
import sys
import time
from dataclasses import replace

import pytest
from conftest import ROOT, run_pipeline

from pipeline import store
from pipeline.core.errors import PipelineError
from pipeline.core.model import State
from pipeline.core.project import Project


@pytest.fixture
def small_disk(tmp_path):
    """A real 128 KB filesystem (tmpfs), as root; CI runs as root, so this never skips there."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=128k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        if os.environ.get("CI"):
            pytest.fail(f"cannot mount a tmpfs in CI: {done.stderr.decode().strip()}")
        pytest.skip("mounting a tmpfs needs root")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def _project_on(disk):
    root = disk / "project"
    (root / "source").mkdir(parents=True)
    shutil.copy(ROOT / "source" / "invisibles.fr.md", root / "source")
    return root


def _fill(disk, leave: int = 0):
    filler = disk / "filler"
    with open(filler, "wb", buffering=0) as out:
        try:
            while True:
                out.write(b"\0" * 4096)
        except OSError:
            pass
    os.truncate(filler, max(0, filler.stat().st_size - leave))
    return filler


def test_a_full_disk_during_a_store_save_leaves_the_old_store(small_disk, cli):
    root = _project_on(small_disk)
    assert cli("segment", root=root).exit_code == 0
    doc = Project(root).document("invisibles")
    before = doc.store.read_bytes()
    filler = _fill(small_disk, leave=4096)  # less room than the store needs
    segments = store.load(doc)
    longer = [replace(s, target=s.source * 3, state=State.REVIEWED) for s in segments]
    with pytest.raises(PipelineError, match="No space left on device.*the previous file is intact"):
        store.save(doc, longer)
    assert doc.store.read_bytes() == before
    assert [p.name for p in doc.store.parent.iterdir() if p.name.endswith(".tmp")] == []

    filler.unlink()  # space again: the same save goes through
    assert store.save(doc, longer)
    assert store.load(doc) == longer


def test_a_full_disk_through_the_command_is_one_sentence(small_disk, cli):
    root = _project_on(small_disk)
    _fill(small_disk)
    result = cli("segment", root=root)
    assert result.exit_code == 2
    assert "No space left on device" in result.output and len(result.output.strip().splitlines()) == 1
    assert not (root / "translations" / "invisibles.en.po").exists()


@pytest.mark.slow
def test_a_second_process_waits_for_the_first(project):
    """Two real processes: the second waits for the lock, then does its work."""
    assert run_pipeline("segment", cwd=project).returncode == 0
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; sys.path.insert(0, sys.argv[1]);"
            "from pipeline.core.project import Project; from pathlib import Path\n"
            "with Project(Path(sys.argv[2])).lock():\n print('locked', flush=True); time.sleep(2)",
            str(ROOT),
            str(project),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "locked"
    start = time.monotonic()
    second = run_pipeline("segment", cwd=project, timeout=60)
    waited = time.monotonic() - start
    holder.wait(timeout=10)
    assert second.returncode == 0, second.stderr
    assert "waiting for another pipeline process" in second.stderr
    assert waited >= 1.0
    assert "store unchanged" in second.stdout


@pytest.mark.slow
def test_a_second_process_gives_up_clearly_when_the_first_never_ends(project, monkeypatch):
    """The waiting process gives up with one sentence and writes nothing."""
    assert run_pipeline("segment", cwd=project).returncode == 0
    store_file = project / "translations" / "invisibles.en.po"
    before = store_file.read_bytes()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; sys.path.insert(0, sys.argv[1]);"
            "from pipeline.core.project import Project; from pathlib import Path\n"
            "with Project(Path(sys.argv[2])).lock():\n print('locked', flush=True); time.sleep(60)",
            str(ROOT),
            str(project),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        (project / "source" / "invisibles.fr.md").write_text(
            (project / "source" / "invisibles.fr.md").read_text().replace("Loin de là.", "Bien loin de là.")
        )
        code = (
            "import sys; sys.path.insert(0, sys.argv[1]);"
            "import pipeline.core.project as p; from pipeline.cli import main;"
            "original = p.Project.lock\n"
            "p.Project.lock = lambda self, wait=30.0, quiet=False: original(self, wait=1.0, quiet=quiet)\n"
            "sys.argv = ['pipeline', '--project', sys.argv[2], 'segment']; main()"
        )
        second = subprocess.run(
            [sys.executable, "-c", code, str(ROOT), str(project)], capture_output=True, text=True, timeout=60
        )
    finally:
        holder.kill()
        holder.wait()
    assert second.returncode == 2
    assert "another pipeline process is working on this project" in second.stderr
    assert "Traceback" not in second.stderr
    assert store_file.read_bytes() == before
    # The holder was killed (-9): the kernel drops its lock, and a re-run completes.
    rerun = run_pipeline("segment", cwd=project, timeout=60)
    assert rerun.returncode == 0 and "1 new" in rerun.stdout
