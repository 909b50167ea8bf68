"""Creating a workspace on a read-only disk: one message naming the workspace and what to
do, never the internal ``.creating-PID`` file nor a traceback (tester k, finding 3).

A read-only disk refuses even removing a file that is not there (EROFS, not ENOENT), so
creating failed at its first step, before the refusals that word SQLite's errors. A real
read-only folder is used where the machine allows it (``tests.disks.read_only``); the
disk's own refusal, which only root can mount, is also played by raising what it raises.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from desktop_app.workspace import Workspace, WorkspaceError
from tests.disks import read_only
from tests.workspace.read_only_disk import refuse_writes_in, refused_creation


def test_creating_on_a_read_only_disk_names_the_workspace_not_its_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "new.reconcile"
    refuse_writes_in(tmp_path, monkeypatch)
    with pytest.raises(WorkspaceError) as refused:
        Workspace.create(path)
    assert str(refused.value) == refused_creation(path)
    assert ".creating-" not in str(refused.value)
    assert not path.exists()


def test_a_read_only_refusal_at_the_rename_leaves_no_temporary_file_as_it_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last step refused (the disk turned read-only under the app): the same words."""
    path = tmp_path / "new.reconcile"
    replace = os.replace

    def read_only_replace(source: str | Path, target: str | Path) -> None:
        if Path(target) == path:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(source))
        replace(source, target)

    monkeypatch.setattr(os, "replace", read_only_replace)
    with pytest.raises(WorkspaceError) as refused:
        Workspace.create(path)
    assert str(refused.value) == refused_creation(path)
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_is_still_refused_as_existing(tmp_path: Path) -> None:
    path = tmp_path / "taken.reconcile"
    path.write_bytes(b"")
    with pytest.raises(WorkspaceError, match="a file with that name already exists"):
        Workspace.create(path)


def test_creating_in_a_real_read_only_folder_names_the_workspace_and_the_remedy(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "share"
    folder.mkdir()
    path = folder / "new.reconcile"
    with read_only(folder):
        for _attempt in range(2):
            with pytest.raises(WorkspaceError) as refused:
                Workspace.create(path)
            message = str(refused.value)
            assert message.startswith(f"cannot create workspace {path}: ")
            assert message.endswith("; choose a folder you can write to.")
            assert ".creating-" not in message
    assert list(folder.iterdir()) == []
