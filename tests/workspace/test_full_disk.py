"""A full disk: one message naming the file and saying to free space; nothing half written
is left behind, and the workspace is as it was.

The disk is a small real one, filled to the last byte (root only, as the machines that run
this suite run it); anyone else meets the other real refusal the same code handles and
cleans up after (tests/disks.py), so every test here runs everywhere.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import replace
from pathlib import Path

import pytest

from desktop_app.domain import DecisionKind
from desktop_app.workspace import Workspace, WorkspaceError, WorkspaceFullError
from tests.disks import no_room, workspace_folder
from tests.workspace.factories import decision
from tests.workspace.format1 import write_format_1_file


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    with workspace_folder(tmp_path) as folder:
        yield folder


def _snapshot(folder: Path) -> dict[str, str]:
    """Every file but the one filling the disk, and a hash of its bytes."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.name != "filler"
    }


def test_creating_a_workspace_on_a_full_disk_says_so_and_leaves_nothing(folder: Path) -> None:
    """Each attempt used to raise sqlite3's own error and leave a ``.creating-PID`` file."""
    path = folder / "march.reconcile"
    with no_room(folder) as (error, cause):
        for _attempt in range(2):
            with pytest.raises(error) as refused:
                Workspace.create(path)
            assert str(refused.value).startswith(f"cannot create workspace {path}: ")
            assert cause in str(refused.value)
            assert _snapshot(folder) == {}
    with Workspace.create(path) as workspace:
        assert workspace.audit() == ()


def test_upgrading_on_a_full_disk_says_so_and_leaves_the_file_as_it_was(folder: Path) -> None:
    """The backup kept before an upgrade does not fit: no half copy is left (one more
    per attempt, before), and the file is still format 1, whole, once there is room."""
    path = folder / "old.reconcile"
    write_format_1_file(path)
    before = _snapshot(folder)
    with no_room(folder) as (error, cause):
        for _attempt in range(2):
            with pytest.raises(error) as refused:
                Workspace.open(path)
            message = str(refused.value)
            assert str(path) in message
            assert cause in message
            assert "has not been changed" in message
            assert _snapshot(folder) == before
    with Workspace.open(path) as workspace:
        assert len(workspace.audit()) == 7
    assert sorted(p.name for p in folder.iterdir()) == [
        "old.format1-backup.reconcile",
        "old.reconcile",
    ]


def test_a_decision_refused_for_lack_of_space_says_so_and_changes_nothing(
    folder: Path,
) -> None:
    """Recording and undoing raised sqlite3's own error, which callers do not expect
    from the workspace; the refused change is not half saved, and once there is room the
    same workspace goes on."""
    with Workspace.create(folder / "march.reconcile") as workspace:
        accepted = workspace.record_decision(decision(DecisionKind.ACCEPT, ("A",), (2,)))
        trail = workspace.audit()
        rejection = decision(DecisionKind.REJECT, ("B",), (3,))
        with no_room(folder, workspace) as (error, cause):
            refusals = [
                lambda: workspace.record_decision(replace(rejection, reason="r" * 20000)),
                lambda: workspace.undo(accepted.id),
            ]
            for refused_change in refusals:
                with pytest.raises(error) as refused:
                    refused_change()
                message = str(refused.value)
                assert message.startswith(f"cannot save to workspace {workspace.path}: ")
                assert cause in message
                assert "Nothing of this change was saved." in message
                assert workspace.audit() == trail
        assert isinstance(refused.value, WorkspaceError)
        workspace.undo(accepted.id)
        assert workspace.effective_decisions() == ()
    with Workspace.open(folder / "march.reconcile") as reopened:
        assert [entry.decision.kind for entry in reopened.audit()] == [
            DecisionKind.ACCEPT,
            DecisionKind.UNMATCH,
        ]


def test_opening_on_a_full_disk_leaves_no_empty_owner_note(folder: Path) -> None:
    """Reading needs no room, so a full disk does not stop the workspace from opening
    (a read-only folder does); but the note saying who has it open, cut short, was left
    behind empty, naming nobody."""
    path = folder / "march.reconcile"
    Workspace.create(path).close()
    before = _snapshot(folder)
    with no_room(folder) as (error, _cause):
        refused: AbstractContextManager[object] = nullcontext()
        if error is not WorkspaceFullError:
            refused = pytest.raises(error)
        with refused:
            Workspace.open(path).close()
        assert _snapshot(folder) == before
