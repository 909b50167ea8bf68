"""Whole columns converted with a layout's conventions, and one row's amount read from its
cells (a signed column, a debit/credit pair, or an amount with its indicator)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Hashable, Iterable, Sequence
from decimal import Decimal
from typing import cast

from desktop_app.statements.analysis import SheetAnalysis
from desktop_app.statements.currency_marks import resolve_currency
from desktop_app.statements.dates import DateText
from desktop_app.statements.grid import Cell, cell_text
from desktop_app.statements.layout import AmountStyle, Layout
from desktop_app.statements.profile import ColumnScan, classify, is_blank
from desktop_app.statements.row_text import cell_at


class ConvertedColumns:
    """Whole columns converted with the layout's conventions, one entry per sheet row."""

    def __init__(
        self, analysis: SheetAnalysis, layout: Layout, default_currency: str | None
    ) -> None:
        self.analysis = analysis
        self.layout = layout
        self.default_currency = default_currency
        self.currency_notes: set[str] = set()
        # The currency column's cells that hold something other than a currency ('EURO',
        # 'N/A'): their lines' currency is unknown, and each is a row warning.
        self.unknown_currency: set[Cell] = set()
        # Each date column's distinct cells and the date each reads as (None: none).
        self._date_of: dict[int, dict[Hashable, dt.date | None]] = {}
        self.booking = self.dates(layout.booking_date)
        self.fallback = self.dates(layout.fallback_date)
        self.value = self.dates(layout.value_date)
        self.balance = self.amounts(layout.balance)
        # Each distinct cell of the currency column and the code it names (None: none).
        self.currency_codes = self.codes()
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
        found: dict[Hashable, dt.date | None] = {
            value: cell.to_date(order) if isinstance(cell, DateText) else cell
            for value, cell in self.analysis.scans[index].dates.items()
        }
        self._date_of[index] = found
        return list(map(found.get, column))

    def dated_from(self, start: int) -> bool:
        """Whether every row from ``start`` has a booking date, told by the distinct
        values the booking column's scan counted over those rows (``value_counts``), not
        by a look at each row; False where those do not tell. A statement's rows below
        its header all have one, and its 200,000 dates need not be looked through."""
        index = self.layout.booking_date
        if index is None or self.booking is None:
            return False
        counted = self.analysis.scans[index].value_counts(range(start, len(self.booking)))
        if counted is None:
            return False
        found = self._date_of[index]
        return all(found.get(value) is not None for value in counted)

    def unsigned_from(self, start: int) -> list[int] | None:
        """The rows from ``start`` with no signed amount (``signed``), in order, where the
        amount column's scan tells them without a look at each row (``unread_rows``);
        None where it does not."""
        if self.signed is None or self.layout.amount is None:
            return None
        mark = self.layout.decimal_mark(self.layout.amount)
        return self.analysis.unread_rows(self.layout.amount, mark, start)

    def amounts(self, index: int | None) -> list[Decimal | None] | None:
        column = self.column(index)
        if column is None or index is None:
            return None
        return self.analysis.row_decimals(index, self.layout.decimal_mark(index))

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

    def codes(self) -> dict[Cell, str | None] | None:
        """The code each distinct cell of the currency column names (None where it names
        none); None without a currency column. Notes the cells that name no currency."""
        index = self.layout.currency_column
        column = self.column(index)
        if column is None or index is None:
            return None
        scan = self.analysis.scans[index]
        complete = scan.signs_every_value
        distinct = cast(Iterable[Cell], scan.signatures) if complete else set(column)
        codes = {value: self.resolve(cell_text(value).strip()) for value in distinct}
        self.unknown_currency = {
            value for value, code in codes.items() if code is None and not is_blank(value)
        }
        return codes

    @functools.cached_property
    def currency(self) -> list[str | None] | None:
        """Each row's currency code (None where its cell names none), made when first
        asked: lines whose currency cells all name one code take it without a look-up
        of each row's cell (``extract._row_currencies``)."""
        codes, column = self.currency_codes, self.column(self.layout.currency_column)
        if codes is None or column is None:
            return None
        return list(map(codes.get, column))

    def resolve(self, token: str | None) -> str | None:
        if not token:
            return None
        code, note = resolve_currency(token, self.default_currency)
        if note:
            self.currency_notes.add(note)
        return code


