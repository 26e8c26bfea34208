"""Helpers for the review tests: a real `pipeline review` subprocess and how to talk to it."""

from __future__ import annotations

import json
import os
import re
import selectors
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def draft_for(source: str) -> str:
    """A stand-in machine draft: the French with an English marker, tags kept (no engine needed)."""
    return f"EN: {source}"


def load_segments(root: Path, doc: str = "invisibles"):
    from pipeline import store
    from pipeline.core.project import Project

    return store.active(store.load(Project(root).document(doc)))


@dataclass
class Server:
    process: subprocess.Popen
    url: str  # the printed URL, with its token
    base: str  # http://127.0.0.1:PORT
    token: str
    root: Path
    lines: list[str]

    @property
    def host(self) -> str:
        return self.base.removeprefix("http://")

    def request(self, method: str, path: str, body=None, headers: dict | None = None, token: bool = True):
        """(status, parsed JSON or text, headers) for a raw request; nothing added but what is asked."""
        data = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("X-Review-Token", self.token)
        for key, value in (headers or {}).items():
            request.add_header(key, value)
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(request, timeout=15) as response:
                status, raw, head = response.status, response.read(), response.headers
        except urllib.error.HTTPError as err:
            status, raw, head = err.code, err.read(), err.headers
        try:
            parsed = json.loads(raw)
        except ValueError:
            parsed = raw.decode("utf-8", "replace")
        return status, parsed, head

    def segments(self, doc: str = "invisibles") -> list[dict]:
        status, body, _ = self.request("GET", f"/api/documents/{doc}/segments")
        assert status == 200, body
        return body["segments"]

    def put(self, segment: dict, target: str, state: str, revision: str | None = None):
        body = {"target": target, "state": state, "revision": revision or segment["revision"]}
        return self.request("PUT", f"/api/documents/invisibles/segments/{segment['id']}", body)

    def stop(self) -> str:
        """SIGINT, as Ctrl+C does; returns everything it printed on stderr."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.stderr.read()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def start_server(root: Path, *args: str, expect_url: bool = True) -> Server:
    """`pipeline review --port 0` in a real subprocess; waits for the URL it prints."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "--project", str(root), "review", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    lines: list[str] = []
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if not selector.select(timeout=0.5):
            if process.poll() is not None:
                break
            continue
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        found = re.search(r"(http://[^/\s]+)/#token=(\S+)", line)
        if found:
            return Server(process, found.group(0), found.group(1), found.group(2), root, lines)
    process.kill()
    out, err = process.communicate()
    raise AssertionError(f"the review server did not print its URL:\n{''.join(lines)}{out}\n{err}")


def shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def english(editor) -> str:
    """The segment text a row's editor holds: its characters escaped, its chips as their tags."""
    return editor.evaluate("e => window.reviewTags.value(e).trim()")


def paste_segment(editor, raw: str) -> None:
    """Replace what an editor holds by segment text with its tags, as pasting a piece cut from an editor does."""
    editor.evaluate(
        """(e, raw) => {
            e.focus();
            const all = document.createRange();
            all.selectNodeContents(e);
            getSelection().removeAllRanges();
            getSelection().addRange(all);
            const data = new DataTransfer();
            data.setData("text/x-pipeline-segment", raw);
            e.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
        }""",
        raw,
    )
