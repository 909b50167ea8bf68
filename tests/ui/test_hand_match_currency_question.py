"""A match by hand of an invoice with a payment in another currency is asked about.

A difference beyond the tolerance was asked about before recording the match, but a
pound invoice matched to a euro line asked nothing, though its amounts are compared with
nothing (the totals show "Difference: -£1,053.14; €1,250.00") and the engine reports it
as a CURRENCY_MISMATCH. It is now asked the same way, naming both currencies; No
decides nothing. A line in the currency the invoice is agreed to be settled in is no
mismatch, and is not asked about for its currency (a guard).

The real window, engine and workspace.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop_app.domain import DecisionKind, Money, Settlement
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner
from tests.ui import factories as f
from tests.ui.engine_window import dialogs_of, matched_window
from tests.ui.fakes import ScriptedDialogs

POUNDS = f.invoice(180, "1053.14", counterparty="Sigma Studio")
AGREED = replace(
    f.invoice(181, "1053.14", counterparty="Tau Studio"),
    settlement=Settlement("EUR", Money.of("1250.00", "EUR")),
)
EUROS = f.line(7, "-1250.00", currency="EUR", description="TRANSFER 0412")


@pytest.fixture
def window(
    qtbot, qtmodeltester, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> Iterator[MainWindow]:
    invoices = (POUNDS, AGREED)
    with matched_window(qtbot, qtmodeltester, runner, tmp_path, invoices, (EUROS,)) as shown:
        assert shown.session.matches == []  # the engine pairs none of them
        yield shown


def _match(qtbot, window: MainWindow, answer: bool, invoice=POUNDS) -> ScriptedDialogs:  # type: ignore[no-untyped-def]
    view = window.reconcile
    view.invoices_panel.table.select_keys([invoice.key])
    view.lines_panel.table.select_keys([EUROS.key])
    dialogs = dialogs_of(window, ScriptedDialogs)
    dialogs.answers["confirm"] = deque([answer])
    view.invoices_panel.table.setFocus()
    qtbot.keyClick(view.invoices_panel.table, Qt.Key.Key_M)
    return dialogs


def _decisions(window: MainWindow) -> list[DecisionKind]:
    return [d.kind for d in window.workflows._services.decisions()]


def test_a_payment_in_another_currency_is_asked_about_first(qtbot, window: MainWindow) -> None:
    view = window.reconcile
    dialogs = _match(qtbot, window, False)

    concern = (
        "INV-00180 is in GBP, but the line selected is in EUR: a payment in another "
        "currency than its invoice is not compared with it (no amount is agreed in EUR), "
        "and the report lists the match as a CURRENCY_MISMATCH."
    )
    assert dialogs.asked[-1] == (
        "confirm",
        (
            "Match by hand?",
            f"Match INV-00180 ↔ bank.csv:7 by hand?\n\n• {concern}\n\nMatch them all the same?",
        ),
    )
    assert view.selection_totals.toolTip() == concern
    assert _decisions(window) == []  # No decides nothing

    _match(qtbot, window, True)
    assert _decisions(window) == [DecisionKind.MANUAL_MATCH]


def test_a_payment_in_the_agreed_settlement_currency_is_not_asked_about_its_currency(
    qtbot, window: MainWindow
) -> None:
    dialogs = _match(qtbot, window, True, AGREED)
    assert [name for name, _ in dialogs.asked] == []  # €1,250.00 is the amount agreed
    assert _decisions(window) == [DecisionKind.MANUAL_MATCH]
