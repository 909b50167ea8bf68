"""Invoices as a table: what the accountant scans, sorts and filters by."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from desktop_app.domain import (
    Invoice,
    InvoiceKey,
    InvoiceStatus,
    MatchState,
    UndocumentedStatus,
    has_undocumented_status,
)
from desktop_app.ui import formatting as fmt
from desktop_app.ui.models.columns import CENTER, RIGHT, ColumnSpec, is_unmatched
from desktop_app.ui.models.filtering import money_text
from desktop_app.ui.models.table_model import DomainTableModel
from desktop_app.wording import capitalised

StateOf = Callable[[InvoiceKey], MatchState | None]
# An invoice no payment is expected of, its Match said plainly: nothing is missing.
NOT_EXPECTED_COLOUR = "#8e8e8e"
NOTHING_TO_PAY = "Nothing to pay"


def _no_state(key: InvoiceKey) -> MatchState | None:
    return None


def no_payment_expected(invoice: Invoice) -> str | None:
    """Why no payment is looked for, where none is (``Invoice.expects_payment``, the
    engine's rule): its status ("Void", "Draft", "Uncollectible"), or "Nothing to pay"
    for one of no amount or not yet issued. None for an invoice a payment should settle."""
    if invoice.expects_payment:
        return None
    if not invoice.status.expects_payment:
        return fmt.status(invoice.status)
    return NOTHING_TO_PAY


def waits_for_payment(invoice: Invoice, state_of: StateOf) -> bool:
    """Whether an invoice is one "Unmatched" lists: a payment should settle it
    (``Invoice.expects_payment``, the rule the engine reports an unpaid invoice by) and
    none is matched (nothing proposed, or only a pairing the accountant refused). A void
    or draft invoice waits for none, so it is not listed (its Match says why:
    ``no_payment_expected``)."""
    return invoice.expects_payment and is_unmatched(state_of(invoice.key))


def invoice_columns(state_of: StateOf) -> tuple[ColumnSpec[Invoice], ...]:
    def state(invoice: Invoice) -> MatchState | None:
        return state_of(invoice.key)

    def not_expected(invoice: Invoice) -> str | None:
        """Why an invoice left unmatched is rightly so: a void invoice was shown as
        "Unmatched" in red, as if its payment were missing."""
        return no_payment_expected(invoice) if state(invoice) is None else None

    def match_text(invoice: Invoice) -> str:
        return not_expected(invoice) or fmt.state(state(invoice))

    def match_colour(invoice: Invoice) -> str:
        if not_expected(invoice) is not None:
            return NOT_EXPECTED_COLOUR
        return fmt.STATE_COLOURS[state(invoice)]

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
            tooltip=_still_owed_tip,
            width=120,
        ),
        ColumnSpec("currency", "Currency", lambda i: i.currency, align=CENTER, width=70),
        ColumnSpec("status", "Status", status_text, tooltip=status_tip, width=110),
        ColumnSpec(
            "match",
            "Match",
            match_text,
            tooltip=lambda i: (
                None if (why := not_expected(i)) is None else f"{why}: no payment is expected"
            ),
            foreground=match_colour,
            width=100,
        ),
    )


def status_text(invoice: Invoice) -> str:
    """The status as the window shows it; for one its provider does not document, the
    provider's own word ("Unknown" showed the accountant nothing to look up), or
    "Unknown" where it gave none (its tooltip says so: ``status_tip``)."""
    if has_undocumented_status(invoice) and invoice.status_raw:
        return invoice.status_raw
    return fmt.status(invoice.status)


def status_tip(invoice: Invoice) -> str:
    """The provider's word; for one it does not document, that it does not, and how the
    invoice is reconciled for it, in the words of the report and the command line."""
    if has_undocumented_status(invoice):
        return _sentence(UndocumentedStatus.of(invoice).said)
    return f"provider says: {invoice.status_raw}"


def _sentence(text: str) -> str:
    return f"{capitalised(text)}."


def _still_owed_tip(invoice: Invoice) -> str | None:
    """'£1,480.24 still owed of £1,673.67' for an invoice the engine counts as partly paid
    (``prepare.partly_paid``): what a payment of it is measured against (the Amount is
    its gross). Any other figure its provider states, £0.00 on one paid in full, is said
    as the provider's, with what a payment is measured against (``fmt.Outstanding``).
    None where the provider states none, or its gross."""
    said = fmt.outstanding(invoice)
    return None if said is None else said.said


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
        if self.unmatched_only:
            return waits_for_payment(invoice, state_of)
        return self.match_state is None or state_of(invoice.key) is self.match_state
