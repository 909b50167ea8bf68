"""Matching by hand an invoice the books no longer expect to be paid: the question asked
first says it is written off (or void), as the engine's explanation of such a match
does; before, it spoke only of the amounts. The real window, engine and workspace file.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_app.domain import InvoiceStatus
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner
from tests.ui import factories as f
from tests.ui.engine_window import dialogs_of, matched_window
from tests.ui.fakes import ScriptedDialogs

WRITTEN_OFF = replace(
    f.invoice(90, "90.00"), status=InvoiceStatus.UNCOLLECTIBLE, status_raw="uncollectible"
)
VOID = replace(f.invoice(91, "120.00"), status=InvoiceStatus.VOID, status_raw="voided")
PAID = f.line(40, "-85.00", description="TRANSFER")
BEYOND = (
    "A difference of -£5.00: more than the £2.70 matching tolerates "
    "(£2.00 or 3 % of £90.00, whichever is larger)."
)


@pytest.fixture
def window(
    qtbot, qtmodeltester, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> Iterator[MainWindow]:
    invoices = (f.invoice(1, "10.00"), WRITTEN_OFF, VOID)
    lines = (f.line(2, "-10.00", description="PAYMENT INV-00001"), PAID)
    with matched_window(qtbot, qtmodeltester, runner, tmp_path, invoices, lines) as shown:
        shown.activateWindow()
        qtbot.waitUntil(shown.isActiveWindow)
        yield shown


def _ask(qtbot, window: MainWindow, invoice_key) -> str:
    """Select the invoice and the line, press M, answer No: the question asked."""
    view = window.reconcile
    dialogs = dialogs_of(window, ScriptedDialogs)
    dialogs.answers["confirm"] = deque([False])
    view.invoices_panel.table.select_keys([invoice_key])
    view.lines_panel.table.select_keys([PAID.key])
    table = view.lines_panel.table
    table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table)
    qtbot.keyClick(table, Qt.Key.Key_M)
    ((name, (_, question)),) = dialogs.asked
    assert name == "confirm"
    return str(question)


def test_a_written_off_invoice_matched_by_hand_is_said_to_be_written_off(
    qtbot, window: MainWindow
) -> None:
    question = _ask(qtbot, window, WRITTEN_OFF.key)
    assert question == (
        "Match INV-00090 ↔ bank.csv:40 by hand?\n\n"
        "• INV-00090 is written off (uncollectible): if this pays it, reverse the write-off "
        "and book the payment against it.\n"
        f"• {BEYOND}\n\n"
        "Match them all the same?"
    )


def test_a_void_invoice_matched_by_hand_is_said_to_be_void(qtbot, window: MainWindow) -> None:
    question = _ask(qtbot, window, VOID.key)
    assert "• INV-00091 is void (voided): the books no longer expect it to be paid.\n" in question
