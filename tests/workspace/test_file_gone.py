"""A workspace whose file is removed, moved away or replaced while it is open.

On Linux and macOS SQLite goes on writing into the open file after its name is gone, and
everything written then is lost when it closes: each change is refused instead, saying
so, and everything held until then can be saved as a copy that opens with all of it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from desktop_app.domain import DecisionKind
from desktop_app.workspace import Gone, Workspace, WorkspaceError, WorkspaceGoneError
from tests.workspace.factories import PROVIDER, decision, line, simple_invoice

ACCEPT = DecisionKind.ACCEPT


def _month(workspace: Workspace) -> None:
    """Invoices, a statement and two decisions: what a copy must hold, every part."""
    workspace.save_invoices(PROVIDER, [simple_invoice("A"), simple_invoice("B")])
    workspace.add_statement("march.csv", "0" * 64, {"format": "csv"}, [line(2), line(3)])
    workspace.record_decision(decision(ACCEPT, ("A",), (2,)))
    workspace.record_decision(decision(DecisionKind.REJECT, ("B",), (3,)))


def _held(path: Path) -> tuple[int, int, int, int]:
    """What a workspace file holds, read as the app opens it: invoices, lines, decisions
    in force, audit entries."""
    with Workspace.open(path) as opened:
        return (
            len(opened.load_invoices()),
            len(opened.load_lines()),
            len(opened.effective_decisions()),
            len(opened.audit()),
        )


def test_a_workspace_at_its_path_is_not_gone(workspace: Workspace) -> None:
    _month(workspace)
    assert workspace.gone() is None


def test_a_removed_file_refuses_every_change_saying_so(
    workspace: Workspace, workspace_path: Path
) -> None:
    _month(workspace)
    os.remove(workspace_path)
    assert workspace.gone() is Gone.REMOVED
    entries = len(workspace.audit())
    with pytest.raises(WorkspaceGoneError, match="removed or moved away") as refused:
        workspace.record_decision(decision(ACCEPT, ("B",), (3,)))
    assert str(workspace_path) in str(refused.value)
    assert "nothing of this change was saved" in str(refused.value)
    for change in (
        lambda: workspace.settings.set("matching", "{}"),
        lambda: workspace.save_invoices(PROVIDER, [simple_invoice("C")]),
        lambda: workspace.add_statement("april.csv", "1" * 64, {}, [line(2, source_file="a")]),
    ):
        with pytest.raises(WorkspaceGoneError):
            change()
    # What it held is still read, for the window to show and a copy to keep.
    assert len(workspace.audit()) == entries
    assert len(workspace.effective_decisions()) == 2


def test_a_removed_folder_is_the_file_gone(tmp_path: Path) -> None:
    folder = tmp_path / "client"
    folder.mkdir()
    with Workspace.create(folder / "client.reconcile") as workspace:
        _month(workspace)
        shutil.rmtree(folder)
        assert workspace.gone() is Gone.REMOVED
        with pytest.raises(WorkspaceGoneError):
            workspace.record_decision(decision(ACCEPT, ("B",), (3,)))
        workspace.save_copy(tmp_path / "kept.reconcile")
    assert _held(tmp_path / "kept.reconcile") == (2, 2, 2, 2)


def test_a_file_replaced_by_another_is_said_replaced(
    workspace: Workspace, workspace_path: Path, tmp_path: Path
) -> None:
    _month(workspace)
    other = tmp_path / "other.reconcile"
    Workspace.create(other).close()
    os.replace(other, workspace_path)  # as a sync client puts its version in place
    assert workspace.gone() is Gone.REPLACED
    with pytest.raises(WorkspaceGoneError, match="replaced by another file"):
        workspace.record_decision(decision(ACCEPT, ("B",), (3,)))


def test_a_copy_holds_everything_and_the_workspace_goes_on_in_it(
    workspace: Workspace, workspace_path: Path, tmp_path: Path
) -> None:
    _month(workspace)
    os.remove(workspace_path)
    copy = tmp_path / "saved" / "march copy.reconcile"
    copy.parent.mkdir()
    workspace.save_copy(copy)
    assert workspace.path == copy
    assert workspace.gone() is None
    # The change refused before is made in the copy, and kept there.
    workspace.record_decision(decision(ACCEPT, ("B",), (3,)))
    workspace.close()
    assert _held(copy) == (2, 2, 2, 3)
    assert sorted(os.listdir(copy.parent)) == ["march copy.reconcile"]  # no temporary left


def test_a_copy_may_take_the_name_the_removed_file_had(
    workspace: Workspace, workspace_path: Path
) -> None:
    """The removed file's journal, found by name, is not taken for the copy's, nor is the
    copy's deleted when the removed file closes: what is decided in the copy stays."""
    _month(workspace)
    os.remove(workspace_path)
    workspace.save_copy(workspace_path)
    workspace.record_decision(decision(ACCEPT, ("B",), (3,)))
    workspace.close()
    assert _held(workspace_path) == (2, 2, 2, 3)


