"""Write a file so that readers only ever see the old complete file or the new complete one.

The report is produced in a temporary file beside the target (same directory, so the final
``os.replace`` is a rename within one file system, which is atomic), flushed to disk, and
only then moved over the target. A cancel or a full disk leaves the previous report
untouched and removes the temporary file; a process killed outright leaves it behind, and
the next write beside it removes it once it is an hour old (younger ones may be another
export still running). The new file keeps the old one's permissions and group, and a
target that is a link is written where it points, as a save from Excel would.
"""

from __future__ import annotations

import contextlib
import glob
import os
import secrets
import stat
import time
from collections.abc import Callable
from pathlib import Path

from desktop_app.export.errors import ReportWriteError, describe_os_error, refuse_held_open


def write_atomically(target: str | os.PathLike[str], write: Callable[[Path], None]) -> Path:
    """Call ``write(temp_path)`` and move the result over ``target``; return the target.

    ``OSError`` from any step becomes ``ReportWriteError``; any other exception (a cancel,
    a bug) propagates unchanged. In every failure the temporary file is removed.
    """
    path = check_target(target)
    temp = _create_temp_beside(path)
    try:
        write(temp)
        _fsync_file(temp)
        _keep_permissions(path, temp)
        os.replace(temp, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            temp.unlink()
        if isinstance(error, OSError):
            raise ReportWriteError(path, describe_os_error(error, path)) from error
        raise
    _fsync_directory(path.parent)
    _remove_abandoned_temps(path)
    return path


def check_target(target: str | os.PathLike[str], *, probe: bool = False) -> Path:
    """The file ``write_atomically`` would write for ``target`` (a link's destination),
    or ``ReportWriteError`` when it obviously cannot be (its folder missing, a folder in
    its place) or must not be (``ReportHeldOpenError``: the report there is open in Excel
    or LibreOffice): a caller with slow work before the write (a fetch) asks first, so
    the refusal comes before that work, in the words the write itself would use.

    ``probe``: also create and remove a temporary file in the folder, as the write will.
    A folder's mode bits do not tell whether it can be written (a read-only disk, an
    access list, root), only trying does; a caller about to spend minutes fetching asks."""
    given = path = Path(target).absolute()
    try:
        if path.is_symlink():  # (realpath: a loop of links is written over, not an error)
            path = Path(os.path.realpath(path))
        _check_target(path)
        refuse_held_open(path, given)
    except OSError as error:  # a folder on the way that cannot be read
        raise ReportWriteError(path, describe_os_error(error, path)) from error
    if probe:
        _probe_folder(path)
    return path


def _probe_folder(path: Path) -> None:
    """Refuse ``path`` when no file can be made and removed beside it, as the write's
    temporary file will be: a read-only disk, a folder without write permission. The
    probe has the write's own temporary name, so one a killed run leaves behind is
    cleared by a later write (``_remove_abandoned_temps``)."""
    temp = _create_temp_beside(path)
    try:
        temp.unlink()
    except OSError as error:
        raise ReportWriteError(path, describe_os_error(error, path)) from error


def _check_target(path: Path) -> None:
    """Refuse early, before any work, when the target can obviously not be written."""
    if not path.parent.exists():
        raise ReportWriteError(path, f"the folder {path.parent} does not exist")
    if not path.parent.is_dir():
        raise ReportWriteError(path, f"{path.parent} is not a folder")
    if path.is_dir():
        raise ReportWriteError(path, "a folder with that name is in the way")


def _temp_prefix(path: Path) -> str:
    return f".~{path.name}."


_ABANDONED_AFTER = 3600.0  # seconds: no export runs this long


def _remove_abandoned_temps(path: Path) -> None:
    """Temporary files of this target left by a process killed mid-write."""
    now = time.time()
    for temp in path.parent.glob(glob.escape(_temp_prefix(path)) + "*.tmp"):
        with contextlib.suppress(OSError):
            if now - temp.stat().st_mtime > _ABANDONED_AFTER:
                temp.unlink()


def _keep_permissions(path: Path, temp: Path) -> None:
    """Give the new file the replaced one's mode and group: a report the accountant made
    private (or shared with a group) stays so after the next export."""
    try:
        old = path.stat()
    except FileNotFoundError:
        return
    os.chmod(temp, stat.S_IMODE(old.st_mode))
    with contextlib.suppress(OSError):  # a group the user is not in: keep the default
        os.chown(temp, -1, old.st_gid)


def _create_temp_beside(path: Path) -> Path:
    """Create an empty, uniquely named file next to ``path`` (mode from the umask, like a save)."""
    for _ in range(100):
        temp = path.with_name(f"{_temp_prefix(path)}{secrets.token_hex(4)}.tmp")
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
