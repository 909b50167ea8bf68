"""Statement lines from a sheet and its layout: every row read with the decided conventions.

Columns are converted whole (each distinct cell once) and the lines assembled row by row,
which keeps a 200,000-row import close to the speed of merely reading the file. A row that
carries money but not a date, or a date but no readable amount, is reported with its row
and column and skipped; nothing else stops the file. Rows shorter than the header (a field
left out mid-row, as in ING's exports) are realigned when that makes the date and amount
readable, and reported.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from desktop_app.domain import StatementLine
from desktop_app.statements.currency_marks import resolve_currency
from desktop_app.statements.dates import DateText
from desktop_app.statements.grid import Cell, cell_text
from desktop_app.statements.infer import SheetAnalysis
from desktop_app.statements.layout import AmountStyle, Layout
from desktop_app.statements.model import RowWarning
from desktop_app.statements.profile import ColumnScan, classify, is_blank

_SPACES = re.compile(r"\s+")
_MESSY = re.compile(r"\s\s|[\t\r\n]|^'")


@dataclass(frozen=True, slots=True)
class Extracted:
    lines: tuple[StatementLine, ...]
    warnings: tuple[RowWarning, ...]


class _Columns:
    """Whole columns converted with the layout's conventions, one entry per sheet row."""

    def __init__(
        self, analysis: SheetAnalysis, layout: Layout, default_currency: str | None
    ) -> None:
        self.analysis = analysis
        self.layout = layout
        self.default_currency = default_currency
        self.currency_notes: set[str] = set()
        self.booking = self.dates(layout.booking_date)
        self.fallback = self.dates(layout.fallback_date)
        self.value = self.dates(layout.value_date)
        self.balance = self.amounts(layout.balance)
        self.currency = self.currencies()
        money = layout.amount if layout.amount is not None else layout.debit
        self.cell_currency = self.tokens(money)
        self.signed = self.signed_amounts()

    def column(self, index: int | None) -> Sequence[Cell] | None:
        if index is None or index >= len(self.analysis.columns):
            return None
        return self.analysis.columns[index]

    def dates(self, index: int | None) -> list[dt.date | None] | None:
        column = self.column(index)
        if column is None or index is None:
            return None
        order = self.layout.date_order
        found = {
            value: cell.to_date(order) if isinstance(cell, DateText) else cell
            for value, cell in self.analysis.scans[index].dates.items()
        }
        return list(map(found.get, column))

    def amounts(self, index: int | None) -> list[Decimal | None] | None:
        column = self.column(index)
        if column is None or index is None:
            return None
        mapped = self.analysis.decimals(index, self.layout.decimal_mark(index))
        return list(map(mapped.get, column))

    def tokens(self, index: int | None) -> list[str | None] | None:
        column = self.column(index)
        if column is None or index is None or self.layout.currency_column is not None:
            return None
        marks = {
            value: getattr(cell, "currency", None)
            for value, cell in self.analysis.scans[index].amounts.items()
        }
        if not any(marks.values()):
            return None
        return list(map(marks.get, column))

    def signed_amounts(self) -> list[Decimal | None] | None:
        """The signed amount of every row, where it can be read without looking at the row."""
        layout = self.layout
        if layout.amount_style is AmountStyle.SIGNED:
            return self.amounts(layout.amount)
        return None

    def currencies(self) -> list[str | None] | None:
        column = self.column(self.layout.currency_column)
        if column is None:
            return None
        codes = {value: self.resolve(cell_text(value).strip()) for value in set(column)}
        return list(map(codes.get, column))

    def resolve(self, token: str | None) -> str | None:
        if not token:
            return None
        code, note = resolve_currency(token, self.default_currency)
        if note:
            self.currency_notes.add(note)
        return code


