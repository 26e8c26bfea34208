"""Cheap fingerprints of code and inputs, so a no-op build can skip work it would redo identically.

A stage that skips work on a matching fingerprint must put in it everything its result
depends on: the input bytes, and the code that turns them into the result (our own
source files and the versions of the libraries and binaries it runs).
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from pipeline import __version__

PACKAGE = Path(__file__).parent


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
    from importlib import metadata  # 30 ms to import: only when a stamp is computed

    parts: list[str | bytes] = [__version__]
    for folder in folders:
        target = PACKAGE / folder
        for path in [target] if target.is_file() else sorted(target.rglob("*.py")):
            parts += [str(path.relative_to(PACKAGE)), path.read_bytes()]
    for name in distributions:
        try:
            parts.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name} missing")
    return digest(*parts)
