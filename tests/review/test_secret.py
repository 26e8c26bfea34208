"""The review key: one per project, 0600, never on a command line, never in a cookie; the page survives a restart."""

from __future__ import annotations

import os
import signal
import stat
import time
from pathlib import Path
from urllib.parse import urlsplit

from pipeline.core.model import State
from pipeline.core.project import Project
from pipeline.review import secret

from .review_helpers import english, load_segments, start_server


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_one_private_key_per_project_across_runs(translated):
    key_file = secret.path(Project(translated))
    first = start_server(translated)
    first.stop()
    assert mode(key_file) == 0o600 and key_file.read_text().strip() == first.token
    second = start_server(translated)
    second.stop()
    assert second.token == first.token  # a page left open keeps working with the next run
    key_file.chmod(0o644)  # others could read it: it is no secret any more
    third = start_server(translated)
    third.stop()
    assert third.token != first.token and mode(key_file) == 0o600


def test_open_names_a_private_redirect_file_not_the_key(translated, tmp_path, open_page, monkeypatch):
    argv_file = tmp_path / "browser-argv"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\nprintf "%s\\n" "$0" "$@" > {argv_file}\n')
    browser.chmod(0o755)
    monkeypatch.setenv("BROWSER", f"{browser} %s")  # what webbrowser.open runs
    running = start_server(translated, "--open")
    try:
        deadline = time.monotonic() + 10
        while not argv_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        argv = argv_file.read_text()
        assert running.token not in argv  # what `ps` would show every user of the machine
        redirect = Path(urlsplit(argv.split()[1]).path)
        assert mode(redirect) == 0o600 and f"{running.base}/#token={running.token}" in redirect.read_text()
        page = open_page(redirect.as_uri())
        page.wait_for_selector(".row")
        assert page.url == running.base + "/" and not page.context.cookies()
    finally:
        running.stop()
    assert not redirect.exists()


def test_the_page_keeps_saving_after_kill_9_and_a_restart(translated, open_page):
    running = start_server(translated)
    port = running.base.rsplit(":", 1)[1]
    # rows to approve, without inline tags: their plain typed English passes the checks run first
    todo = [r["id"] for r in running.segments() if not r["tags"] and r["state"] in ("machine", "needs-review")]
    first_id, second_id = todo[:2]
    page = open_page(running.url)
    os.kill(running.process.pid, signal.SIGKILL)
    running.process.wait(10)
    running.stop()
    # the server is gone: a save says so, and the typed text stays in the editor
    page.locator(f"#seg-{first_id} .fr").click()
    editor = page.locator(f"#seg-{first_id} .editor")
    editor.fill("Typed while the server was down.")
    page.locator(f"#seg-{first_id} .approve").click()
    page.wait_for_selector(".toast.bad")
    assert "does not answer" in page.inner_text("#toast")
    assert english(editor) == "Typed while the server was down."

    again = start_server(translated, "--port", port)
    try:
        page.locator(f"#seg-{first_id} .approve").click()
        page.wait_for_selector(f"#seg-{first_id}.state-reviewed")
        page.reload()  # the tab still has the key, though the address bar no longer shows it
        page.wait_for_selector(".row")
        page.locator(f"#seg-{second_id} .fr").click()
        page.locator(f"#seg-{second_id} .editor").fill("Saved after a reload.")
        page.locator(f"#seg-{second_id} .approve").click()
        page.wait_for_selector(f"#seg-{second_id}.state-reviewed")
    finally:
        again.stop()
    saved = {s.id: s for s in load_segments(translated)}
    assert (saved[first_id].target, saved[first_id].state) == ("Typed while the server was down.", State.REVIEWED)
    assert saved[second_id].target == "Saved after a reload."
