"""Numeric dates of the Quicken-era formats (QIF, IIF): ``1/15'97``, ``03.11.25``, ISO.

These files carry no declaration of their date order, so the order is decided for the
whole file by evidence: a first number above 12 means day-first, a second number above
12 means month-first. When nothing decides, dots mean day-first (the European habit) and
slashes month-first (Quicken and QuickBooks are American); the ambiguity is reported.
Two-digit years are 1980-2079; Quicken's ``'`` before the year marks the 2000s.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from desktop_app.statements.formats._common import calendar_date

_NUMERIC = re.compile(r"\s*([0-9]{1,4})\s*([./-])\s*([0-9]{1,2})\s*([./'-])\s*([0-9]{1,4})\s*")


@dataclass(frozen=True)
class DateOrder:
    day_first: bool
    note: str | None = None


def decide_order(texts: Iterable[str]) -> DateOrder:
    firsts, seconds, dotted, undecided = 0, 0, False, False
    for text in texts:
        match = _NUMERIC.fullmatch(text)
        if match is None or len(match.group(1)) == 4:
            continue
        undecided = True
        dotted = dotted or match.group(2) == "."
        firsts += int(match.group(1)) > 12
        seconds += int(match.group(3)) > 12
    if firsts and not seconds:
        return DateOrder(day_first=True)
    if seconds and not firsts:
        return DateOrder(day_first=False)
    if firsts and seconds:
        return DateOrder(
            True, "dates are written both day-first and month-first; read as day-first"
        )
    if dotted or not undecided:
        return DateOrder(day_first=True)
    return DateOrder(
        day_first=False,
        note="no day above 12 decides the date order; dates are read as month/day/year",
    )


def parse_numeric_date(text: str, order: DateOrder) -> tuple[date, bool]:
    """The date and whether its day was moved to the month's end; raises ValueError."""
    match = _NUMERIC.fullmatch(text)
    if match is None:
        raise ValueError(f"not a date: {text!r}")
    first, _, second, year_mark, last = match.groups()
    if len(first) == 4:
        return calendar_date(int(first), int(second), int(last))
    day, month = (first, second) if order.day_first else (second, first)
    return calendar_date(_full_year(last, year_mark), int(month), int(day))


def _full_year(text: str, mark: str) -> int:
    year = int(text)
    if len(text) > 2:
        return year
    if mark == "'":
        return 2000 + year
    return year + (1900 if year >= 80 else 2000)
