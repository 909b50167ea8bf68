"""A sheet read column by column, shared by layout inference and line extraction.

Every column is scanned once (see ``profile``); a few file-specific readings are added
here: number cells ending in float residue (``float_residue``), Excel serial numbers
among date cells (number cells, or text where a workbook was saved as csv), yy-mm-dd
dates from 2032 on, and DATEV's year-less document dates.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import cast

from desktop_app.statements import preamble
from desktop_app.statements.dates import DateOrder, DateText, excel_serial_date, year_first_only
from desktop_app.statements.float_residue import Rounded, round_residue
from desktop_app.statements.grid import Cell, ColumnedRows, Row, Sheet
from desktop_app.statements.header import primary_date_column
from desktop_app.statements.header_words import Hint, classify_header
from desktop_app.statements.numbers import AmountText
from desktop_app.statements.profile import ColumnScan, Readings, is_blank, scan_column
from desktop_app.wording import counted

MAX_COLUMNS = 1024
_UNKNOWN = object()


@dataclass(slots=True)
class SheetAnalysis:
    """A sheet read column by column, shared by inference and extraction."""

    sheet: Sheet
    columns: list[Sequence[Cell]]
    scans: list[ColumnScan]
    evidence: dict[str, list[str]] = field(default_factory=dict)
    rounded: dict[int, Rounded] = field(default_factory=dict)  # column -> residue rounded
    _decimals: dict[tuple[int, str], dict[Hashable, Decimal | None]] = field(default_factory=dict)
    _row_decimals: dict[tuple[int, str], list[Decimal | None]] = field(default_factory=dict)
    _joined: dict[int, str | None] = field(default_factory=dict)
    _primary: object = _UNKNOWN  # the primary date column, once asked

    def note(self, decision: str, text: str) -> None:
        self.evidence.setdefault(decision, []).append(text)

    def noted(self) -> dict[str, list[str]]:
        """A copy of the evidence noted so far, to go back to (``restore``) before a
        reading whose decisions replace those noted since (another mapping's)."""
        return {decision: list(lines) for decision, lines in self.evidence.items()}

    def restore(self, noted: dict[str, list[str]]) -> None:
        """The evidence as it was when ``noted`` was taken (which stays as it is)."""
        self.evidence.clear()
        self.evidence.update({decision: list(lines) for decision, lines in noted.items()})

    def decimals(self, column: int, mark: str) -> dict[Hashable, Decimal | None]:
        """Every distinct cell of ``column`` as an amount under ``mark``, computed once."""
        key = (column, mark)
        if key not in self._decimals:
            scan = self.scans[column]
            if not scan.text_amounts and mark == ".":  # only exact numbers: use them as they are
                self._decimals[key] = cast(dict[Hashable, Decimal | None], scan.amounts)
                return self._decimals[key]
            mapped = cast(dict[Hashable, Decimal | None], dict(scan.amounts))
            for value in scan.text_amounts:
                cell = scan.amounts[value]
                if isinstance(cell, AmountText):
                    mapped[value] = cell.value(mark)
            if mark == ",":  # '12.50' is no amount in a decimal-comma column
                mapped.update(dict.fromkeys(scan.point_numbers))
            self._decimals[key] = mapped
        return self._decimals[key]

    def joined(self, column: int) -> str | None:
        """The cells of ``column`` joined by NULs, made once (None where a cell is not
        text): the balance phrases (``balance_rows``) and the lines' text fields
        (``row_text``) each search a text column whole, and joining a 200,000-row
        description column takes about as long as either search."""
        if column not in self._joined:
            try:
                self._joined[column] = "\x00".join(self.columns[column])  # type: ignore[arg-type]
            except TypeError:  # spreadsheet cells that are not text
                self._joined[column] = None
        return self._joined[column]

    def primary_date_column(self) -> int | None:
        """The column holding a date in the most rows (asked by several decisions)."""
        if self._primary is _UNKNOWN:
            self._primary = primary_date_column(self.scans)
        return cast(int | None, self._primary)

    def unread_rows(self, column: int, mark: str, start: int) -> list[int] | None:
        """The rows from ``start`` whose cell of ``column`` reads as no amount under
        ``mark`` (``row_decimals`` None), in order, where the scan tells them without a
        look at each row: a column read row by row reads every row in bulk but its few
        ``others``, which are the only rows to look at. None where it does not tell (a
        column read per value; a decimal-comma reading of one with points, whose rows with
        a point read as none)."""
        rows = self.scans[column].rows
        if rows is None or (mark == "," and rows.any_point()):
            return None
        found = self.row_decimals(column, mark)
        return [row for row in rows.others if row >= start and found[row] is None]

    def decimals_written(self, column: int, mark: str) -> int | None:
        """At most how many decimals an amount of ``column`` read under ``mark`` is
        written with, where the scan tells it without a look at each row: a column of
        text numbers read row by row by their shapes (``RowCells.decimals_written``),
        and each of its few other cells. A trailing zero counts ('12.500': three). None
        where it does not tell (a column read per value or of spreadsheet numbers, a
        decimal-comma reading)."""
        rows = self.scans[column].rows
        if rows is None or rows.decimals_written is None or mark != ".":
            return None
        found = self.row_decimals(column, mark)
        most = rows.decimals_written
        for value in map(found.__getitem__, rows.others):
            if value is None:
                continue  # no amount: no line
            exponent = value.as_tuple().exponent
            if not isinstance(exponent, int):
                return None  # not a finite number
            most = max(most, -exponent)
        return most

    def row_decimals(self, column: int, mark: str) -> list[Decimal | None]:
        """Every row of ``column`` as an amount under ``mark``, computed once (shared: not
        to be changed by the caller)."""
        key = (column, mark)
        if key not in self._row_decimals:
            cells = self.columns[column]
            mapped = self.decimals(column, mark)
            rows = self.scans[column].rows
            if rows is None:
                self._row_decimals[key] = list(map(mapped.get, cells))
                return self._row_decimals[key]
            found = rows.decimals
            if mark == "," and rows.any_point():
                # '12.50' is no amount in a decimal-comma column
                found = [
                    None if point else value
                    for value, point in zip(found, rows.points(), strict=True)
                ]
            others = {row: mapped.get(cells[row]) for row in rows.others}
            if any(value is not found[row] for row, value in others.items()):
                found = found.copy() if found is rows.decimals else found  # shared: copied
                for row, value in others.items():
                    found[row] = value
            self._row_decimals[key] = found
        return self._row_decimals[key]


def analyse_sheet(sheet: Sheet) -> SheetAnalysis:
    columns = _columns(sheet.rows)
    readings: Readings = {}
    scans = [scan_column(index, column, readings) for index, column in enumerate(columns)]
    analysis = SheetAnalysis(sheet, columns, scans)
    for scan in scans:
        rounded = round_residue(scan)
        if rounded is not None:
            analysis.rounded[scan.index] = rounded
    for scan in scans:
        _read_serial_dates(analysis, scan)
        _read_serial_texts(analysis, scan)
    _read_year_first_dates(analysis)
    if preamble.is_datev(sheet):
        _read_datev_dates(analysis)
    return analysis


def _columns(rows: Sequence[Row]) -> list[Sequence[Cell]]:
    """The rows' cells column by column, padded with '' where a row is short: as a text
    split column by column gave them (``ColumnedRows``), else transposed."""
    if isinstance(rows, ColumnedRows):
        return list(rows.columns[:MAX_COLUMNS])
    lengths = set(map(len, rows))
    width = min(max(lengths, default=0), MAX_COLUMNS)
    columns: list[Sequence[Cell]] = []
    # Rows of one length (the usual export) are transposed without the padding machinery.
    transposed = (
        zip(*rows, strict=True) if len(lengths) == 1 else itertools.zip_longest(*rows, fillvalue="")
    )
    for column in transposed:
        if len(columns) == width:
            break
        columns.append(column)
    return columns


def _read_serial_dates(analysis: SheetAnalysis, scan: ColumnScan) -> None:
    """Excel serial numbers in a date column: date cells that lost their date format.

    A number from 20000 to 80000 is a date only in a column that is evidently one, or an
    amount, balance or document number column would be read as dates. The evidence is
    either the column's other dates, when the serial numbers do not outnumber them; or,
    for whole numbers of days (a time of day would have a fraction), the column's header
    naming a date, which also covers a column where every date cell lost its format; or,
    under no such header, that the column is the sheet's date column and the serial
    numbers fall within the period of its dates.
    """
    if scan.textual or not scan.has_numbers():
        return
    headed = _date_header(scan.values, _serial_number)
    header = None if headed is None else headed[1]
    if header is None and not scan.has_dates():
        return
    counts = scan.counts if scan.counts is not None else Counter(scan.values)
    dated = sum(n for value, n in counts.items() if scan.dates.get(value) is not None)
    serials = {
        value: found
        for value in counts
        if isinstance(value, int | float)
        and not isinstance(value, bool)
        and (found := excel_serial_date(float(value))) is not None
    }
    serial_count = sum(counts[value] for value in serials)
    if not serials:
        return
    read = f"column {scan.index + 1}: {counted(serial_count, 'Excel serial number')}"
    if dated and serial_count <= dated:
        note = f"{read} among {counted(dated, 'date')} read as dates"
    elif not all(float(value).is_integer() for value in serials):
        return
    elif header is not None:
        among = f", among {counted(dated, 'date')}" if dated else ""
        note = f"{read} read as dates: whole days under the date header '{header}'{among}"
    elif (
        dated
        and primary_date_column(analysis.scans) == scan.index
        and _within_period(scan, serials.values())
    ):
        note = (
            f"{read} read as dates: whole days within the period of the date column's "
            f"{counted(dated, 'date')}"
        )
    else:
        return
    for value, found in serials.items():
        scan.read_as_date(value, found)
    analysis.note("dates", note)


def _read_serial_texts(analysis: SheetAnalysis, scan: ColumnScan) -> None:
    """Excel serial numbers written as text in a date column: a workbook saved as csv
    with its date column formatted as numbers writes 2024-01-01 as "45292".

    Text that is a whole number is an amount, a count or a reference far more often
    than a date, so it is read as one only where nothing else is possible: the column's
    header (the nearest text above its first such number) names a date, and every cell
    below it is blank or a whole number of days in the serial range (1954 to 2119). A
    reference or amount column is headed otherwise; a date column that also holds dates,
    or a number of another shape, is left as it is (a serial number among dates is named
    in its row's warning instead: ``extract._not_a_date``).
    """
    if scan.textual or not scan.has_numbers():
        return
    values = scan.values
    headed = _date_header(values, _serial_text)
    if headed is None:
        return
    first, header = headed
    serials: dict[Cell, dt.date] = {}
    count = 0
    for value in itertools.islice(values, first, None):
        if is_blank(value):
            continue
        if value not in serials:
            found = _serial_text(value)
            if found is None:
                return  # a cell that is no serial number: not every date lost its format
            serials[value] = found
        count += 1
    for value, found in serials.items():
        scan.read_as_date(value, found)
    analysis.note(
        "dates",
        f"column {scan.index + 1}: {counted(count, 'Excel serial number')} read as dates: "
        f"every cell under the date header '{header}' is a whole number of days, as a "
        "workbook saved as csv writes a date formatted as a number",
    )


# A whole number of days as text: no sign, no separator, no decimals, no leading zero.
_SERIAL_DIGITS = re.compile(r"[1-9][0-9]{4}")


def _serial_text(value: Cell) -> dt.date | None:
    """The date of a text cell that is an Excel serial number of whole days, else None."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if _SERIAL_DIGITS.fullmatch(text) is None:
        return None
    return excel_serial_date(int(text))


_HEADER_ROWS = 60  # rows searched for a column's first serial number, below its header
_DATE_HINTS = frozenset({Hint.BOOKING_DATE, Hint.TRANSACTION_DATE, Hint.DATE, Hint.VALUE_DATE})
_PERIOD_MARGIN = dt.timedelta(days=31)


def _date_header(
    values: Sequence[Cell], serial: Callable[[Cell], dt.date | None]
) -> tuple[int, str] | None:
    """The row of the column's first serial number near the top (a cell ``serial`` reads
    as a date), and the text above it, when that text names a date.

    The nearest text above that number, not any text of the column: a preamble label
    ("Closing date") above an amount column's first cell is no header of the amounts.
    """
    label: str | None = None
    for row, value in enumerate(itertools.islice(values, _HEADER_ROWS)):
        if serial(value) is not None:
            if label is not None and classify_header(label).hint in _DATE_HINTS:
                return row, label
            return None
        if isinstance(value, str) and value.strip():
            label = value.strip()
    return None


def _serial_number(value: Cell) -> dt.date | None:
    """The date of a number cell in the Excel serial range, else None."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    return excel_serial_date(float(value))


