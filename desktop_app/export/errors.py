"""Why a report could not be written, in words an accountant can act on."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from desktop_app.os_errors import held_open
from desktop_app.refusal import Refusal, Refused


class ReportWriteError(Exception, Refusal):
    """The report could not be written to ``path``; ``cause`` says why in plain words."""

    refused = Refused.REPORT

    def __init__(self, path: str | os.PathLike[str], cause: str) -> None:
        self.path = Path(path)
        self.cause = cause
        super().__init__(f"cannot write the report {self.path}: {cause}")


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
