"""Statement lines from a sheet and its layout: every row read with the decided conventions.

A row that carries money but not a date, or a date but no readable amount, is reported
with its row and column and skipped; nothing else stops the file. Rows shorter than the
header (a field left out mid-row, as in ING's exports) are realigned when that makes the
date and amount readable, and reported.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from desktop_app.domain import StatementLine
from desktop_app.statements.currency_marks import resolve_currency
from desktop_app.statements.dates import DateText
from desktop_app.statements.grid import Cell, cell_text
from desktop_app.statements.infer import SheetAnalysis, amount_value
from desktop_app.statements.layout import AmountStyle, Layout
from desktop_app.statements.model import RowWarning
from desktop_app.statements.profile import AmountCell, ColumnScan, DateCell, classify, is_blank

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Extracted:
    lines: tuple[StatementLine, ...]
    warnings: tuple[RowWarning, ...]


class _Reader:
    """Cell readers for one layout, each cached per distinct cell value."""

    def __init__(
        self, layout: Layout, scans: Sequence[ColumnScan], default_currency: str | None
    ) -> None:
        self.layout = layout
        self.scans = scans
        self.default_currency = default_currency
        self._dates: dict[tuple[int, object], dt.date | None] = {}
        self._amounts: dict[tuple[int, object], tuple[Decimal | None, str | None]] = {}
        self.currency_notes: set[str] = set()

    def date(self, column: int | None, cell: Cell) -> dt.date | None:
        if column is None:
            return None
        key = (column, cell)
        if key not in self._dates:
            found: DateCell | None = self._scanned_date(column, cell)
            if isinstance(found, DateText):
                self._dates[key] = found.to_date(self.layout.date_order)
            else:
                self._dates[key] = found
        return self._dates[key]

    def _scanned_date(self, column: int, cell: Cell) -> DateCell | None:
        if column < len(self.scans) and cell in self.scans[column].dates:
            return self.scans[column].dates[cell]
        return classify(cell)[0]

    def amount(self, column: int, cell: Cell) -> tuple[Decimal | None, str | None]:
        key = (column, cell)
        if key not in self._amounts:
            scanned: AmountCell | None
            if column < len(self.scans) and cell in self.scans[column].amounts:
                scanned = self.scans[column].amounts[cell]
            else:
                scanned = classify(cell)[1]
            value = amount_value(scanned, self.layout.decimal_mark(column))
            token = getattr(scanned, "currency", None)
            self._amounts[key] = (value, token)
        return self._amounts[key]

    def currency(self, row: Sequence[Cell], token: str | None) -> str | None:
        column = self.layout.currency_column
        if column is not None and column < len(row) and not is_blank(row[column]):
            token = cell_text(row[column]).strip()
        if token:
            code, note = resolve_currency(token, self.default_currency)
            if note:
                self.currency_notes.add(note)
            if code:
                return code
        return self.layout.currency or self.default_currency


def extract_lines(
    analysis: SheetAnalysis, layout: Layout, source_file: str, default_currency: str | None
) -> Extracted:
    reader = _Reader(layout, analysis.scans, default_currency)
    sheet = analysis.sheet
    start = 0 if layout.header_row is None else _index_of(sheet.row_numbers, layout.header_row) + 1
    width = len(layout.columns)
    lines: list[StatementLine] = []
    warnings: list[RowWarning] = []
    for index in range(start, len(sheet.rows)):
        row = sheet.rows[index]
        number = sheet.row_numbers[index]
        line = _line(reader, layout, row, number, source_file, warnings)
        if line is None and len(row) < width and any(not is_blank(cell) for cell in row):
            line = _realigned(reader, layout, row, number, source_file, warnings)
        if line is not None:
            lines.append(line)
    warnings.extend(
        RowWarning(source_file, None, layout.column_name(layout.currency_column), note)
        for note in sorted(reader.currency_notes)
    )
    return Extracted(tuple(lines), tuple(_inside(warnings, lines)))


def _line(
    reader: _Reader,
    layout: Layout,
    row: Sequence[Cell],
    number: int,
    source_file: str,
    warnings: list[RowWarning] | None,
) -> StatementLine | None:
    date = reader.date(layout.booking_date, _cell(row, layout.booking_date))
    if date is None and layout.fallback_date is not None:
        date = reader.date(layout.fallback_date, _cell(row, layout.fallback_date))
    if date is None:
        return None
    amount, token, problem = _amount(reader, layout, row)
    if amount is None:
        if warnings is not None and problem is not None:
            warnings.append(RowWarning(source_file, number, problem[0], problem[1]))
        return None
    if layout.invert_sign:
        amount = -amount
    balance = None
    if layout.balance is not None:
        balance = reader.amount(layout.balance, _cell(row, layout.balance))[0]
    return StatementLine(
        source_file=source_file,
        row=number,
        date=date,
        amount=amount,
        currency=reader.currency(row, token),
        description=_text(row, layout.description),
        reference=_text(row, layout.reference),
        counterparty=_text(row, layout.counterparty),
        value_date=reader.date(layout.value_date, _cell(row, layout.value_date)),
        balance=balance,
        raw=tuple(map(cell_text, row)),
    )


def _amount(
    reader: _Reader, layout: Layout, row: Sequence[Cell]
) -> tuple[Decimal | None, str | None, tuple[str | None, str] | None]:
    if layout.amount_style is AmountStyle.DEBIT_CREDIT:
        return _pair(reader, layout, row)
    column = layout.amount
    assert column is not None
    cell = _cell(row, column)
    value, token = reader.amount(column, cell)
    name = layout.column_name(column)
    if value is None:
        reason = "no amount" if is_blank(cell) else f"'{cell_text(cell).strip()}' is not an amount"
        return None, None, (name, f"{reason}; row skipped")
    if layout.amount_style is AmountStyle.INDICATOR:
        mark = cell_text(_cell(row, layout.indicator)).strip().casefold()
        sign = dict(layout.indicator_signs).get(mark)
        if sign is None:
            indicator = layout.column_name(layout.indicator)
            return None, None, (indicator, f"'{mark}' is not a debit/credit mark; row skipped")
        value = abs(value) * sign
    return value, token, None


def _pair(
    reader: _Reader, layout: Layout, row: Sequence[Cell]
) -> tuple[Decimal | None, str | None, tuple[str | None, str] | None]:
    total = Decimal(0)
    found = False
    token: str | None = None
    for column, sign in ((layout.debit, -1), (layout.credit, 1)):
        if column is None:
            continue
        cell = _cell(row, column)
        if is_blank(cell):
            continue
        value, cell_token = reader.amount(column, cell)
        if value is None:
            problem = f"'{cell_text(cell).strip()}' is not an amount; row skipped"
            return None, None, (layout.column_name(column), problem)
        found = True
        token = token or cell_token
        total += -abs(value) if sign < 0 else value
    if not found:
        columns = f"{layout.column_name(layout.debit)} / {layout.column_name(layout.credit)}"
        return None, None, (columns, "no amount in the debit or credit column; row skipped")
    return total, token, None


def _realigned(
    reader: _Reader,
    layout: Layout,
    row: Sequence[Cell],
    number: int,
    source_file: str,
    warnings: list[RowWarning],
) -> StatementLine | None:
    missing = len(layout.columns) - len(row)
    for split in range(len(row) - 1, 0, -1):
        shifted = [*row[:split], *([""] * missing), *row[split:]]
        line = _line(reader, layout, shifted, number, source_file, None)
        if line is not None:
            warnings[:] = [w for w in warnings if w.row != number]
            warnings.append(
                RowWarning(
                    source_file,
                    number,
                    layout.column_name(split),
                    f"the row has {len(row)} fields where the header has {len(layout.columns)}; "
                    f"read with the missing field(s) before column {split + 1}",
                )
            )
            return replace(line, raw=tuple(map(cell_text, row)))
    return None


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
    parts = []
    for column in columns:
        text = cell_text(_cell(row, column)).strip()
        if len(text) > 1 and text[0] == "'" and (text[-1] == "'" or text.count("'") == 1):
            text = text.strip("'")
        if text:
            parts.append(_SPACES.sub(" ", text))
    return " | ".join(parts)


def _index_of(numbers: Sequence[int], number: int) -> int:
    for index, value in enumerate(numbers):
        if value == number:
            return index
    return -1
