"""LINE_ITEMS_MISMATCH: do an invoice's chargeable line items add up to its amount?

Providers disagree on whether items include tax: Content Ignite's items sum to
``base_sub_amount`` (the net), other providers' items to the gross. So items are consistent
when their total equals the net amount (when the provider gives one) or the gross, both
rounded to the currency's minor unit. Invoices without items, and invoices nobody pays
(drafts, upcoming, void), are not checked.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from desktop_app.domain.currencies import minor_units
from desktop_app.domain.discrepancy import Discrepancy, DiscrepancyType
from desktop_app.domain.invoice import Invoice
from desktop_app.domain.money import Money
from desktop_app.matching.prepare import Pool, PreparedInvoice


def line_items_discrepancy(prepared: PreparedInvoice) -> Discrepancy | None:
    invoice = prepared.invoice
    if prepared.pool is not Pool.LIVE or not invoice.line_items:
        return None
    chargeable = [item.amount for item in invoice.line_items if item.chargeable]
    if not chargeable:
        return None
    if any(amount.currency != invoice.currency for amount in chargeable):
        foreign = sorted({amount.currency for amount in chargeable} - {invoice.currency})
        text = f"{invoice.number}: line items are in {', '.join(foreign)}, the invoice in {invoice.currency}"
        return Discrepancy(DiscrepancyType.LINE_ITEMS_MISMATCH, text, invoice, (), invoice.gross)
    # Plain Decimals here: this runs for every invoice, and Money arithmetic is slow.
    total = sum([amount.amount for amount in chargeable], Decimal(0))
    compared = [a.amount for a in (invoice.net, invoice.gross) if a is not None]
    if total in compared:
        return None  # the usual case, decided without rounding
    exponent = Decimal(1).scaleb(-minor_units(invoice.currency))
    rounded = total.quantize(exponent, ROUND_HALF_UP)
    if any(rounded == amount.quantize(exponent, ROUND_HALF_UP) for amount in compared):
        return None
    return _mismatch(invoice, len(chargeable), Money(rounded, invoice.currency))


def _mismatch(invoice: Invoice, count: int, total: Money) -> Discrepancy:
    compared = invoice.net if invoice.net is not None else invoice.gross
    label = "net amount" if invoice.net is not None else "amount"
    difference = total - compared.rounded()
    text = (
        f"{invoice.number}: {count} chargeable line items add up to {total.format()}, "
        f"the invoice's {label} is {compared.format()} ({difference.format()} difference)"
    )
    return Discrepancy(
        DiscrepancyType.LINE_ITEMS_MISMATCH, text, invoice, (), compared, None, difference
    )
