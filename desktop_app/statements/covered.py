"""The dates a run's statements cover: the period fetched by default.

``desktop-app reconcile`` without --from/--to, and the window's *Fetch invoices* offer,
fetch the invoices of the statements' date range. A statement that states its period
(CAMT's ``FrToDt``, OFX's ``DTSTART``/``DTEND``) covers that period: a CAMT of "1 to 30
November" whose first movement is on 3 November still covers 1 November, and an invoice
issued that day must be fetched, or its payment shows as unmatched. So a statement's
range is the period it states, widened by its movements' dates where one lies outside
it; a statement that states none (a csv, a spreadsheet) covers its movements' dates. A
movement dated far out of sequence (``stray_dates``: a date the bank wrote another way,
read months away) places no statement, so it does not stretch the range either.

The period is stored with a statement a workspace holds, in the layout kept with it
(``stored_layout``), so a workspace reopened offers the same; a statement stored before
it was kept covers its movements' dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from desktop_app.domain import StatementLine
from desktop_app.statements.stray_dates import placed_by

# The key of the stated period in a statement's stored layout: its first and last day.
STATED_PERIOD_KEY = "stated_period"

Stated = tuple[dt.date | None, dt.date | None]
NOT_STATED: Stated = (None, None)


def statement_range(
    stated: Stated, lines: Iterable[StatementLine]
) -> tuple[dt.date, dt.date] | None:
    """The dates one statement covers: the period it states (either end may be unstated)
    widened by the dates of its ``lines`` but for those far out of sequence (in row
    order); None where it states no period and holds no movement."""
    ordered = sorted(lines, key=lambda line: line.row)
    placed = placed_by([line.date for line in ordered])
    days = [day for day in (*stated, *(placed or ())) if day is not None]
    if not days:
        return None
    return min(days), max(days)


def statements_range(
    lines: Iterable[StatementLine], stated: Mapping[str, Stated]
) -> tuple[dt.date, dt.date] | None:
    """The dates a run's statements cover, the union of each one's ``statement_range``:
    ``lines`` are the run's movements (each of its file, ``source_file``), ``stated`` the
    period each statement of the run states, by file name (a statement of no movement
    that states its period counts too; one absent or ``NOT_STATED`` states none). None
    where no statement covers a date."""
    by_file: dict[str, list[StatementLine]] = {name: [] for name in stated}
    for line in lines:
        by_file.setdefault(line.source_file, []).append(line)
    ranges = [
        found
        for name, held in by_file.items()
        if (found := statement_range(stated.get(name, NOT_STATED), held)) is not None
    ]
    if not ranges:
        return None
    return min(start for start, _ in ranges), max(end for _, end in ranges)


def with_stated_period(layout: Mapping[str, Any], stated: Stated) -> dict[str, Any]:
    """``layout`` (the JSON object a workspace keeps with a statement) with the period the
    statement states, where it states one: kept there, no new column is needed."""
    result = dict(layout)
    if stated != NOT_STATED:
        result[STATED_PERIOD_KEY] = [None if day is None else day.isoformat() for day in stated]
    return result


def stated_in_layout(layout: Mapping[str, Any]) -> Stated:
    """The period a stored statement states, from its layout; ``NOT_STATED`` where it
    states none, or was stored before the period was kept, or the value is not two days
    (a damaged value is not a period: the movements' dates still place the statement)."""
    value = layout.get(STATED_PERIOD_KEY)
    if not isinstance(value, list) or len(value) != 2:
        return NOT_STATED
    try:
        start, end = (None if day is None else dt.date.fromisoformat(day) for day in value)
    except (TypeError, ValueError):
        return NOT_STATED
    return start, end
