"""Helpers the per-provider mappings share for line items."""

from __future__ import annotations

from decimal import Decimal, Inexact, localcontext

from desktop_app.domain import Money


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
