"""A real Apertium APY server on a free port, for the tests and bench/apy.py."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

MODES = Path("/usr/share/apertium/modes")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def serving(modes: Path = MODES, log: Path | None = None):
    """``apertium-apy`` serving the pairs in ``modes``; yields its loopback URL, stops it after."""
    binary = shutil.which("apertium-apy")
    assert binary, "apertium-apy is in the Makefile's APT_PACKAGES: run `make setup`"
    port = free_port()
    out = open(log or os.devnull, "wb")
    server = subprocess.Popen(
        [binary, "--port", str(port), str(modes)],
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its pipes of Apertium processes go with it
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/listPairs", timeout=5) as answer:
                    json.load(answer)
                break
            except OSError:
                assert server.poll() is None, f"apertium-apy exited with {server.returncode}"
                assert time.monotonic() < deadline, "apertium-apy did not answer within 60 s"
                time.sleep(0.2)
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        out.close()
