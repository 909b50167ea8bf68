"""Versori's MonetaryValue: sign x (integral + fractional/100), decoded exactly or refused."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.domain import Money
from desktop_app.providers.versori.money import MonetaryValueError, decode_monetary_value
from desktop_app.providers.versori.wire import MonetaryValue


def value(
    integral: int, fractional: int, negative: bool = False, currency: str = "GBP"
) -> MonetaryValue:
    return MonetaryValue(
        isNegative=negative, currencyCode=currency, integral=integral, fractional=fractional
    )


@pytest.mark.parametrize(
    ("integral", "fractional", "negative", "expected"),
    [
        (12, 50, False, "12.50"),
        (12, 5, False, "12.05"),  # five pence, not fifty
        (0, 99, False, "0.99"),
        (149, 0, False, "149.00"),
        (3, 7, True, "-3.07"),
        (0, 0, True, "0.00"),  # a negative zero is just zero
        (9_223_372_036_854_775_807, 99, False, "9223372036854775807.99"),  # int64 max
    ],
)
def test_decoding(integral: int, fractional: int, negative: bool, expected: str) -> None:
    decoded = decode_monetary_value(value(integral, fractional, negative), "totalAmount")
    assert decoded == Money(Decimal(expected), "GBP")
    assert decoded.to_plain_string() == expected


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_every_amount_in_pence_round_trips(pence: int) -> None:
    integral, fractional = divmod(abs(pence), 100)
    decoded = decode_monetary_value(value(integral, fractional, pence < 0), "totalAmount")
    assert decoded.amount == Decimal(pence) / 100


@pytest.mark.parametrize(
    ("integral", "fractional", "expected"),
    [
        (12, 100, r"totalAmount\.fractional is 100: outside 0-99"),
        (12, 150, r"totalAmount\.fractional is 150"),
        (12, -5, r"totalAmount\.fractional is -5"),
        (-12, 50, r"totalAmount\.integral is -12: negative, but the sign belongs in isNegative"),
    ],
)
def test_values_with_no_single_meaning_are_refused(
    integral: int, fractional: int, expected: str
) -> None:
    with pytest.raises(MonetaryValueError, match=expected):
        decode_monetary_value(value(integral, fractional), "totalAmount")


def test_currency_comes_from_the_value() -> None:
    assert decode_monetary_value(value(1, 1, currency="eur"), "f").currency == "EUR"
