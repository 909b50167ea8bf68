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
import itertools
import operator
import re
from collections.abc import Hashable, Iterable, Sequence
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
_MESSY_ANYWHERE = re.compile(r"\s\s|[\t\r\n]|(?:^|\x00)'")


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
    dates = _merged_dates(columns)
    amounts, tokens, warnings, realigned = _row_amounts(columns, dates, start, source_file)
    selected = list(
        itertools.compress(
            range(start, len(dates)),
            map(operator.and_, map(_present, dates[start:]), map(_present, amounts[start:])),
        )
    )
    lines = _assemble(columns, selected, dates, amounts, tokens, source_file)
    if realigned:
        lines = sorted([*lines, *realigned], key=lambda line: line.row)
    warnings.extend(
        RowWarning(source_file, None, layout.column_name(layout.currency_column), note)
        for note in sorted(columns.currency_notes)
    )
    return Extracted(tuple(lines), tuple(_inside(warnings, lines)))


def _present(value: object) -> bool:
    return value is not None


def _merged_dates(columns: _Columns) -> list[dt.date | None]:
    booking, fallback = columns.booking, columns.fallback
    assert booking is not None
    if fallback is None:
        return booking
    return [
        first if first is not None else second
        for first, second in zip(booking, fallback, strict=True)
    ]


def _row_amounts(
    columns: _Columns, dates: list[dt.date | None], start: int, source_file: str
) -> tuple[list[Decimal | None], list[str | None] | None, list[RowWarning], list[StatementLine]]:
    """Every row's signed amount; rows with a date but no amount are reported (or realigned)."""
    rows, numbers = columns.analysis.sheet.rows, columns.analysis.sheet.row_numbers
    width = len(columns.layout.columns)
    amounts: list[Decimal | None] = [None] * len(rows)
    if columns.signed is not None:
        amounts = list(columns.signed)
    tokens = columns.cell_currency
    warnings: list[RowWarning] = []
    realigned: list[StatementLine] = []
    for index in range(start, len(rows)):
        if amounts[index] is not None:
            continue
        if dates[index] is None:
            if len(rows[index]) < width:
                line = _realigned(columns, index, numbers[index], source_file, warnings)
                realigned.extend([line] if line is not None else [])
            continue
        amount, token, problem = _amount(columns, rows[index])
        if amount is not None:
            amounts[index] = amount
            if token is not None:
                tokens = tokens if tokens is not None else [None] * len(rows)
                tokens[index] = token
            continue
        line = (
            _realigned(columns, index, numbers[index], source_file, warnings)
            if len(rows[index]) < width
            else None
        )
        if line is not None:
            realigned.append(line)
        elif problem is not None:
            warnings.append(RowWarning(source_file, numbers[index], problem[0], problem[1]))
    return amounts, tokens, warnings, realigned


def _assemble(
    columns: _Columns,
    selected: list[int],
    dates: list[dt.date | None],
    amounts: list[Decimal | None],
    tokens: list[str | None] | None,
    source_file: str,
) -> list[StatementLine]:
    """The lines of the selected rows, built field by field over whole columns."""
    if not selected:
        return []
    layout, analysis = columns.layout, columns.analysis

    def take(values: Sequence[object] | None, default: object) -> Iterable[object]:
        if values is None:
            return itertools.repeat(default, len(selected))
        return (
            [values[index] for index in selected]
            if len(selected) == 1
            else operator.itemgetter(*selected)(values)
        )

    picked_amounts = take(amounts, None)
    if layout.invert_sign:
        picked_amounts = map(operator.neg, picked_amounts)  # type: ignore[arg-type]
    texts = [
        _text_column(analysis, roles)
        for roles in (layout.description, layout.reference, layout.counterparty)
    ]
    return list(
        map(
            StatementLine,
            itertools.repeat(source_file, len(selected)),
            take(analysis.sheet.row_numbers, None),
            take(dates, None),
            picked_amounts,
            _row_currencies(columns, selected, tokens),
            *(take(text, "") for text in texts),
            take(columns.value, None),
            take(columns.balance, None),
            take(_raw_rows(analysis), ()),
        )
    )


def _row_currencies(
    columns: _Columns, selected: list[int], tokens: list[str | None] | None
) -> list[str | None]:
    fixed = columns.layout.currency or columns.default_currency
    codes = columns.currency
    resolved = (
        {token: columns.resolve(token) for token in set(tokens)} if tokens is not None else {}
    )
    result: list[str | None] = []
    for index in selected:
        code = codes[index] if codes is not None else None
        if code is None and tokens is not None and tokens[index] is not None:
            code = resolved[tokens[index]]
        result.append(code or fixed)
    return result


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
    if _MESSY_ANYWHERE.search("\x00".join(stripped)) is None:  # one pass in C: the usual case
        return stripped
    for index in itertools.compress(itertools.count(), map(_MESSY.search, stripped)):
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
