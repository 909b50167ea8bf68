"""A multi-currency sheet's balance fits, however they are made cheap, are the rule's.

``CurrencyFit`` gathers each column's values per currency once and reuses them for every
pair of columns fitted on the sheet, and skips counting readings the usual one beats;
``breaks_every_reading`` lets the chain over every line go uncounted where each of its
readings breaks early; ``MovementFit.holding`` sets aside a pair that cannot hold
without counting it whole. These pin all three to the rule counted the plain way: every
reading's steps within each currency, added up; the reading with most steps obeyed,
then fewest broken, then the first; each currency's chains taken over one chain over
every line only where that chain is not whole and they add up better.
"""

from __future__ import annotations

import itertools
import random
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
from desktop_app.statements.idle_rows import movement_fit
from desktop_app.statements.roles import RowCurrencies

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


def _ruled(amounts: Column, balances: Column, rows: dict[str, list[int]] | None) -> Fit:
    """The fit a sheet's pair of columns gets: one chain over every line where it is
    whole or the rows are of one currency, else each currency's where that adds up
    better."""
    whole = _whole(amounts, balances)
    if rows is None or (whole[2] and whole[1] == whole[2]):
        return whole
    each = _each(amounts, balances, rows)
    return each if each[1] * whole[2] > whole[1] * each[2] else whole


def _said(fit: ChainFit) -> Fit:
    return fit.chain, fit.consistent, fit.pairs, fit.broken


def _holds(fit: Fit) -> bool:
    return fit[2] > 0 and fit[1] * 2 > fit[2]


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


@settings(max_examples=600, deadline=None)
@given(_sheets())
def test_a_pair_is_set_aside_only_where_its_fit_does_not_hold(
    sheet: tuple[list[str | None], list[Column]],
) -> None:
    """``holding`` is the fit where it holds and None where it does not, whether it
    counted the pair whole or told from the first steps that it cannot hold."""
    codes, columns = sheet
    rows = currency_rows(codes)
    currencies = None if rows is None else RowCurrencies(rows, len(codes), "column 4")
    fit = movement_fit([], currencies)
    for amounts, balances in itertools.permutations(columns, 2):
        ruled = _ruled(amounts, balances, rows)
        held = fit.holding(amounts, balances)
        assert (None if held is None else _said(held)) == (ruled if _holds(ruled) else None)
        assert _said(fit(amounts, balances)) == ruled


@settings(max_examples=400, deadline=None)
@given(_sheets())
def test_a_pair_said_to_be_unable_to_hold_holds_neither_way(
    sheet: tuple[list[str | None], list[Column]],
) -> None:
    codes, columns = sheet
    rows = currency_rows(codes)
    if rows is None:
        return
    fitter = CurrencyFit(rows)
    for amounts, balances in itertools.permutations(columns, 2):
        if fitter.cannot_hold(amounts, balances):
            assert not _holds(_whole(amounts, balances))
            assert not _holds(_each(amounts, balances, rows))


def test_columns_that_are_no_chain_are_told_so_from_their_first_steps() -> None:
    """Unrelated columns of numbers: told apart without counting them whole, in either
    role; a currency's running balance of its amounts, and the same with a few rows off,
    are not."""
    generator = random.Random(7)
    codes: list[str | None] = [generator.choice(["EUR", "GBP", "USD"]) for _ in range(3000)]
    amounts: Column = [Decimal(generator.randint(-50_000, 50_000)) / 100 for _ in codes]
    unrelated: Column = [Decimal(generator.randint(-50_000, 50_000)) / 100 for _ in codes]
    running: dict[str | None, Decimal] = {}
    balances: Column = []
    for code, amount in zip(codes, amounts, strict=True):
        running[code] = running.get(code, Decimal(0)) + (amount or Decimal(0))
        balances.append(running[code])
    rows = currency_rows(codes)
    assert rows is not None
    fitter = CurrencyFit(rows)

    assert fitter.cannot_hold(amounts, unrelated)
    assert fitter.cannot_hold(unrelated, amounts)
    assert not fitter.cannot_hold(amounts, balances)
    off = [Decimal(0) if index % 10 == 0 else value for index, value in enumerate(balances)]
    assert not fitter.cannot_hold(amounts, off)


def test_a_chain_that_starts_late_is_counted_whole() -> None:
    """The first 900 of 3000 rows are no chain, the rest each currency's running balance:
    seven steps in ten add up, though not one of the first steps looked at does, so the
    pair is fitted whole, and holds."""
    generator = random.Random(11)
    codes: list[str | None] = [generator.choice(["EUR", "GBP"]) for _ in range(3000)]
    amounts: Column = [Decimal(generator.randint(-50_000, 50_000)) / 100 for _ in codes]
    running: dict[str | None, Decimal] = {}
    balances: Column = []
    for index, (code, amount) in enumerate(zip(codes, amounts, strict=True)):
        running[code] = running.get(code, Decimal(0)) + (amount or Decimal(0))
        late = index >= 900
        balances.append(running[code] if late else Decimal(generator.randint(0, 99_999)))
    rows = currency_rows(codes)
    assert rows is not None

    assert not CurrencyFit(rows).cannot_hold(amounts, balances)
    held = movement_fit([], RowCurrencies(rows, len(codes), "column 4")).holding(amounts, balances)
    assert held is not None
    assert _said(held) == _each(amounts, balances, rows)
