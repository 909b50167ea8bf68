"""What needs a workspace, asked for with none open, is refused saying what to do.

The audit trail is kept in the workspace: asked for from a line's menu with none open,
the refusal escaped the menu's slot and the application showed it as an "Unexpected
error" with a traceback, as if the app had crashed. Now the banner says no workspace is
open, and its Details how to open or create one and that what the window holds is not
carried over. A bug reading the trail still escapes, its traceback kept. The real
window, engine and wizard.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import NO_WORKSPACE, TaskRunner
from tests.ui.engine_window import WizardDialogs, engine_window, import_with_wizard

CSV = "Date,Description,Amount\n01/10/2025,Rent,-900.00\n02/10/2025,Client X,1500.00\n"


@pytest.fixture
def window(
    qtbot: Any, runner: TaskRunner, tmp_path: Path, event_loop_qt: object
) -> Iterator[MainWindow]:
    """The Statements screen holding a statement imported with no workspace open, its
    first line selected."""
    dialogs = WizardDialogs(qtbot)
    with engine_window(qtbot, runner, tmp_path, dialogs, screen="statements") as window:
        path = tmp_path / "client-oct.csv"
        path.write_text(CSV, encoding="utf-8")
        import_with_wizard(qtbot, window, dialogs, path, lambda wizard: None)
        qtbot.waitUntil(lambda: not window.runner.active(), timeout=60_000)
        assert window.services.workspace_path() is None
        window.statements.table.selectRow(0)
        yield window


def test_the_audit_trail_without_a_workspace_says_to_open_one(
    qtbot: Any, window: MainWindow
) -> None:
    line = window.statements.table.current_item()
    assert line is not None
    window.statements.audit_action.trigger()
    [banner] = window.banners.banners()
    assert banner.title == f"Showing the audit trail of client-oct.csv row {line.row} failed"
    assert banner.message == "no workspace is open: create or open one (File menu)"
    qtbot.mouseClick(banner.details_button, Qt.MouseButton.LeftButton)
    assert banner.details.toPlainText() == NO_WORKSPACE
    assert "File > New workspace…" in NO_WORKSPACE
    assert "not carried over" in NO_WORKSPACE


def test_a_bug_reading_the_audit_trail_keeps_its_traceback(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("entry")

    monkeypatch.setattr(window.services, "audit_trail", broken)
    with qtbot.capture_exceptions() as escaped:
        window.statements.audit_action.trigger()
    [(kind, _error, _traceback)] = escaped
    assert kind is KeyError  # to the application's handler, which shows its traceback
    assert window.banners.banners() == []
