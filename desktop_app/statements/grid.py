"""What every tabular reader hands to layout inference: sheets of rows of typed cells.

Spreadsheet cells keep their type (a real date cell stays a date, a number a number);
text files give strings. ``row_numbers`` maps each row to the row the accountant sees
(design.md, "Statement rows"), so nothing downstream has to know how the file was read.
"""

from __future__ import annotations

import datetime as dt
import itertools
import operator
from collections.abc import Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar, overload

from desktop_app.statements.encoding import CodePageDoubt

Cell = str | int | float | bool | dt.date | dt.datetime | dt.time | dt.timedelta
Row = Sequence[Cell]
# Cells a sheet may span from A1 to its last cell: a 200,000-row export of 25 columns is
# 5 million. One stray cell at XFD2000 spans 33 million, each a Python object when read.
MAX_SHEET_CELLS = 20_000_000


def beyond_limit(rows: int, columns: int) -> bool:
    """Whether a sheet spanning ``rows`` by ``columns`` from A1 is past the limit."""
    return rows * columns > MAX_SHEET_CELLS


def span_problem(sheet: str, rows: int, columns: int) -> str | None:
    """Why a sheet spanning ``rows`` by ``columns`` from A1 is refused, or None."""
    if not beyond_limit(rows, columns):
        return None
    return (
        f"{sheet} spans {rows:,} rows by {columns:,} columns from A1, far more than a "
        "statement; delete the stray cells far from the table, or save the statement's "
        "rows as csv"
    )


_T = TypeVar("_T")


class ColumnedRows(tuple[tuple[str, ...], ...]):
    """A text's records (tuples of cells) with the same cells column by column: a text
    whose every line has as many fields is split column by column (``text_reader``), its
    records zipped from the columns, and the analysis takes the columns as they are
    (``analysis.analyse_sheet``) rather than transposing the records again. A tuple, so
    that records and columns cannot drift apart: rows made otherwise (a sheet replaced
    with other rows) are transposed as before."""

    columns: tuple[list[str], ...]

    def __new__(cls, columns: Sequence[list[str]]) -> ColumnedRows:
        rows = super().__new__(cls, zip(*columns, strict=True))
        rows.columns = tuple(columns)
        return rows

    def __getnewargs__(self) -> tuple[tuple[list[str], ...]]:
        """A copy (or a pickle) is made again from the columns, as the rows were."""
        return (self.columns,)


@dataclass(frozen=True, slots=True)
class Sheet:
    name: str | None
    rows: Sequence[Row]
    row_numbers: Sequence[int]
    index: int = 0
    hidden: bool = False
    # A text that does not end with a line break: its last row may be cut short (a
    # download that stopped mid-row), which ``extract`` leaves out when it is short.
    unterminated: bool = False
    # Rows the workbook hides (by hand or by a filter) that hold a value: left out of
    # ``rows``, since what the accountant sees in Excel is what is imported, and named in
    # the import's warning, so that nothing leaves the statement unseen.
    hidden_rows: tuple[int, ...] = ()
    # A UTF-8 text's bytes that are not UTF-8, each read as Windows-1252 (Latin-1 where it
    # has no character) where it stands (``encoding.StrayByte``): (row, 0-based column,
    # byte, what it was read as), each named in the import's warnings.
    stray_bytes: tuple[tuple[int, int, int, str], ...] = ()
    # A text read in a code page whose words show it may be in another
    # (``encoding.CodePageDoubt``): the row and 0-based column of the first such word,
    # and the doubt, said in the import's warnings.
    code_page_doubt: tuple[int, int, CodePageDoubt] | None = None


def shown_rows(
    name: str | None, rows: Sequence[Row], index: int, hidden: AbstractSet[int]
) -> Sheet:
    """The sheet of ``rows`` (its row 1 first) without the rows numbered in ``hidden``,
    each row kept with its own number in the workbook."""
    if not hidden:
        return Sheet(name, rows, range(1, len(rows) + 1), index)
    kept: list[Row] = []
    numbers: list[int] = []
    left_out: list[int] = []
    for number, row in enumerate(rows, 1):
        if number not in hidden:
            kept.append(row)
            numbers.append(number)
        elif any(cell_text(cell).strip() for cell in row):
            left_out.append(number)
    return Sheet(name, kept, contiguous(numbers), index, hidden_rows=tuple(left_out))