def _within_period(scan: ColumnScan, serials: Iterable[dt.date]) -> bool:
    """Whether the serial numbers' dates lie within the period of the column's other dates
    (either reading of a day-month date counts): document numbers or amounts that happen
    to lie in the serial range spread over decades."""
    known: list[dt.date] = []
    for cell in scan.dates.values():
        if isinstance(cell, DateText):
            known.extend(
                found
                for order in (DateOrder.DMY, DateOrder.MDY)
                if (found := cell.to_date(order)) is not None
            )
        elif cell is not None:
            known.append(cell)
    if not known:
        return False
    first, last = min(known) - _PERIOD_MARGIN, max(known) + _PERIOD_MARGIN
    return all(first <= found <= last for found in serials)


def _read_year_first_dates(analysis: SheetAnalysis) -> None:
    """yy-mm-dd dates whose first field is above 31 ('32-03-05': 5 March 2032), read as
    dates in a column that is evidently one (see ``dates.year_first_only``).

    Such a cell reads only year-first, so alone it is no date ('77-01-15' may be a sort
    code). It is one where every other date of its column can be read year-first too
    and no other column holds dates on as many rows, or where the year-first dates lie
    within the period of the sheet's other dates (a booking date beside its value date).
    """
    candidates = {
        scan.index: found for scan in analysis.scans if (found := _year_first_cells(scan))
    }
    if not candidates:
        return
    dated = {scan.index: _dated_rows(scan) for scan in analysis.scans}
    for index, found in candidates.items():
        scan = analysis.scans[index]
        if not all(map(_reads_year_first, scan.dates.values())):
            continue
        assert scan.counts is not None  # a column read per value (``_year_first_cells``)
        count = sum(scan.counts[value] for value in found)
        others = [other for other in analysis.scans if other.index != index and dated[other.index]]
        most = max((dated[other.index] for other in others), default=0)
        days = [day for date in found.values() if (day := date.to_date(DateOrder.YMD))]
        if most >= dated[index] + count and not any(_within_period(o, days) for o in others):
            continue
        for value, date in found.items():
            scan.read_as_date(value, date)
        example = str(next(iter(found))).strip()
        analysis.note(
            "dates",
            f"column {index + 1}: {counted(count, 'date')} like '{example}' read year-first "
            "(yy-mm-dd): a first field above 31 is no day",
        )


