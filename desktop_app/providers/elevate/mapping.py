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

Every amount of the invoice itself (total, tax, remaining, categories and their tax,
reverse VAT) must be whole minor units of the configured currency: 10.005 GBP, or 1500.5
with currency JPY, is refused as that invoice's problem rather than rounded (see
``lines.exact_money``). ``usageBreakdown`` rows are rating detail, not billed as such, and
are kept as given.
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
from desktop_app.providers.lines import exact_money
from desktop_app.providers.status import elevate_status

KIND = "elevate"

_CATEGORIES = (
    ("Rental", "totalRentalAmount", "totalRentalTaxAmount"),
    ("Usage", "totalUsageAmount", "totalUsageTaxAmount"),
    ("Ad-hoc charges", "totalAdhocAmount", "totalAdhocTaxAmount"),
    ("Bolt-ons", "totalBoltOnAmount", "totalBoltOnTaxAmount"),
)
REVERSE_VAT = "Reverse VAT (reverse charge: accounted for by the customer, not billed)"
# Elevate states no currency: an amount too fine for the configured one may mean it is wrong.
_HINT = "or the currency configured for this provider is not the one it bills in"


def to_invoice(
    invoice: ElevateInvoice,
    *,
    provider: str,
    currency: str,
    direction: Direction,
    raw: Mapping[str, Any],
) -> Invoice:
    gross = exact_money(invoice.invoiceTotalAmount, currency, "invoiceTotalAmount", _HINT)
    tax = _money(invoice, "invoiceTaxAmount", currency)
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
        amount_outstanding=_money(invoice, "invoiceRemainingAmount", currency),
        document_type=DocumentType.CREDIT_NOTE if gross.is_negative() else DocumentType.INVOICE,
        counterparty=_counterparty(invoice),
        line_items=_category_lines(invoice, currency)
        + _reverse_vat_line(invoice, currency)
        + _usage_lines(invoice.usageBreakdown or [], raw.get("usageBreakdown") or [], currency),
        raw=raw,
    )


def _money(invoice: ElevateInvoice, field: str, currency: str) -> Money | None:
    """An amount field of the invoice, refused when finer than the currency's minor unit."""
    value: Decimal | None = getattr(invoice, field)
    return None if value is None else exact_money(value, currency, field, _HINT)


def _category_lines(invoice: ElevateInvoice, currency: str) -> tuple[LineItem, ...]:
    """One line per charge category the invoice actually has (zero categories are left out)."""
    lines = []
    for label, amount_field, tax_field in _CATEGORIES:
        amount = _money(invoice, amount_field, currency)
        if amount is None or amount.is_zero():
            continue
        tax = _money(invoice, tax_field, currency)
        raw = {amount_field: getattr(invoice, amount_field), tax_field: getattr(invoice, tax_field)}
        lines.append(LineItem(description=label, amount=amount, tax=tax, raw=raw))
    return tuple(lines)


def _reverse_vat_line(invoice: ElevateInvoice, currency: str) -> tuple[LineItem, ...]:
    """Reverse-charge VAT, shown for the record: not charged, so not chargeable."""
    amount = _money(invoice, "totalReverseVatAmount", currency)
    if amount is None or amount.is_zero():
        return ()
    raw = {"totalReverseVatAmount": invoice.totalReverseVatAmount}
    return (LineItem(REVERSE_VAT, amount, chargeable=False, raw=raw),)


def _usage_lines(
    rows: list[UsageRow], raw_rows: list[Mapping[str, Any]], currency: str
) -> tuple[LineItem, ...]:
    return tuple(
        LineItem(
            description=f"Usage: product {row.usageProductId} (charge group {row.chargeGroupCategoryId})",
            amount=Money(row.sellPrice, currency),
            tax=None if row.taxAmount is None else Money(row.taxAmount, currency),
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
