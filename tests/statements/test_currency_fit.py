"""A multi-currency sheet's balance fits, however they are made cheap, are the rule's.

``CurrencyFit`` gathers each column's values per currency once and reuses them for every
pair of columns fitted on the sheet, and skips counting readings the usual one beats;
``breaks_every_reading`` lets the chain over every line go uncounted where each of its
readings breaks early. These pin both to the rule counted the plain way: every
reading's steps within each currency, added up; the reading with most steps obeyed,
then fewest broken, then the first.
"""

from __future__ import annotations

import itertools
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.statements.balance import (
    Chain,
    ChainFit,
    CurrencyFit,
    breaks_every_reading,
    currency_rows,
    fit_chain,
)

Column = list[Decimal | None]
Fit = tuple[Chain, int, int, tuple[Chain, ...]]
NAN = Decimal("NaN")


def _readings(amounts: Column, balances: Column) -> dict[Chain, tuple[int, int]]:
    """Each reading's steps obeyed and steps it can check, one step at a time."""
    counts = {chain: [0, 0] for chain in Chain}
    for index in range(len(balances) - 1):
        upper, lower = balances[index], balances[index + 1]
        if upper is None or lower is None or not (upper.is_finite() and lower.is_finite()):
            continue
        step = lower - upper
        moved = {
            Chain.AFTER_OLDEST_FIRST: (step, amounts[index + 1]),
            Chain.AFTER_NEWEST_FIRST: (-step, amounts[index]),
            Chain.BEFORE_OLDEST_FIRST: (step, amounts[index]),
            Chain.BEFORE_NEWEST_FIRST: (-step, amounts[index + 1]),
        }
        for chain, (by, amount) in moved.items():
            if amount is not None and amount.is_finite():
                counts[chain][1] += 1
                counts[chain][0] += by == amount
    return {chain: (obeyed, checked) for chain, (obeyed, checked) in counts.items()}


def _taken(readings: dict[Chain, tuple[int, int]]) -> Fit:
    chain = max(readings, key=lambda key: (readings[key][0], readings[key][0] - readings[key][1]))
    consistent, pairs = readings[chain]
    broken = () if pairs else tuple(key for key, (_, steps) in readings.items() if steps)
    return chain, consistent, pairs, broken


def _whole(amounts: Column, balances: Column) -> Fit:
    return _taken(_readings(amounts, balances))


def _each(amounts: Column, balances: Column, rows: dict[str, list[int]]) -> Fit:
    totals = {chain: [0, 0] for chain in Chain}
    for indexes in rows.values():
        picked = _readings([amounts[i] for i in indexes], [balances[i] for i in indexes])
        for chain, (obeyed, checked) in picked.items():
            totals[chain][0] += obeyed
            totals[chain][1] += checked
    return _taken({chain: (obeyed, checked) for chain, (obeyed, checked) in totals.items()})


def _said(fit: ChainFit) -> Fit:
    return fit.chain, fit.consistent, fit.pairs, fit.broken


_CODES = st.sampled_from(["EUR", "GBP", "USD", None])


@st.composite
def _sheets(draw: st.DrawFn) -> tuple[list[str | None], list[Column]]:
    """Codes and three columns of one length: amounts, each currency's running balance
    of them (or one over every line) read one of the four ways, and unrelated amounts;
    some cells broken, missing or NaN (an unreadable sign); small values, so that steps
    obey unrelated readings by chance, or wide ones, so that a pair can be told apart."""
    size = draw(st.integers(0, 60))
    codes = draw(st.lists(_CODES, min_size=size, max_size=size))
    wide = draw(st.booleans())
    value = st.integers(-500, 500) if wide else st.integers(-3, 3)
    amounts: Column = [
        Decimal(number) for number in draw(st.lists(value, min_size=size, max_size=size))
    ]
    chain = draw(st.sampled_from(list(Chain)))
    # Or one running balance over every line, the codes another column's ('Original
    # Currency'): where each currency's rows follow each other, both chains are whole.
    one_chain = draw(st.booleans())
    running: dict[str | None, Decimal] = {}
    main = max(sorted({code for code in codes if code}), key=codes.count, default=None)
    balances: Column = [None] * size
    # Each row's movement in the order they happened: from the bottom, newest first.
    for index in range(size - 1, -1, -1) if chain.newest_first else range(size):
        key = None if one_chain else codes[index] or main
        before = running.get(key, Decimal(100))
        running[key] = before + (amounts[index] or Decimal(0))
        after_each = chain in (Chain.AFTER_OLDEST_FIRST, Chain.AFTER_NEWEST_FIRST)
        balances[index] = running[key] if after_each else before
    others: Column = [
        Decimal(number) for number in draw(st.lists(value, min_size=size, max_size=size))
    ]
    spoiled = st.one_of(st.none(), st.just(NAN), value.map(Decimal))
    for column in (amounts, balances, others):
        for index in draw(st.lists(st.integers(0, max(size - 1, 0)), max_size=4 if size else 0)):
            column[index] = draw(spoiled)
    return codes, [amounts, balances, others]


@settings(max_examples=600, deadline=None)
@given(_sheets())
def test_each_currencys_fit_is_counted_afresh_for_every_pair_of_columns(
    sheet: tuple[list[str | None], list[Column]],
) -> None:
    """One ``CurrencyFit`` for the sheet, every pair of its columns fitted both ways and
    again with copies of the columns: each fit is the pair's own (a column's values
    gathered for another column, or for the column in its other role, would not be)."""
    codes, columns = sheet
    rows = currency_rows(codes)
    if rows is None:
        return
    fitter = CurrencyFit(rows, "column 4")
    for amounts, balances in [
        *itertools.permutations(columns, 2),
        *((column, column) for column in columns),
    ]:
        for pair in ((amounts, balances), (list(amounts), list(balances))):
            fit = fitter.fit(*pair)
            assert _said(fit) == _each(amounts, balances, rows)
            assert (fit.currencies, fit.currency_column) == (tuple(rows), "column 4")


@settings(max_examples=600, deadline=None)
@given(_sheets())
def test_a_chain_said_to_break_every_reading_is_whole_in_none(
    sheet: tuple[list[str | None], list[Column]],
) -> None:
    """Where ``breaks_every_reading`` says so, no reading of the chain over every line
    is whole, counted the plain way and by ``fit_chain``: the per-currency fit may then
    be taken without counting that chain, which could only have won by being whole."""
    _, columns = sheet
    for amounts, balances in itertools.permutations(columns, 2):
        if not breaks_every_reading(amounts, balances):
            continue
        readings = _readings(amounts, balances)
        assert all(obeyed < checked for obeyed, checked in readings.values())
        assert _said(fit_chain(amounts, balances)) == _whole(amounts, balances)
