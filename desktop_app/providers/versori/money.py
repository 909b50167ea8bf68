"""Decoding Versori's ``MonetaryValue`` exactly.

``integral`` is whole pounds, ``fractional`` the number of pence (so 5p is 5, not 50), and
the sign lives only in ``isNegative``: value = sign x (integral + fractional / 100). A
fractional part outside 0-99 or a negative component has no single meaning, so it is
reported as a data error naming the field rather than guessed at.
"""

from __future__ import annotations

from decimal import Decimal

from desktop_app.domain import Money, minor_units
from desktop_app.providers.versori.wire import MonetaryValue


class MonetaryValueError(ValueError):
    """A ``MonetaryValue`` whose parts do not describe one amount."""


def decode_monetary_value(value: MonetaryValue, field: str) -> Money:
    currency = value.currencyCode
    places = minor_units(currency)
    if value.integral < 0:
        raise MonetaryValueError(
            f"{field}.integral is {value.integral}: negative, but the sign belongs in isNegative"
        )
    if not 0 <= value.fractional < 10**places:
        raise MonetaryValueError(
            f"{field}.fractional is {value.fractional}: outside 0-{10**places - 1}, the "
            f"{currency} minor units a whole unit holds"
        )
    amount = Decimal(value.integral) + Decimal(value.fractional).scaleb(-places)
    if value.isNegative and amount:
        amount = -amount
    return Money(amount, currency)
