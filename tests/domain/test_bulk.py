"""Bulk constructors build exactly what the constructors build, checks and errors included."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from desktop_app.domain import (
    Discrepancy,
    DiscrepancyType,
    Match,
    MatchState,
    Money,
    Signal,
    StatementLine,
    UnknownCurrencyError,
)
from tests.domain.builders import make_invoice

UNMATCHED = DiscrepancyType.UNMATCHED_PAYMENT


def amounts(count: int) -> list[Decimal]:
    return [Decimal(f"{k}.{k % 100:02d}") * (-1 if k % 3 else 1) for k in range(count)]


def test_many_amounts_equal_one_by_one_across_chunks() -> None:
    values = amounts(5000)  # more than one chunk
    codes = ["GBP", "EUR", "JPY"] * 1666 + ["USD", "GBP"]
    built = Money.many(values, codes)
    assert built == [Money(value, code) for value, code in zip(values, codes, strict=True)]
    assert all(
        type(money) is Money and money.amount is value
        for money, value in zip(built, values, strict=True)
    )
    assert Money.many([], []) == []


def test_many_amounts_are_as_frozen_and_hashable_as_any() -> None:
    money = Money.many([Decimal("1.50")], ["GBP"])[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        money.amount = Decimal(2)  # type: ignore[misc]
    assert {money, Money(Decimal("1.50"), "GBP")} == {money}
    assert money.format() == "£1.50"


def test_many_amounts_normalise_and_refuse_as_the_constructor_does() -> None:
    assert Money.many([Decimal(1), "2.5"], ["gbp ", "EUR"]) == [  # type: ignore[list-item]
        Money(Decimal(1), "GBP"),
        Money(Decimal("2.5"), "EUR"),
    ]
    with pytest.raises(UnknownCurrencyError):
        Money.many([Decimal(1)], ["XYZ"])
    with pytest.raises(TypeError, match="float"):
        Money.many([1.5], ["GBP"])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="finite"):
        Money.many([Decimal("NaN")], ["GBP"])
    with pytest.raises(TypeError):
        Money.many([Decimal(1)], [["GBP"]])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="one currency per amount"):
        Money.many([Decimal(1)], [])


class _Code(str):
    """A code that is a ``str`` subclass: the constructor hands back a plain ``str``."""


def test_many_amounts_hand_back_plain_codes_as_the_constructor_does() -> None:
    (built,) = Money.many([Decimal(1)], [_Code("GBP")])
    assert type(built.currency) is str
    assert type(Money(Decimal(1), _Code("GBP")).currency) is str


def test_a_field_without_a_column_is_refused_not_left_unset() -> None:
    from desktop_app.domain.bulk import build_in_chunks

    with pytest.raises(ValueError, match="no column for currency"):
        build_in_chunks(Money, {"amount": [Decimal(1)]})


def test_columns_are_read_once_from_the_front_one_value_per_instance() -> None:
    from desktop_app.domain.bulk import build_in_chunks

    values = amounts(5000)  # more than one chunk
    columns = {"amount": iter(values), "currency": itertools.repeat("GBP")}  # one endless
    built = build_in_chunks(Money, columns, count=len(values))
    assert built == [Money(value, "GBP") for value in values]
    assert next(columns["amount"], None) is None  # every value taken, none skipped


def test_a_column_that_runs_short_is_refused_not_left_unset() -> None:
    from desktop_app.domain.bulk import build_in_chunks

    with pytest.raises(ValueError, match="fewer than 3000 values for currency"):
        build_in_chunks(Money, {"amount": amounts(3000), "currency": ["GBP"] * 2999})
    with pytest.raises(TypeError, match="give the count"):
        build_in_chunks(Money, {"amount": iter(amounts(3)), "currency": ["GBP"] * 3})


def line(row: int) -> StatementLine:
    return StatementLine("bank.csv", row, date(2025, 1, 2), Decimal(f"-{row}.25"), "GBP")


def test_rows_about_lines_equal_one_by_one_across_chunks() -> None:
    lines = [(line(row),) for row in range(1, 4500)]
    texts = [f"row {row}" for row in range(1, 4500)]
    paid: list[Money | None] = [Money(each[0].amount, "GBP") for each in lines]
    paid[7] = None
    built = Discrepancy.about_lines(UNMATCHED, texts, lines, paid)
    expected = [
        Discrepancy(UNMATCHED, text, None, each, None, amount)
        for text, each, amount in zip(texts, lines, paid, strict=True)
    ]
    assert built == expected
    assert [row.severity for row in built[:2]] == [expected[0].severity] * 2
    with pytest.raises(dataclasses.FrozenInstanceError):
        built[0].explanation = "changed"  # type: ignore[misc]


def test_rows_about_lines_refuse_a_row_without_a_line_as_the_constructor_does() -> None:
    rows: list[Any] = [(line(2),), ()]
    with pytest.raises(ValueError, match="concerns an invoice or a line"):
        Discrepancy.about_lines(UNMATCHED, ["a", "b"], rows, [None, None])
    with pytest.raises(ValueError, match="one explanation and amount per row"):
        Discrepancy.about_lines(UNMATCHED, ["a"], rows, [None, None])


def test_many_matches_equal_one_by_one_and_refuse_as_the_constructor_does() -> None:
    invoice = make_invoice()
    signal = Signal("amount", 1.0, 0.35, "amount equal")
    rows = [((invoice,), (line(row),), 0.5 + row / 10_000, (signal,)) for row in range(1, 3000)]
    columns: list[list[Any]] = [[row[k] for row in rows] for k in range(4)]
    texts = [f"match {k}" for k in range(len(rows))]
    states = [MatchState.AUTO, MatchState.SUGGESTED] * 1499 + [MatchState.AUTO]
    runners_up = [None, "could also be X"] * 1499 + [None]
    built = Match.many(*columns, texts, states, runners_up)
    assert built == [
        Match(*row, text, state, runner_up)
        for row, text, state, runner_up in zip(rows, texts, states, runners_up, strict=True)
    ]
    for bad_score in (1.5, float("nan")):
        with pytest.raises(ValueError, match="outside"):
            Match.many(
                [(invoice,)], [(line(2),)], [bad_score], [()], ["x"], [MatchState.AUTO], [None]
            )
    with pytest.raises(ValueError, match="at least one invoice"):
        Match.many([()], [(line(2),)], [0.5], [()], ["x"], [MatchState.AUTO], [None])
    with pytest.raises(ValueError, match="one entry per match"):
        Match.many([(invoice,)], [], [0.5], [()], ["x"], [MatchState.AUTO], [None])


def test_many_matches_take_what_each_payment_was_compared_with() -> None:
    """The optional column: given, each match has its own (across chunks, and through the
    constructor when a check fails); left out, every one is compared with its gross."""
    invoice = make_invoice()
    rows = [((invoice,), (line(row),), 0.9, ()) for row in range(1, 2500)]
    columns: list[list[Any]] = [[row[k] for row in rows] for k in range(4)]
    texts = ["x"] * len(rows)
    states = [MatchState.AUTO] * len(rows)
    runners_up: list[str | None] = [None] * len(rows)
    owed: list[Money | None] = [None] * len(rows)
    owed[2400] = Money("201.70", "GBP")
    built = Match.many(*columns, texts, states, runners_up, owed)
    assert [m.compared_with for m in built] == owed
    assert built == [
        Match(*row, "x", MatchState.AUTO, None, compared)
        for row, compared in zip(rows, owed, strict=True)
    ]
    assert all(m.compared_with is None for m in Match.many(*columns, texts, states, runners_up))
    with pytest.raises(ValueError, match="outside"):
        Match.many(
            [(invoice,)], [(line(2),)], [1.5], [()], ["x"], [MatchState.AUTO], [None], [None]
        )
    with pytest.raises(ValueError, match="one entry per match"):
        Match.many([(invoice,)], [(line(2),)], [0.5], [()], ["x"], [MatchState.AUTO], [None], [])
