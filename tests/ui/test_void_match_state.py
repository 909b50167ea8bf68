"""An invoice no payment is expected of is not shown as missing its payment.

The Invoices screen showed a void invoice's Match as "Unmatched" in red, as if its
payment were missing, beside the open invoices truly waiting for one. It now says why
none is looked for (its status: "Void"), not in red. Its Match filter's "Unmatched" still
listed them, void and draft invoices among those waiting for a payment: it now lists only
the invoices a payment should settle. The real window over the test services, after a run
that matched neither.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from desktop_app.domain import InvoiceStatus, Reconciliation
from desktop_app.ui import formatting as fmt
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.models.columns import column_index
from desktop_app.ui.views.invoices_view import InvoicesView
from tests.ui import factories as f
from tests.ui.fakes import MemoryServices
from tests.ui.screens import reconcile_after_a_run

PAID = f.invoice(1, "100.00", status=InvoiceStatus.PAID)
VOID = f.invoice(2, "250.00", status=InvoiceStatus.VOID)
WRITTEN_OFF = f.invoice(3, "75.00", status=InvoiceStatus.UNCOLLECTIBLE)
OPEN = f.invoice(4, "300.00", status=InvoiceStatus.OPEN)
DRAFT = f.invoice(5, "120.00", status=InvoiceStatus.DRAFT)
NOTHING = f.invoice(6, "0.00", status=InvoiceStatus.OPEN)  # nothing to pay
INVOICES = (PAID, VOID, WRITTEN_OFF, OPEN, DRAFT, NOTHING)


@pytest.fixture
def services() -> MemoryServices:
    """A run matching only the paid invoice (``conftest_window.window`` uses these)."""
    invoices = INVOICES
    lines = (f.line(2, "-100.00"),)
    run = Reconciliation(invoices, lines, (f.match(PAID, lines[0]),), ())
    return MemoryServices(invoices=invoices, statements={"bank.csv": lines}, reconciliation=run)


def _match_cells(window: MainWindow) -> dict[str, tuple[str, QColor | None]]:
    """Each invoice's Match as the Invoices screen shows it: its text and colour."""
    window.show_screen("invoices")
    model = window.invoices.model
    column = column_index(model.columns, "match")
    cells = {}
    for row in range(model.rowCount()):
        index = model.index(row, column)
        cells[model.item_at(row).number] = (
            index.data(),
            index.data(Qt.ItemDataRole.ForegroundRole),
        )
    return cells


def _colour(cell: tuple[str, QColor | None]) -> str | None:
    brush = cell[1]
    return None if brush is None else QColor(brush).name()


def test_a_void_invoice_left_unmatched_says_void_not_a_red_unmatched(
    qtbot, window: MainWindow
) -> None:
    reconcile_after_a_run(qtbot, window)
    cells = _match_cells(window)
    assert cells[VOID.number][0] == "Void"
    assert cells[WRITTEN_OFF.number][0] == "Uncollectible"
    red = QColor(fmt.NEGATIVE_COLOUR).name()
    for number in (VOID.number, WRITTEN_OFF.number):
        assert _colour(cells[number]) != red
    # An invoice a payment should settle still says it has none, in red.
    assert cells[OPEN.number][0] == "Unmatched"
    assert _colour(cells[OPEN.number]) == QColor(fmt.STATE_COLOURS[None]).name()
    assert cells[PAID.number][0] == "Matched"


def _listed(view: InvoicesView) -> list[str]:
    return [invoice.number for invoice in view.model.visible_items()]


def test_unmatched_lists_the_invoices_waiting_for_a_payment_not_void_or_draft(
    qtbot, window: MainWindow
) -> None:
    reconcile_after_a_run(qtbot, window)
    window.show_screen("invoices")
    view = window.invoices
    view.match_combo.setCurrentIndex(view.match_combo.findData(fmt.UNMATCHED))
    assert _listed(view) == [OPEN.number]
    assert view.count_label.text() == f"1 of {len(INVOICES)} invoices"
    # Asked for by status, a void invoice is still listed: only "Unmatched" leaves it out.
    view.status_combo.setCurrentIndex(view.status_combo.findData(InvoiceStatus.VOID.value))
    assert _listed(view) == []
    assert view.count_label.text() == f"0 of {len(INVOICES)} invoices"
    view.match_combo.setCurrentIndex(view.match_combo.findData(None))
    assert _listed(view) == [VOID.number]
    assert view.count_label.text() == f"1 of {len(INVOICES)} invoices"
