"""Small factories for hand-built matching cases: one invoice, one line, readable defaults."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from desktop_app.domain import (
    Counterparty,
    Direction,
    DocumentType,
    Invoice,
    InvoiceStatus,
    LineItem,
    Money,
    Reconciliation,
    StatementLine,
)

ISSUE = date(2025, 3, 1)


def invoice(
    number: str = "EL-2025-00017",
    gross: str = "120.00",
    *,
    invoice_id: str | None = None,
    provider: str = "Elevate",
    direction: Direction = Direction.RECEIVABLE,
    payee: str | None = "Acme Trading Ltd",
    status: InvoiceStatus = InvoiceStatus.OPEN,
    currency: str = "GBP",
    issue: date | None = ISSUE,
    **fields: Any,
) -> Invoice:
    values: dict[str, Any] = {
        "provider": provider,
        "provider_kind": provider.lower().replace(" ", "_"),
        "invoice_id": invoice_id or number,
        "number": number,
        "direction": direction,
        "currency": currency,
        "gross": Money(gross, currency),
        "status": status,
        "status_raw": status.value.upper(),
        "issue_date": issue,
        "due_date": issue + timedelta(days=30) if issue else None,
        "counterparty": Counterparty(name=payee),
    }
    values.update(fields)
    return Invoice(**values)


def line(
    amount: str = "120.00",
    description: str = "",
    *,
    row: int = 2,
    day: date = ISSUE + timedelta(days=3),
    currency: str | None = "GBP",
    reference: str = "",
    counterparty: str = "",
    source: str = "bank.csv",
) -> StatementLine:
    return StatementLine(
        source, row, day, Decimal(amount), currency, description, reference, counterparty
    )


def items(*amounts: str, currency: str = "GBP") -> tuple[LineItem, ...]:
    return tuple(LineItem(f"item {k}", Money(a, currency)) for k, a in enumerate(amounts))


def credit_note(number: str, gross: str, **fields: Any) -> Invoice:
    return invoice(number, gross, document_type=DocumentType.CREDIT_NOTE, **fields)


def pairs(result: Reconciliation, *, state: str | None = None) -> set[tuple[str, int]]:
    """(invoice number, line row) for every match, or only those in ``state``."""
    return {
        (inv.number, ln.row)
        for match in result.matches
        if state is None or match.state.value == state
        for inv in match.invoices
        for ln in match.lines
    }


def kinds(result: Reconciliation) -> list[str]:
    return [d.type.value for d in result.discrepancies]


# An invoice the provider says is partly paid (£201.70 of its £276.62 still owed), and an
# open one of the same payee beside it: the cases of comparing with what is still owed.
PARTLY_PAID = invoice(
    "EL-2025-00003",
    "276.62",
    status=InvoiceStatus.PARTIALLY_PAID,
    amount_outstanding=Money("201.70", "GBP"),
)
OPEN_BESIDE = invoice("EL-2025-00006", "1311.19")
# The same amounts owed to a supplier (money out): the rules in the invoice's sign convention.
PARTLY_PAID_PAYABLE = invoice(
    "CI-0003",
    "276.62",
    status=InvoiceStatus.PARTIALLY_PAID,
    amount_outstanding=Money("201.70", "GBP"),
    direction=Direction.PAYABLE,
    provider="Content Ignite",
)
