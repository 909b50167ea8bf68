"""LINE_ITEMS_MISMATCH: do an invoice's chargeable line items add up to its amount?

Providers disagree on whether items include tax: Content Ignite's items sum to
``base_sub_amount`` (the net), other providers' items to the gross. So items are consistent
when their total equals the net amount (when the provider gives one) or the gross, both
rounded to the currency's minor unit. Items that each state their own tax (Elevate's
charge categories) are net by their provider's word, so they must add up to the net: with
the tax, to the gross; that they add up to the gross alone means the tax is unexplained.
Invoices without items, and invoices nobody pays (drafts, upcoming, void), are not checked.
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
    total, count, foreign, untaxed = Decimal(0), 0, False, False
    for item in invoice.line_items:
        if item.chargeable:
            amount = item.amount
            total += amount.amount
            count += 1
            foreign = foreign or amount.currency != currency
            untaxed = untaxed or item.tax is None
    if not count:
        return None
    if foreign:
        return _foreign(invoice)
    net = invoice.net
    if net is not None and not untaxed:
        targets: tuple[Decimal, ...] = (net.amount,)  # items stating their own tax are net
    else:
        targets = tuple(a.amount for a in (net, invoice.gross) if a is not None)
    if total in targets:
        return None  # the usual case, decided without rounding
    exponent = Decimal(1).scaleb(-minor_units(currency))
    rounded = total.quantize(exponent, ROUND_HALF_UP)
    if any(rounded == amount.quantize(exponent, ROUND_HALF_UP) for amount in targets):
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
        f"{invoice.number}: {_items_total(count)} {total.format()}, "
        f"the invoice's {label} is {compared.format()} ({difference.format()} difference)"
    )
    return Discrepancy(
        DiscrepancyType.LINE_ITEMS_MISMATCH, text, invoice, (), compared, None, difference
    )


def _items_total(count: int) -> str:
    if count == 1:
        return "its one chargeable line item is"
    return f"{count} chargeable line items add up to"
