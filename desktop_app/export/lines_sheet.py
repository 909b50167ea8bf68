"""The Statement lines sheet: every imported line with where it stands after matching.

Its Matched Invoices name each invoice as the accountant knows it (``Invoice.label``: its
number, a Versori invoice's billing period), not by the provider's internal id, which
the accountant would have to look up on the Invoices sheet to read; told apart where
two share it, as every sheet tells them (``domain.invoice_names``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from desktop_app.domain import (
    DiscrepancyType,
    MatchState,
    Reconciliation,
    StatementLine,
)
from desktop_app.domain.invoice_names import invoice_labels
from desktop_app.export.cells import amount_value, line_amount
from desktop_app.export.index import ReconciliationIndex
from desktop_app.export.invoices_sheet import UNMATCHED, types_text
from desktop_app.export.styles import ColumnKind
from desktop_app.export.table import Column, Ticker, write_table

SHEET = "Statement lines"

K = ColumnKind


@dataclass(frozen=True, slots=True)
class LineRow:
    line: StatementLine
    state: MatchState | None
    invoices: list[str]  # as ``invoice_labels`` names them
    types: list[DiscrepancyType]


COLUMNS: tuple[Column[LineRow], ...] = (
    Column("Statement", K.TEXT, 22, lambda r: r.line.source_file),
    Column("Row", K.INTEGER, 7, lambda r: r.line.row),
    Column("Date", K.DATE, 12, lambda r: r.line.date),
    Column("Value Date", K.DATE, 12, lambda r: r.line.value_date),
    Column("Currency", K.TEXT, 9, lambda r: r.line.currency),
    Column("Amount", K.MONEY, 15, lambda r: line_amount(r.line)),
    Column("Balance", K.MONEY, 15, lambda r: _balance(r.line)),
    Column("Description", K.TEXT, 40, lambda r: r.line.description),
    Column("Reference", K.TEXT, 22, lambda r: r.line.reference),
    Column("Counterparty", K.TEXT, 24, lambda r: r.line.counterparty),
    Column("Match State", K.TEXT, 11, lambda r: r.state.value if r.state else UNMATCHED),
    Column("Matched Invoices", K.TEXT, 30, lambda r: "; ".join(r.invoices) or None),
    Column("Discrepancies", K.TEXT, 24, lambda r: types_text(r.types)),
)


def _balance(line: StatementLine) -> Any:
    return None if line.balance is None else amount_value(line.balance, line.currency)


def rows(reconciliation: Reconciliation, index: ReconciliationIndex) -> Iterator[LineRow]:
    labels = invoice_labels(reconciliation.invoices)
    for line in reconciliation.lines:
        key = line.key
        matched = index.invoices_of_line.get(key, [])
        yield LineRow(
            line,
            index.line_states.get(key),
            [labels.get(invoice, str(invoice)) for invoice in matched],
            index.types_of_line.get(key, []),
        )


def write(
    workbook: Any, reconciliation: Reconciliation, index: ReconciliationIndex, ticker: Ticker
) -> None:
    ticker.stage("Writing statement lines")
    worksheet = workbook.create_sheet(SHEET)
    write_table(worksheet, COLUMNS, rows(reconciliation, index), ticker)
