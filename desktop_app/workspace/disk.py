"""What stops a workspace from being written, in words the accountant can act on.

SQLite opening a workspace it may only read reports a "disk I/O error", which reads like
damage and could make the accountant throw a good file away. Asking the file system first
names the real cause: the file, its folder or the disk it is on is read-only. A full disk
is "database or disk is full" from deep inside SQLite; the accountant is told instead
that the disk is full, which file it is about, and that nothing was half written.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from desktop_app.workspace.errors import WorkspaceError, WorkspaceFullError, WorkspaceReadOnlyError

# SQLite's codes for a write refused by the file system rather than by the data.
_READ_ONLY_CODES = ("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_IOERR")


def read_only_reason(path: Path) -> str | None:
    """What stops ``path`` (a workspace, or where one is to be made) from being written, or
    None when nothing visible does. Its folder counts: SQLite writes the workspace's
    journal (the ``-wal`` file) beside it."""
    folder = path.parent
    if _read_only_disk(folder):
        return "the disk it is on is read-only"
    if path.exists() and not os.access(path, os.W_OK):
        return "the file is read-only"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"its folder {folder} is read-only"
    return None


def _read_only_disk(folder: Path) -> bool:
    """Whether ``folder`` is on a file system mounted read-only (which refuses root too)."""
    if not hasattr(os, "statvfs"):  # Windows: the file's own read-only flag is what counts
        return False
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def refusal(path: Path, error: sqlite3.Error, doing: str) -> WorkspaceError | None:
    """The workspace error telling why SQLite could not write ``path`` (a workspace, or
    the one being created), when the cause is one the accountant can fix: the disk is
    full, or the file, its folder or its disk is read-only. None for any other error,
    which the caller lets through as it is. ``doing`` is "create", "open" or "save to"."""
    code = error.sqlite_errorname
    if code == "SQLITE_FULL":
        return WorkspaceFullError(path, doing)
    if code.startswith(_READ_ONLY_CODES):
        why = read_only_reason(path)
        if why is not None:
            return WorkspaceReadOnlyError(path, why, doing)
        if code.startswith("SQLITE_READONLY"):
            return WorkspaceReadOnlyError(path, "it cannot be written", doing)
    return None


@contextmanager
def refusals(path: Path, doing: str) -> Iterator[None]:
    """Inside the block, SQLite refusing to write ``path`` for a cause the accountant can
    fix is raised as the workspace error that names it (``refusal``)."""
    try:
        yield
    except sqlite3.Error as error:
        told = refusal(path, error, doing)
        if told is None:
            raise
        raise told from None


# The file system's own codes for the same causes, met while creating a workspace outside
# SQLite (clearing a leftover temporary file, renaming the new file into place).
_FULL_ERRNOS = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})
_UNWRITABLE_ERRNOS = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})


def os_refusal(path: Path, error: OSError, doing: str) -> WorkspaceError | None:
    """``refusal`` for an ``OSError``: the file system refusing to write beside ``path``.

    A read-only disk refuses even removing a file that is not there (EROFS, not ENOENT),
    so creating a workspace there fails before SQLite is reached; the message names the
    workspace, not the temporary file the error names. None for any other error.
    """
    if isinstance(error, WorkspaceError):
        return None
    if error.errno in _FULL_ERRNOS:
        return WorkspaceFullError(path, doing)
    if error.errno in _UNWRITABLE_ERRNOS:
        why = read_only_reason(path)
        if why is None:
            why = (
                "the disk it is on is read-only"
                if error.errno == errno.EROFS
                else f"its folder {path.parent} cannot be written"
            )
        return WorkspaceReadOnlyError(path, why, doing)
    return None


@contextmanager
def creation_refusals(path: Path) -> Iterator[None]:
    """``refusals`` for creating ``path``, also over the file system's own errors
    (``os_refusal``): creating touches files beside the workspace outside SQLite."""
    try:
        with refusals(path, "create"):
            yield
    except OSError as error:
        told = os_refusal(path, error, "create")
        if told is None:
            raise
        raise told from None


def remove_partial(path: Path) -> None:
    """Remove a database file this process was writing when it failed, and SQLite's
    journals of it: half a file is no workspace (nor backup), and every failed attempt
    would leave another. Best effort: the failure being reported matters more."""
    for each in (path, *(path.with_name(path.name + end) for end in ("-journal", "-wal", "-shm"))):
        with suppress(OSError):
            each.unlink(missing_ok=True)
