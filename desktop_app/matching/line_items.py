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
    # One pass over plain Decimals: this runs for every invoice, and Money arithmetic is slow.
    currency = invoice.currency
    total, count, foreign = Decimal(0), 0, False
    for item in invoice.line_items:
        if item.chargeable:
            amount = item.amount
            total += amount.amount
            count += 1
            foreign = foreign or amount.currency != currency
    if not count:
        return None
    if foreign:
        return _foreign(invoice)
    net = invoice.net
    if total == invoice.gross.amount or (net is not None and total == net.amount):
        return None  # the usual case, decided without rounding
    compared = [a.amount for a in (net, invoice.gross) if a is not None]
    exponent = Decimal(1).scaleb(-minor_units(currency))
    rounded = total.quantize(exponent, ROUND_HALF_UP)
    if any(rounded == amount.quantize(exponent, ROUND_HALF_UP) for amount in compared):
        return None
    return _mismatch(invoice, count, Money(rounded, currency))


def _foreign(invoice: Invoice) -> Discrepancy:
    chargeable = [item.amount for item in invoice.line_items if item.chargeable]
    foreign = sorted({amount.currency for amount in chargeable} - {invoice.currency})
    text = f"{invoice.number}: line items are in {', '.join(foreign)}, the invoice in {invoice.currency}"
    return Discrepancy(DiscrepancyType.LINE_ITEMS_MISMATCH, text, invoice, (), invoice.gross)


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
