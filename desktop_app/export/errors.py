"""Why a report could not be written, in words an accountant can act on."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from desktop_app.os_errors import OfficeLock, held_open, office_lock
from desktop_app.refusal import Refusal, Refused


class ReportWriteError(Exception, Refusal):
    """The report could not be written to ``path``; ``cause`` says why in plain words."""

    refused = Refused.REPORT

    def __init__(self, path: str | os.PathLike[str], cause: str) -> None:
        self.path = Path(path)
        self.cause = cause
        super().__init__(f"cannot write the report {self.path}: {cause}")


class ReportHeldOpenError(ReportWriteError):
    """The report to be replaced is open in a spreadsheet program, as the lock file it
    leaves beside it shows (``lock``). Where the system does not stop the replace (Linux,
    macOS), the program would go on showing the old report and its next save would write
    that back over the new one: refused, before any work, as a file that cannot be
    written is."""

    def __init__(self, path: str | os.PathLike[str], lock: OfficeLock) -> None:
        self.lock = lock
        super().__init__(path, _held_open_cause(lock))


def _held_open_cause(lock: OfficeLock) -> str:
    """Which program has it open and who, what to do, and what to do when no program
    has: a program that ended without closing it (a crash, a computer switched off)
    leaves its lock file behind for good."""
    program = lock.program
    held = f" by {lock.holder}" if lock.holder else ""
    return (
        f"it is open in {program}{held}, as its lock file {lock.path.name} beside it says; "
        f"replaced now, {program} would go on showing the old report, and saving it there "
        f"would put the old report back. Close it in {program}, then try again; if no "
        f"program has it open, the lock file is stale: delete {lock.path} and try again"
    )


def refuse_held_open(path: Path, *names: Path) -> None:
    """Raise ``ReportHeldOpenError`` when the existing report ``path`` is open in Excel or
    LibreOffice, as a lock file beside it, or beside any of ``names`` (the link it was
    chosen by), shows. A new report replaces nothing open, so a lock without its file
    (stale, whatever it says) is no reason to refuse."""
    if not path.is_file():
        return
    for name in dict.fromkeys((path, *names)):
        lock = office_lock(name)
        if lock is not None:
            raise ReportHeldOpenError(path, lock)


def describe_os_error(error: OSError, path: Path) -> str:
    """Turn an ``OSError`` into the cause the accountant needs to fix it."""
    held = held_open(error, path)
    if held is not None:
        return held
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
        return "permission denied"
    return error.strerror or str(error)
