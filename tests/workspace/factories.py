"""Domain objects with every field filled, for round trips and scenarios."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal
from typing import Any

from desktop_app.domain import (
    Counterparty,
    Decision,
    DecisionKind,
    Direction,
    DocumentType,
    Invoice,
    InvoiceKey,
    InvoiceStatus,
    LineItem,
    LineKey,
    Money,
    Settlement,
    StatementLine,
)
from desktop_app.workspace import jsoncodec

PROVIDER = "Content Ignite"


def full_invoice(invoice_id: str = "INV-1", **overrides: Any) -> Invoice:
    """An invoice with every optional field set, amounts that floats would get wrong."""
    raw_text = (
        '{"id": "ID", "total": 72502.07, "tax": {"rate": 0.20, "amount": 0.1},'
        ' "count": 3, "big": 1E+2, "lines": [{"amount": 0.30}], "note": "caf\\u00e9 £",'
        ' "paid": false, "ref": null}'
    ).replace("ID", invoice_id)
    fields: dict[str, Any] = {
        "provider": PROVIDER,
        "provider_kind": "content_ignite",
        "invoice_id": invoice_id,
        "number": f"N-{invoice_id}",
        "direction": Direction.PAYABLE,
        "currency": "GBP",
        "gross": Money("72502.07", "GBP"),
        "status": InvoiceStatus.OPEN,
        "status_raw": "unpaid",
        "issue_date": date(2025, 3, 1),
        "due_date": date(2025, 3, 31),
        "period_start": date(2025, 2, 1),
        "period_end": date(2025, 2, 28),
        "net": Money("60418.39", "GBP"),
        "tax": Money("12083.68", "GBP"),
        "tax_rate": Decimal("0.20"),
        "amount_outstanding": Money(Decimal("0.1") + Decimal("0.2"), "GBP"),
        "document_type": DocumentType.INVOICE,
        "counterparty": Counterparty(
            name="Acme Média Ltd", id="C-9", tax_id="GB123", country="GB", aliases=("ACME", "AML")
        ),
        "line_items": (
            LineItem(
                "Rental",
                Money("60418.39", "GBP"),
                quantity=Decimal("1.5"),
                unit_amount=Money("40278.926666", "GBP"),
                tax=Money("12083.68", "GBP"),
                chargeable=True,
                raw={"amount": Decimal("60418.39"), "qty": Decimal("1.5")},
            ),
            LineItem("Info only", Money("0.00", "GBP"), chargeable=False),
        ),
        "document_url": "https://example.test/inv/1.pdf",
        "settlement": Settlement("EUR", Money("84210.55", "EUR"), Decimal("1.16148")),
        "flags": frozenset({"fx", "late"}),
        "raw": jsoncodec.loads(raw_text),
    }
    fields.update(overrides)
    return Invoice(**fields)


def simple_invoice(invoice_id: str, amount: str = "100.00", **overrides: Any) -> Invoice:
    fields: dict[str, Any] = {
        "provider": PROVIDER,
        "provider_kind": "content_ignite",
        "invoice_id": invoice_id,
        "number": invoice_id,
        "direction": Direction.RECEIVABLE,
        "currency": "GBP",
        "gross": Money(amount, "GBP"),
        "status": InvoiceStatus.OPEN,
        "status_raw": "open",
    }
    fields.update(overrides)
    return Invoice(**fields)


def line(
    row: int,
    amount: str = "-12.50",
    *,
    source_file: str = "march.csv",
    day: int = 4,
    description: str = "Coffee",
    **overrides: Any,
) -> StatementLine:
    fields: dict[str, Any] = {
        "source_file": source_file,
        "row": row,
        "date": date(2025, 3, day),
        "amount": Decimal(amount),
        "currency": "GBP",
        "description": description,
        "reference": "",
        "counterparty": "",
        "raw": (f"2025-03-{day:02d}", description, amount),
    }
    fields.update(overrides)
    return StatementLine(**fields)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def ikey(invoice_id: str) -> InvoiceKey:
    return InvoiceKey(PROVIDER, invoice_id)


def lkey(row: int, source_file: str = "march.csv") -> LineKey:
    return LineKey(source_file, row)


def decision(kind: DecisionKind, invoices: tuple[str, ...], rows: tuple[int, ...]) -> Decision:
    return Decision(
        kind,
        tuple(ikey(i) for i in invoices),
        tuple(lkey(r) for r in rows),
        reason=f"{kind} by test",
    )