def row_amount(
    columns: ConvertedColumns, row: Sequence[Cell], at: int | None = None
) -> tuple[Decimal | None, str | None, tuple[str | None, str] | None]:
    """The amount of ``row``; ``at`` is its index in the sheet when it is the sheet's own
    row (not one realigned), so cells of columns read row by row are not classified again."""
    layout = columns.layout
    if layout.amount_style is AmountStyle.DEBIT_CREDIT:
        return pair_amount(columns, row, at)
    assert layout.amount is not None
    cell = cell_at(row, layout.amount)
    value, token = cell_amount(columns, layout.amount, cell, at)
    if value is None:
        reason = "no amount" if is_blank(cell) else f"'{cell_text(cell).strip()}' is not an amount"
        return None, None, (layout.column_name(layout.amount), f"{reason}; row skipped")
    if layout.amount_style is AmountStyle.INDICATOR:
        mark = cell_text(cell_at(row, layout.indicator)).strip().casefold()
        sign = dict(layout.indicator_signs).get(mark)
        if sign is None:
            problem = f"'{mark}' is not a debit/credit mark; row skipped"
            return None, None, (layout.column_name(layout.indicator), problem)
        value = abs(value) * sign
    return value, token, None


def cell_amount(
    columns: ConvertedColumns, index: int, cell: Cell, at: int | None
) -> tuple[Decimal | None, str | None]:
    """The amount in ``cell`` of money column ``index``, read with the column's decimal
    mark, and the currency mark beside it; ``at`` as for ``row_amount``."""
    scan: ColumnScan | None = (
        columns.analysis.scans[index] if index < len(columns.analysis.scans) else None
    )
    mark = columns.layout.decimal_mark(index)
    if scan is not None and cell in scan.amounts:
        scanned = scan.amounts[cell]
        value = columns.analysis.decimals(index, mark).get(cell)
    elif scan is not None and scan.rows is not None and at is not None:
        # A plain number of a large column read row by row: the scan keeps no value of its
        # own for it, but the column's row readings have it (and no currency mark).
        return columns.analysis.row_decimals(index, mark)[at], None
    else:
        scanned = classify(cell)[1]
        value = scanned if isinstance(scanned, Decimal) or scanned is None else scanned.value(mark)
    return value, getattr(scanned, "currency", None)


def pair_amount(
    columns: ConvertedColumns, row: Sequence[Cell], at: int | None = None
) -> tuple[Decimal | None, str | None, tuple[str | None, str] | None]:
    """The pair's amount: the credit less the debit. A row with both filled (not with a
    zero on one side, as many exports write) is read so too, and said: the bank booked
    money out and in on one row, and netting them silently would leave the file's gross
    totals matching nothing the accountant can see."""
    layout = columns.layout
    total = Decimal(0)
    found = False
    token: str | None = None
    moved: list[Decimal] = []
    for index, is_debit in ((layout.debit, True), (layout.credit, False)):
        if index is None:
            continue
        cell = cell_at(row, index)
        if is_blank(cell):
            continue
        value, cell_token = cell_amount(columns, index, cell, at)
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
        if value:
            moved.append(value)
    names = f"{layout.column_name(layout.debit)} / {layout.column_name(layout.credit)}"
    if not found:
        return None, None, (names, "no amount in the debit or credit column; row skipped")
    if len(moved) == 2:
        debit, credit = (format(abs(value), "f") for value in moved)
        said = (
            f"both the debit ({debit}) and the credit ({credit}) are filled; read as "
            f"{format(total, 'f')}, the credit less the debit"
        )
        return total, token, (names, said)
    return total, token, None
