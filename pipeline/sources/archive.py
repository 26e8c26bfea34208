"""The zip files DOCX, ODT and EPUB are, checked before Pandoc opens one.

Pandoc trusts an archive: it would inflate a bomb into memory and write a member named
``../../x`` where ``--extract-media`` says. So every member is checked here first: its
name (no absolute path, no ``..``), its declared size and the whole's (caps below), its
real size and checksum while it is read once in full (a header that lies about its size
fails the checksum), and every XML part is parsed with the safe parser (no entities).
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pipeline.core.errors import PipelineError
from pipeline.core.safexml import parse_bytes

MAX_MEMBER = 200 * 2**20  # one image or chapter: far above a real book's largest
MAX_TOTAL = 500 * 2**20  # the whole, inflated
MAX_MEMBERS = 20_000
MAX_RATIO = 200  # a real part deflates 3 to 20 times; a bomb, thousands
XML_PARTS = (".xml", ".xhtml", ".html", ".htm", ".opf", ".ncx", ".rels", ".svg")


@dataclass
class Archive:
    """A checked archive: its members' bytes by name (each read once, within the caps)."""

    path: Path
    members: dict[str, bytes]

    def xml(self, name: str):
        return parse_bytes(self.members[name], f"{self.path}: {name}")

    def text(self, name: str) -> str:
        return self.members[name].decode("utf-8", "replace")


def open_archive(path: Path, kind: str) -> Archive:
    """``path`` read as a zip archive and checked, or one sentence saying why not."""
    if not zipfile.is_zipfile(path):
        raise PipelineError(f"{path}: is not a {kind} file (a {kind} is a zip archive, and this is not one)")
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            _check_listing(path, infos)
            members = {info.filename: _read(path, archive, info) for info in infos if not info.is_dir()}
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as err:
        raise PipelineError(f"{path}: is a damaged or unsupported zip archive ({err})") from err
    except RuntimeError as err:  # zipfile's word for an encrypted member
        raise PipelineError(f"{path}: has password-protected parts, which cannot be read") from err
    checked = Archive(path, members)
    for name in members:
        if name.lower().endswith(XML_PARTS):
            checked.xml(name)
    return checked


def _check_listing(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_MEMBERS:
        raise PipelineError(f"{path}: holds {len(infos)} files, more than the {MAX_MEMBERS} a document may have")
    total = 0
    for info in infos:
        name = info.filename
        parts = PurePosixPath(name.replace("\\", "/")).parts
        if name.startswith(("/", "\\")) or ".." in parts or ":" in name or posixpath.normpath(name).startswith(".."):
            raise PipelineError(f"{path}: holds a file named {name!r}, which points outside the archive; refused")
        if info.file_size > MAX_MEMBER:
            raise PipelineError(
                f"{path}: its part {name} inflates to {info.file_size / 2**20:.0f} MB, "
                f"more than the {MAX_MEMBER // 2**20} MB a part may have (a zip bomb?)"
            )
        if info.file_size > 2**20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise PipelineError(
                f"{path}: its part {name} inflates {info.file_size // max(info.compress_size, 1)} times, "
                "as only a zip bomb does; refused"
            )
        total += info.file_size
    if total > MAX_TOTAL:
        raise PipelineError(
            f"{path}: inflates to {total / 2**20:.0f} MB, more than the {MAX_TOTAL // 2**20} MB a document may have"
        )


def _read(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The member's bytes, read in chunks and counted: never more than it declares (zipfile
    stops there), and a checksum error if the data is not what the header says."""
    chunks, size = [], 0
    with archive.open(info) as member:
        while chunk := member.read(2**20):
            size += len(chunk)
            if size > MAX_MEMBER:
                raise PipelineError(f"{path}: its part {info.filename} inflates past {MAX_MEMBER // 2**20} MB; refused")
            chunks.append(chunk)
    return b"".join(chunks)