def test_a_copy_over_the_replacing_file_replaces_it(
    workspace: Workspace, workspace_path: Path, tmp_path: Path
) -> None:
    _month(workspace)
    other = tmp_path / "other.reconcile"
    Workspace.create(other).close()
    os.replace(other, workspace_path)
    workspace.save_copy(workspace_path)  # the file dialog asked before replacing it
    workspace.close()
    assert _held(workspace_path) == (2, 2, 2, 2)


def test_no_copy_over_the_open_file_itself(workspace: Workspace, workspace_path: Path) -> None:
    _month(workspace)
    with pytest.raises(WorkspaceError, match="own file"):
        workspace.save_copy(workspace_path)
    assert workspace.gone() is None
    assert _held_open(workspace) == 2


def _held_open(workspace: Workspace) -> int:
    return len(workspace.effective_decisions())


def test_a_copy_that_cannot_be_written_leaves_the_workspace_as_it_was(
    workspace: Workspace, workspace_path: Path, tmp_path: Path
) -> None:
    _month(workspace)
    os.remove(workspace_path)
    with pytest.raises(WorkspaceError):
        workspace.save_copy(tmp_path / "no such folder" / "copy.reconcile")
    assert workspace.gone() is Gone.REMOVED
    assert workspace.path == workspace_path
    assert len(workspace.effective_decisions()) == 2
    workspace.save_copy(tmp_path / "copy.reconcile")
    workspace.close()
    assert _held(tmp_path / "copy.reconcile") == (2, 2, 2, 2)


def _journal(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def test_closing_a_replaced_file_leaves_its_journal_to_no_other_file(
    workspace: Workspace, workspace_path: Path, tmp_path: Path
) -> None:
    """SQLite leaves a moved file's journal beside the path on closing, where the file
    put in its place would read it as its own (and take the gone file's decisions)."""
    _month(workspace)
    other = tmp_path / "other.reconcile"
    Workspace.create(other).close()
    os.replace(other, workspace_path)
    workspace.close()
    assert not _journal(workspace_path).exists()
    assert _held(workspace_path) == (0, 0, 0, 0)


def test_a_copy_saved_elsewhere_leaves_the_replacing_file_as_it_was(
    workspace: Workspace, workspace_path: Path, tmp_path: Path
) -> None:
    _month(workspace)
    other = tmp_path / "other.reconcile"
    Workspace.create(other).close()
    os.replace(other, workspace_path)
    workspace.save_copy(tmp_path / "kept.reconcile")
    workspace.close()
    assert _held(tmp_path / "kept.reconcile") == (2, 2, 2, 2)
    assert _held(workspace_path) == (0, 0, 0, 0)


def test_a_removed_file_closed_leaves_no_journal_for_a_new_one_there(
    workspace: Workspace, workspace_path: Path
) -> None:
    _month(workspace)
    os.remove(workspace_path)
    workspace.close()
    assert not _journal(workspace_path).exists()
    Workspace.create(workspace_path).close()
    assert _held(workspace_path) == (0, 0, 0, 0)
