"""A workspace that fails as it opens leaves the window working on the one it showed, on
the real window, engine and workspace files.

The window keeps showing the workspace before when an open fails ("Could not open …"),
but the services had made the new file current before reading the rest of it: a fetch
record damaged by another program then left the damaged file current behind the window,
and the accountant's next decision went into it, not into the workspace on screen.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop_app.domain import DecisionKind, MatchState
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner
from desktop_app.workspace import Workspace
from tests.ui import factories as f
from tests.ui.engine_window import matched_window
from tests.ui.screens import decide
from tests.workspace.damage import damaged_fetch_record

INVOICES = (f.invoice(1, "250.00"),)
LINES = (f.line(11, "-250.00", description="INV-00001 PAYMENT"),)


@pytest.fixture
def window(
    qtbot, qtmodeltester, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> Iterator[MainWindow]:
    with matched_window(qtbot, qtmodeltester, runner, tmp_path, INVOICES, LINES) as shown:
        yield shown


def test_the_window_keeps_working_on_the_workspace_it_shows(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    shown = tmp_path / "month-end.reconcile"
    damaged = damaged_fetch_record(tmp_path / "damaged.reconcile")
    with qtbot.waitSignal(window.runner.finished, timeout=60_000):
        assert window.workflows.open_workspace(damaged) is not None

    (banner,) = [b for b in window.banners.banners() if b.title.startswith("Could not open")]
    assert banner.title == "Could not open damaged.reconcile"
    assert banner.message.startswith(f"workspace {damaged} is damaged and cannot be opened (")
    assert "Traceback" not in banner.message
    assert window.services.workspace_path() == shown
    assert window.windowTitle().startswith("month-end ·")

    # The accountant's next decision goes into the workspace on screen.
    decide(qtbot, window, 1, Qt.Key.Key_A)
    assert [m.state for m in window.session.matches] == [MatchState.ACCEPTED]
    (decision,) = window.services.decisions()
    assert decision.kind is DecisionKind.ACCEPT
    with Workspace.open(damaged) as workspace:  # closed, and nothing recorded in it
        assert list(workspace.audit()) == []
