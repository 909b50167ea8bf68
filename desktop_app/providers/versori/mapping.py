"""A Versori invoice as a ``domain.Invoice``.

Versori has no invoice id, number, issue date, due date, status or tax: the hosted
invoice URL is the id and the number (docs/design.md), the billing period gives the dates,
the status is UNKNOWN, and a negative total (``isNegative``) makes a credit note with a
negative gross. An invoice without a URL is the upcoming preview (the API's answer without
``from``/``to``; the client always sends them, but a preview that slipped into a window
must not be counted as billed): UPCOMING and DRAFT, which nothing expects paid. The
product breakdowns are the line items; their sum is the net only when
it agrees with the total.
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
    InvoiceStatus,
    LineItem,
    Money,
    sum_money,
)
from desktop_app.providers.lines import exact_unit_amount
from desktop_app.providers.status import versori_status
from desktop_app.providers.versori.money import MonetaryValueError, decode_monetary_value
from desktop_app.providers.versori.wire import ProductBreakdown, VersoriInvoice

KIND = "versori"
ISSUER = "Versori"


def invoice_id(invoice: VersoriInvoice, organisation_id: str) -> str:
    """The hosted-invoice URL, or (if a preview has none) organisation and billing period."""
    url = invoice.invoiceURL.strip()
    if url:
        return url
    return f"{organisation_id}:{invoice.invoiceStartDate}:{invoice.invoiceEndDate}"


def to_invoice(
    invoice: VersoriInvoice,
    *,
    provider: str,
    organisation_id: str,
    direction: Direction,
    raw: Mapping[str, Any],
) -> Invoice:
    gross = decode_monetary_value(invoice.totalAmount, "totalAmount")
    currency = gross.currency
    if invoice.currencyCode is not None and invoice.currencyCode != currency:
        raise MonetaryValueError(
            f"currencyCode {invoice.currencyCode} disagrees with totalAmount.currencyCode {currency}"
        )
    raw_lines = raw.get("productBreakdowns") or []
    lines = tuple(
        _line_item(line, raw_line, index, currency)
        for index, (line, raw_line) in enumerate(
            zip(invoice.productBreakdowns, raw_lines, strict=True)
        )
    )
    identifier = invoice_id(invoice, organisation_id)
    url = invoice.invoiceURL.strip()  # none: the upcoming preview
    return Invoice(
        provider=provider,
        provider_kind=KIND,
        invoice_id=identifier,
        number=identifier,
        direction=direction,
        currency=currency,
        gross=gross,
        net=_net(lines, gross),
        status=versori_status() if url else InvoiceStatus.DRAFT,
        status_raw="",
        period_start=invoice.invoiceStartDate,
        period_end=invoice.invoiceEndDate,
        document_type=_document_type(gross, preview=not url),
        counterparty=Counterparty(id=organisation_id, aliases=(ISSUER,)),
        line_items=lines,
        document_url=url or None,
        raw=raw,
    )


def _document_type(gross: Money, *, preview: bool) -> DocumentType:
    if preview:
        return DocumentType.UPCOMING
    return DocumentType.CREDIT_NOTE if gross.is_negative() else DocumentType.INVOICE


def _line_item(
    line: ProductBreakdown, raw: Mapping[str, Any], index: int, currency: str
) -> LineItem:
    field = f"productBreakdowns[{index}].total"
    amount = decode_monetary_value(line.total, field)
    if amount.currency != currency:
        raise MonetaryValueError(f"{field} is in {amount.currency}, the invoice in {currency}")
    return LineItem(
        description=line.productName,
        amount=amount,
        quantity=Decimal(line.quantity),
        unit_amount=exact_unit_amount(amount, line.quantity),
        raw=raw,
    )


def _net(lines: tuple[LineItem, ...], gross: Money) -> Money | None:
    """Versori states no tax; the lines are the net only if they add up to the total."""
    if not lines:
        return None
    total = sum_money((line.amount for line in lines), gross.currency)
    return total if total == gross else None
