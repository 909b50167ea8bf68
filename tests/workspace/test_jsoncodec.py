"""Raw provider JSON, layouts and settings keep their decimals exactly."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.workspace import jsoncodec


@pytest.mark.parametrize(
    "text",
    ["72502.07", "0.1", "0.30", "1E+2", "-0.00", "1.005", "123456789012345678901234567890.12"],
)
def test_decimals_keep_their_exact_text(text: str) -> None:
    value = Decimal(text)
    restored = jsoncodec.loads(jsoncodec.dumps({"amount": value}))["amount"]
    assert isinstance(restored, Decimal)
    assert str(restored) == str(value)


def test_sum_of_tenths_is_exact_after_a_round_trip() -> None:
    restored = jsoncodec.loads(jsoncodec.dumps([Decimal("0.1"), Decimal("0.2")]))
    assert sum(restored) == Decimal("0.3")


def test_integral_decimal_stays_a_decimal_and_int_stays_an_int() -> None:
    restored = jsoncodec.loads(jsoncodec.dumps({"d": Decimal(5), "i": 5}))
    assert restored == {"d": Decimal(5), "i": 5}
    assert isinstance(restored["d"], Decimal)
    assert type(restored["i"]) is int


def test_nested_structures_and_text_round_trip() -> None:
    value = {"a": [1, None, True, False, 'caf\u00e9 \u00a3 "q" \\', {"b": Decimal("2.50")}]}
    assert jsoncodec.loads(jsoncodec.dumps(value)) == value


def test_a_float_is_kept_as_the_text_it_was_parsed_from() -> None:
    assert jsoncodec.loads(jsoncodec.dumps(0.1)) == Decimal("0.1")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (Decimal("NaN"), "non-finite"),
        ({1: "x"}, "keys must be strings"),
        ({"when": object()}, r"\$\.when"),
    ],
)
def test_unstorable_values_are_refused_with_where(value: Any, message: str) -> None:
    with pytest.raises((TypeError, ValueError), match=message):
        jsoncodec.dumps(value)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.decimals(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=20,
)


@given(json_values)
def test_any_json_shaped_value_round_trips(value: Any) -> None:
    restored = jsoncodec.loads(jsoncodec.dumps(value))
    assert restored == value
    assert jsoncodec.dumps(restored) == jsoncodec.dumps(value)
