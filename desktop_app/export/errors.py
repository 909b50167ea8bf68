"""Why a report could not be written, in words an accountant can act on."""

from __future__ import annotations

import errno
import os
from pathlib import Path

# Windows reports a file held open by Excel as a sharing or lock violation.
_WINDOWS_SHARING_VIOLATIONS = {32, 33}


class ReportWriteError(Exception):
    """The report could not be written to ``path``; ``cause`` says why in plain words."""

    def __init__(self, path: str | os.PathLike[str], cause: str) -> None:
        self.path = Path(path)
        self.cause = cause
        super().__init__(f"cannot write the report {self.path}: {cause}")


def describe_os_error(error: OSError, path: Path) -> str:
    """Turn an ``OSError`` into the cause the accountant needs to fix it."""
    if getattr(error, "winerror", None) in _WINDOWS_SHARING_VIOLATIONS:
        return "the file is open in another program (close it in Excel and try again)"
    if error.errno == errno.ENOENT:
        return f"the folder {path.parent} does not exist"
    if error.errno == errno.EISDIR:
        return "a folder with that name is in the way"
    if error.errno == errno.ENOTDIR:
        return f"{path.parent} is not a folder"
    if error.errno == errno.ENOSPC:
        return "the disk is full"
    if error.errno == errno.EROFS:
        return "the disk is read-only"
    if error.errno in {errno.EACCES, errno.EPERM}:
        return lock_hint(path) or "permission denied"
    return error.strerror or str(error)


def lock_hint(path: Path) -> str | None:
    """Name the office program that holds the file, from the lock file it leaves beside it."""
    for lock_name, program in (
        (f"~${path.name}", "Excel"),
        (f".~lock.{path.name}#", "LibreOffice"),
    ):
        if (path.parent / lock_name).exists():
            return f"permission denied: the file looks open in {program} (close it and try again)"
    return None
