"""The name the export offers for the report workbook.

Accountants keep one workbook per period closed; a fixed name made every month's export
offer to overwrite the last one, and the file alone did not say which month it held. The
name says the run's period: the month when the statements' movements fall within one,
else the first and last day.
"""

from __future__ import annotations

from datetime import date

_STEM = "reconciliation"


def suggested_report_name(first: date | None, last: date | None) -> str:
    """``reconciliation-2025-10.xlsx`` for a month's run, ``reconciliation-2025-10-03-to-
    2025-11-02.xlsx`` for one across months; the bare stem where no line gives a date."""
    if first is None or last is None:
        return f"{_STEM}-report.xlsx"
    if (first.year, first.month) == (last.year, last.month):
        return f"{_STEM}-{first:%Y-%m}.xlsx"
    return f"{_STEM}-{first.isoformat()}-to-{last.isoformat()}.xlsx"
