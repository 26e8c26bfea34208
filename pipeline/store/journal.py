"""A durable journal of single-segment saves beside a store, so that a save on a book does
not rewrite its whole PO file (1 MB and more) each time.

``translations/.<doc>.en.po.journal`` holds one line per saved segment: the JSON string of
that segment's PO entry (``po.dump`` of it alone, so it reads back exactly as the store
does), appended and flushed to disk (fsync) before the save is acknowledged. Reading the
store puts the journal's segments over it, the last line of a segment winning; writing the
store folds the journal in and removes it. A crash can only cut the last line short, and
that save was never acknowledged: it is ignored, and cut off before the next append.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from pipeline.core.errors import PipelineError
from pipeline.core.model import Segment
from pipeline.store import po

FOLD_BYTES = 4_000_000  # past this, a save folds the journal into the store (replaying stays quick)


def path(store: Path) -> Path:
    return store.with_name(f".{store.name}.journal")


def append(store: Path, segment: Segment) -> None:
    """Add the segment's new version; on disk when this returns."""
    where = path(store)
    line = (json.dumps(po.dump({}, [segment]), ensure_ascii=False) + "\n").encode("utf-8")
    created = not where.exists()
    try:
        fd = os.open(where, os.O_RDWR | os.O_CREAT, _mode(store))
        try:
            size = os.lseek(fd, 0, os.SEEK_END)
            if size and os.pread(fd, 1, size - 1) != b"\n":  # a line cut short by a crash
                os.ftruncate(fd, _last_line_end(os.pread(fd, size, 0)))
                size = os.lseek(fd, 0, os.SEEK_END)
            os.pwrite(fd, line, size)
            os.fsync(fd)
        finally:
            os.close(fd)
        if created:  # make the new name durable too
            dir_fd = os.open(where.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
    except OSError as err:
        raise PipelineError(f"{where}: could not write ({err.strerror}); the store is intact") from err


def read(store: Path) -> list[Segment]:
    """The saved segments in the order they were saved; [] when there is no journal."""
    where = path(store)
    try:
        raw = where.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as err:
        raise PipelineError(f"{where}: cannot be read ({err.strerror})") from err
    out = []
    for number, line in enumerate(raw[: _last_line_end(raw)].splitlines(), 1):
        try:
            text = json.loads(line.decode("utf-8"))
            out += po.loads(text, where)[1] if isinstance(text, str) else []
        except (ValueError, PipelineError):
            raise PipelineError(
                f"{where}:{number}: is not a line `pipeline review` wrote; move the file away to use the store "
                "without the saves it holds"
            ) from None
    return out


def size(store: Path) -> int:
    try:
        return path(store).stat().st_size
    except OSError:
        return 0


def discard(store: Path) -> None:
    path(store).unlink(missing_ok=True)


def _last_line_end(raw: bytes) -> int:
    return raw.rfind(b"\n") + 1


def _mode(store: Path) -> int:
    try:
        return store.stat().st_mode & 0o777
    except OSError:
        return 0o644