def row_spans(numbers: Sequence[int]) -> str:
    """Ascending row numbers as a reader takes them in: "5-9, 14"."""
    spans: list[str] = []
    start = previous = None
    for number in (*numbers, None):
        if previous is not None and number == previous + 1:
            previous = number
            continue
        if start is not None:
            spans.append(str(start) if start == previous else f"{start}-{previous}")
        start = previous = number
    return ", ".join(spans)


@dataclass(frozen=True, slots=True)
class Table:
    """A readable file: its sheets (one for text files) and how it was read."""

    format: str
    sheets: tuple[Sheet, ...]
    encoding: str | None = None
    delimiter: str | None = None
    quote: str | None = None
    notes: tuple[str, ...] = field(default=())


def cell_text(cell: Cell) -> str:
    """A cell as the accountant would read it, for raw cells and messages."""
    if isinstance(cell, str):
        return cell
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float):
        return float_text(cell)
    if isinstance(cell, dt.datetime):
        return cell.isoformat(sep=" ") if cell.time() != dt.time() else cell.date().isoformat()
    if isinstance(cell, dt.date | dt.time):
        return cell.isoformat()
    return str(cell)


def float_text(value: float) -> str:
    """A spreadsheet number the way Excel shows it: at most 15 significant digits.

    Spreadsheets store binary doubles; a cached formula result such as 7432.219999999999
    is what Excel displays as 7432.22, and that is the amount the bank meant.
    """
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.15g}"
    if "e" in text or "E" in text:
        plain = format(Decimal(text), "f")  # exact digits, no second trip through a float
        return plain.rstrip("0").rstrip(".") if "." in plain else plain
    return text


def pick(values: Sequence[_T], rows: Sequence[int]) -> Sequence[_T]:
    """``values`` at ``rows``: a slice when the rows are a range, else gathered in C."""
    if isinstance(rows, range) and rows.step == 1:
        return values[rows.start : rows.stop]
    if not rows:
        return values[:0]
    if len(rows) == 1:
        return [values[rows[0]]]
    return operator.itemgetter(*rows)(values)  # type: ignore[no-any-return]


def contiguous(rows: list[int]) -> Sequence[int]:
    """The rows as a range when they follow each other (the usual statement), so columns
    are sliced rather than gathered."""
    if rows and rows[-1] - rows[0] + 1 == len(rows):
        return range(rows[0], rows[-1] + 1)
    return rows


def view(values: Sequence[_T], rows: Sequence[int]) -> Sequence[_T]:
    """``values`` at ``rows``, to be read once more: a range of rows is a window onto the
    column (nothing copied out), other rows are gathered."""
    if isinstance(rows, range) and rows.step == 1 and not isinstance(values, range):
        stop = min(rows.stop, len(values))
        return Window(values, min(rows.start, stop), stop)
    return pick(values, rows)


class Window(Sequence[_T]):
    """``values[start:stop]`` without the copy: iterated in C (a column handed to
    ``StatementLine.many`` or zipped into rows is read once, front to back)."""

    __slots__ = ("_start", "_stop", "_values")

    def __init__(self, values: Sequence[_T], start: int, stop: int) -> None:
        self._values, self._start, self._stop = values, start, stop

    def __len__(self) -> int:
        return self._stop - self._start

    def __iter__(self) -> Iterator[_T]:
        return itertools.islice(self._values, self._start, self._stop)

    @overload
    def __getitem__(self, index: int) -> _T: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[_T]: ...

    def __getitem__(self, index: int | slice) -> _T | Sequence[_T]:
        # Read through to the values: copying the window to index it made every lookup
        # (and Sequence's ``in``, ``index``, ``count``) cost the whole window.
        positions = range(self._start, self._stop)[index]
        if isinstance(positions, range):
            return pick(self._values, positions)  # a slice of the values, not a loop
        return self._values[positions]
