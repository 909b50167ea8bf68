"""Money: exact, single-currency arithmetic and accountant's rounding."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.domain import CurrencyMismatchError, Money, UnknownCurrencyError, sum_money
from desktop_app.domain.currencies import normalise_currency
from desktop_app.domain.money import to_decimal

amounts = st.decimals(
    allow_nan=False, allow_infinity=False, min_value=-(10**12), max_value=10**12, places=4
)
currencies = st.sampled_from(["GBP", "EUR", "USD", "JPY", "JOD", "CHF"])


@given(amounts, amounts, currencies)
def test_addition_and_subtraction_are_exact(a: Decimal, b: Decimal, currency: str) -> None:
    total = Money(a, currency) + Money(b, currency)
    assert total == Money(a + b, currency)
    assert total - Money(b, currency) == Money(a, currency)


@given(st.floats(allow_nan=True, allow_infinity=True), currencies)
def test_floats_are_always_refused(value: float, currency: str) -> None:
    with pytest.raises(TypeError, match="float"):
        Money(value, currency)  # type: ignore[arg-type]


@given(amounts)
def test_multiplying_by_a_float_is_refused(value: Decimal) -> None:
    with pytest.raises(TypeError):
        Money(value, "GBP") * 1.1  # type: ignore[operator]


@given(amounts, amounts)
def test_mixing_currencies_raises(a: Decimal, b: Decimal) -> None:
    gbp, eur = Money(a, "GBP"), Money(b, "EUR")
    with pytest.raises(CurrencyMismatchError, match="GBP and EUR"):
        gbp + eur
    with pytest.raises(CurrencyMismatchError):
        gbp - eur
    with pytest.raises(CurrencyMismatchError):
        _ = gbp < eur


@given(amounts, currencies)
def test_rounding_lands_on_minor_units_within_half_a_unit(value: Decimal, currency: str) -> None:
    money = Money(value, currency)
    rounded = money.rounded()
    unit = Decimal(1).scaleb(-money.minor_units)
    assert rounded.amount == rounded.amount.quantize(unit)
    assert abs(rounded.amount - value) <= unit / 2
    assert rounded.rounded() == rounded


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("2.675", "GBP", "2.68"),  # a float would give 2.67
        ("-2.675", "GBP", "-2.68"),  # half away from zero, like Excel's ROUND
        ("0.125", "EUR", "0.13"),
        ("1.005", "USD", "1.01"),
        ("2.345", "USD", "2.35"),
        ("12.5", "JPY", "13"),
        ("-12.5", "JPY", "-13"),
        ("12.4", "JPY", "12"),
        ("1.2345", "JOD", "1.235"),
    ],
)
def test_rounding_is_half_up_per_currency(amount: str, currency: str, expected: str) -> None:
    assert Money(amount, currency).rounded().amount == Decimal(expected)
    assert Money(amount, currency).rounded().to_plain_string() == expected


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("1234.5", "GBP", "£1,234.50"),
        ("-1234.5", "GBP", "-£1,234.50"),
        ("72502.07", "EUR", "€72,502.07"),
        ("0.005", "USD", "$0.01"),
        ("-0.004", "USD", "$0.00"),
        ("1500", "JPY", "¥1,500"),
        ("1.2345", "JOD", "1.235 JOD"),
    ],
)
def test_display_format(amount: str, currency: str, expected: str) -> None:
    assert Money(amount, currency).format() == expected


def test_format_without_symbol_shows_the_code() -> None:
    assert Money("-10", "GBP").format(symbol=False) == "-10.00 GBP"


def test_amount_is_kept_exactly_as_given() -> None:
    assert Money("72502.07", "GBP").amount == Decimal("72502.07")
    assert Money(Decimal("1.005"), "USD").to_plain_string() == "1.005"
    assert Money(Decimal("1E+3"), "USD").to_plain_string() == "1000"


def test_strings_and_ints_are_exact_inputs() -> None:
    assert Money("0.1", "GBP") + Money("0.2", "GBP") == Money("0.3", "GBP")
    assert Money(5, "GBP") == Money(Decimal("5.00"), "GBP")


@pytest.mark.parametrize("bad", ["NaN", "Infinity", "-inf", "abc", ""])
def test_non_finite_or_garbage_amounts_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match=r"finite|not a decimal"):
        Money(bad, "GBP")


def test_booleans_are_not_amounts() -> None:
    with pytest.raises(TypeError):
        Money(True, "GBP")  # type: ignore[arg-type]


def test_unknown_currency_is_refused_and_case_is_normalised() -> None:
    with pytest.raises(UnknownCurrencyError, match="GPB"):
        Money("1", "GPB")
    assert Money("1", "gbp").currency == "GBP"


def test_money_is_hashable_and_equal_by_value() -> None:
    assert {Money("1.0", "GBP"), Money("1.00", "GBP")} == {Money("1", "GBP")}
    assert Money("1", "GBP") != Money("1", "EUR")


def test_sum_money_and_empty_sum() -> None:
    assert sum_money([], "EUR") == Money.zero("EUR")
    assert sum_money([Money("1.10", "EUR"), Money("2.20", "EUR")], "EUR") == Money("3.30", "EUR")
    with pytest.raises(CurrencyMismatchError):
        sum_money([Money("1", "GBP")], "EUR")


def test_negation_abs_and_multiplication_by_exact_factors() -> None:
    money = Money("-12.50", "GBP")
    assert -money == Money("12.50", "GBP")
    assert abs(money) == Money("12.50", "GBP")
    assert money * 2 == Money("-25.00", "GBP")
    assert Decimal("0.2") * money == Money("-2.5", "GBP")
    with pytest.raises(TypeError):
        money * money  # type: ignore[operator]


@pytest.mark.parametrize("bad", [Decimal("NaN"), Decimal("sNaN"), Decimal("-Infinity")])
def test_non_finite_decimals_are_refused_like_strings(bad: Decimal) -> None:
    with pytest.raises(ValueError, match="finite"):
        Money(bad, "GBP")


class _Code(str):
    """A str subclass: the constructor must still hand back a plain code."""


@given(
    st.one_of(amounts, amounts.map(str), st.integers(-(10**9), 10**9)),
    st.sampled_from(["GBP", "gbp", " EUR ", "jpy", "JOD"]).map(lambda code: _Code(code)),
    st.booleans(),
)
def test_constructor_keeps_clean_values_and_normalises_the_rest(
    amount: Decimal | str | int, code: str, plain: bool
) -> None:
    """The constructor skips re-assigning values that are already clean; what it keeps
    must be exactly what the checks would have made of them."""
    currency = str(code) if plain else code
    money = Money(amount, currency)  # type: ignore[arg-type]
    assert type(money.amount) is Decimal
    assert money.amount == to_decimal(amount)
    assert str(money.amount) == str(to_decimal(amount))
    assert type(money.currency) is str
    assert money.currency == normalise_currency(currency)
