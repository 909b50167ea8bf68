"""Amount cells: every way banks write a signed amount, and fuzzing of the parser."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.statements.currency_marks import SYMBOLS_LONGEST_FIRST
from desktop_app.statements.numbers import Vote, analyse_amount, parse_amount


@pytest.mark.parametrize(
    ("text", "mark", "expected"),
    [
        ("-13,98", ",", "-13.98"),
        ("2.647,74", ",", "2647.74"),
        ("1,280.8", ".", "1280.8"),
        ("($1,936.76)", ".", "-1936.76"),
        ("- $220.00", ".", "-220.00"),
        ("+ £1,234.56", ".", "1234.56"),
        ("-£52.00", ".", "-52.00"),
        ("£-5.10", ".", "-5.10"),
        ("9,90-", ",", "-9.90"),
        ("100.00 CR", ".", "100.00"),
        ("100.00 DR", ".", "-100.00"),
        ("'579,68 USD", ",", "579.68"),
        ("USD 9.126,07", ",", "9126.07"),
        ("1\u00a0234,56", ",", "1234.56"),
        ("1\u202f234,56 €", ",", "1234.56"),
        ("1'234.50", ".", "1234.50"),
        ("د.ا.\u200f4.750", ".", "4.750"),
        ("−7,50", ",", "-7.50"),
        ("+1,23", ",", "1.23"),
        ("0,00", ",", "0.00"),
        ("1.234.567", ",", "1234567"),
        ("5.00 cr", ".", "5.00"),
        ("5.00 dr", ".", "-5.00"),
        ("$(78.90)", ".", "-78.90"),
        ("(-123.45)", ".", "-123.45"),
        ("-(5.00)", ".", "-5.00"),
        ("5.00- DR", ".", "-5.00"),
        ("1,23,456.78", ".", "123456.78"),
        ("12,34,56,789", ".", "123456789"),
    ],
)
def test_amount_texts(text: str, mark: str, expected: str) -> None:
    assert parse_amount(text, mark) == Decimal(expected)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "abc",
        "-",
        "01.02.2024",
        "2024-01-02",
        "6,17761250170673E+025",
        "12.34.56",
        "1,2,3",
        "+-5",
        # Marks that repeat or contradict each other: a typing slip, not an amount.
        "--5",
        "5--",
        "-5-",
        "- -5",
        "--5.00",
        "-5.00 CR",
        "(5.00) CR",
        "EUR 5 USD",
        "€€5",
        # Indian grouping is commas only, and groups of two only between the ends.
        "1,23,45",
        "1.23.456,78",
        "NaN",
        "Infinity",
    ],
)
def test_not_amounts(text: str) -> None:
    assert analyse_amount(text) is None


@pytest.mark.parametrize(
    ("text", "vote"),
    [
        ("12,5", Vote.COMMA),
        ("1.234,56", Vote.COMMA),
        ("1,234.56", Vote.DOT),
        ("0.500", Vote.DOT),
        ("1234,567", Vote.COMMA),
        ("1,234", Vote.MAYBE_COMMA),
        ("4.750", Vote.MAYBE_DOT),
        ("1,234,567", Vote.DOT),
        ("1500", Vote.NONE),
    ],
)
def test_each_value_votes_for_the_decimal_mark_it_proves(text: str, vote: Vote) -> None:
    analysed = analyse_amount(text)
    assert analysed is not None
    assert analysed.vote is vote


def test_ambiguous_value_reads_either_way_by_the_column_decision() -> None:
    analysed = analyse_amount("4,884")
    assert analysed is not None
    assert analysed.value(".") == Decimal("4884")
    assert analysed.value(",") == Decimal("4.884")


def test_currency_marks_are_kept_as_written() -> None:
    for text, token in (("£99.99", "£"), ("579,68 USD", "USD"), ("($5.00)", "$"), ("12 €", "€")):
        analysed = analyse_amount(text)
        assert analysed is not None
        assert analysed.currency == token


def test_identifiers_with_leading_zeros_are_flagged() -> None:
    analysed = analyse_amount("00012345")
    assert analysed is not None
    assert analysed.leading_zero


@given(st.text(max_size=40))
def test_any_text_is_analysed_without_error(text: str) -> None:
    analysed = analyse_amount(text)
    if analysed is not None:
        for mark in (".", ","):
            value = analysed.value(mark)
            assert value is None or value.is_finite()


_money = st.decimals(
    min_value=Decimal("-99999999.99"), max_value=Decimal("99999999.99"), places=2, allow_nan=False
)


@given(_money)
def test_plain_formatting_round_trips(amount: Decimal) -> None:
    assert parse_amount(f"{amount:.2f}", ".") == amount


@given(_money, st.sampled_from([(",", "."), (".", ","), (".", " "), (".", "'"), (",", "\u00a0")]))
def test_grouped_formatting_round_trips(amount: Decimal, marks: tuple[str, str]) -> None:
    decimal_mark, thousands = marks
    grouped = (
        f"{abs(amount):,.2f}".replace(",", "\x00")
        .replace(".", decimal_mark)
        .replace("\x00", thousands)
    )
    text = ("-" if amount < 0 else "") + grouped
    assert parse_amount(text, decimal_mark) == amount


@given(_money)
def test_indian_grouping_round_trips(amount: Decimal) -> None:
    whole, _, cents = f"{abs(amount):.2f}".partition(".")
    head, thousands = whole[:-3], whole[-3:]
    pairs = [head[max(0, end - 2) : end] for end in range(len(head), 0, -2)][::-1]
    text = ("-" if amount < 0 else "") + ",".join([*pairs, thousands]) + "." + cents
    assert parse_amount(text, ".") == amount


@given(_money, st.sampled_from(["({}$)", "-{} EUR", "{}-", "£-{}", "{} DR"]))
def test_negative_decorations_round_trip(amount: Decimal, pattern: str) -> None:
    text = pattern.replace("{}", f"{abs(amount):.2f}")
    assert parse_amount(text, ".") == -abs(amount)


@pytest.mark.parametrize("symbol", SYMBOLS_LONGEST_FIRST)
def test_every_currency_symbol_reads_before_and_after_an_amount(symbol: str) -> None:
    """A text with a '/' is never an amount (a date's '15/01/2024' is turned away
    at once): a symbol written with one (the sol's 'S/') would need that changed, and
    fails here until it is."""
    for text in (f"{symbol}12.50", f"12.50 {symbol}"):
        analysed = analyse_amount(text)
        assert analysed is not None
        assert (analysed.currency, analysed.value(".")) == (symbol, Decimal("12.50"))


@given(st.text(alphabet="0123456789.,'’ -−+()$€£/CRDEUS", max_size=20))
def test_no_text_with_a_slash_is_an_amount(text: str) -> None:
    assert analyse_amount(f"{text}/") is None
    assert analyse_amount(f"/{text}") is None
