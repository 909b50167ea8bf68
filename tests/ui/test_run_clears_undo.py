"""Run matching clears the undo history (its steps are of the run before); it used to do so
without a word, Undo simply going grey. The status bar now says so, when there was
something to undo, and that the decisions are kept. The real window, engine and workspace.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop_app.domain import DecisionKind, MatchState
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.review import match_key
from desktop_app.ui.tasks import TaskRunner
from tests.ui import factories as f
from tests.ui.engine_window import matched_window

INVOICES = tuple(f.invoice(i, f"{i}50.00") for i in (1, 2))
LINES = tuple(f.line(10 + i, f"-{i}50.00", description=f"Payment INV-{i:05d}") for i in (1, 2))
SAID = "Undo history cleared by the new run; your decisions are kept."


@pytest.fixture
def window(
    qtbot, qtmodeltester, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> Iterator[MainWindow]:
    with matched_window(qtbot, qtmodeltester, runner, tmp_path, INVOICES, LINES) as window:
        yield window


def _run_matching(qtbot, window: MainWindow) -> str:
    """Press Run matching; the status bar's message once the run is shown."""
    with qtbot.waitSignal(window.session.reconciliation_changed, timeout=60_000):
        window.match_action.trigger()
    qtbot.waitUntil(lambda: not window.runner.active(), timeout=60_000)
    return window.statusBar().currentMessage()


def test_a_run_after_a_decision_says_undo_was_cleared_and_the_decision_kept(
    qtbot, window: MainWindow
) -> None:
    view = window.reconcile
    match = next(m for m in window.session.matches if not m.decided_by_user)
    view.table.setFocus()
    view.table.select_keys([match_key(match)])
    qtbot.keyClick(view.table, Qt.Key.Key_A)
    assert window.undo_action.isEnabled()

    said = _run_matching(qtbot, window)

    assert said.startswith("Matching done: ")
    assert said.endswith(f" {SAID}")
    assert not window.undo_action.isEnabled()
    assert window.session.invoice_state(match.invoices[0].key) is MatchState.ACCEPTED
    services = window.services
    assert isinstance(services, EngineServices)
    assert [d.kind for d in services.decisions()] == [DecisionKind.ACCEPT]


def test_a_run_with_nothing_to_undo_says_nothing_of_it(qtbot, window: MainWindow) -> None:
    said = _run_matching(qtbot, window)

    assert said.startswith("Matching done: ")
    assert "Undo" not in said
