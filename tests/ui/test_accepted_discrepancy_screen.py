"""The Discrepancies screen says which discrepancies the accountant accepted.

INV-00175 is paid £19.59 over. Accepted with a note, its row on the Discrepancies screen
read as before, with no column for the decision: one already dealt with looked like
one nobody had opened. After the next run its row has a Decision ("accepted by ... on
..."; the note in its tooltip) and its Explanation ends saying the same, as the report's
row does. The real window, engine and workspace.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.models.columns import column_index
from desktop_app.ui.review import match_key
from desktop_app.ui.tasks import TaskRunner
from tests.ui import factories as f
from tests.ui.engine_window import matched_window

OVERPAID = f.invoice(175, "580.41")
PAYMENT = f.line(7, "-600.00", description="Payment INV-00175")
NOTE = "overpaid 19.59, held on account"


@pytest.fixture
def window(
    qtbot, qtmodeltester, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> Iterator[MainWindow]:
    with matched_window(qtbot, qtmodeltester, runner, tmp_path, (OVERPAID,), (PAYMENT,)) as shown:
        qtmodeltester.check(shown.discrepancies.model)
        shown.activateWindow()
        qtbot.waitUntil(shown.isActiveWindow)
        yield shown


def _listed(window: MainWindow) -> list[tuple[str, str, str, str | None]]:
    """Each row of the list: type, explanation, decision and the decision's tooltip."""
    model = window.discrepancies.model
    keys = ("type", "explanation", "decision")
    columns = [column_index(model.columns, key) for key in keys]
    decision = columns[-1]
    return [
        (
            *(model.index(row, column).data() for column in columns),
            model.index(row, decision).data(Qt.ItemDataRole.ToolTipRole),
        )
        for row in range(model.rowCount())
    ]


def test_an_accepted_overpayment_says_who_accepted_it(qtbot, window: MainWindow) -> None:
    over = "INV-00175: paid £600.00 of £580.41, £19.59 over"
    assert _listed(window) == [("AMOUNT_MISMATCH", over, "", None)]

    view = window.reconcile
    (match,) = window.session.matches
    view.table.setFocus()
    view.table.select_keys([match_key(match)])
    view.note.setText(NOTE)
    qtbot.keyClick(view.table, Qt.Key.Key_A)
    with qtbot.waitSignal(window.session.reconciliation_changed, timeout=60_000):
        window.match_action.trigger()

    ((kind, explanation, decision, tooltip),) = _listed(window)
    user = window.session.user
    assert kind == "AMOUNT_MISMATCH"
    assert decision.startswith(f"accepted by {user} on ")
    assert decision.endswith(" UTC")
    assert tooltip == f"{decision}: {NOTE}"
    assert explanation == f"{over}; {tooltip}"
