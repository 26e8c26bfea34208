"""The review server's journal beside a store: a save is durable without rewriting the
PO file; reading the store sees it; writing the store, stopping the server or the next
command folds it in; a crash's torn last line is ignored; kill -9 loses nothing."""

import json
import os
import signal
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import ROOT

from pipeline import store
from pipeline.core.errors import PipelineError
from pipeline.core.model import State
from pipeline.store import journal, po


def reviewed(segment, text):
    return replace(segment, target=text, state=State.REVIEWED, by="Zoë", when="2026-12-03T14:05:09Z")


def test_a_recorded_save_is_read_with_the_store_and_folded_by_the_next_write(repeats):
    before = repeats.store.read_bytes()
    segments = store.load(repeats)
    mine = reviewed(segments[1], 'An "odd" line\\n with « quotes » & <tags>.')
    store.record(repeats, mine)
    store.record(repeats, replace(mine, target="The second save wins."))
    assert repeats.store.read_bytes() == before  # the PO file is not rewritten
    loaded = store.load(repeats)
    assert loaded[1] == replace(mine, target="The second save wins.") and loaded[2:] == segments[2:]
    assert store.fold(repeats) and not journal.path(repeats.store).exists()
    assert po.load(repeats.store)[1] == loaded and store.fold(repeats) is False


def test_a_torn_last_line_is_ignored_and_cut_before_the_next_append(repeats):
    segments = store.load(repeats)
    store.record(repeats, reviewed(segments[0], "Acknowledged."))
    path = journal.path(repeats.store)
    with open(path, "ab") as out:  # a crash in the middle of the next append
        out.write(json.dumps(po.dump({}, [reviewed(segments[1], "Never acknowledged.")]))[:80].encode())
    loaded = store.load(repeats)
    assert loaded[0].target == "Acknowledged." and loaded[1] == segments[1]
    store.record(repeats, reviewed(segments[2], "After the crash."))
    assert [s.target for s in journal.read(repeats.store)] == ["Acknowledged.", "After the crash."]


def test_a_damaged_journal_line_is_one_sentence_and_nothing_is_written(repeats):
    store.record(repeats, reviewed(store.load(repeats)[0], "Saved."))
    path = journal.path(repeats.store)
    path.write_bytes(b"not json\n" + path.read_bytes())
    before = repeats.store.read_bytes()
    with pytest.raises(PipelineError, match=r"\.journal:1: is not a line `pipeline review` wrote"):
        store.load(repeats)
    assert repeats.store.read_bytes() == before


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "pipeline", "--project", str(root), *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)


def test_kill_9_of_the_server_loses_no_save_and_the_next_command_folds_them(repeats):
    from review.review_helpers import start_server

    root = repeats.store.parent.parent
    running = start_server(root)
    rows = running.request("GET", "/api/documents/repeats/segments")[1]["segments"]
    for n, row in enumerate(rows[:3]):
        body = {"target": f"Saved {n}, then the server dies.", "state": "reviewed", "revision": row["revision"]}
        assert running.request("PUT", f"/api/documents/repeats/segments/{row['id']}", body)[0] == 200
    os.kill(running.process.pid, signal.SIGKILL)
    running.process.wait(10)
    running.stop()
    assert journal.path(repeats.store).exists()
    assert [s.target for s in store.load(repeats)[:3]] == [f"Saved {n}, then the server dies." for n in range(3)]
    result = run(root, "segment")  # the next command: the saves go into the PO file, and stay
    assert result.returncode == 0, result.stderr
    assert not journal.path(repeats.store).exists()
    assert [s.target for s in po.load(repeats.store)[1][:3]] == [f"Saved {n}, then the server dies." for n in range(3)]
