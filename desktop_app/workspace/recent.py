"""The recent-workspaces list shown by File > Open Recent.

Kept in a small JSON file in the user's configuration folder, not in any workspace: it is
about the user, not about a reconciliation. A damaged or unreadable list is treated as
empty; losing it costs a few clicks, while refusing to start would cost the session.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import platformdirs

from desktop_app import APP_NAME

FILE_NAME = "recent-workspaces.json"
DEFAULT_LIMIT = 10


class RecentWorkspaces:
    """Most recently used first, without duplicates, at most ``limit`` entries."""

    def __init__(self, config_dir: Path | None = None, *, limit: int = DEFAULT_LIMIT) -> None:
        directory = config_dir or Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
        self.file = directory / FILE_NAME
        self.limit = limit

    def paths(self) -> list[Path]:
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        if not isinstance(data, list):
            return []
        return [Path(item) for item in data if isinstance(item, str)][: self.limit]

    def add(self, path: Path) -> None:
        """Put ``path`` first (call after every successful open or create)."""
        entry = _normalised(path)
        self._write([entry, *(p for p in self.paths() if _normalised(p) != entry)])

    def remove(self, path: Path) -> None:
        """Drop an entry, e.g. when the user picks a file that no longer exists."""
        entry = _normalised(path)
        self._write([p for p in self.paths() if _normalised(p) != entry])

    def clear(self) -> None:
        self._write([])

    def _write(self, paths: list[Path]) -> None:
        """Write atomically, so a crash never leaves a half-written list."""
        self.file.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.file.with_name(f".{self.file.name}.{os.getpid()}")
        text = json.dumps([str(p) for p in paths[: self.limit]], indent=1)
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, self.file)


def _normalised(path: Path) -> Path:
    return Path(os.path.abspath(os.path.expanduser(path)))
