"""Write a file so that readers only ever see the old complete file or the new complete one.

The report is produced in a temporary file beside the target (same directory, so the final
``os.replace`` is a rename within one file system, which is atomic), flushed to disk, and
only then moved over the target. A crash, a cancel or a full disk leaves the previous report
untouched and removes the temporary file.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable
from pathlib import Path

from desktop_app.export.errors import ReportWriteError, describe_os_error


def write_atomically(target: str | os.PathLike[str], write: Callable[[Path], None]) -> Path:
    """Call ``write(temp_path)`` and move the result over ``target``; return the target.

    ``OSError`` from any step becomes ``ReportWriteError``; any other exception (a cancel,
    a bug) propagates unchanged. In every failure the temporary file is removed.
    """
    path = Path(target).absolute()
    _check_target(path)
    temp = _create_temp_beside(path)
    try:
        write(temp)
        _fsync_file(temp)
        os.replace(temp, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            temp.unlink()
        if isinstance(error, OSError):
            raise ReportWriteError(path, describe_os_error(error, path)) from error
        raise
    _fsync_directory(path.parent)
    return path


def _check_target(path: Path) -> None:
    """Refuse early, before any work, when the target can obviously not be written."""
    if not path.parent.exists():
        raise ReportWriteError(path, f"the folder {path.parent} does not exist")
    if not path.parent.is_dir():
        raise ReportWriteError(path, f"{path.parent} is not a folder")
    if path.is_dir():
        raise ReportWriteError(path, "a folder with that name is in the way")


def _create_temp_beside(path: Path) -> Path:
    """Create an empty, uniquely named file next to ``path`` (mode from the umask, like a save)."""
    for _ in range(100):
        temp = path.with_name(f".~{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
        except FileExistsError:
            continue
        except OSError as error:
            raise ReportWriteError(path, describe_os_error(error, path)) from error
        os.close(fd)
        return temp
    raise ReportWriteError(path, "could not create a temporary file beside it")


def _fsync_file(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX); Windows cannot open directories, so skip there."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
