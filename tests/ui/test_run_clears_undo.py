"""Run matching clears the undo history where its rows are not those the steps refer to (a
statement imported or invoices fetched since, or the engine pairing anew); it used to do
so without a word, Undo simply going grey. The status bar now says so, when there was
something to undo, and that the decisions are kept.

After decisions alone, a run pairing what the screen shows in the states it shows them
keeps the history, as the export's run does: an accountant pressing Match to see what the
engine makes of their decisions used to lose Undo for nothing. The real window, engine and
workspace.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop_app.domain import DecisionKind, Match, MatchState
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


def _accept_one(qtbot, window: MainWindow) -> Match:  # type: ignore[no-untyped-def]
    view = window.reconcile
    match = next(m for m in window.session.matches if not m.decided_by_user)
    view.table.setFocus()
    view.table.select_keys([match_key(match)])
    qtbot.keyClick(view.table, Qt.Key.Key_A)
    assert window.undo_action.isEnabled()
    return match


def test_a_run_after_a_decision_and_an_import_says_undo_was_cleared_and_the_decision_kept(
    qtbot, window: MainWindow
) -> None:
    match = _accept_one(qtbot, window)
    window.session.add_lines([f.line(40, "-999.00", description="Other")], "more.csv")

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


def test_a_run_after_decisions_alone_keeps_the_undo_history(qtbot, window: MainWindow) -> None:
    """Accepted, then rejected: the run pairs what the screen shows, so its rows take the
    places of those shown, in the history too, and both steps still undo."""
    accepted = _accept_one(qtbot, window)
    other = next(m for m in window.session.matches if not m.decided_by_user)
    window.reconcile.table.select_keys([match_key(other)])
    qtbot.keyClick(window.reconcile.table, Qt.Key.Key_R)
    assert window.session.is_stale()

    said = _run_matching(qtbot, window)

    assert said == "Matching done: 1 match, 2 discrepancies."  # the rejected one unpaired
    session = window.session
    assert not session.is_stale()
    assert session.undo_stack.count() == 2
    key = accepted.invoices[0].key
    (row,) = session.index.for_invoice(key)
    assert row.explanation.startswith("accepted; ")  # the run's row
    window.undo_action.trigger()  # the rejection
    assert session.invoice_state(other.invoices[0].key) is MatchState.AUTO
    window.undo_action.trigger()  # the acceptance
    assert session.invoice_state(key) is MatchState.AUTO
    assert not window.undo_action.isEnabled()
