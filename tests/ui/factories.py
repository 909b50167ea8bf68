"""Small, explicit domain objects for the UI tests (no Qt here)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from desktop_app.domain import (
    Direction,
    Discrepancy,
    DiscrepancyType,
    Invoice,
    InvoiceStatus,
    LineItem,
    Match,
    MatchState,
    Money,
    Reconciliation,
    Signal,
    StatementLine,
)

PROVIDERS = ("Content Ignite", "Versori", "Elevate Billing")


def invoice(
    number: int,
    amount: str = "100.00",
    *,
    provider: str = "Content Ignite",
    currency: str = "GBP",
    status: InvoiceStatus = InvoiceStatus.OPEN,
    issued: date | None = None,
    items: tuple[str, ...] = (),
    counterparty: str = "",
) -> Invoice:
    from desktop_app.domain import Counterparty

    gross = Money.of(amount, currency)
    return Invoice(
        provider=provider,
        provider_kind="content_ignite",
        invoice_id=f"ID-{number}",
        number=f"INV-{number:05d}",
        direction=Direction.PAYABLE,
        currency=currency,
        gross=gross,
        status=status,
        status_raw=status.value,
        issue_date=issued or date(2026, 1, 1) + timedelta(days=number % 300),
        due_date=(issued or date(2026, 1, 1)) + timedelta(days=30 + number % 300),
        counterparty=Counterparty(name=counterparty or f"Publisher {number % 17}"),
        line_items=tuple(
            LineItem(description=f"item {i}", amount=Money.of(value, currency))
            for i, value in enumerate(items)
        ),
    )


def line(
    row: int,
    amount: str = "-100.00",
    *,
    source: str = "bank.csv",
    currency: str | None = "GBP",
    day: date | None = None,
    description: str = "",
) -> StatementLine:
    return StatementLine(
        source_file=source,
        row=row,
        date=day or date(2026, 1, 5) + timedelta(days=row % 300),
        amount=Decimal(amount),
        currency=currency,
        description=description or f"PAYMENT {row}",
        reference=f"REF{row}",
    )


def match(
    invoices: tuple[Invoice, ...] | Invoice,
    lines: tuple[StatementLine, ...] | StatementLine,
    *,
    state: MatchState = MatchState.AUTO,
    score: float = 0.9,
    runner_up: str | None = None,
) -> Match:
    invoices = (invoices,) if isinstance(invoices, Invoice) else invoices
    # Asked of the line, not of the tuple: a line is held in a tuple (``domain.record``).
    lines = (lines,) if isinstance(lines, StatementLine) else lines
    return Match(
        invoices=invoices,
        lines=lines,
        score=score,
        signals=(
            Signal("amount", 1.0, 0.5, "amounts equal"),
            Signal("reference", 0.8, 0.3, "reference INV found in description"),
            Signal("date", 0.7, 0.2, "paid 4 days after issue"),
        ),
        explanation="Same amount, reference in the description, paid 4 days after issue.",
        state=state,
        runner_up=runner_up,
    )


def reconciliation(n_invoices: int = 6) -> Reconciliation:
    """Invoices 1..n; lines 1..n paying them; 1-2 matched, 3 suggested, the rest open."""
    invoices = tuple(
        invoice(i, f"{i}00.00", provider=PROVIDERS[i % 3]) for i in range(1, n_invoices + 1)
    )
    lines = tuple(line(i + 1, f"-{i}00.00") for i in range(1, n_invoices + 1))
    matches = (
        match(invoices[0], lines[0]),
        match(invoices[1], lines[1], state=MatchState.ACCEPTED),
        match(invoices[2], lines[2], state=MatchState.SUGGESTED, score=0.6, runner_up="INV-00004"),
    )
    discrepancies = (
        *tuple(
            Discrepancy(
                DiscrepancyType.UNPAID_INVOICE,
                f"{inv.number} has no payment",
                invoice=inv,
                invoice_amount=inv.gross,
            )
            for inv in invoices[3:]
        ),
        Discrepancy(
            DiscrepancyType.UNMATCHED_PAYMENT,
            "no invoice for this payment",
            lines=(lines[-1],),
            paid_amount=lines[-1].money,
        ),
    )
    return Reconciliation(invoices, lines, matches, discrepancies)