def extract_lines(
    analysis: SheetAnalysis, layout: Layout, source_file: str, default_currency: str | None
) -> Extracted:
    columns = _Columns(analysis, layout, default_currency)
    sheet = analysis.sheet
    start = 0 if layout.header_row is None else _index_of(sheet.row_numbers, layout.header_row) + 1
    width = len(layout.columns)
    raw_rows = _raw_rows(analysis)
    fixed_currency = layout.currency or default_currency
    texts = [
        _text_column(analysis, roles)
        for roles in (layout.description, layout.reference, layout.counterparty)
    ]
    descriptions, references, counterparties = texts
    booking, fallback, signed = columns.booking, columns.fallback, columns.signed
    currency, cell_currency = columns.currency, columns.cell_currency
    value_dates, balances = columns.value, columns.balance
    invert = layout.invert_sign
    assert booking is not None
    lines: list[StatementLine] = []
    warnings: list[RowWarning] = []
    rows, numbers = sheet.rows, sheet.row_numbers
    for index in range(start, len(rows)):
        date = booking[index]
        if date is None and fallback is not None:
            date = fallback[index]
        if date is None:
            if len(rows[index]) < width:
                line = _realigned(columns, index, numbers[index], source_file, warnings)
                if line is not None:
                    lines.append(line)
            continue
        amount = signed[index] if signed is not None else None
        token = None
        if amount is None:
            amount, token, problem = _amount(columns, rows[index])
            if amount is None:
                line = (
                    _realigned(columns, index, numbers[index], source_file, warnings)
                    if len(rows[index]) < width
                    else None
                )
                if line is not None:
                    lines.append(line)
                elif problem is not None:
                    warnings.append(RowWarning(source_file, numbers[index], problem[0], problem[1]))
                continue
        code = currency[index] if currency is not None else None
        if code is None:
            if token is None and cell_currency is not None:
                token = cell_currency[index]
            code = columns.resolve(token) if token else fixed_currency
        lines.append(
            StatementLine(
                source_file,
                numbers[index],
                date,
                -amount if invert else amount,
                code or fixed_currency,
                descriptions[index] if descriptions is not None else "",
                references[index] if references is not None else "",
                counterparties[index] if counterparties is not None else "",
                value_dates[index] if value_dates is not None else None,
                balances[index] if balances is not None else None,
                raw_rows[index],
            )
        )
    warnings.extend(
        RowWarning(source_file, None, layout.column_name(layout.currency_column), note)
        for note in sorted(columns.currency_notes)
    )
    return Extracted(tuple(lines), tuple(_inside(warnings, lines)))


def _text_column(analysis: SheetAnalysis, roles: tuple[int, ...]) -> list[str] | None:
    """A text role's cleaned value for every row (several columns joined with ' | ')."""
    present = [analysis.columns[index] for index in roles if index < len(analysis.columns)]
    if not present:
        return None
    if len(present) == 1:
        return _cleaned(present[0])
    cleaned = [_cleaned(column) for column in present]
    return [" | ".join(part for part in parts if part) for parts in zip(*cleaned, strict=True)]


def _amount(
    columns: _Columns, row: Sequence[Cell]
) -> tuple[Decimal | None, str | None, tuple[str | None, str] | None]:
    layout = columns.layout
    if layout.amount_style is AmountStyle.DEBIT_CREDIT:
        return _pair(columns, row)
    assert layout.amount is not None
    cell = _cell(row, layout.amount)
    value, token = _read_amount(columns, layout.amount, cell)
    if value is None:
        reason = "no amount" if is_blank(cell) else f"'{cell_text(cell).strip()}' is not an amount"
        return None, None, (layout.column_name(layout.amount), f"{reason}; row skipped")
    if layout.amount_style is AmountStyle.INDICATOR:
        mark = cell_text(_cell(row, layout.indicator)).strip().casefold()
        sign = dict(layout.indicator_signs).get(mark)
        if sign is None:
            problem = f"'{mark}' is not a debit/credit mark; row skipped"
            return None, None, (layout.column_name(layout.indicator), problem)
        value = abs(value) * sign
    return value, token, None


def _read_amount(columns: _Columns, index: int, cell: Cell) -> tuple[Decimal | None, str | None]:
    scan: ColumnScan | None = (
        columns.analysis.scans[index] if index < len(columns.analysis.scans) else None
    )
    mark = columns.layout.decimal_mark(index)
    if scan is not None and cell in scan.amounts:
        scanned = scan.amounts[cell]
        value = columns.analysis.decimals(index, mark).get(cell)
    else:
        scanned = classify(cell)[1]
        value = scanned if isinstance(scanned, Decimal) or scanned is None else scanned.value(mark)
    return value, getattr(scanned, "currency", None)


def _pair(
    columns: _Columns, row: Sequence[Cell]
) -> tuple[Decimal | None, str | None, tuple[str | None, str] | None]:
    layout = columns.layout
    total = Decimal(0)
    found = False
    token: str | None = None
    for index, is_debit in ((layout.debit, True), (layout.credit, False)):
        if index is None:
            continue
        cell = _cell(row, index)
        if is_blank(cell):
            continue
        value, cell_token = _read_amount(columns, index, cell)
        if value is None:
            return (
                None,
                None,
                (
                    layout.column_name(index),
                    f"'{cell_text(cell).strip()}' is not an amount; row skipped",
                ),
            )
        found = True
        token = token or cell_token
        total += -abs(value) if is_debit else value
    if not found:
        names = f"{layout.column_name(layout.debit)} / {layout.column_name(layout.credit)}"
        return None, None, (names, "no amount in the debit or credit column; row skipped")
    return total, token, None


