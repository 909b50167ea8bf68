"""Zip containers (xlsx, ods) checked before anything decompresses them.

A zip bomb is a few kilobytes that inflate to gigabytes. The central directory declares
every member's size, so the total is bounded before reading, and an absurd compression
ratio is refused as well; the limits are far above any real bank export.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

MAX_UNCOMPRESSED_BYTES = 1 << 30  # 1 GiB: a 200,000-row xlsx inflates to about 60 MB
MAX_MEMBER_RATIO = 200  # deflate rarely exceeds ~100:1 even on repetitive sheet XML
_RATIO_FLOOR_BYTES = 1 << 20  # small members may compress extremely well; harmless


class UnsafeArchiveError(ValueError):
    """The archive is broken or would inflate beyond the limits."""


@dataclass(frozen=True, slots=True)
class ArchiveSummary:
    names: frozenset[str]
    mimetype: str


def inspect_zip(data: bytes, *, limit: int = MAX_UNCOMPRESSED_BYTES) -> ArchiveSummary:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError) as error:
        raise UnsafeArchiveError(f"it is a damaged zip container ({error})") from None
    with archive:
        members = archive.infolist()
        total = sum(member.file_size for member in members)
        if total > limit:
            raise UnsafeArchiveError(
                f"it would inflate to {total:,} bytes, above the {limit:,}-byte limit "
                "(a zip bomb or not a statement)"
            )
        for member in members:
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > _RATIO_FLOOR_BYTES and ratio > MAX_MEMBER_RATIO:
                raise UnsafeArchiveError(
                    f"member '{member.filename}' would inflate {ratio:,.0f}-fold "
                    "(a zip bomb or not a statement)"
                )
        mimetype = ""
        if "mimetype" in archive.namelist():
            mimetype = archive.read("mimetype")[:200].decode("ascii", "replace").strip()
        return ArchiveSummary(frozenset(archive.namelist()), mimetype)
