"""``tuple_record`` and ``build_records``: what they refuse rather than get wrong."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from desktop_app.domain import LineKey, StatementLine
from desktop_app.domain.record import build_records, tuple_record


def test_build_records_refuses_what_is_no_record_or_a_wrong_width() -> None:
    with pytest.raises(TypeError, match="LineKey is not a tuple record"):
        build_records(LineKey, [["a.csv"], [1]])
    with pytest.raises(ValueError, match="12 fields, but 2 columns"):
        build_records(StatementLine, [["a.csv"], [1]])
    columns: list[list[Any]] = [["a.csv"]] * 11 + [[]]
    with pytest.raises(ValueError, match="shorter"):
        build_records(StatementLine, columns)


def test_tuple_record_refuses_what_it_does_not_provide() -> None:
    @dataclasses.dataclass(frozen=True, order=True)
    class Ordered:
        a: int

    @dataclasses.dataclass(frozen=True)
    class Factory:
        a: list[int] = dataclasses.field(default_factory=list)

    @dataclasses.dataclass(frozen=True)
    class IgnoredFirst:
        a: int = dataclasses.field(compare=False)
        b: int = 0

    @dataclasses.dataclass(frozen=True)
    class Iterable:
        a: int

        def __iter__(self) -> Any:
            return iter((self.a,))

    @dataclasses.dataclass
    class Mutable:
        a: int

    for spec, said in (
        (Ordered, "without order"),
        (Factory, "plain default"),
        (IgnoredFirst, "must come last"),
        (Iterable, "defines __iter__"),
        (Mutable, "frozen"),
    ):
        with pytest.raises(TypeError, match=said):
            tuple_record(spec)


def test_a_record_refuses_any_new_attribute_as_frozen() -> None:
    """The slotted dataclass raised a bare TypeError here (its ``super()`` call in
    ``__setattr__``); the record says it is frozen."""
    one = StatementLine("a.csv", 1, dt.date(2025, 1, 2), Decimal(1), None)
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'note'"):
        one.note = "x"  # type: ignore[attr-defined]
