"""Why a file could not be opened when another program holds it, in words to act on.

Shared by the report export (writing) and the statement import (reading), which name such
a cause the same way; it lives outside both because the statements engine imports nothing
from ``export`` (nor Qt). On Windows, Excel holding a file open makes opening it a sharing
or lock violation; elsewhere an office program shows itself by the lock file it leaves
beside the file it has open (``office_lock``), which names who has it open.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path

# Windows reports a file held open by Excel as a sharing or lock violation.
_WINDOWS_SHARING_VIOLATIONS = {32, 33}
_DENIED = {errno.EACCES, errno.EPERM}

# The most of a lock file read: both kinds are a few hundred bytes at most, and a file
# of that name that is something else must not be read whole.
_LOCK_READ_LIMIT = 4096
# Excel's owner file: the name's length in its first byte (at most 52), the name in the
# Windows code page after it, then at offset 55 the length again (two bytes, little
# endian) and the name in UTF-16 (Microsoft Office's owner files, as observed).
_EXCEL_NAME_LIMIT = 52
_EXCEL_UTF16_AT = 55


@dataclass(frozen=True, slots=True)
class OfficeLock:
    """The lock file an office program leaves beside a file while it has it open:
    ``program`` ("Excel", "LibreOffice"), the lock file's ``path``, and who holds it as
    the lock names them (``holder``: "Ann Lee (ann) on finance-pc since 24.11.2025 09:12";
    None where it names no one, or could not be read)."""

    program: str
    path: Path
    holder: str | None = None


def held_open(error: OSError, path: Path) -> str | None:
    """The cause when ``error`` shows, or a lock file beside ``path`` suggests, that
    another program holds the file open; None when nothing points to one."""
    if getattr(error, "winerror", None) in _WINDOWS_SHARING_VIOLATIONS:
        return "the file is open in another program (close it in Excel and try again)"
    if error.errno in _DENIED:
        return _lock_hint(path)
    return None


def office_lock(path: Path) -> OfficeLock | None:
    """The lock file Excel (``~$<name>``) or LibreOffice (``.~lock.<name>#``) leaves
    beside ``path`` while it has it open, with who holds it; None when there is none.

    On Linux and macOS nothing stops a file open in either program from being replaced;
    the program goes on showing the old file, and its next save writes that back over
    the new one. The lock file is all that shows it is open. A folder that cannot be
    looked into shows no lock file (``os.path.exists`` is False on any error)."""
    for lock_name, program, holder in (
        (f"~${path.name}", "Excel", _excel_holder),
        (f".~lock.{path.name}#", "LibreOffice", _libreoffice_holder),
    ):
        lock = path.parent / lock_name
        if os.path.exists(lock):
            return OfficeLock(program, lock, holder(_read_lock(lock)))
    return None


def _lock_hint(path: Path) -> str | None:
    """Name the office program that holds the file, from the lock file it leaves beside it."""
    lock = office_lock(path)
    if lock is None:
        return None
    return f"permission denied: the file looks open in {lock.program} (close it and try again)"


def _read_lock(lock: Path) -> bytes:
    """The start of a lock file; nothing where it cannot be read (the lock is still
    there, which is what counts, whoever it names)."""
    try:
        with lock.open("rb") as handle:
            return handle.read(_LOCK_READ_LIMIT)
    except OSError:
        return b""


def _excel_holder(data: bytes) -> str | None:
    """The user name an Excel owner file holds: its UTF-16 copy where it is whole (any
    script), else the code-page one (read as Windows-1252, the usual)."""
    if not data or not 1 <= data[0] <= _EXCEL_NAME_LIMIT or len(data) <= data[0]:
        return None
    wide_at = _EXCEL_UTF16_AT + 2
    count = int.from_bytes(data[_EXCEL_UTF16_AT:wide_at], "little")
    if 1 <= count <= _EXCEL_NAME_LIMIT and len(data) >= wide_at + 2 * count:
        name = data[wide_at : wide_at + 2 * count].decode("utf-16-le", errors="replace")
    else:
        name = data[1 : 1 + data[0]].decode("cp1252", errors="replace")
    return name.strip() or None


def _libreoffice_holder(data: bytes) -> str | None:
    """Who a LibreOffice lock file names: its fields, comma-separated up to a ';' (a
    backslash escaping either), are the user's name as set in LibreOffice, the system
    user, the computer, and the day and time it was opened."""
    fields = _lock_fields(data.decode("utf-8", errors="replace"))
    full, system, host, since = [*fields, "", "", "", ""][:4]
    who = full or system
    if not who:
        return None
    if full and system and system != full:
        who += f" ({system})"
    if host:
        who += f" on {host}"
    if since:
        who += f" since {since}"
    return who


def _lock_fields(text: str) -> list[str]:
    """A LibreOffice lock file's fields, unescaped, up to the ';' that ends its entry."""
    fields: list[str] = []
    current: list[str] = []
    escaped = False
    for char in text:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == ",":
            fields.append("".join(current).strip())
            current = []
        elif char == ";":
            break
        else:
            current.append(char)
    fields.append("".join(current).strip())
    return fields
