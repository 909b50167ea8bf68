"""LINE_ITEMS_MISMATCH: do an invoice's chargeable line items add up to its amount?

Providers disagree on whether items include tax: Content Ignite's items sum to
``base_sub_amount`` (the net), other providers' items to the gross. So items are consistent
when their total equals the net amount (when the provider gives one) or the gross, both
rounded to the currency's minor unit. Items that each state their own tax (Elevate's
charge categories) are net by their provider's word, so they must add up to the net: with
the tax, to the gross; that they add up to the gross alone means the tax is unexplained.
Invoices without items, and invoices nobody pays (drafts, upcoming, void), are not checked.

``check_line_items`` is that rule, on one invoice: the engine reports by it, and the
Invoices screen words it under the invoice's items, so the two never disagree (the screen
once compared the items with the gross alone, and showed Content Ignite's VAT as a
difference the report never listed).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import NamedTuple

from desktop_app.domain.currencies import minor_units
from desktop_app.domain.discrepancy import Discrepancy, DiscrepancyType
from desktop_app.domain.invoice import Invoice
from desktop_app.domain.money import Money
from desktop_app.matching.prepare import Pool, PreparedInvoice


class ItemsBasis(StrEnum):
    """Which of the invoice's amounts its chargeable items add up to."""

    NET = "net"
    GROSS = "gross"


class LineItemsCheck(NamedTuple):
    """An invoice's chargeable line items against its amounts, by the one rule.

    A named tuple: the engine makes one for every itemised invoice of a run, and a tuple
    is the cheapest object to make."""

    invoice: Invoice
    chargeable: int  # how many items are chargeable (``tuple.count`` is taken)
    total: Decimal  # their exact sum (in their own currencies when ``foreign``)
    agrees_with: ItemsBasis | None  # the amount they add up to; None when none
    foreign: tuple[str, ...]  # the items' currencies other than the invoice's, sorted

    @property
    def agrees(self) -> bool:
        return self.agrees_with is not None

    @property
    def rounded_total(self) -> Money:
        """The items' total in the invoice's currency, rounded to its minor unit (not
        meaningful when ``foreign``: items in another currency are not added up)."""
        return Money(self.total, self.invoice.currency).rounded()

    @property
    def compared(self) -> Money:
        """What items that agree with nothing are measured against: the net amount when
        the provider gives one, else the gross."""
        invoice = self.invoice
        return invoice.net if invoice.net is not None else invoice.gross

    @property
    def compared_label(self) -> str:
        """The invoice's amount ``compared`` is, as a sentence names it."""
        return "net amount" if self.invoice.net is not None else "amount"

    @property
    def difference(self) -> Money:
        """Items' rounded total less ``compared`` rounded: what they are over (or under)."""
        return self.rounded_total - self.compared.rounded()


def check_line_items(invoice: Invoice) -> LineItemsCheck | None:
    """Whether ``invoice``'s chargeable line items add up to its net or its gross (see the
    module's rule); None when it has no chargeable item. Whether anyone pays the invoice
    is not asked here: the engine checks only those it matches (``line_items_discrepancy``)."""
    # One pass over plain Decimals: this runs for every invoice, and Money arithmetic is slow.
    currency = invoice.currency
    total, count, untaxed = Decimal(0), 0, False
    foreign: set[str] | None = None
    for item in invoice.line_items:
        if item.chargeable:
            amount = item.amount
            total += amount.amount
            count += 1
            if amount.currency != currency:
                foreign = {amount.currency} if foreign is None else foreign | {amount.currency}
            untaxed = untaxed or item.tax is None
    if not count:
        return None
    if foreign is not None:
        return LineItemsCheck(invoice, count, total, None, tuple(sorted(foreign)))
    net = invoice.net
    targets: tuple[tuple[ItemsBasis, Decimal], ...]
    if net is not None and not untaxed:
        targets = ((ItemsBasis.NET, net.amount),)  # items stating their own tax are net
    elif net is not None:
        targets = ((ItemsBasis.NET, net.amount), (ItemsBasis.GROSS, invoice.gross.amount))
    else:
        targets = ((ItemsBasis.GROSS, invoice.gross.amount),)
    for basis, target in targets:
        if total == target:
            return LineItemsCheck(invoice, count, total, basis, ())  # decided without rounding
    exponent = Decimal(1).scaleb(-minor_units(currency))
    rounded = total.quantize(exponent, ROUND_HALF_UP)
    for basis, target in targets:
        if rounded == target.quantize(exponent, ROUND_HALF_UP):
            return LineItemsCheck(invoice, count, total, basis, ())
    return LineItemsCheck(invoice, count, total, None, ())


def line_items_discrepancy(prepared: PreparedInvoice, named: str) -> Discrepancy | None:
    """The invoice's LINE_ITEMS_MISMATCH, if its items disagree with it; ``named``: how
    the row names it (``RunContext.name``)."""
    invoice = prepared.invoice
    if prepared.pool is not Pool.LIVE or not invoice.line_items:
        return None
    check = check_line_items(invoice)
    if check is None or check.agrees_with is not None:
        return None
    if check.foreign:
        return _foreign(check, named)
    return _mismatch(check, named)


def _foreign(check: LineItemsCheck, named: str) -> Discrepancy:
    invoice = check.invoice
    text = (
        f"{named}: line items are in {', '.join(check.foreign)}, the invoice in {invoice.currency}"
    )
    return Discrepancy(DiscrepancyType.LINE_ITEMS_MISMATCH, text, invoice, (), invoice.gross)


def _mismatch(check: LineItemsCheck, named: str) -> Discrepancy:
    invoice, compared, difference = check.invoice, check.compared, check.difference
    text = (
        f"{named}: {_items_total(check.chargeable)} {check.rounded_total.format()}, "
        f"the invoice's {check.compared_label} is {compared.format()} "
        f"({difference.format()} difference)"
    )
    return Discrepancy(
        DiscrepancyType.LINE_ITEMS_MISMATCH, text, invoice, (), compared, None, difference
    )


def _items_total(count: int) -> str:
    if count == 1:
        return "its one chargeable line item is"
    return f"{count} chargeable line items add up to"
