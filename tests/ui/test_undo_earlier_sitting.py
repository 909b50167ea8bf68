"""Undo says why it has nothing to undo in a workspace opened with decisions in it.

The undo history is of one sitting: after the workspace is closed and opened again the
decisions all stand, but Undo was greyed out with the tooltip "Undo", as if nothing had
been decided or the steps had been lost without a word. It now says that an earlier
sitting's steps cannot be undone here and where a decision is withdrawn instead, until
there is a step of this sitting to undo. The real window, engine and workspace file.
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

EARLIER_SITTING = (
    "Nothing to undo: the steps of an earlier sitting cannot be undone here; your "
    "decisions stay as they were saved. Withdraw one with Unmatch (U) on its row of the "
    "Reconcile screen, or, if its invoice changed at the provider, in Review ▸ Flagged "
    "decisions…, which lists those no longer on the screen too."
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
