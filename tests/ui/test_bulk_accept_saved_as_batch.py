"""Accept, Undo and Redo of every match selected, through the real window and workspace.

The window saves a bulk step with one call (``record_decisions``, ``undo_all``), which the
workspace now saves in a few queries for the whole batch (``decision_log.Batch``) rather
than a dozen per decision. The step's decisions must land as they did: each accept in
force after A, none after Undo (each withdrawn by an UNMATCH naming it), each again after
Redo, and the screen's states agreeing with the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop_app.domain import DecisionKind, MatchState
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner
from tests.ui import factories as f
from tests.ui.engine_window import matched_window
from tests.ui.landed import landed

N = 24
INVOICES = [f.invoice(n, f"{100 + n}.00") for n in range(1, N + 1)]
LINES = [
    f.line(n + 1, f"-{100 + n}.00", description=f"PAYMENT INV-{n:05d}") for n in range(1, N + 1)
]


@pytest.fixture
def window(
    qtbot, qtmodeltester, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> Iterator[MainWindow]:
    with matched_window(qtbot, qtmodeltester, runner, tmp_path, INVOICES, LINES) as shown:
        yield shown


def _in_force(window: MainWindow) -> list[tuple[DecisionKind, int]]:
    return sorted((d.kind, d.line_keys[0].row) for d in window.workflows._services.decisions())


def _states(window: MainWindow) -> set[MatchState]:
    return {match.state for match in window.session.matches}


def test_a_bulk_accept_its_undo_and_redo_land_whole_in_the_workspace(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    view = window.reconcile
    view.table.setFocus()
    assert len(window.session.matches) == N
    qtbot.keyClick(view.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view.table, Qt.Key.Key_A)
    landed(qtbot, window)
    accepted = [(DecisionKind.ACCEPT, line.row) for line in LINES]
    assert _in_force(window) == accepted
    assert _states(window) == {MatchState.ACCEPTED}
    assert window.undo_action.text() == f"Undo Accept {N} matches"

    window.undo_action.trigger()
    landed(qtbot, window)
    assert _in_force(window) == []
    assert MatchState.ACCEPTED not in _states(window)

    window.redo_action.trigger()
    landed(qtbot, window)
    assert _in_force(window) == accepted
    assert _states(window) == {MatchState.ACCEPTED}

    trail = window.workflows._services.workspace.workspace.audit()  # type: ignore[attr-defined]
    mine = [entry for entry in trail if entry.decision.kind is not DecisionKind.ENGINE_MATCH]
    assert [entry.decision.kind for entry in mine] == (
        [DecisionKind.ACCEPT] * N + [DecisionKind.UNMATCH] * N + [DecisionKind.ACCEPT] * N
    )
    first, undos, again = mine[:N], mine[N : 2 * N], mine[2 * N :]
    # each accept withdrawn by an unmatch naming it (the step undone last decision first)
    assert {u.replaces: u.decision.reason for u in undos} == {
        (a.id,): f"undo of #{a.id}" for a in first
    }
    assert all(entry.in_force for entry in again)
    assert not any(entry.in_force for entry in first)
