"""Exact JSON encoding: Decimal money goes out as its own digits, floats never go out."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.sandbox.wire import WireEncoder, encode_json, from_minor_units, pence


def test_decimals_are_written_verbatim() -> None:
    payload = {
        "a": Decimal("72502.07"),
        "b": Decimal("0.10"),
        "c": Decimal("-12.50"),
        "d": Decimal("1E+2"),
    }

    assert encode_json(payload) == b'{"a":72502.07,"b":0.10,"c":-12.50,"d":100}'


def test_other_json_values() -> None:
    payload = {"s": 'q"uote £', "n": None, "t": True, "f": False, "i": 3, "l": [1, [], {}]}

    assert json.loads(encode_json(payload)) == payload


def test_floats_and_non_finite_decimals_are_refused() -> None:
    with pytest.raises(TypeError, match="float"):
        encode_json({"amount": 1.5})
    with pytest.raises(ValueError, match="JSON"):
        encode_json(Decimal("NaN"))


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_minor_units_round_trip_exactly(minor: int) -> None:
    amount = from_minor_units(minor)

    assert json.loads(encode_json(amount), parse_float=Decimal) == amount
    assert amount.scaleb(2) == minor


def test_pence_rounds_half_up_and_never_to_negative_zero() -> None:
    assert pence(Decimal("0.005")) == Decimal("0.01")
    assert pence(Decimal("-0.005")) == Decimal("-0.01")
    assert str(pence(Decimal("-0.001"))) == "0.00"


def test_memoised_objects_encode_exactly_like_fresh_ones() -> None:
    row = {"amount": Decimal("72502.07"), "items": [{"q": 1}], "note": None}
    twin = {"amount": Decimal("72502.07"), "items": [{"q": 1}], "note": None}
    encoder = WireEncoder(immutable=[row])

    first = encoder.encode([row, twin])
    second = encoder.encode([row, twin])
    twin["amount"] = Decimal("1.00")  # not registered: never served from the memo

    assert first == second == encode_json([row, row])
    assert encoder.encode(twin) == b'{"amount":1.00,"items":[{"q":1}],"note":null}'
