"""Why a file could not be opened when another program holds it, in words to act on.

Shared by the report export (writing) and the statement import (reading), which name such
a cause the same way; it lives outside both because the statements engine imports nothing
from ``export`` (nor Qt). On Windows, Excel holding a file open makes opening it a sharing
or lock violation; elsewhere an office program shows itself by the lock file it leaves
beside the file it has open.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

# Windows reports a file held open by Excel as a sharing or lock violation.
_WINDOWS_SHARING_VIOLATIONS = {32, 33}
_DENIED = {errno.EACCES, errno.EPERM}


def held_open(error: OSError, path: Path) -> str | None:
    """The cause when ``error`` shows, or a lock file beside ``path`` suggests, that
    another program holds the file open; None when nothing points to one."""
    if getattr(error, "winerror", None) in _WINDOWS_SHARING_VIOLATIONS:
        return "the file is open in another program (close it in Excel and try again)"
    if error.errno in _DENIED:
        return _lock_hint(path)
    return None


def _lock_hint(path: Path) -> str | None:
    """Name the office program that holds the file, from the lock file it leaves beside it.

    A folder that cannot be looked into shows no lock file (``os.path.exists`` is False
    on any error), rather than raising while the first error is being described.
    """
    for lock_name, program in (
        (f"~${path.name}", "Excel"),
        (f".~lock.{path.name}#", "LibreOffice"),
    ):
        if os.path.exists(path.parent / lock_name):
            return f"permission denied: the file looks open in {program} (close it and try again)"
    return None
