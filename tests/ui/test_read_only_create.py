"""The window creating a workspace on a read-only disk (File ▸ New, ``desktop-app
--workspace``): its banner said "Could not open" and quoted the errno naming the internal
``.creating-PID`` file, with no remedy (tester k, finding 3). Now it says the workspace
could not be created, why and what to do. The real window, engine and workspace code; the
disk's refusal is played (tests/workspace/read_only_disk.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.ui.backend.workspace_backend import WorkspaceBackend
from desktop_app.ui.tasks import TaskRunner
from desktop_app.workspace import RecentWorkspaces, WorkspaceError
from tests.ui.engine_window import engine_window
from tests.ui.fakes import ScriptedDialogs
from tests.workspace.read_only_disk import refuse_writes_in, refused_creation


def test_the_backend_refuses_naming_the_workspace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    share = tmp_path / "share"
    share.mkdir()
    path = share / "month-end.reconcile"
    refuse_writes_in(share, monkeypatch)
    backend = WorkspaceBackend(RecentWorkspaces(tmp_path))
    with pytest.raises(WorkspaceError) as refused:
        backend.open(path, create=True)
    assert str(refused.value) == refused_creation(path)
    assert backend.path is None


def test_the_window_says_it_could_not_create_it_and_why(
    qtbot, runner: TaskRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, event_loop_qt
) -> None:
    share = tmp_path / "share"
    share.mkdir()
    path = share / "month-end.reconcile"
    with engine_window(qtbot, runner, tmp_path, ScriptedDialogs()) as window:
        refuse_writes_in(share, monkeypatch)
        with qtbot.waitSignal(window.runner.finished, timeout=60_000):
            assert window.workflows.open_workspace(path, create=True) is not None
        [banner] = [
            b for b in window.banners.banners() if b.title == "Could not create month-end.reconcile"
        ]
        assert banner.message == refused_creation(path)
        assert ".creating-" not in banner.message
        assert window.services.workspace_path() is None
