"""The name the export offers for the report workbook.

Accountants keep one workbook per period closed; a fixed name made every month's export
offer to overwrite the last one, and the file alone did not say which month it held. The
name says the report's period, as its Summary states it: the period the invoices were
fetched for where it has two ends, else the statements' dates (a fetch of every date, or
none); the month when it is within one, else the first and last day.
"""

from __future__ import annotations

from datetime import date

from desktop_app.domain import FetchPeriod

_STEM = "reconciliation"


def suggested_report_name(first: date | None, last: date | None) -> str:
    """``reconciliation-2025-10.xlsx`` for a month's run, ``reconciliation-2025-10-03-to-
    2025-11-02.xlsx`` for one across months; the bare stem where no line gives a date."""
    if first is None or last is None:
        return f"{_STEM}-report.xlsx"
    if (first.year, first.month) == (last.year, last.month):
        return f"{_STEM}-{first:%Y-%m}.xlsx"
    return f"{_STEM}-{first.isoformat()}-to-{last.isoformat()}.xlsx"


def report_days(
    fetched: FetchPeriod | None, first: date | None, last: date | None
) -> tuple[date | None, date | None]:
    """The days the report is of: the period ``fetched`` where it has both ends (as the
    window fetches: a period, or every date), else the statements' ``first`` and ``last``
    dates. A month's close fetched for 1 to 30 November from statements of 3 October to
    27 November offered a name of October's third day, for a report of November."""
    days = None if fetched is None else fetched.days()
    return days or (first, last)