def _year_first_cells(scan: ColumnScan) -> dict[str, DateText]:
    """The column's text cells that read only as yy-mm-dd, none when it is free text or
    read row by row (numbers)."""
    if scan.textual or scan.counts is None or scan.rows is not None:
        return {}
    found: dict[str, DateText] = {}
    for value, date in scan.dates.items():
        if date is None and isinstance(value, str) and value[:2].strip().isdigit():
            candidate = year_first_only(value)
            if candidate is not None:
                found[value] = candidate
    return found


def _reads_year_first(date: object) -> bool:
    """Whether a date of the column can be read year-first as well (blank: nothing read)."""
    return date is None or (
        isinstance(date, DateText) and date.short_year and date.allows(DateOrder.YMD)
    )


def _dated_rows(scan: ColumnScan) -> int:
    """How many rows of the column hold a date."""
    if scan.textual or not scan.has_dates():
        return 0
    return sum(n for kind, n in scan.kind_counts().items() if scan.date_kind(kind) is not None)


def _read_datev_dates(analysis: SheetAnalysis) -> None:
    """DATEV's Belegdatum is DDMM without a year; the batch period in the header supplies it."""
    column = preamble.datev_date_column(analysis.sheet)
    period = preamble.datev_period(analysis.sheet)
    if column is None or period is None or column >= len(analysis.scans):
        return
    for value in set(analysis.columns[column]):
        found = preamble.datev_date(value, period)
        if found is not None:
            analysis.scans[column].read_as_date(value, found)
    analysis.note(
        "format",
        f"DATEV EXTF ledger export: 'Belegdatum' has no year, placed in the batch period "
        f"{period[0].isoformat()} to {period[1].isoformat()}",
    )
