"""``StatementLine.many`` builds exactly the lines the constructor builds, checks included."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.domain import StatementLine

_TEXT = st.text(max_size=8)
_LINE = st.tuples(
    st.integers(min_value=1, max_value=10**6),
    st.dates(),
    st.decimals(allow_nan=False, allow_infinity=False, places=2),
    st.none() | st.sampled_from(["EUR", "USD"]),
    _TEXT,
    _TEXT,
    _TEXT,
    st.none() | st.dates(),
    st.none() | st.decimals(allow_nan=False, allow_infinity=False, places=2),
    st.lists(_TEXT, max_size=4).map(tuple),
)


def _by_constructor(source: str, rows: list[tuple[object, ...]]) -> list[StatementLine]:
    return [StatementLine(source, *row) for row in rows]  # type: ignore[arg-type]


def _by_columns(source: str, rows: list[tuple[object, ...]]) -> list[StatementLine]:
    columns: list[list[object]] = [list(column) for column in zip(*rows, strict=True)] or [
        [] for _ in range(10)
    ]
    number, date, amount, currency, description, reference, party, value, balance, raw = columns
    return StatementLine.many(
        source,
        number,  # type: ignore[arg-type]
        date,  # type: ignore[arg-type]
        amount,  # type: ignore[arg-type]
        currency,  # type: ignore[arg-type]
        (description, reference, party),  # type: ignore[arg-type]
        value,  # type: ignore[arg-type]
        balance,  # type: ignore[arg-type]
        raw,  # type: ignore[arg-type]
    )


@given(st.lists(_LINE, max_size=30))
def test_many_equals_the_constructor_field_by_field(rows: list[tuple[object, ...]]) -> None:
    expected = _by_constructor("bank.csv", rows)
    built = _by_columns("bank.csv", rows)
    assert built == expected
    for line, want in zip(built, expected, strict=True):
        assert type(line) is StatementLine
        assert dataclasses.astuple(line) == dataclasses.astuple(want)  # raw included
        assert hash(line.key) == hash(want.key)


def test_lines_built_in_bulk_stay_frozen() -> None:
    (line,) = _by_columns(
        "a.csv",
        [(3, dt.date(2024, 1, 2), Decimal("1.50"), "EUR", "d", "r", "c", None, None, ("x",))],
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        line.amount = Decimal(2)  # type: ignore[misc]
    assert line.money.amount == Decimal("1.50")
    assert line.text == "d r c"


def test_bulk_refuses_floats_and_zero_rows_with_the_constructors_message() -> None:
    good = (2, dt.date(2024, 1, 2), Decimal("1"), "EUR", "", "", "", None, None, ())
    float_row = (3, dt.date(2024, 1, 2), 1.5, "EUR", "", "", "", None, None, ())
    with pytest.raises(TypeError, match=r"a\.csv row 3: amount must be Decimal, not float"):
        _by_columns("a.csv", [good, float_row])
    zero_row = (0, dt.date(2024, 1, 2), Decimal("1"), "EUR", "", "", "", None, None, ())
    with pytest.raises(ValueError, match="rows are 1-based, got 0"):
        _by_columns("a.csv", [good, zero_row])


def test_bulk_refuses_columns_of_different_lengths() -> None:
    with pytest.raises(ValueError, match="one entry per row"):
        StatementLine.many(
            "a.csv", [1, 2], [dt.date(2024, 1, 1)] * 2, [Decimal(1)], [None] * 2,
            ([""] * 2, [""] * 2, [""] * 2), [None] * 2, [None] * 2, [()] * 2,
        )  # fmt: skip


def test_many_lines_across_chunks_equal_the_constructor() -> None:
    count = 5000  # more than one chunk of lines, and not a multiple of it
    rows = [
        (
            index + 1,
            dt.date(2024, 1, 1) + dt.timedelta(days=index % 300),
            Decimal(index) / 100,
            "EUR" if index % 3 else None,
            f"payment {index}",
            f"INV-{index}",
            "",
            None,
            Decimal(index),
            (str(index), "x"),
        )
        for index in range(count)
    ]
    built = _by_columns("big.csv", rows)  # type: ignore[arg-type]
    assert [dataclasses.astuple(line) for line in built] == [
        dataclasses.astuple(line)
        for line in _by_constructor("big.csv", rows)  # type: ignore[arg-type]
    ]
