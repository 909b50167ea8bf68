"""A read-only disk played without mounting one: for the CLI and the window, whose tests
cannot mount a disk portably (``tests.disks.read_only`` needs root for a real mount)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest


def refuse_writes_in(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Removing or renaming a file in ``folder`` fails as on a read-only disk."""
    unlink, replace = Path.unlink, os.replace

    def refused(path: object) -> OSError:
        return OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))

    def read_only_unlink(self: Path, missing_ok: bool = False) -> None:
        if self.parent == folder:
            raise refused(self)
        unlink(self, missing_ok=missing_ok)

    def read_only_replace(source: str | Path, target: str | Path) -> None:
        if Path(target).parent == folder:
            raise refused(source)
        replace(source, target)

    monkeypatch.setattr(Path, "unlink", read_only_unlink)
    monkeypatch.setattr(os, "replace", read_only_replace)


def refused_creation(path: Path) -> str:
    """What creating the workspace ``path`` on a read-only disk says."""
    return (
        f"cannot create workspace {path}: the disk it is on is read-only; choose a folder "
        "you can write to."
    )
