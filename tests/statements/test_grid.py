"""A spreadsheet double shown as Excel shows it, the same on every reading path."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.statements.bulk_scan import shown_numbers
from desktop_app.statements.grid import Window, float_text


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (7432.219999999999, "7432.22"),
        (1.5e-07, "0.00000015"),  # a float round trip printed this as "0"
        (-3.25e-10, "-0.000000000325"),
        (1.2345e20, "123450000000000000000"),
        (1e16, "10000000000000000"),
        (-0.0, "0"),
    ],
)
def test_float_text_shows_fifteen_significant_digits_never_an_exponent(
    value: float, shown: str
) -> None:
    assert float_text(value) == shown


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_float_text_agrees_with_the_bulk_reading(value: float) -> None:
    texts, _ = shown_numbers([value])
    assert float_text(value) == texts[0]


@given(
    st.lists(st.integers(), max_size=30),
    st.integers(0, 30),
    st.integers(0, 30),
    st.integers(-40, 40),
    st.slices(35),
)
def test_a_window_reads_like_the_slice_it_stands_for(
    values: list[int], start: int, stop: int, index: int, part: slice
) -> None:
    start, stop = min(start, len(values)), min(max(start, stop), len(values))
    window, copy = Window(values, start, stop), values[start:stop]
    assert list(window) == copy
    assert len(window) == len(copy)
    assert list(window[part]) == copy[part]
    if -len(copy) <= index < len(copy):
        assert window[index] == copy[index]
    else:
        with pytest.raises(IndexError):
            window[index]
