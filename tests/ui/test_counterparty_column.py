"""The Counterparty column (Invoices screen and the Reconcile screen's unmatched invoices)
for providers that name nobody: Elevate's customer ids and Versori's own name are shown,
and the filter box finds them, as the bank lines word them ("CUSTOMER 1014")."""

from __future__ import annotations

from dataclasses import replace

from desktop_app.domain import Counterparty, Direction
from desktop_app.ui.models.columns import column_index
from desktop_app.ui.models.invoices import InvoiceTableModel
from tests.ui.factories import invoice

ELEVATE = replace(
    invoice(1, provider="Elevate Billing"),
    direction=Direction.RECEIVABLE,
    counterparty=Counterparty(id="1014"),
)
VERSORI = replace(
    invoice(2, provider="Versori"), counterparty=Counterparty(id="01ORG", aliases=("Versori",))
)
NAMED = invoice(3, counterparty="Acme Trading Ltd")


def test_the_counterparty_column_names_whom_each_invoice_is_with(qtmodeltester) -> None:
    model = InvoiceTableModel()
    qtmodeltester.check(model)
    model.set_items((ELEVATE, VERSORI, NAMED))
    column = column_index(model.columns, "counterparty")
    shown = [model.index(row, column).data() for row in range(model.rowCount())]
    assert shown == ["customer 1014", "Versori", "Acme Trading Ltd"]

    model.set_filter("customer 1014")
    assert [model.item_at(row) for row in range(model.rowCount())] == [ELEVATE]
    model.set_filter("versori")
    assert [model.item_at(row) for row in range(model.rowCount())] == [VERSORI]
