"""What stops a workspace from being written, told from the file system, not from SQLite.

SQLite opening a workspace it may only read reports a "disk I/O error", which reads like
damage and could make the accountant throw a good file away. Asking the file system first
names the real cause: the file, its folder or the disk it is on is read-only.
"""

from __future__ import annotations

import os
from pathlib import Path


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
