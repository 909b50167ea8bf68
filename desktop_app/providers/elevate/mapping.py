"""An Elevate invoice row as a ``domain.Invoice``.

Elevate has no currency field: it comes from the config (default GBP).
``invoiceTotalAmount`` is gross; the category totals (rental, usage, ad-hoc, bolt-on,
reverse VAT) are the net line items, each with its tax; ``usageBreakdown`` rows detail the
usage total and are kept as non-chargeable lines so they are not counted twice. The status
reads ``paymentStatus`` with ``billRunStatus`` (an OPEN bill run is still a draft).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from desktop_app.domain import (
    Counterparty,
    Direction,
    DocumentType,
    Invoice,
    LineItem,
    Money,
)
from desktop_app.providers.elevate.wire import ElevateInvoice, UsageRow
from desktop_app.providers.status import elevate_status

KIND = "elevate"

_CATEGORIES = (
    ("Rental", "totalRentalAmount", "totalRentalTaxAmount"),
    ("Usage", "totalUsageAmount", "totalUsageTaxAmount"),
    ("Ad-hoc charges", "totalAdhocAmount", "totalAdhocTaxAmount"),
    ("Bolt-ons", "totalBoltOnAmount", "totalBoltOnTaxAmount"),
    ("Reverse VAT", "totalReverseVatAmount", None),
)


def to_invoice(
    invoice: ElevateInvoice,
    *,
    provider: str,
    currency: str,
    direction: Direction,
    raw: Mapping[str, Any],
) -> Invoice:
    gross = Money(invoice.invoiceTotalAmount, currency)
    tax = _money(invoice.invoiceTaxAmount, currency)
    categories = _category_lines(invoice, currency)
    status, flags = elevate_status(
        invoice.paymentStatus, invoice.billRunStatus, invoice.thirdPartyPaymentStatus
    )
    return Invoice(
        provider=provider,
        provider_kind=KIND,
        invoice_id=str(invoice.id),
        number=invoice.invoiceNumber or str(invoice.id),
        direction=direction,
        currency=currency,
        gross=gross,
        net=_net(categories, gross, tax, currency),
        tax=tax,
        status=status,
        status_raw=invoice.paymentStatus or "",
        flags=flags,
        issue_date=invoice.invoiceDate,
        due_date=invoice.dueDate,
        amount_outstanding=_money(invoice.invoiceRemainingAmount, currency),
        document_type=DocumentType.CREDIT_NOTE if gross.is_negative() else DocumentType.INVOICE,
        counterparty=_counterparty(invoice),
        line_items=categories
        + _usage_lines(invoice.usageBreakdown or [], raw.get("usageBreakdown") or [], currency),
        raw=raw,
    )


def _money(value: Decimal | None, currency: str) -> Money | None:
    return None if value is None else Money(value, currency)


def _category_lines(invoice: ElevateInvoice, currency: str) -> tuple[LineItem, ...]:
    """One line per charge category the invoice actually has (zero categories are left out)."""
    lines = []
    for label, amount_field, tax_field in _CATEGORIES:
        amount = getattr(invoice, amount_field)
        if amount is None or amount == 0:
            continue
        tax = getattr(invoice, tax_field) if tax_field else None
        lines.append(
            LineItem(
                description=label,
                amount=Money(amount, currency),
                tax=_money(tax, currency),
                raw={amount_field: amount, **({tax_field: tax} if tax_field else {})},
            )
        )
    return tuple(lines)


def _usage_lines(
    rows: list[UsageRow], raw_rows: list[Mapping[str, Any]], currency: str
) -> tuple[LineItem, ...]:
    return tuple(
        LineItem(
            description=f"Usage: product {row.usageProductId} (charge group {row.chargeGroupCategoryId})",
            amount=Money(row.sellPrice, currency),
            tax=_money(row.taxAmount, currency),
            chargeable=False,
            raw=raw_row,
        )
        for row, raw_row in zip(rows, raw_rows, strict=True)
        if row.sellPrice is not None
    )


def _net(
    categories: tuple[LineItem, ...], gross: Money, tax: Money | None, currency: str
) -> Money | None:
    if categories:
        return Money(sum((line.amount.amount for line in categories), Decimal(0)), currency)
    return gross - tax if tax is not None else None


def _counterparty(invoice: ElevateInvoice) -> Counterparty:
    """The customer billed; Elevate returns only its id (names live under /customers)."""
    customer = None if invoice.customerId is None else str(invoice.customerId)
    return Counterparty(id=customer)
