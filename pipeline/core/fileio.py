"""Atomic writes and careful reads: files are either old or new, never half-written."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from pipeline.core.errors import PipelineError


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write to a temporary file beside ``path``, flush it to disk, then rename over ``path``."""
    import tempfile  # with shutil and random, 3 ms, 3 % of a no-op build, which writes nothing

    if isinstance(data, str):
        data = data.encode("utf-8")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, _mode_for(path))  # mkstemp makes 0600: an edition would be unreadable to a web server
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException as err:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise PipelineError(f"{path}: could not write ({err.strerror}); the previous file is intact") from err
        raise
    try:  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass


def _mode_for(path: Path) -> int:
    """The mode of the file being replaced, or for a new file what open() would give it."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        pass
    umask = 0o022
    try:  # read, not set: os.umask() would change it for every thread meanwhile
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                umask = int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o666 & ~umask


_BOMS = [  # UTF-32 first: its little-endian mark starts like UTF-16's
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
]


def read_text(path: Path, what: str = "file", limit: int | None = None) -> str:
    """Read a UTF-8 text file, or say in one sentence why it cannot be read.

    ``limit`` (bytes) refuses a file too large to be what it claims before reading it.
    """
    path = Path(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a directory")
        if not stat.S_ISREG(info.st_mode):  # a FIFO or /dev/zero would block or never end
            raise PipelineError(f"{path}: is not a regular file, so not a {what}")
        size = info.st_size
        if limit is not None and size > limit:
            raise PipelineError(f"{path}: is {size / 1e6:.1f} MB, more than the {limit / 1e6:.0f} MB a {what} may have")
        raw = path.read_bytes()
    except FileNotFoundError as err:
        raise PipelineError(f"{path}: no such {what}") from err
    except IsADirectoryError as err:
        raise PipelineError(f"{path}: is a directory, not a {what}") from err
    except OSError as err:
        raise PipelineError(f"{path}: cannot read ({err.strerror})") from err
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            raise PipelineError(f"{path}: is {encoding}, not UTF-8: convert it with `iconv -f {encoding} -t utf-8`")
    if b"\0" in raw:
        raise PipelineError(f"{path}: is a binary file, not a text {what}")
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        hint = ""
        try:
            raw.decode("cp1252")
            hint = " (it looks like Latin-1/Windows-1252: convert it with `iconv -f latin1 -t utf-8`)"
        except UnicodeDecodeError:
            pass
        raise PipelineError(f"{path}:{line}: is not UTF-8{hint}") from err
