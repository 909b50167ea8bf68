"""The sweep that passes over a statement's amounts all within their minor unit.

``excess_decimals`` takes the remainders of all the amounts in C-level maps and asks the
per-line rule (``_finer``) only of the lines whose remainder is not zero, or of every line
where a remainder does not compute. The warnings must be those the rule gives asking
every line: same lines, same order, same words, whatever the amounts' exponents, trailing
zeros, sizes and currencies (several, or none).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.domain import StatementLine, minor_units
from desktop_app.statements.decimal_places import _finer, excess_decimals
from desktop_app.statements.model import RowWarning

_DAY = dt.date(2025, 10, 1)
_CURRENCIES = ("EUR", "JPY", "BHD", "CLF", None)  # minor units 2, 0, 3, 4, and none


def _line(row: int, amount: Decimal, currency: str | None) -> StatementLine:
    return StatementLine("s.csv", row, _DAY, amount, currency)


def _asked_one_by_one(lines: list[StatementLine]) -> list[str]:
    """The rule asked of every line, as the module's docstring states it."""
    found = []
    for line in lines:
        if line.currency is None:
            continue
        places = minor_units(line.currency)
        if _finer(line.amount, places, Decimal(1).scaleb(-places)):
            found.append(
                str(
                    RowWarning(
                        "s.csv",
                        line.row,
                        "Amount",
                        f"{format(line.amount, 'f')} has more decimals than "
                        f"{line.currency}'s {places}; kept as read, not rounded",
                    )
                )
            )
    return found


def _swept(lines: list[StatementLine]) -> list[str]:
    return [str(warning) for warning in excess_decimals(lines, "s.csv", lambda line: "Amount")]


# Amounts as banks and spreadsheets write them: few decimals, trailing zeros, exponents
# (1E+3, 5E-7), and sizes beyond what a remainder computes at the context's precision.
_AMOUNTS = st.one_of(
    st.integers(0, 5).flatmap(
        lambda places: st.decimals(allow_nan=False, allow_infinity=False, places=places)
    ),
    st.builds(
        lambda digits, exponent, negative: Decimal((int(negative), digits, exponent)),
        st.lists(st.integers(0, 9), min_size=1, max_size=40).map(tuple),
        st.integers(-8, 30),
        st.booleans(),
    ),
    st.sampled_from(["100.00", "13.50", "0.001", "1E+3", "-0.0", "12.3400", "5E-7"]).map(Decimal),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_AMOUNTS, st.sampled_from(_CURRENCIES)), max_size=30))
def test_the_sweep_warns_of_the_lines_the_rule_finds_asking_each(
    cells: list[tuple[Decimal, str | None]],
) -> None:
    lines = [_line(row, amount, currency) for row, (amount, currency) in enumerate(cells, 2)]

    assert _swept(lines) == _asked_one_by_one(lines)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.integers(-(10**9), 10**9), min_size=1, max_size=30),
    st.sampled_from([code for code in _CURRENCIES if code is not None]),
    st.integers(0, 29),
    st.integers(1, 4),
)
def test_one_finer_amount_among_many_within_one_currency_is_found(
    cents: list[int], currency: str, where: int, extra: int
) -> None:
    places = minor_units(currency)
    amounts = [Decimal(value).scaleb(-places) for value in cents]
    where %= len(amounts)
    amounts[where] += Decimal(1).scaleb(-places - extra)  # finer by ``extra`` decimals
    lines = [_line(row, amount, currency) for row, amount in enumerate(amounts, 2)]

    swept = _swept(lines)

    assert swept == _asked_one_by_one(lines)
    assert len(swept) == 1
    assert swept[0].startswith(f"s.csv row {where + 2} column Amount: ")


def test_an_amount_too_large_for_a_remainder_is_measured_by_the_rule() -> None:
    # 10**30 in cents is beyond the 28 digits a remainder computes: the sweep cannot
    # answer, and every line is asked, the huge ones by their exponent
    lines = [
        _line(2, Decimal("10.00"), "EUR"),
        _line(3, Decimal("1" + "0" * 30 + ".001"), "EUR"),
        _line(4, Decimal("1E+30"), "JPY"),
        _line(5, Decimal("1.5"), "JPY"),
        _line(6, Decimal("2.125"), None),
    ]

    swept = _swept(lines)

    assert swept == _asked_one_by_one(lines)
    assert [warning.split(":")[0] for warning in swept] == ["s.csv row 5 column Amount"]


def test_lines_in_no_currency_are_passed_over_among_others() -> None:
    lines = [
        _line(2, Decimal("2.125"), None),
        _line(3, Decimal("1.5"), "JPY"),
        _line(4, Decimal("7.777"), None),
        _line(5, Decimal("3.00"), "EUR"),
    ]

    only = "s.csv row 3 column Amount: 1.5 has more decimals than JPY's 0"
    assert _swept(lines) == [f"{only}; kept as read, not rounded"]
