"""Zip containers (xlsx, ods) checked before anything decompresses them.

A zip bomb is a few kilobytes that inflate to gigabytes. The central directory declares
every member's size, so the total is bounded before reading, and an absurd compression
ratio is refused as well; the limits are far above any real bank export.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass

from desktop_app.statements.grid import span_problem

MAX_UNCOMPRESSED_BYTES = 1 << 28  # 256 MiB: a 200,000-row xlsx inflates to about 60 MB
MAX_MEMBER_RATIO = 200  # deflate rarely exceeds ~100:1 even on repetitive sheet XML
_RATIO_FLOOR_BYTES = 1 << 20  # small members may compress extremely well; harmless


_DIMENSION = re.compile(
    rb"<(?:\w+:)?dimension\s+ref=\"(?:[A-Z]+\d+:)?\$?([A-Z]{1,3})\$?(\d{1,7})\""
)


class UnsafeArchiveError(ValueError):
    """The archive is broken or would inflate beyond the limits."""


@dataclass(frozen=True, slots=True)
class ArchiveSummary:
    names: frozenset[str]
    mimetype: str


def inspect_zip(data: bytes, *, limit: int = MAX_UNCOMPRESSED_BYTES) -> ArchiveSummary:
    """The archive's member names and mimetype, once its sizes and a worksheet's declared
    extent have passed the limits; anything that stops it being read is an
    ``UnsafeArchiveError`` saying why, which the importer words with the file's name."""
    try:
        return _inspect(data, limit)
    except (
        zipfile.BadZipFile,
        OSError,
        NotImplementedError,
        UnicodeDecodeError,
        zlib.error,
    ) as error:
        # A damaged header can name an unsupported zip version or compression method
        # (NotImplementedError), or flag a member name as UTF-8 when it is not; a damaged
        # member's deflate stream fails as it is inflated (zlib.error).
        raise UnsafeArchiveError(f"it is a damaged zip container ({error})") from None
    except RuntimeError as error:
        # zipfile will not read a member flagged as encrypted without a password, and a
        # damaged flag reads the same: either way the file cannot be read as it is.
        raise UnsafeArchiveError(
            f"it is a damaged or password-protected zip container ({error})"
        ) from None


def _inspect(data: bytes, limit: int) -> ArchiveSummary:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        total = sum(member.file_size for member in members)
        if total > limit:
            raise UnsafeArchiveError(
                f"it would inflate to {total:,} bytes, above the {limit:,}-byte limit "
                "(a zip bomb or not a statement)"
            )
        packed = sum(member.compress_size for member in members)
        # Many small members each pass the per-member floor; together they must not.
        for name, size, compressed in (
            *((member.filename, member.file_size, member.compress_size) for member in members),
            ("all members together", total, packed),
        ):
            ratio = size / max(compressed, 1)
            if size > _RATIO_FLOOR_BYTES and ratio > MAX_MEMBER_RATIO:
                raise UnsafeArchiveError(
                    f"'{name}' would inflate {ratio:,.0f}-fold (a zip bomb or not a statement)"
                )
        _check_declared_spans(archive)
        mimetype = ""
        if "mimetype" in archive.namelist():
            mimetype = archive.read("mimetype")[:200].decode("ascii", "replace").strip()
        return ArchiveSummary(frozenset(archive.namelist()), mimetype)


def _check_declared_spans(archive: zipfile.ZipFile) -> None:
    """An xlsx worksheet's declared extent, checked before calamine builds the sheet.

    calamine holds a sheet as one dense grid from its first to its last cell, so a single
    stray cell at XFD2000 costs a gigabyte before any row reaches Python. Each worksheet's
    XML says its extent near its start (<dimension ref="A1:XFD2000"/>), read here from the
    first kilobytes, once the members' sizes have passed the checks above.
    """
    for name in archive.namelist():
        if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
            continue
        with archive.open(name) as member:
            declared = _DIMENSION.search(member.read(4096))
        if declared is not None:
            columns = _column_number(declared.group(1).decode("ascii"))
            problem = span_problem(f"worksheet {name}", int(declared.group(2)), columns)
            if problem is not None:
                raise UnsafeArchiveError(problem)


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number
