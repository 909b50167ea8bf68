"""Helpers the per-provider mappings share for amounts and line items."""

from __future__ import annotations

from decimal import Decimal, Inexact, localcontext

from desktop_app.domain import Money, minor_units


class SubMinorAmountError(ValueError):
    """An amount with more decimal places than its currency has."""


def exact_money(amount: Decimal, currency: str, field: str, hint: str = "") -> Money:
    """``amount`` in ``currency``, refused when it is finer than the currency's minor unit.

    10.005 GBP or 1500.5 JPY cannot be invoiced or paid as written: either the data is
    broken or the currency is not what it seems (Elevate's comes from the config). Rounding
    would put a figure on the invoice that the provider never stated, and an accountant
    could not tell it from one it did; so the invoice is refused, naming the field, and
    reported as that invoice's problem. Trailing zeros are fine (100.00 JPY is 100 yen).
    ``hint`` says what else to check, in parentheses.
    """
    places = minor_units(currency)
    if amount != amount.quantize(Decimal(1).scaleb(-places)):
        unit = "no decimal places" if places == 0 else f"{places} decimal places"
        suffix = f" ({hint})" if hint else ""
        raise SubMinorAmountError(
            f"{field} is {amount}: more decimals than {currency}, which has {unit}{suffix}"
        )
    return Money(amount, currency)


def exact_unit_amount(amount: Money, quantity: int | Decimal | None) -> Money | None:
    """``amount / quantity`` when it divides exactly (no provider gives a unit price).

    A quotient that would need rounding (100.00 / 3) is left out rather than invented: the
    line total is what the provider billed, a rounded unit price is not.
    """
    if quantity is None or quantity <= 0:
        return None
    with localcontext() as context:
        context.traps[Inexact] = True
        try:
            unit = amount.amount / Decimal(quantity)
        except Inexact:
            return None
    return Money(unit, amount.currency)
