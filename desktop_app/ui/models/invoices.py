"""Invoices as a table: what the accountant scans, sorts and filters by."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from desktop_app.domain import Invoice, InvoiceKey, InvoiceStatus, MatchState
from desktop_app.ui import formatting as fmt
from desktop_app.ui.models.columns import CENTER, RIGHT, ColumnSpec, is_unmatched
from desktop_app.ui.models.filtering import money_text
from desktop_app.ui.models.table_model import DomainTableModel

StateOf = Callable[[InvoiceKey], MatchState | None]


def _no_state(key: InvoiceKey) -> MatchState | None:
    return None


def invoice_columns(state_of: StateOf) -> tuple[ColumnSpec[Invoice], ...]:
    def state(invoice: Invoice) -> MatchState | None:
        return state_of(invoice.key)

    return (
        ColumnSpec("provider", "Provider", lambda i: i.provider, width=130),
        ColumnSpec(
            "number",
            "Invoice",
            lambda i: i.label,
            tooltip=lambda i: fmt.invoice_names((i,)),
            width=120,
        ),
        ColumnSpec(
            "counterparty",
            "Counterparty",
            lambda i: i.counterparty_label,
            width=180,
        ),
        ColumnSpec(
            "issued",
            "Issued",
            lambda i: fmt.day(i.issue_date),
            sort_key=lambda i: i.issue_date,
            align=CENTER,
            width=95,
        ),
        ColumnSpec(
            "due",
            "Due",
            lambda i: fmt.day(i.due_date),
            sort_key=lambda i: i.due_date,
            align=CENTER,
            width=95,
        ),
        ColumnSpec(
            "amount",
            "Amount",
            lambda i: fmt.money(i.gross),
            sort_key=lambda i: i.gross.amount,
            align=RIGHT,
            foreground=lambda i: fmt.signed_colour(i.gross.amount),
            width=120,
        ),
        ColumnSpec("currency", "Currency", lambda i: i.currency, align=CENTER, width=70),
        ColumnSpec(
            "status",
            "Status",
            lambda i: fmt.status(i.status),
            tooltip=lambda i: f"provider says: {i.status_raw}",
            width=110,
        ),
        ColumnSpec(
            "match",
            "Match",
            lambda i: fmt.state(state(i)),
            foreground=lambda i: fmt.STATE_COLOURS[state(i)],
            width=100,
        ),
    )


def invoice_text(invoice: Invoice) -> str:
    """Everything the filter box searches: number, id, counterparty, amount as typed."""
    return " ".join(
        (
            invoice.provider,
            invoice.label,
            invoice.invoice_id,
            invoice.counterparty_label,
            money_text(invoice.gross),  # "£1,234.50" finds it
            invoice.status_raw,
        )
    )


class InvoiceTableModel(DomainTableModel[Invoice]):
    def __init__(self, state_of: StateOf = _no_state, parent: Any = None) -> None:
        super().__init__(invoice_columns(state_of), lambda i: i.key, invoice_text, parent)


@dataclass(frozen=True, slots=True)
class InvoiceFilter:
    """The invoice screen's filters besides the text box; None means "any"."""

    provider: str | None = None
    status: InvoiceStatus | None = None
    date_from: date | None = None
    date_to: date | None = None
    match_state: MatchState | None = None
    unmatched_only: bool = False

    def predicate(self, state_of: StateOf) -> Callable[[Invoice], bool] | None:
        if self == InvoiceFilter():
            return None
        return lambda invoice: self.accepts(invoice, state_of)

    def accepts(self, invoice: Invoice, state_of: StateOf) -> bool:
        if self.provider is not None and invoice.provider != self.provider:
            return False
        if self.status is not None and invoice.status is not self.status:
            return False
        day = invoice.reference_date
        if self.date_from is not None and (day is None or day < self.date_from):
            return False
        if self.date_to is not None and (day is None or day > self.date_to):
            return False
        if self.unmatched_only:  # nothing proposed, or only a pairing the accountant refused
            return is_unmatched(state_of(invoice.key))
        return self.match_state is None or state_of(invoice.key) is self.match_state
