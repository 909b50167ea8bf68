"""Real disk trouble for tests: a read-only folder, a full disk.

The machines that run this suite run it as root, whom a file's mode does not stop, so
there only a mount refuses a write: a read-only bind mount, a small tmpfs filled up. A
user without root can mount neither: file modes refuse them instead, and where a full
disk is wanted they meet the other real refusal the same code handles (a read-only
folder, or SQLite refusing to write an open workspace). Nothing here is a mock: SQLite
and the operating system report each refusal exactly as they would to the accountant.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop_app.workspace import (
    Workspace,
    WorkspaceError,
    WorkspaceFullError,
    WorkspaceReadOnlyError,
)

DISK_FULL = "the disk is full: free space and try again"


def running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True)


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """``path`` (a file, or a folder and the files in it) cannot be written inside the
    block: root gets a read-only bind mount of it, anyone else loses the write permission."""
    if running_as_root():
        _run("mount", "--bind", str(path), str(path))
        try:
            _run("mount", "-o", "remount,bind,ro", str(path))
            yield
        finally:
            _run("umount", "--lazy", str(path))
        return
    inside = list(path.iterdir()) if path.is_dir() else []
    modes = {each: each.stat().st_mode for each in [path, *inside]}
    for each in modes:
        each.chmod(0o555 if each.is_dir() else 0o444)
    try:
        yield
    finally:
        for each, mode in modes.items():
            each.chmod(mode)


@contextmanager
def small_disk(folder: Path, kib: int) -> Iterator[Path]:
    """A real disk of ``kib`` KiB mounted at ``folder`` (made for it), unmounted after the
    block, whatever is still open on it. Root only: the caller checks."""
    folder.mkdir()
    _run("mount", "-t", "tmpfs", "-o", f"size={kib}k,mode=0700", "tmpfs", str(folder))
    try:
        yield folder
    finally:
        _run("umount", "--lazy", str(folder))


def fill(folder: Path) -> Path:
    """Fill the disk ``folder`` is on to the last byte; returns the filler, whose removal
    frees the space again."""
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as file:
        for size in (65536, 4096, 1):
            try:
                while True:
                    file.write(b"\0" * size)
            except OSError:
                continue
    return filler


@contextmanager
def workspace_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder that ``no_room`` can fill: a small real disk of its own for root (which
    only a full disk refuses), else ``tmp_path``."""
    if running_as_root():
        with small_disk(tmp_path / "disk", 1024) as folder:
            yield folder
    else:
        yield tmp_path


@contextmanager
def no_room(
    folder: Path, workspace: Workspace | None = None
) -> Iterator[tuple[type[WorkspaceError], str]]:
    """Nothing can be written in ``folder`` (a ``workspace_folder``) inside the block:
    its disk is full. Without root: the folder is read-only, and the open ``workspace``
    (if given) refuses writes (SQLite's ``query_only``). Yields the error the workspace
    should raise and the cause its message should give."""
    if running_as_root():
        filler = fill(folder)
        try:
            yield WorkspaceFullError, DISK_FULL
        finally:
            filler.unlink()
        return
    mode = folder.stat().st_mode
    folder.chmod(0o555)
    if workspace is not None:
        workspace._database.query("PRAGMA query_only = ON")
    try:
        yield WorkspaceReadOnlyError, "read-only"
    finally:
        folder.chmod(mode)
        if workspace is not None:
            workspace._database.query("PRAGMA query_only = OFF")
