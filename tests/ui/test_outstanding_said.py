"""What the window says of an invoice's amount outstanding, on the real window, engine and
workspace: the Invoices screen's Amount tooltip, the match card's Outstanding row and the
discrepancy pane.

Providers state an amount outstanding on nearly every invoice, £0.00 on one paid in full.
These three spots read any figure other than the gross as "still owed" (the tooltip
"£0.00 still owed of £250.00", its docstring calling it what a payment is measured
against), while the engine, the Unmatched panel and the report count it only for an
invoice partly paid (``prepare.partly_paid``) and measure a payment of any other against
the whole invoice. The provider's figure stays shown; where the engine does not count it,
the window says whose figure it is and what a payment is measured against.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument

from desktop_app.domain import DiscrepancyType, Invoice, InvoiceStatus, Money
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.models.columns import column_index
from desktop_app.ui.review import match_key
from desktop_app.ui.tasks import TaskRunner
from tests.ui import factories as f
from tests.ui.engine_window import matched_window
from tests.ui.settle import laid_out

WHOLE = "a payment is measured against the whole invoice"


def _said(number: int, status: InvoiceStatus, owed: str) -> Invoice:
    return replace(
        f.invoice(number, "250.00"),
        status=status,
        status_raw=status.value,
        amount_outstanding=Money.of(owed, "GBP"),
    )


PAID = _said(1, InvoiceStatus.PAID, "0")
PART_PAID = _said(2, InvoiceStatus.PARTIALLY_PAID, "200.00")  # £50.00 recorded as paid
PAID_NOT_FOUND = _said(3, InvoiceStatus.PAID, "0")
# Its provider says partly paid with nothing left: paid in full, as far as the engine goes
NOTHING_LEFT = _said(4, InvoiceStatus.PARTIALLY_PAID, "0.00")
INVOICES = (PAID, PART_PAID, PAID_NOT_FOUND, NOTHING_LEFT)
LINES = (
    f.line(11, "-250.00", description="INV-00001 PAYMENT"),
    f.line(12, "-20.00", description="INV-00002 PART PAYMENT"),
    f.line(13, "-250.00", description="INV-00004 PAYMENT"),
)


@pytest.fixture
def window(
    qtbot, qtmodeltester, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> Iterator[MainWindow]:
    with matched_window(qtbot, qtmodeltester, runner, tmp_path, INVOICES, LINES) as shown:
        yield shown


def _plain(html: str) -> str:
    document = QTextDocument()
    document.setHtml(html)
    return " ".join(document.toPlainText().split())


def _tooltip(window: MainWindow, invoice: Invoice) -> str | None:
    window.show_screen("invoices")
    model = window.invoices.model
    row = model.row_of(invoice.key)
    assert row is not None
    tip = model.index(row, column_index(model.columns, "amount")).data(Qt.ItemDataRole.ToolTipRole)
    return None if tip is None else str(tip)


def _card(qtbot, window: MainWindow, invoice: Invoice) -> str:  # type: ignore[no-untyped-def]
    window.show_screen("reconcile")
    (match,) = (m for m in window.session.matches if invoice in m.invoices)
    window.reconcile.table.select_keys([match_key(match)], match_key(match))
    laid_out(window)
    return _plain(window.reconcile.detail.card.invoices.text())


def _detail(window: MainWindow, kind: DiscrepancyType, invoice: Invoice) -> str:
    window.show_screen("discrepancies")
    view = window.discrepancies
    (row,) = (
        r
        for r in range(view.model.rowCount())
        if (d := view.model.item_at(r)[1]).type is kind and invoice in d.invoices
    )
    view.table.selectRow(row)
    return _plain(view.detail.text.text())


def test_guard_the_engine_counts_only_the_part_paid_invoice_as_still_owing(
    window: MainWindow,
) -> None:
    run = window.session.reconciliation
    assert run is not None
    assert sorted((d.type.value, d.invoices[0].number) for d in run.discrepancies) == [
        ("AMOUNT_MISMATCH", "INV-00002"),  # £20.00 of the £200.00 still owed
        ("STATUS_CONFLICT", "INV-00003"),  # paid, says its provider; no payment found
    ]


def test_the_amount_tooltip_says_what_a_payment_is_measured_against(
    window: MainWindow,
) -> None:
    assert _tooltip(window, PART_PAID) == "£200.00 still owed of £250.00"
    for invoice in (PAID, PAID_NOT_FOUND, NOTHING_LEFT):
        assert _tooltip(window, invoice) == (
            f"Content Ignite says £0.00 outstanding of £250.00; {WHOLE}"
        ), invoice.number


def test_the_match_card_shows_the_providers_figure_as_its_own(qtbot, window: MainWindow) -> None:
    counted = _card(qtbot, window, PART_PAID)
    assert "Gross £250.00 GBP Outstanding £200.00 GBP" in counted
    assert "says" not in counted
    for invoice in (PAID, NOTHING_LEFT):
        assert (
            f"Gross £250.00 GBP Outstanding £0.00 GBP · as Content Ignite says; {WHOLE}"
            in _card(qtbot, window, invoice)
        ), invoice.number


def test_the_discrepancy_pane_says_still_owed_only_where_the_engine_counts_it(
    window: MainWindow,
) -> None:
    short = _detail(window, DiscrepancyType.AMOUNT_MISMATCH, PART_PAID)
    assert "£250.00 · still owed £200.00 · Partially paid" in short
    unfound = _detail(window, DiscrepancyType.STATUS_CONFLICT, PAID_NOT_FOUND)
    assert f"£250.00 · Content Ignite says £0.00 outstanding ({WHOLE}) · Paid" in unfound
    assert "still owed" not in unfound
