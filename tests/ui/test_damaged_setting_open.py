"""The window opening a workspace whose stored period was changed outside the application.

Its ``fetch_period`` raised a bare ``JSONDecodeError``: the window's banner said "Could not
open book.reconcile: Expecting value: line 1 column 1 (char 0)", naming neither the
damaged file nor what in it, with the traceback as its details. Now it says the
workspace is damaged, naming the file and the setting, as for any other damaged record,
and the window keeps working. The real window, engine and workspace file.
"""

from __future__ import annotations

from pathlib import Path

from desktop_app.ui.tasks import TaskRunner
from desktop_app.workspace.workspace import FETCH_PERIOD_SETTING
from tests.ui.engine_window import engine_window
from tests.ui.fakes import ScriptedDialogs
from tests.workspace.damage import damaged_setting


def test_a_damaged_period_is_said_as_a_damaged_workspace_naming_it(
    qtbot, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> None:
    path = damaged_setting(tmp_path / "book.reconcile", FETCH_PERIOD_SETTING, "{oops")
    with engine_window(qtbot, runner, tmp_path, ScriptedDialogs()) as window:
        with qtbot.waitSignal(window.runner.finished, timeout=60_000):
            assert window.workflows.open_workspace(path) is not None
        [banner] = [
            b for b in window.banners.banners() if b.title == "Could not open book.reconcile"
        ]
        assert banner.message.startswith(f"workspace {path} is damaged and cannot be opened (")
        assert "the stored setting 'fetch_period': Expecting property name" in banner.message
        assert "Traceback" not in banner.message
        assert window.services.workspace_path() is None  # nothing half opened