def _realigned(
    columns: _Columns, index: int, number: int, source_file: str, warnings: list[RowWarning]
) -> StatementLine | None:
    """A short row read with its missing field(s) placed where date and amount then fit."""
    row = columns.analysis.sheet.rows[index]
    if not any(not is_blank(cell) for cell in row):
        return None
    layout = columns.layout
    missing = len(layout.columns) - len(row)
    for split in range(len(row) - 1, 0, -1):
        shifted = [*row[:split], *([""] * missing), *row[split:]]
        date = _reparse_date(columns, shifted)
        if date is None:
            continue
        amount, token, _ = _amount(columns, shifted)
        if amount is None:
            continue
        warnings[:] = [warning for warning in warnings if warning.row != number]
        warnings.append(
            RowWarning(
                source_file,
                number,
                layout.column_name(split),
                f"the row has {len(row)} fields where the header has {len(layout.columns)}; "
                f"read with the missing field(s) before column {split + 1}",
            )
        )
        line = StatementLine(
            source_file, number, date, -amount if layout.invert_sign else amount,
            columns.resolve(cell_text(_cell(shifted, layout.currency_column)).strip()) or columns.resolve(token) or layout.currency or columns.default_currency,
            _text(shifted, layout.description), _text(shifted, layout.reference), _text(shifted, layout.counterparty),
        )  # fmt: skip
        return replace(line, raw=tuple(map(cell_text, row)))
    return None


def _reparse_date(columns: _Columns, row: Sequence[Cell]) -> dt.date | None:
    for index in (columns.layout.booking_date, columns.layout.fallback_date):
        if index is None:
            continue
        cell = classify(_cell(row, index))[0]
        date = cell.to_date(columns.layout.date_order) if isinstance(cell, DateText) else cell
        if date is not None:
            return date
    return None


def _raw_rows(analysis: SheetAnalysis) -> Sequence[tuple[str, ...]]:
    """Every row's cells as text: text files already are; spreadsheet columns are
    formatted once per distinct value and zipped back into rows."""
    rows = analysis.sheet.rows
    if analysis.sheet.name is None:  # a text file: cells are the strings that were read
        return _TupleRows(rows)
    columns = [
        _raw_column(scan, column)
        for scan, column in zip(analysis.scans, analysis.columns, strict=True)
    ]
    return list(zip(*columns, strict=True))


def _raw_column(scan: ColumnScan, column: Sequence[Cell]) -> Sequence[Cell]:
    lookup: dict[Hashable, Cell] = {
        value: cell_text(value)
        for value in set(column) - scan.texts.keys()
        if value.__class__ is not str
    }
    if not lookup and not scan.texts:
        return column
    lookup.update(scan.texts)
    return list(map(lookup.get, column, column))


class _TupleRows(Sequence[tuple[str, ...]]):
    """Text rows as tuples, made when a line is built (most rows become lines)."""

    def __init__(self, rows: Sequence[Sequence[Cell]]) -> None:
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index: int) -> tuple[str, ...]:  # type: ignore[override]
        return tuple(self.rows[index])  # type: ignore[arg-type]


def _inside(warnings: list[RowWarning], lines: list[StatementLine]) -> list[RowWarning]:
    """Row warnings between the first and last transaction (not preamble or footer)."""
    if not lines:
        return warnings
    first, last = lines[0].row, lines[-1].row
    return [w for w in warnings if w.row is None or first <= w.row <= last]


def _cell(row: Sequence[Cell], column: int | None) -> Cell:
    if column is None or column >= len(row):
        return ""
    return row[column]


def _text(row: Sequence[Cell], columns: tuple[int, ...]) -> str:
    if len(columns) == 1:
        return _clean(_cell(row, columns[0]))
    return " | ".join(
        part for part in map(_clean, (_cell(row, column) for column in columns)) if part
    )


def _cleaned(column: Sequence[Cell]) -> list[str]:
    """A text column stripped in bulk; only cells with runs of spaces or quotes go through
    ``_clean`` one by one."""
    try:
        stripped = list(map(str.strip, column))  # type: ignore[arg-type]
    except TypeError:  # spreadsheet cells that are not text
        return list(map(_clean, column))
    for index, match in enumerate(map(_MESSY.search, stripped)):
        if match is not None:
            stripped[index] = _clean(stripped[index])
    return stripped


def _clean(cell: Cell) -> str:
    text = cell.strip() if isinstance(cell, str) else cell_text(cell)
    if not _MESSY.search(text):
        return text
    if len(text) > 1 and text[0] == "'" and (text[-1] == "'" or text.count("'") == 1):
        text = text.strip("'")
    return _SPACES.sub(" ", text).strip()


def _index_of(numbers: Sequence[int], number: int) -> int:
    for index, value in enumerate(numbers):
        if value == number:
            return index
    return -1
