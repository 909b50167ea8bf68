"""Accepting one payment of an invoice paid twice (a DUPLICATE_PAYMENT).

The engine matches such an invoice to both lines: the first as its payment, the other
as a repeat payment. Accepting either was refused ("... is already matched; unmatch or
reject that match first"), though the engine's match of the other line is no decision
of the accountant's. Accepting one now confirms that payment, whichever of the two; the
engine's match of the other stays, a repeat payment still reported as a
DUPLICATE_PAYMENT, for the accountant to reject or keep. Accepting the second beside an
accepted first is still refused: two decisions of the accountant's cannot both settle
one invoice, so the second would silently replace the first.

The real window, engine and workspace.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop_app.domain import DecisionKind, DiscrepancyType, Match, MatchState
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.review import match_key
from desktop_app.ui.tasks import TaskRunner
from tests.ui import factories as f
from tests.ui.engine_window import matched_window

PAID = f.invoice(166, "451.67", counterparty="Phi Media")
FIRST = f.line(10, "-451.67", description="PHI INV-00166")
AGAIN = f.line(11, "-451.67", description="PHI INV-00166", day=FIRST.date)


@pytest.fixture
def window(
    qtbot, qtmodeltester, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> Iterator[MainWindow]:
    with matched_window(qtbot, qtmodeltester, runner, tmp_path, (PAID,), (FIRST, AGAIN)) as shown:
        yield shown


def _row(window: MainWindow, row: int) -> Match:
    return next(m for m in window.session.matches if m.lines[0].row == row)


def _states(window: MainWindow) -> dict[int, MatchState]:
    return {m.lines[0].row: m.state for m in window.session.matches}


def _press(qtbot, window: MainWindow, row: int, key: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    view = window.reconcile
    view.table.setFocus()
    view.table.select_keys([match_key(_row(window, row))])
    qtbot.keyClick(view.table, key)


def _rerun(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.session.reconciliation_changed, timeout=60_000):
        window.match_action.trigger()


def _decisions(window: MainWindow) -> list[tuple[DecisionKind, int]]:
    """The decisions in force: kind and line row."""
    return [(d.kind, d.line_keys[0].row) for d in window.workflows._services.decisions()]


def _duplicate_rows(window: MainWindow) -> list[list[int]]:
    run = window.session.reconciliation
    assert run is not None
    return [
        sorted(line.row for line in d.lines)
        for d in run.discrepancies
        if d.type is DiscrepancyType.DUPLICATE_PAYMENT
    ]


def test_the_engine_matches_both_payments_and_reports_the_duplicate(window: MainWindow) -> None:
    assert _states(window) == {10: MatchState.AUTO, 11: MatchState.AUTO}
    assert _duplicate_rows(window) == [[10, 11]]


@pytest.mark.parametrize(("accepted", "other"), [(10, 11), (11, 10)])
def test_either_payment_is_accepted_and_the_other_stays_a_duplicate(
    qtbot, window: MainWindow, accepted: int, other: int
) -> None:
    _press(qtbot, window, accepted, Qt.Key.Key_A)

    assert window.banners.banners() == []
    assert _decisions(window) == [(DecisionKind.ACCEPT, accepted)]
    assert _states(window) == {accepted: MatchState.ACCEPTED, other: MatchState.AUTO}
    step = window.session.undo_stack.text(0)
    assert step == (
        f"Accept INV-00166 ↔ bank.csv:{accepted}; INV-00166 ↔ bank.csv:{other} stays the "
        "engine's match, paying INV-00166 again: a DUPLICATE_PAYMENT to reject or keep"
    )

    # What the engine makes of it: the accepted payment, the other a repeat of it, still
    # reported as a duplicate; the window's rows are the run's.
    _rerun(qtbot, window)
    assert _states(window) == {accepted: MatchState.ACCEPTED, other: MatchState.AUTO}
    assert _row(window, other).explanation.startswith("repeat payment; ")
    assert _duplicate_rows(window) == [[10, 11]]

    # The accountant rejects the repeat: the bank duplicated the credit.
    _press(qtbot, window, other, Qt.Key.Key_R)
    _rerun(qtbot, window)
    assert _states(window) == {accepted: MatchState.ACCEPTED, other: MatchState.REJECTED}
    assert _duplicate_rows(window) == []


def test_undo_puts_the_engine_s_two_matches_back(qtbot, window: MainWindow) -> None:
    _press(qtbot, window, 11, Qt.Key.Key_A)
    window.session.undo_stack.undo()
    assert _states(window) == {10: MatchState.AUTO, 11: MatchState.AUTO}
    services = window.services
    assert isinstance(services, EngineServices)
    audit = services.workspace.workspace.audit()
    trail = [e.decision.kind for e in audit if e.decision.kind is not DecisionKind.ENGINE_MATCH]
    assert trail == [DecisionKind.ACCEPT, DecisionKind.UNMATCH]
    assert _decisions(window) == []


def test_the_second_payment_beside_an_accepted_first_is_refused(qtbot, window: MainWindow) -> None:
    """Two decisions of the accountant's settle an invoice one at a time: the second
    accepted would replace the first in the workspace without a word."""
    _press(qtbot, window, 10, Qt.Key.Key_A)
    _press(qtbot, window, 11, Qt.Key.Key_A)

    (banner,) = window.banners.banners()
    assert banner.title == "Cannot accept INV-00166"
    assert banner.message == (
        "cannot accept INV-00166 ↔ bank.csv:11: you accepted INV-00166 ↔ bank.csv:10, and "
        "one decision of yours settles INV-00166 at a time; unmatch that match first to "
        "accept this one instead"
    )
    assert _decisions(window) == [(DecisionKind.ACCEPT, 10)]
    assert _states(window) == {10: MatchState.ACCEPTED, 11: MatchState.AUTO}
