"""Elevate charge categories: net amounts with their tax, rounded per category.

Usage tax is the sum of the per-row taxes (as the rating engine records it), so the
breakdown always adds up to the category totals.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from desktop_app.sandbox.wire import from_minor_units, pence

if TYPE_CHECKING:
    from desktop_app.sandbox.data.elevate import Customer

VAT_RATE = Decimal("0.20")


@dataclass(frozen=True)
class Charges:
    rental: Decimal
    rental_tax: Decimal
    usage: Decimal
    usage_tax: Decimal
    usage_rows: list[dict[str, Any]]
    adhoc: Decimal
    adhoc_tax: Decimal
    bolt_on: Decimal
    bolt_on_tax: Decimal

    @property
    def tax(self) -> Decimal:
        return self.rental_tax + self.usage_tax + self.adhoc_tax + self.bolt_on_tax

    @property
    def net(self) -> Decimal:
        return self.rental + self.usage + self.adhoc + self.bolt_on

    @property
    def total(self) -> Decimal:
        """Gross: every category plus the invoice tax."""
        return self.net + self.tax


def charges_for_run(rng: random.Random, customer: Customer) -> Charges:
    """A monthly invoice: line rental, metered usage, bolt-ons and the odd one-off charge."""
    rate = _rate(customer)
    rental = from_minor_units(customer.rental_minor)
    rows = [_usage_row(rng, product, rate) for product in customer.usage_products]
    usage = sum((row["sellPrice"] for row in rows), Decimal("0.00"))
    usage_tax = sum((row["taxAmount"] for row in rows), Decimal("0.00"))
    bolt_on = from_minor_units(customer.bolt_on_minor)
    adhoc = from_minor_units(rng.randint(2_500, 25_000)) if rng.random() < 0.06 else Decimal("0.00")
    return Charges(
        rental,
        _tax(rental, rate),
        usage,
        usage_tax,
        rows,
        adhoc,
        _tax(adhoc, rate),
        bolt_on,
        _tax(bolt_on, rate),
    )


def charges_for_adhoc(rng: random.Random, customer: Customer, *, credit: bool) -> Charges:
    """An ad-hoc run invoice: a single charge, or a negative credit (refund, goodwill)."""
    rate = _rate(customer)
    minor = rng.randint(1_500, 60_000)
    adhoc = from_minor_units(-minor if credit else minor)
    zero = Decimal("0.00")
    return Charges(zero, zero, zero, zero, [], adhoc, _tax(adhoc, rate), zero, zero)


def _rate(customer: Customer) -> Decimal:
    return Decimal(0) if customer.tax_exempt else VAT_RATE


def _tax(net: Decimal, rate: Decimal) -> Decimal:
    return pence(net * rate)


def _usage_row(rng: random.Random, product: int, rate: Decimal) -> dict[str, Any]:
    sell_minor = rng.randint(35, 48_000)
    cost_minor = sell_minor * rng.randint(45, 80) // 100
    rated_cost_minor = (cost_minor + sell_minor) // 2
    sell = from_minor_units(sell_minor)
    return {
        "usageProductId": product,
        "chargeGroupCategoryId": 10 + product % 7,
        "taxBandId": 1 if rate else 3,
        "costPrice": from_minor_units(cost_minor),
        "sellPrice": sell,
        "taxAmount": _tax(sell, rate),
        "ratedCostPrice": from_minor_units(rated_cost_minor),
    }
