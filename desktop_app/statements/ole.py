"""Names of the streams inside an OLE compound file (legacy .xls, encrypted .xlsx).

A password-protected xlsx is not a zip at all: Office wraps the encrypted package in an OLE
container with an ``EncryptedPackage`` stream. Reading the container's directory (not
guessing from bytes) tells a protected workbook from a legacy one, so the user is told to
remove the password rather than that the file is corrupt.
"""

from __future__ import annotations

import struct

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_CHAIN = 0xFFFFFFFE
_MAX_SECTORS = 1 << 20


class BrokenContainerError(ValueError):
    """The OLE header or directory is inconsistent."""


def stream_names(data: bytes) -> list[str]:
    """Every directory entry name of an OLE compound file."""
    if not data.startswith(OLE_SIGNATURE) or len(data) < 512:
        raise BrokenContainerError("not an OLE compound file")
    (sector_shift,) = struct.unpack_from("<H", data, 30)
    if sector_shift not in (9, 12):
        raise BrokenContainerError(f"unexpected sector size 2**{sector_shift}")
    sector_size = 1 << sector_shift
    fat = _fat(data, sector_size)
    (first_directory,) = struct.unpack_from("<I", data, 48)
    names: list[str] = []
    for sector in _chain(fat, first_directory):
        offset = 512 + sector * sector_size if sector_size == 512 else (sector + 1) * sector_size
        block = data[offset : offset + sector_size]
        for start in range(0, len(block) - 127, 128):
            (length,) = struct.unpack_from("<H", block, start + 64)
            if 2 <= length <= 64:
                names.append(block[start : start + length - 2].decode("utf-16-le", "replace"))
    return names


def _fat(data: bytes, sector_size: int) -> list[int]:
    header_difat = struct.unpack_from("<109I", data, 76)
    fat: list[int] = []
    per_sector = sector_size // 4
    for sector in header_difat:
        if sector >= 0xFFFFFFFA:
            continue
        offset = (sector + 1) * sector_size
        block = data[offset : offset + sector_size]
        if len(block) < sector_size:
            raise BrokenContainerError("a FAT sector lies beyond the end of the file")
        fat.extend(struct.unpack_from(f"<{per_sector}I", block))
    return fat


def _chain(fat: list[int], start: int) -> list[int]:
    chain: list[int] = []
    sector = start
    while sector != _END_OF_CHAIN:
        if sector >= len(fat) or len(chain) > _MAX_SECTORS or sector in chain[-1:]:
            raise BrokenContainerError("the directory chain is broken")
        chain.append(sector)
        sector = fat[sector]
    return chain
