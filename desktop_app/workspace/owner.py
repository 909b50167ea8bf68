"""Who has a workspace open: a small note beside the file, for the "in use" message.

The lock itself is SQLite's exclusive lock, which the operating system releases when the
process ends, however it ends; so a note left behind by a crash never blocks anyone. The
note only lets the second process say *who* holds the file ("alice on PC-12, process 4242").
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
from datetime import UTC, datetime
from pathlib import Path


def current_user() -> str:
    """The operating-system user, recorded with every decision."""
    try:
        return getpass.getuser()
    except Exception:  # getpass raises OSError, KeyError or ImportError on odd systems
        return os.environ.get("USERNAME") or os.environ.get("USER") or "unknown"


def owner_note_path(workspace: Path) -> Path:
    return workspace.with_name(workspace.name + ".owner")


def write_owner_note(workspace: Path) -> None:
    """Best effort: a read-only folder or a full disk must not stop the accountant from
    working. A note the full disk cut short is removed: it would name nobody."""
    note = {
        "user": current_user(),
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "since": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    path = owner_note_path(workspace)
    try:
        path.write_text(json.dumps(note), encoding="utf-8")
    except OSError:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


def read_owner(workspace: Path) -> str | None:
    """A readable description of the holder, or None when no note can be read."""
    try:
        note = json.loads(owner_note_path(workspace).read_text(encoding="utf-8"))
        return f"{note['user']} on {note['host']} (process {note['pid']}, since {note['since']})"
    except (OSError, ValueError, KeyError, TypeError):
        return None


def remove_owner_note(workspace: Path) -> None:
    """Remove the note if it is ours (another process may have taken over since)."""
    path = owner_note_path(workspace)
    try:
        note = json.loads(path.read_text(encoding="utf-8"))
        if note.get("pid") == os.getpid() and note.get("host") == socket.gethostname():
            path.unlink()
    except (OSError, ValueError, AttributeError):
        pass
