"""The Reconcile screen's "Unmatched invoices" panel of a month whose provider says most
invoices are paid in full, on the real window, engine and workspace (tester O, finding 2).

The panel said "Unmatched invoices (15,569)" for 12 invoices in no match: every PAID,
REFUNDED or written-off invoice (nothing outstanding) settled by its gross was listed,
before and after its match was accepted. It lists what the report lists as unsettled
(no payment found: STATUS_CONFLICT, UNPAID_INVOICE) and the invoice still owing the rest
of a part paid before (its AMOUNT_MISMATCH row), and the Overview's "Reconciled invoices"
counts the others.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from desktop_app.domain import Invoice, InvoiceStatus, MatchState, Money
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner
from tests.ui import factories as f
from tests.ui.engine_window import matched_window
from tests.ui.landed import landed
from tests.ui.screens import export_banner


def _said(number: int, status: InvoiceStatus, owed: str | None) -> Invoice:
    return replace(
        f.invoice(number, "250.00"),
        status=status,
        status_raw=status.value,
        amount_outstanding=None if owed is None else Money.of(owed, "GBP"),
    )


PAID = _said(1, InvoiceStatus.PAID, "0")
REFUNDED = _said(2, InvoiceStatus.REFUNDED, "0.00")
WRITTEN_OFF = _said(3, InvoiceStatus.UNCOLLECTIBLE, "0")
PART_PAID = _said(4, InvoiceStatus.PARTIALLY_PAID, "200.00")  # £50.00 recorded as paid
PAID_NOT_FOUND = _said(5, InvoiceStatus.PAID, "0")
OPEN_NOT_FOUND = _said(6, InvoiceStatus.OPEN, None)
INVOICES = (PAID, REFUNDED, WRITTEN_OFF, PART_PAID, PAID_NOT_FOUND, OPEN_NOT_FOUND)
LINES = (
    f.line(11, "-250.00", description="INV-00001 PAYMENT"),
    f.line(12, "-250.00", description="INV-00002 PAYMENT"),
    f.line(13, "-250.00", description="INV-00003 PAYMENT"),
    f.line(14, "-50.00", description="INV-00004 PART PAYMENT"),
)
# What the panel offers: in no match, or still owing the rest of the part paid
OFFERED = ["INV-00004", "INV-00005", "INV-00006"]


@pytest.fixture
def window(
    qtbot, qtmodeltester, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> Iterator[MainWindow]:
    with matched_window(qtbot, qtmodeltester, runner, tmp_path, INVOICES, LINES) as shown:
        yield shown


def _panel(window: MainWindow) -> tuple[str, list[str]]:
    """The panel's heading and the numbers of the invoices it lists, as shown."""
    panel = window.reconcile.invoices_panel
    model = panel.model
    return panel.heading.text(), sorted(
        model.item_at(row).number for row in range(model.rowCount())
    )


def _report_rows(qtbot, window: MainWindow, path: Path) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """The report's Discrepancies rows naming an invoice: (type, invoice number)."""
    export_banner(qtbot, window, path)
    book = load_workbook(path, read_only=True)
    try:
        header, *rows = [list(r) for r in book["Discrepancies"].iter_rows(values_only=True)]
    finally:
        book.close()
    named = [dict(zip(header, row, strict=False)) for row in rows]
    return sorted((str(r["Type"]), str(r["Invoice Number"])) for r in named if r["Invoice Number"])


def test_guard_the_engine_matches_every_payment_it_is_given(window: MainWindow) -> None:
    matched = sorted(
        (m.invoices[0].number, m.state) for m in window.session.matches if len(m.invoices) == 1
    )
    assert matched == [
        ("INV-00001", MatchState.AUTO),
        ("INV-00002", MatchState.AUTO),
        ("INV-00003", MatchState.AUTO),
        ("INV-00004", MatchState.AUTO),
    ]


def test_the_panel_lists_what_the_report_and_the_overview_leave_unsettled(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    assert _panel(window) == ("<b>Unmatched invoices</b> (3)", OFFERED)
    assert _report_rows(qtbot, window, tmp_path / "report.xlsx") == [
        ("AMOUNT_MISMATCH", "INV-00004"),  # the £200.00 still owed is unpaid
        ("STATUS_CONFLICT", "INV-00005"),
        ("UNPAID_INVOICE", "INV-00006"),
        ("VOID_INVOICE_PAID", "INV-00003"),  # a write-off to reverse: it was paid
    ]
    # 1, 2 and 4 of the five expecting a payment (the written-off one does not)
    window.show_screen("overview")
    assert "<b>3 of 5 (60%)</b>" in window.overview.tiles["reconciled"].text()


def test_accepting_every_match_leaves_the_panel_as_it_was(qtbot, window: MainWindow) -> None:
    view = window.reconcile
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view.table, Qt.Key.Key_A)
    landed(qtbot, window)
    assert {m.state for m in window.session.matches} == {MatchState.ACCEPTED}
    assert _panel(window) == ("<b>Unmatched invoices</b> (3)", OFFERED)
