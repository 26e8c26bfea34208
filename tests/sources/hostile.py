"""Hostile files for the sources tests, made by hand: zip archives whose headers say what
an attacker wants (a member inflating to 1 GiB, a size that lies, a name that climbs out
of the folder), XHTML that declares entities, a DRM-encrypted EPUB."""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

GIB = 1 << 30
_CHUNK = 1 << 24


def deflated_zeros(size: int = GIB) -> tuple[bytes, int]:
    """A raw deflate stream that inflates to ``size`` zero bytes (about 1 MB for 1 GiB), and its CRC-32.
    Made in a second: one flushed block of zeros, repeated (each refers back only to zeros)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    zeros = bytes(_CHUNK)
    first = compressor.compress(zeros) + compressor.flush(zlib.Z_SYNC_FLUSH)
    again = compressor.compress(zeros) + compressor.flush(zlib.Z_SYNC_FLUSH)
    crc = 0
    for _ in range(size // _CHUNK):
        crc = zlib.crc32(zeros, crc)
    return first + again * (size // _CHUNK - 1) + b"\x03\x00", crc  # 03 00: an empty final block


def write_zip(path: Path, members: list[tuple[str, bytes, int, int]]) -> Path:
    """A zip archive of deflated ``(name, deflated data, inflated size, crc)`` members, its headers written here."""
    out, central = bytearray(), bytearray()
    for name, data, size, crc in members:
        raw = name.encode("utf-8")
        header = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0x800, 8, 0, 0x21, crc, len(data), size, len(raw), 0)
        central += (
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0x800,
                8,
                0,
                0x21,
                crc,
                len(data),
                size,
                len(raw),
                0,
                0,
                0,
                0,
                0,
                len(out),
            )
            + raw
        )
        out += header + raw + data
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(out), 0)
    path.write_bytes(bytes(out + central + end))
    return path


def member(name: str, text: bytes) -> tuple[str, bytes, int, int]:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return name, compressor.compress(text) + compressor.flush(), len(text), zlib.crc32(text)


def with_members(base: Path, out: Path, extra: dict[str, bytes], stored_first: str | None = "mimetype") -> Path:
    """``base`` (a zip) with ``extra`` members added or put in place of its own."""
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename not in extra:
                kind = zipfile.ZIP_STORED if info.filename == stored_first else zipfile.ZIP_DEFLATED
                target.writestr(info.filename, source.read(info.filename), compress_type=kind)
        for name, data in extra.items():
            target.writestr(name, data)
    return out


def lying_sizes(base: Path, out: Path, name: str, said: int) -> Path:
    """``base`` with the inflated size of its member ``name`` given as ``said`` in both its headers."""
    data = bytearray(base.read_bytes())
    with zipfile.ZipFile(base) as archive:
        info = archive.getinfo(name)
    struct.pack_into("<I", data, info.header_offset + 22, said)  # the local header
    position = data.index(b"PK\x01\x02")  # the central directory's first record
    while True:  # the central directory's record of ``name``
        length = struct.unpack_from("<H", data, position + 28)[0]
        if data[position + 46 : position + 46 + length].decode() == name:
            struct.pack_into("<I", data, position + 24, said)
            break
        extra, comment = struct.unpack_from("<HH", data, position + 30)
        position += 46 + length + extra + comment
    out.write_bytes(bytes(data))
    return out


ENTITIES = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<html xmlns="http://www.w3.org/1999/xhtml" lang="fr"><head><title>Chapitre</title></head>
<body><h1>Le chapitre</h1><p>Le secret est ici : &secret; et la suite du texte en français.</p></body></html>
""".encode()
LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE html [<!ENTITY a "rire rire rire rire rire rire rire rire rire rire"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<html xmlns="http://www.w3.org/1999/xhtml"><body><p>&d;</p></body></html>
"""


def encryption(algorithm: str, uri: str) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#">
<enc:EncryptedData><enc:EncryptionMethod Algorithm="{algorithm}"/>
<enc:CipherData><enc:CipherReference URI="{uri}"/></enc:CipherData></enc:EncryptedData></encryption>
""".encode()
