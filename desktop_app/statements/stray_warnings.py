"""The warnings a table's rows dated far out of sequence get (``stray_dates``).

Each names the date cell and what it holds, the date it was read as and the dates of the
rows around it, and where the cell read in another order lies among them, that date: a
file that writes '01/12/2025' and '12/04/2025' has one row the bank wrote month-first,
and the accountant who reads '4 Dec 2025' beside it knows at once what to check. The
line itself is kept as read: the importer re-dates nothing on a guess.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterator, Sequence

from desktop_app.domain import StatementLine
from desktop_app.statements.dates import DateOrder, analyse_date
from desktop_app.statements.grid import cell_text
from desktop_app.statements.layout import Layout
from desktop_app.statements.model import RowWarning
from desktop_app.statements.row_text import cell_at
from desktop_app.statements.stray_dates import A_MONTH, StrayDates, stray_dates
from desktop_app.wording import day_text

_DATE = operator.attrgetter("date")


def stray_date_warnings(
    source_file: str,
    layout: Layout,
    lines: Sequence[StatementLine],
    dates: Sequence[dt.date] | None = None,
) -> Iterator[RowWarning]:
    """A warning for each line of a table whose date is far out of sequence, naming its
    date cell and its value, the date read and the body's dates, and the date the cell
    would be in another order where that lies near them ('12/04/2025' month-first is 4
    December): the line is kept as read, and the accountant checks it. ``dates`` are the
    lines' dates, one per line, where the caller built the lines from them."""
    found = stray_dates(list(map(_DATE, lines)) if dates is None else dates)
    if found is None:
        return
    for index in found.strays:
        line = lines[index]
        column, text = _date_cell(layout, line)
        read = f"'{text}' is read as" if text else "the date is read as"
        others = "".join(
            f"; read {order.value} it would be {day_text(day)}"
            for order, day in _other_readings(text, layout.date_order, found)
        )
        yield RowWarning(
            source_file,
            line.row,
            layout.column_name(column),
            f"{read} {day_text(line.date)}, far outside the dates of the rows around it "
            f"({day_text(found.first)} to {day_text(found.last)}){others}. The line is "
            "kept as read: check its date",
        )


def _date_cell(layout: Layout, line: StatementLine) -> tuple[int, str]:
    """The column the line's date was read from and its text: the booking date's, else
    the fallback date's where that is what reads as the line's date; the booking date's
    column with no text where neither does (a row realigned: its cells are elsewhere)."""
    for column in (layout.booking_date, layout.fallback_date):
        if column is None:
            continue
        text = cell_text(cell_at(line.raw, column)).strip()
        written = analyse_date(text)
        day = written.to_date(layout.date_order) if written is not None else None
        if day == line.date:
            return column, text
    return layout.booking_date, ""


def _other_readings(
    text: str, taken: DateOrder, found: StrayDates
) -> Iterator[tuple[DateOrder, dt.date]]:
    """The date the cell would be in each other order, where that lies within a month of
    the body's dates: the reading the row's neighbours suggest."""
    written = analyse_date(text) if text else None
    if written is None or not written.order_free:
        return
    for order in DateOrder:
        day = written.to_date(order) if order is not taken else None
        if day is not None and found.first - A_MONTH <= day <= found.last + A_MONTH:
            yield order, day
