"""Cheap fingerprints of code and inputs, so a no-op build can skip work it would redo identically.

A stage that skips work on a matching fingerprint must put in it everything its result
depends on: the input bytes, and the code that turns them into the result (our own
source files and the versions of the libraries and binaries it runs).
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
from pathlib import Path

from pipeline import __version__

PACKAGE = Path(__file__).parent.parent  # pipeline/, the package whose code is fingerprinted


def digest(*parts: str | bytes) -> str:
    """sha256 of the parts, each length-prefixed so that no two lists of parts collide."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big") + data)
    return h.hexdigest()


@functools.cache
def code(*folders: str, distributions: tuple[str, ...] = ()) -> str:
    """Our version, the .py files of the given modules or sub-packages, and the named libraries' versions."""
    parts: list[str | bytes] = [__version__]
    for folder in folders:
        target = PACKAGE / folder
        for path in [target] if target.is_file() else sorted(target.rglob("*.py")):
            parts += [str(path.relative_to(PACKAGE)), path.read_bytes()]
    parts += [f"{name} {version(name)}" for name in distributions]
    return digest(*parts)


def files(*paths: str | Path) -> str:
    """Which files these are, without reading them: path, size and modification time.

    For the tools and fonts an output is made with: whatever replaces one (a package
    upgrade, a reinstall) changes its size or time. Hashing the fonts and asking Pandoc its
    version took 25 ms, a sixth of a no-op build.
    """
    parts = []
    for path in paths:
        try:
            info = os.stat(path)
        except OSError:
            parts.append(f"{path} missing")
        else:
            parts.append(f"{path} {info.st_size} {info.st_mtime_ns}")
    return digest(*parts)


def version(distribution: str) -> str:
    """An installed distribution's version, from its ``NAME-VERSION.dist-info`` folder's name.

    What ``importlib.metadata.version`` finds, without importing it (email, zipfile, csv:
    15 ms, as long as Pandoc takes to parse an article).
    """
    prefix = distribution.replace("-", "_").lower() + "-"
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info") and name.lower().startswith(prefix):
                return name[len(prefix) : -len(".dist-info")]
    return "missing"
