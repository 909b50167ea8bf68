"""The Invoices sheet: every fetched invoice with where it stands after matching.

An invoice taken in from the workspace for a decision of the accountant's (an accepted or
hand match naming an invoice outside the period fetched: ``matching/held.py``) is listed
too, as paid by its lines, and its ``Taken In`` cell says so: it is no invoice of the
period, and a reader totalling the sheet's invoices should be able to leave it out, as
the Summary's "Totals by provider" does. The period's own invoices leave the cell empty.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from desktop_app.domain import DiscrepancyType, Invoice, LineKey, MatchState, Reconciliation
from desktop_app.export.index import ReconciliationIndex
from desktop_app.export.styles import ColumnKind
from desktop_app.export.table import Column, Ticker, write_table

SHEET = "Invoices"
UNMATCHED = "unmatched"
# The Taken In cell of an invoice taken into the run for a decision (``Reconciliation.taken_in``).
TAKEN_IN = "for a decision: not an invoice of the period"

K = ColumnKind


@dataclass(frozen=True, slots=True)
class InvoiceRow:
    invoice: Invoice
    state: MatchState | None
    lines: list[LineKey]
    types: list[DiscrepancyType]
    taken_in: bool = False


def keys_text(keys: list[Any]) -> str | None:
    return "; ".join(str(key) for key in keys) if keys else None


def types_text(types: list[DiscrepancyType]) -> str | None:
    return ", ".join(dict.fromkeys(t.value for t in types)) if types else None


COLUMNS: tuple[Column[InvoiceRow], ...] = (
    Column("Provider", K.TEXT, 18, lambda r: r.invoice.provider),
    Column("Invoice ID", K.TEXT, 22, lambda r: r.invoice.invoice_id),
    Column("Invoice Number", K.TEXT, 18, lambda r: r.invoice.number),
    Column("Document Type", K.TEXT, 12, lambda r: r.invoice.document_type.value),
    Column("Status", K.TEXT, 12, lambda r: r.invoice.status.value),
    Column("Provider Status", K.TEXT, 14, lambda r: r.invoice.status_raw),
    Column("Direction", K.TEXT, 11, lambda r: r.invoice.direction.value),
    Column("Counterparty", K.TEXT, 26, lambda r: r.invoice.counterparty_label or None),
    Column("Invoice Date", K.DATE, 12, lambda r: r.invoice.issue_date),
    Column("Due Date", K.DATE, 12, lambda r: r.invoice.due_date),
    Column("Currency", K.TEXT, 9, lambda r: r.invoice.currency),
    Column("Invoice Amount", K.MONEY, 15, lambda r: r.invoice.gross),
    Column("Net", K.MONEY, 15, lambda r: r.invoice.net),
    Column("Tax", K.MONEY, 13, lambda r: r.invoice.tax),
    Column("Outstanding", K.MONEY, 15, lambda r: r.invoice.amount_outstanding),
    Column("Match State", K.TEXT, 11, lambda r: r.state.value if r.state else UNMATCHED),
    Column("Matched Lines", K.TEXT, 30, lambda r: keys_text(r.lines)),
    Column("Discrepancies", K.TEXT, 24, lambda r: types_text(r.types)),
    Column("Invoice URL", K.LINK, 40, lambda r: r.invoice.document_url),
    Column("Taken In", K.TEXT, 30, lambda r: TAKEN_IN if r.taken_in else None),
)


def rows(reconciliation: Reconciliation, index: ReconciliationIndex) -> Iterator[InvoiceRow]:
    taken_in = reconciliation.taken_in
    for invoice in reconciliation.invoices:
        key = invoice.key
        yield InvoiceRow(
            invoice,
            index.invoice_states.get(key),
            index.lines_of_invoice.get(key, []),
            index.types_of_invoice.get(key, []),
            key in taken_in,
        )


def write(
    workbook: Any, reconciliation: Reconciliation, index: ReconciliationIndex, ticker: Ticker
) -> None:
    ticker.stage("Writing invoices")
    worksheet = workbook.create_sheet(SHEET)
    write_table(worksheet, COLUMNS, rows(reconciliation, index), ticker)
