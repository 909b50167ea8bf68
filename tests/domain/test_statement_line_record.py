"""A ``StatementLine`` is held in a tuple, yet behaves as the frozen dataclass it is declared
as: what its users rely on is checked here, each where a plain tuple would differ."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
import pickle
from decimal import Decimal
from typing import Any

import pytest

from desktop_app.domain import LineKey, StatementLine

DAY = dt.date(2025, 3, 4)


def line(**changes: Any) -> StatementLine:
    base = StatementLine(
        "bank.csv", 7, DAY, Decimal("-12.50"), "EUR", "Card", "INV-1", "Shop",
        DAY, Decimal("100.00"), ("04/03/2025", "-12.50"),
    )  # fmt: skip
    return dataclasses.replace(base, **changes)


def fields_of(statement_line: StatementLine) -> tuple[Any, ...]:
    return tuple(getattr(statement_line, spec.name) for spec in dataclasses.fields(statement_line))


def test_equality_and_hash_leave_out_the_raw_cells_and_the_currency_cell() -> None:
    one, other = line(), line(raw=("other",), currency_cell="EURO")
    assert one == other
    assert not one != other  # noqa: SIM202 - ``!=`` is its own method on a tuple
    assert hash(one) == hash(other)
    assert len({one, other}) == 1
    assert one != line(row=8)
    assert one != line(description="Card payment")
    # The dataclass's hash: that of its compared fields, so sets and dicts of lines keep
    # the order they had.
    assert hash(one) == hash(fields_of(one)[:10])


def test_a_line_never_equals_a_tuple_of_its_fields() -> None:
    one = line()
    values = fields_of(one)
    for other in (values, values[:10]):
        assert one != other
        assert other != one
        assert not one == other  # noqa: SIM201
        assert not other == one  # noqa: SIM201
    assert one != LineKey("bank.csv", 7)


def test_lines_have_no_order() -> None:
    one, later = line(), line(row=8)
    for left, right in ((one, later), (one, fields_of(later)), (fields_of(one), later)):
        with pytest.raises(TypeError, match="not supported between instances"):
            left < right  # type: ignore[operator]  # noqa: B015
        with pytest.raises(TypeError, match="not supported between instances"):
            left >= right  # type: ignore[operator]  # noqa: B015
    with pytest.raises(TypeError):
        sorted([later, one])  # type: ignore[type-var]


def test_a_line_is_frozen() -> None:
    one = line()
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'row'"):
        one.row = 8  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot delete field 'currency'"):
        del one.currency  # type: ignore[misc]
    assert one.row == 7


def test_a_line_is_no_sequence() -> None:
    """Nothing may take a line for its fields: not a loop, an unpacking, ``len``, an index,
    ``in``, a concatenation, nor ``json.dumps`` (which would write a tuple as a list)."""
    one: Any = line()
    refused = [
        lambda: iter(one),
        lambda: [*one],
        lambda: tuple(one),
        lambda: len(one),
        lambda: one[0],
        lambda: "EUR" in one,
        lambda: one + (),  # noqa: RUF005
        lambda: () + one,  # noqa: RUF005
        lambda: one * 2,
        lambda: 2 * one,
        lambda: json.dumps(one),
        lambda: ", ".join(one),
    ]
    for action in refused:
        with pytest.raises(TypeError):
            action()
    with pytest.raises(AttributeError):
        one.count  # noqa: B018
    assert not hasattr(one, "index")
    assert bool(one) is True  # a line is true, as any object: not by its length


def test_constructor_defaults_keywords_and_checks() -> None:
    made = StatementLine(
        source_file="bank.csv", row=2, date=DAY, amount=Decimal("1.00"), currency=None
    )
    assert (made.description, made.reference, made.counterparty) == ("", "", "")
    assert (made.value_date, made.balance, made.raw, made.currency_cell) == (None, None, (), "")
    assert made.states_no_currency
    assert made.key == LineKey("bank.csv", 2)
    with pytest.raises(TypeError, match=r"^bank\.csv row 2: amount must be Decimal, not float$"):
        StatementLine("bank.csv", 2, DAY, 1.5, "EUR")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"^bank\.csv: rows are 1-based, got 0$"):
        StatementLine("bank.csv", 0, DAY, Decimal(1), "EUR")
    with pytest.raises(TypeError, match="unexpected keyword argument 'amout'"):
        StatementLine("bank.csv", 2, DAY, currency=None, amout=Decimal(1))  # type: ignore[call-arg]


def test_properties_read_the_fields() -> None:
    one = line()
    assert one.money.amount == Decimal("-12.50")
    assert one.money.currency == "EUR"
    assert one.text == "Card INV-1 Shop"
    assert one.amount_text == "-€12.50"
    assert not one.states_no_currency
    assert not line(currency=None, currency_cell="EURO").states_no_currency


def test_the_dataclass_functions_work_on_lines() -> None:
    one = line()
    assert dataclasses.is_dataclass(one)
    assert [spec.name for spec in dataclasses.fields(one)][-3:] == [
        "balance",
        "raw",
        "currency_cell",
    ]
    assert dataclasses.astuple(one) == fields_of(one)
    assert dataclasses.asdict(one)["raw"] == ("04/03/2025", "-12.50")
    moved = dataclasses.replace(one, currency_cell="N/A", row=9)
    assert (moved.row, moved.currency_cell, moved.raw) == (9, "N/A", one.raw)
    assert type(moved) is StatementLine
    with pytest.raises(ValueError, match="rows are 1-based, got 0"):
        dataclasses.replace(one, row=0)


def test_repr_is_the_dataclass_repr() -> None:
    assert repr(StatementLine("a.csv", 2, DAY, Decimal("1.5"), None, raw=("x",))) == (
        "StatementLine(source_file='a.csv', row=2, date=datetime.date(2025, 3, 4), "
        "amount=Decimal('1.5'), currency=None, description='', reference='', "
        "counterparty='', value_date=None, balance=None, raw=('x',), currency_cell='')"
    )


def test_copies_and_pickles_keep_every_field() -> None:
    one = line(currency_cell="EURO")
    for twin in (copy.copy(one), copy.deepcopy(one), pickle.loads(pickle.dumps(one))):
        assert type(twin) is StatementLine
        assert fields_of(twin) == fields_of(one)
    assert fields_of(pickle.loads(pickle.dumps(one, protocol=0))) == fields_of(one)


def test_many_builds_what_the_constructor_builds_raw_and_currency_cell_included() -> None:
    rows = [2, 3]
    built = StatementLine.many(
        "a.csv", rows, [DAY, DAY], [Decimal(1), Decimal(-2)], ["EUR", None],
        (["d", ""], ["r", ""], ["", "c"]), [None, DAY], [None, Decimal(3)], [("x",), ()],
    )  # fmt: skip
    expected = [
        StatementLine("a.csv", 2, DAY, Decimal(1), "EUR", "d", "r", "", None, None, ("x",)),
        StatementLine("a.csv", 3, DAY, Decimal(-2), None, "", "", "c", DAY, Decimal(3), ()),
    ]
    assert [fields_of(each) for each in built] == [fields_of(each) for each in expected]
    assert [type(each) for each in built] == [StatementLine] * 2
    assert built[1].states_no_currency
