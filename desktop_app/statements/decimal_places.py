"""Amounts written with more decimals than their currency has (JPY 13.50, GBP 10.005).

ISO 4217 gives each currency its minor unit (``domain.minor_units``: JPY none, GBP two,
BHD three). A bank's amount finer than that is kept exactly as read, never rounded (money
is not changed silently), but the accountant must hear of it: the report shows each
amount in its currency's format, so ¥13.5 reads as ¥14 there while the sums add 13.5, and
the figures shown and their totals disagree. Each such line is a row warning naming its
row, its column and the value.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal, InvalidOperation

from desktop_app.domain import StatementLine, minor_units
from desktop_app.statements.model import RowWarning

_AMOUNT = operator.attrgetter("amount")
_CURRENCY = operator.attrgetter("currency")


def excess_decimals(
    lines: Sequence[StatementLine],
    source_file: str,
    column_of: Callable[[StatementLine], str | None] = lambda line: None,
    columns: tuple[Sequence[Decimal], Sequence[str | None]] | None = None,
    written: int | None = None,
) -> Iterator[RowWarning]:
    """A warning for each line whose amount has more decimals than its currency's minor
    unit, naming the column ``column_of`` gives for it (None for a bank format's record).
    A line in no currency has no minor unit to be measured by; trailing zeros do not
    count (JPY 100.00 is a whole number of yen, as many exports write it).

    ``columns`` are the lines' amounts and currencies, one per line, where the caller
    built the lines from them: read as they are, not taken from each line again.
    ``written`` is at most how many decimals any amount is written with, where the caller
    knows (``SheetAnalysis.decimals_written``): no amount is finer than a currency
    whose minor unit has as many, and none is looked at then."""
    quanta: dict[str, tuple[int, Decimal]] = {}
    for line in _candidates(lines, columns, written):
        currency = line.currency
        if currency is None:
            continue
        quantum = quanta.get(currency)
        if quantum is None:
            quantum = quanta[currency] = (minor_units(currency), _quantum(currency))
        if not _finer(line.amount, *quantum):
            continue
        yield RowWarning(
            source_file,
            line.row,
            column_of(line),
            f"{format(line.amount, 'f')} has more decimals than {currency}'s {quantum[0]}; "
            "kept as read, not rounded",
        )


def _candidates(
    lines: Sequence[StatementLine],
    columns: tuple[Sequence[Decimal], Sequence[str | None]] | None = None,
    written: int | None = None,
) -> Iterable[StatementLine]:
    """The lines whose amount may be finer than its currency's minor unit: those whose
    remainder by their currency's quantum is not zero (a line in no currency is given
    any quantum: the rule passes over it all the same). Every other line's ``_finer``
    is False, so the rule need only look at these; all the lines where a remainder does
    not compute (an amount beyond the remainder's precision).

    The remainders are taken in C-level maps, without a Python call per line: a
    200,000-line statement, all within its minor unit, is passed in one sweep, about
    half the time of asking each line. ``columns`` are the lines' amounts and currencies,
    ``written`` at most how many decimals an amount is written with (``excess_decimals``)."""

    def amounts() -> Iterable[Decimal]:
        return map(_AMOUNT, lines) if columns is None else columns[0]

    def codes() -> Iterable[str | None]:
        return map(_CURRENCY, lines) if columns is None else columns[1]

    currencies = set(codes())
    if currencies == {None}:
        return ()
    if written is not None and all(
        code is None or minor_units(code) >= written for code in currencies
    ):
        return ()  # every amount within its currency's minor unit, as written
    table: dict[str | None, Decimal] = {
        code: Decimal(1) if code is None else _quantum(code)  # None: any, it is passed over
        for code in currencies
    }

    def remainders() -> Iterator[Decimal]:
        if len(table) == 1:
            quanta: Iterable[Decimal] = itertools.repeat(*table.values())
        else:
            quanta = map(table.__getitem__, codes())
        return map(operator.mod, amounts(), quanta)

    try:
        if not any(remainders()):  # the usual file: one sweep, and no line to look at
            return ()
        return list(itertools.compress(lines, remainders()))
    except InvalidOperation:
        return lines


def _quantum(currency: str) -> Decimal:
    """The currency's smallest amount (0.01 for two decimals): what the rule divides by."""
    return Decimal(1).scaleb(-minor_units(currency))


def _finer(amount: Decimal, places: int, quantum: Decimal) -> bool:
    """Whether ``amount`` needs more than ``places`` decimals (``quantum`` is 0.01 for
    two): a remainder, a fraction of the time of looking at each amount's digits over a
    200,000-line file. An amount too large for the remainder's precision has its
    exponent looked at."""
    try:
        return bool(amount % quantum)
    except InvalidOperation:
        exponent = amount.normalize().as_tuple().exponent
        return isinstance(exponent, int) and -exponent > places
