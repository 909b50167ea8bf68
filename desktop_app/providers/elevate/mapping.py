"""An Elevate invoice row as a ``domain.Invoice``.

Elevate has no currency field: it comes from the config (default GBP).
``invoiceTotalAmount`` is gross: the category totals (rental, usage, ad-hoc, bolt-on) are
net, each with its tax, and with ``invoiceTaxAmount`` they should add up to it (research
3.6's test for gross). So the net is the provider's own figures, gross less
``invoiceTaxAmount``, never the sum of the categories: were it that sum, the categories
would always "add up" and LINE_ITEMS_MISMATCH could never report a total they do not
explain. ``totalReverseVatAmount`` is reverse-charge VAT, which the customer accounts for
and the supplier does not charge: it is kept as an informational line, not a chargeable
one, and adds to nothing. ``usageBreakdown`` rows detail the usage total and are kept as
non-chargeable lines so they are not counted twice. The status reads ``paymentStatus``
with ``billRunStatus`` (an OPEN bill run is still a draft).
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
)
REVERSE_VAT = "Reverse VAT (reverse charge: accounted for by the customer, not billed)"


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
        net=None if tax is None else gross - tax,
        tax=tax,
        status=status,
        status_raw=invoice.paymentStatus or "",
        flags=flags,
        issue_date=invoice.invoiceDate,
        due_date=invoice.dueDate,
        amount_outstanding=_money(invoice.invoiceRemainingAmount, currency),
        document_type=DocumentType.CREDIT_NOTE if gross.is_negative() else DocumentType.INVOICE,
        counterparty=_counterparty(invoice),
        line_items=_category_lines(invoice, currency)
        + _reverse_vat_line(invoice, currency)
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
        tax = getattr(invoice, tax_field)
        lines.append(
            LineItem(
                description=label,
                amount=Money(amount, currency),
                tax=_money(tax, currency),
                raw={amount_field: amount, tax_field: tax},
            )
        )
    return tuple(lines)


def _reverse_vat_line(invoice: ElevateInvoice, currency: str) -> tuple[LineItem, ...]:
    """Reverse-charge VAT, shown for the record: not charged, so not chargeable."""
    amount = invoice.totalReverseVatAmount
    if amount is None or amount == 0:
        return ()
    raw = {"totalReverseVatAmount": amount}
    return (LineItem(REVERSE_VAT, Money(amount, currency), chargeable=False, raw=raw),)


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


def _counterparty(invoice: ElevateInvoice) -> Counterparty:
    """The customer billed; Elevate returns only its id (names live under /customers)."""
    customer = None if invoice.customerId is None else str(invoice.customerId)
    return Counterparty(id=customer)
