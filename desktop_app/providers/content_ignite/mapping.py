"""A Content Ignite list row plus its detail, as a ``domain.Invoice``.

Content Ignite has no invoice number, so the number is the id (docs/design.md). ``tax`` is
an integer rate (0 or 20), not an amount: the tax amount is ``base_amount -
base_sub_amount``. ``target_*`` is the settlement leg, null until paid. Timestamps carry no
zone; only their date part is used. ``base_amount`` and ``base_sub_amount`` must be whole
minor units of ``base_currency`` (an invoice for 10.005 GBP is that invoice's problem, not
rounded); line items are compared after rounding by the line-items check, and kept as given.
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
    Settlement,
)
from desktop_app.providers.content_ignite.wire import Detail, Item, ListRow
from desktop_app.providers.lines import exact_money, exact_unit_amount
from desktop_app.providers.status import content_ignite_status

KIND = "content_ignite"
ISSUER = "Content Ignite"


def to_invoice(
    row: ListRow,
    detail: Detail,
    *,
    provider: str,
    direction: Direction,
    raw: Mapping[str, Any],
) -> Invoice:
    currency = detail.base_currency
    gross = exact_money(detail.base_amount, currency, "base_amount")
    net = exact_money(detail.base_sub_amount, currency, "base_sub_amount")
    status, flags = content_ignite_status(detail.status)
    return Invoice(
        provider=provider,
        provider_kind=KIND,
        invoice_id=str(row.id),
        number=str(row.id),
        direction=direction,
        currency=currency,
        gross=gross,
        net=net,
        tax=gross - net,
        tax_rate=Decimal(detail.tax),
        status=status,
        status_raw=detail.status,
        flags=flags,
        issue_date=row.date.date(),
        due_date=detail.date_due.date(),
        period_start=detail.date_start,
        period_end=detail.date_end,
        amount_outstanding=_outstanding(status, gross),
        document_type=_document_type(row, gross),
        counterparty=_counterparty(detail),
        line_items=tuple(
            _line_item(item, raw_item, currency)
            for item, raw_item in zip(detail.items, raw["detail"]["items"], strict=True)
        ),
        settlement=_settlement(detail),
        raw=raw,
    )


def _document_type(row: ListRow, gross: Money) -> DocumentType:
    """``record`` says what the document is; only ``invoice`` has been seen."""
    if row.record.lower() != "invoice":
        return DocumentType.OTHER
    return DocumentType.CREDIT_NOTE if gross.is_negative() else DocumentType.INVOICE


def _outstanding(status: InvoiceStatus, gross: Money) -> Money | None:
    """Content Ignite has no remaining-amount field; it follows from the status when clear."""
    if status is InvoiceStatus.OPEN:
        return gross
    if status in (InvoiceStatus.PAID, InvoiceStatus.VOID):
        return Money.zero(gross.currency)
    return None


def _counterparty(detail: Detail) -> Counterparty:
    """The organisation the invoice is addressed to; the issuer's name as an alias."""
    return Counterparty(
        name=detail.name or detail.org_name,
        id=str(detail.organisation_id),
        tax_id=detail.tax_id,
        country=detail.country,
        aliases=(ISSUER,),
    )


def _settlement(detail: Detail) -> Settlement:
    amount = None
    if detail.target_amount is not None:
        amount = Money(detail.target_amount, detail.target_currency)
    return Settlement(currency=detail.target_currency, amount=amount, rate=detail.target_rate)


def _line_item(item: Item, raw: Mapping[str, Any], currency: str) -> LineItem:
    amount = Money(item.amount, currency)
    return LineItem(
        description=f"{item.title} — {item.description}",
        amount=amount,
        quantity=Decimal(item.quantity),
        unit_amount=exact_unit_amount(amount, item.quantity),
        chargeable=item.chargeable,
        raw=raw,
    )
