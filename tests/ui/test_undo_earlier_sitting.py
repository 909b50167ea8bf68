"""Undo says why it has nothing to undo in a workspace opened with decisions in it.

The undo history is of one sitting: after the workspace is closed and opened again the
decisions all stand, but Undo was greyed out with the tooltip "Undo", as if nothing had
been decided or the steps had been lost without a word. It now says that an earlier
sitting's steps cannot be undone here and where a decision is withdrawn instead, until
there is a step of this sitting to undo. After a matching run of this sitting cleared
its steps, it says instead that the steps before that run cannot be undone, a workspace
opened without decisions too (it said an earlier sitting's, or nothing). Either way it
names the Flagged decisions switch that lists the decisions already reviewed and kept.
The real window, engine and workspace file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_app.domain import Decision, DecisionKind
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner
from desktop_app.workspace import Workspace
from tests.ui import factories as f
from tests.ui.engine_window import matched_window

INVOICE = f.invoice(1, "250.00")
OTHER = f.invoice(2, "40.00")
PAYMENT = f.line(11, "-250.00", description="SUPPLIER")
SPARE = f.line(12, "-40.00", description="SOMETHING ELSE")

WITHDRAW = (
    "Withdraw one with Unmatch (U) on its row of the Reconcile screen, or, if its invoice "
    "changed at the provider, in Review ▸ Flagged decisions…, which lists those no longer "
    "on the screen too, and, with “Show decisions reviewed and kept too” ticked, those "
    "already reviewed and kept."
)
EARLIER_SITTING = (
    "Nothing to undo: the steps of an earlier sitting cannot be undone here; your "
    f"decisions stay as they were saved. {WITHDRAW}"
)
BEFORE_THE_RUN = (
    "Nothing to undo: the steps taken before the last matching run cannot be undone, as "
    f"the run replaced the rows they were taken on; your decisions stand. {WITHDRAW}"
)


def _accepted_earlier(workspace: Workspace) -> None:
    workspace.record_decision(
        Decision(DecisionKind.ACCEPT, (INVOICE.key,), (PAYMENT.key,), user="ann")
    )


def _window(qtbot: Any, qtmodeltester: Any, runner: TaskRunner, folder: Path, decided: bool) -> Any:
    return matched_window(
        qtbot,
        qtmodeltester,
        runner,
        folder,
        (INVOICE, OTHER),
        (PAYMENT, SPARE),
        prepare=_accepted_earlier if decided else None,
    )


@pytest.fixture
def window(
    qtbot: Any, qtmodeltester: Any, runner: TaskRunner, tmp_path: Path, event_loop_qt: Any
) -> Iterator[MainWindow]:
    with matched_window(
        qtbot,
        qtmodeltester,
        runner,
        tmp_path,
        (INVOICE, OTHER),
        (PAYMENT, SPARE),
        prepare=_accepted_earlier,
    ) as shown:
        yield shown


def test_undo_says_an_earlier_sittings_steps_cannot_be_undone_here(
    qtbot: Any, window: MainWindow
) -> None:
    undo = window.undo_action
    assert not undo.isEnabled()
    assert undo.toolTip() == EARLIER_SITTING
    assert undo.statusTip() == EARLIER_SITTING

    # a step of this sitting (M on INV-00002 and row 12): Undo names it, as ever
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view = window.reconcile
    view.invoices_panel.table.select_keys([OTHER.key])
    table = view.lines_panel.table
    table.select_keys([SPARE.key])
    table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table)
    qtbot.keyClick(table, Qt.Key.Key_M)
    assert undo.isEnabled()
    assert undo.toolTip() == undo.text() == "Undo Match INV-00002 ↔ bank.csv:12"
    assert undo.statusTip() == ""

    undo.trigger()  # undone: nothing of this sitting left to undo
    assert undo.toolTip() == EARLIER_SITTING


def _match_spare(qtbot: Any, window: MainWindow) -> None:
    """M on INV-00002 and row 12: a step of this sitting."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view = window.reconcile
    view.invoices_panel.table.select_keys([OTHER.key])
    table = view.lines_panel.table
    table.select_keys([SPARE.key])
    table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table)
    qtbot.keyClick(table, Qt.Key.Key_M)


def _rerun(qtbot: Any, window: MainWindow) -> None:
    """Run matching over a statement added since: a run over other lines than the
    steps' clears the history (one after decisions alone that pairs what is shown keeps
    it: ``test_run_clears_undo``)."""
    added = f.line(30 + len(window.session.lines), "-999.00", description="NEW")
    window.session.add_lines([added], f"more-{len(window.session.lines)}.csv")
    with qtbot.waitSignal(window.session.reconciliation_changed, timeout=60_000):
        window.match_action.trigger()
    qtbot.waitUntil(lambda: not window.runner.active(), timeout=60_000)


@pytest.mark.parametrize("decided", [True, False], ids=["opened-with-decisions", "opened-bare"])
def test_undo_says_a_matching_run_cleared_the_steps_before_it(
    qtbot: Any,
    qtmodeltester: Any,
    runner: TaskRunner,
    tmp_path: Path,
    event_loop_qt: Any,
    decided: bool,
) -> None:
    """Not "an earlier sitting": the steps were this sitting's, and a workspace opened
    without decisions said nothing at all."""
    with _window(qtbot, qtmodeltester, runner, tmp_path, decided) as window:
        undo = window.undo_action
        assert undo.statusTip() == (EARLIER_SITTING if decided else "")
        _match_spare(qtbot, window)
        assert undo.isEnabled()
        _rerun(qtbot, window)
        assert not undo.isEnabled()
        assert undo.toolTip() == BEFORE_THE_RUN
        assert undo.statusTip() == BEFORE_THE_RUN

        _rerun(qtbot, window)  # a run with nothing to clear says the same: still so
        assert undo.toolTip() == BEFORE_THE_RUN
