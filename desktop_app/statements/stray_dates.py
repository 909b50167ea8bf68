"""Dates far out of sequence: a row dated far from the rows around it.

A file whose dates are written in more than one way ('01/12/2025', '2025-12-02',
'12/04/2025') is read in one order; a row whose date the bank wrote in another reads as
a date all the same, months away ('12/04/2025' day-first is 12 April, among rows of
December), and nothing else about the row looks wrong. Such a date is kept as read (it
is never re-dated on a guess) and said, so that the accountant checks it; and a
statement is placed among the others by the dates of its other rows, so that one stray
date does not stretch it back to April (``continuity``).

The rule, and why:

- At least three dated rows. With one or two, nothing says which date is out of place.
- The statement's body is the dates most of its rows hold: sorted, the dates split
  wherever a month passes without one, and the body is the part that holds more than
  half of the rows. Where no part does (a year of monthly fees, each a month apart), no
  date is out of sequence: the statement has no one stretch of dates to be out of.
- A date is far from the body when it lies further from it than a month and further
  than the body spans: a day of November beside December's rows is a late booking, not
  a misread, and a date six weeks before a quarter's statement is no stray either.
- And it is out of sequence: the row lies between two of the body's rows, or the body's
  rows run one way (oldest first, or newest first) and the row is where that order
  cannot put its date (dated before the body, below the body's rows of a file that runs
  oldest first). So the quiet months of a dormant account, listed before or after its
  busy one in the file's own order, are not strays; in a file whose rows follow no date
  order, only a row among the body's rows is judged.
"""

from __future__ import annotations

import datetime as dt
import itertools
import operator
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

_FEWEST = 3  # dated rows before any can be said to be out of place
A_MONTH = dt.timedelta(days=31)


@dataclass(frozen=True, slots=True)
class StrayDates:
    """Which of some dates, given in row order, are far out of sequence (their positions),
    and the first and last date of the body they are far from."""

    strays: tuple[int, ...]
    first: dt.date
    last: dt.date


def stray_dates(days: Sequence[dt.date]) -> StrayDates | None:
    """The dates (in row order) far out of sequence, by the module's rule; None where
    there are none."""
    if len(days) < _FEWEST:
        return None
    body = _body(days)
    if body is None:
        return None
    first, last = body
    reach = max(A_MONTH, last - first)
    in_body = [index for index, day in enumerate(days) if first <= day <= last]
    top, bottom = in_body[0], in_body[-1]
    runs = _runs([days[index] for index in in_body])
    strays = tuple(
        index
        for index, day in enumerate(days)
        if (day < first - reach or day > last + reach)
        and _out_of_sequence(index, day < first, top, bottom, runs)
    )
    return StrayDates(strays, first, last) if strays else None


def placed_by(days: Sequence[dt.date]) -> tuple[dt.date, dt.date] | None:
    """The first and last of the dates (in row order) but for those far out of sequence:
    the dates a statement is placed by. None for no dates."""
    if not days:
        return None
    found = stray_dates(days)
    if found is None:
        return min(days), max(days)
    strays = set(found.strays)
    kept = [day for index, day in enumerate(days) if index not in strays]
    return min(kept), max(kept)


def _body(days: Sequence[dt.date]) -> tuple[dt.date, dt.date] | None:
    """The first and last date of the stretch without a month's gap that holds more than
    half of the dates; None where no stretch does, or where the dates have no such gap
    (the body is all of them, and no date lies outside it)."""
    counts = Counter(days)  # a day's rows are one point: sorting 1,700 days, not 200,000 rows
    ordered = sorted(counts)
    ordinals = list(map(dt.date.toordinal, ordered))
    gaps = map(operator.sub, itertools.islice(ordinals, 1, None), ordinals)
    # The index after each gap longer than a month, found without a loop in Python: a
    # year's statement of 100,000 rows has none, and is looked at once more for each file
    # the continuity check places.
    splits = list(itertools.compress(itertools.count(1), map(A_MONTH.days.__lt__, gaps)))
    if not splits:
        return None
    rows_before = [0, *itertools.accumulate(map(counts.__getitem__, ordered))]
    for start, end in itertools.pairwise([0, *splits, len(ordered)]):
        if (rows_before[end] - rows_before[start]) * 2 > len(days):
            return ordered[start], ordered[end - 1]
    return None


def _runs(days: Sequence[dt.date]) -> bool | None:
    """True where the dates run oldest first, False newest first; None where they follow
    no order, or are all of one day (either order)."""
    if days[0] == days[-1]:
        return None
    after = itertools.islice(days, 1, None)
    if all(map(operator.le, days, after)):
        return True
    after = itertools.islice(days, 1, None)
    if all(map(operator.ge, days, after)):
        return False
    return None


def _out_of_sequence(index: int, before: bool, top: int, bottom: int, runs: bool | None) -> bool:
    """Whether row ``index``, dated before the body (``before``) or after it, lies where no
    date order puts it: among the body's rows (from ``top`` to ``bottom``), or above or
    below them against the way they run (``runs``: True oldest first)."""
    if top < index < bottom:
        return True
    if runs is None:
        return False
    above = index < top
    # Oldest first, what is dated before the body comes above it; newest first, below.
    return above != (before == runs)
