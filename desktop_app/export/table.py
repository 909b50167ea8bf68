"""One data sheet: declared columns, a frozen header, filters, widths, streamed rows.

Each sheet module declares its columns once (header text, kind, width, how to get the
value from a row record); this module does the rest identically for every sheet, so the
contract's promises (header in row 1, found by text; filter on; header frozen) cannot drift
apart between sheets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from openpyxl.utils import get_column_letter

from desktop_app.domain import CancelToken, ProgressCallback
from desktop_app.export.stream import RowStream
from desktop_app.export.styles import HEADER_FILL, HEADER_FONT, ColumnKind
from desktop_app.lock_sharing import LockSharing

R = TypeVar("R")

EXCEL_MAX_ROWS = 1_048_576
_CHECK_EVERY = 1_000  # rows between progress reports and cancel checks


@dataclass(frozen=True, slots=True)
class Column(Generic[R]):
    header: str
    kind: ColumnKind
    width: float
    value: Callable[[R], Any]


class Ticker:
    """Counts rows across the whole workbook, reports progress and honours cancel; at
    each row it lets a thread waiting for the interpreter lock have it, now and then
    (``share``): the rows go to their sheet's file 8 KB a write, and those writes kept
    the window's thread from the lock for up to a second (``lock_sharing``)."""

    def __init__(self, total: int, progress: ProgressCallback, cancel: CancelToken | None) -> None:
        self.total = total
        self.done = 0
        self.message = "Writing the report"
        self._progress = progress
        self._cancel = cancel
        self.share = LockSharing()

    def stage(self, message: str) -> None:
        self.message = message
        self.check()

    def tick(self) -> None:
        self.done += 1
        self.share()
        if self.done % _CHECK_EVERY == 0:
            self.check()

    def check(self) -> None:
        if self._cancel is not None:
            self._cancel.raise_if_cancelled()
        self._progress(self.done, self.total, self.message)


def write_table(
    worksheet: Any,
    columns: Sequence[Column[R]],
    records: Iterable[R],
    ticker: Ticker,
) -> int:
    """Write header and rows; return the number of data rows."""
    _lay_out(worksheet, columns)
    stream = RowStream(worksheet, [column.kind for column in columns])
    stream.header([column.header for column in columns], font=HEADER_FONT, fill=HEADER_FILL)
    getters = list(zip(stream.converters, [column.value for column in columns], strict=True))
    append = stream.append
    for record in records:
        append([convert(get(record)) for convert, get in getters])
        ticker.tick()
    worksheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{stream.row}"
    return stream.row - 1  # the header is the first row


def _lay_out(worksheet: Any, columns: Sequence[Column[R]]) -> None:
    """Widths and the frozen header must be set before the first row is streamed."""
    for index, column in enumerate(columns, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = column.width
    worksheet.freeze_panes = "A2"


def check_fits(sheet: str, rows: int) -> str | None:
    """Why ``rows`` data rows cannot go on one sheet, or None when they fit."""
    if rows + 1 <= EXCEL_MAX_ROWS:
        return None
    return (
        f"the {sheet} sheet would need {rows:,} rows and Excel holds at most "
        f"{EXCEL_MAX_ROWS - 1:,} below the header"
    )
