"""Amounts written with more decimals than their currency has (JPY 13.50, GBP 10.005).

ISO 4217 gives each currency its minor unit (``domain.minor_units``: JPY none, GBP two,
BHD three). A bank's amount finer than that is kept exactly as read, never rounded (money
is not changed silently), but the accountant must hear of it: the report shows each
amount in its currency's format, so ¥13.5 reads as ¥14 there while the sums add 13.5, and
the figures shown and their totals disagree. Each such line is a row warning naming its
row, its column and the value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal, InvalidOperation

from desktop_app.domain import StatementLine, minor_units
from desktop_app.statements.model import RowWarning


def excess_decimals(
    lines: Iterable[StatementLine],
    source_file: str,
    column_of: Callable[[StatementLine], str | None] = lambda line: None,
) -> Iterator[RowWarning]:
    """A warning for each line whose amount has more decimals than its currency's minor
    unit, naming the column ``column_of`` gives for it (None for a bank format's record).
    A line in no currency has no minor unit to be measured by; trailing zeros do not
    count (JPY 100.00 is a whole number of yen, as many exports write it)."""
    quanta: dict[str, tuple[int, Decimal]] = {}
    for line in lines:
        currency = line.currency
        if currency is None:
            continue
        quantum = quanta.get(currency)
        if quantum is None:
            allowed = minor_units(currency)
            quantum = quanta[currency] = (allowed, Decimal(1).scaleb(-allowed))
        if not _finer(line.amount, *quantum):
            continue
        yield RowWarning(
            source_file,
            line.row,
            column_of(line),
            f"{format(line.amount, 'f')} has more decimals than {currency}'s {quantum[0]}; "
            "kept as read, not rounded",
        )


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
