"""An accepted part of an invoice paid in two leaves the other part paying it, in the window.

The workspace holds the accountant's accept of one payment of £60.00 of a £100.00
invoice; the statement holds the other payment of £40.00 quoting it. The Reconcile
screen showed the accepted part "£40.00 short" and the £40.00 as a payment nothing
explains (``matching/rest.py``). The real window, engine and workspace.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.domain import Decision, DecisionKind, MatchState
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner
from desktop_app.workspace import Workspace
from tests.ui import factories as f
from tests.ui.engine_window import matched_window

OWED = f.invoice(17, "100.00")
PART = f.line(10, "-60.00", description="PART 1 INV-00017")
REST = f.line(11, "-40.00", description="PART 2 INV-00017")


@pytest.fixture
def window(
    qtbot, qtmodeltester, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> Iterator[MainWindow]:
    def accept_part(workspace: Workspace) -> None:
        workspace.record_decision(Decision(DecisionKind.ACCEPT, (OWED.key,), (PART.key,)))

    with matched_window(
        qtbot, qtmodeltester, runner, tmp_path, (OWED,), (PART, REST), prepare=accept_part
    ) as shown:
        yield shown


def test_the_other_part_still_pays_the_invoice(window: MainWindow) -> None:
    session = window.session
    rows = {m.lines[0].row: m for m in session.matches}
    assert {row: m.state for row, m in rows.items()} == {
        10: MatchState.ACCEPTED,
        11: MatchState.AUTO,
    }
    assert "pays the £40.00 left of £100.00" in rows[11].explanation
    assert session.index.line_reconciled(REST.key)
    assert session.reconciliation is not None
    assert session.reconciliation.discrepancies == ()
