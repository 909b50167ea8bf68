"""Domain objects for the domain's tests: one invoice and one line to vary."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from desktop_app.domain import (
    Direction,
    Invoice,
    InvoiceStatus,
    LineItem,
    Money,
    StatementLine,
)


def make_invoice(**overrides: object) -> Invoice:
    fields: dict[str, object] = {
        "provider": "Elevate",
        "provider_kind": "elevate",
        "invoice_id": "17",
        "number": "EL-2025-00017",
        "direction": Direction.RECEIVABLE,
        "currency": "GBP",
        "gross": Money("120.00", "GBP"),
        "net": Money("100.00", "GBP"),
        "tax": Money("20.00", "GBP"),
        "status": InvoiceStatus.OPEN,
        "status_raw": "UNPAID",
        "issue_date": date(2025, 3, 1),
        "line_items": (
            LineItem("Rental", Money("70.00", "GBP")),
            LineItem("Usage", Money("50.00", "GBP")),
            LineItem("Info only", Money("999", "GBP"), chargeable=False),
        ),
    }
    fields.update(overrides)
    return Invoice(**fields)  # type: ignore[arg-type]


def make_line(row: int = 2, amount: str = "120.00", currency: str | None = "GBP") -> StatementLine:
    return StatementLine(
        "bank.csv", row, date(2025, 3, 4), Decimal(amount), currency, "EL202500017"
    )
