"""A data sheet's rows handed to openpyxl as prepared cells, with no per-value guessing.

openpyxl's write-only ``append`` takes plain values and, for every one of them, infers its
type, checks a string once more for illegal characters, looks a styled cell's style up in
the workbook's style table and works out its coordinate text. On a report of several
million cells that bookkeeping costs as much as the extra styles, links and text safety
the report adds over a plain dump. A data sheet's columns already say what each value is,
so here every column gets its cells once (one per style it uses: plain or quoted text, one
per currency, the link), each with its style id and column letter settled when it is made,
and each row only puts its values into them.

openpyxl still writes everything: its row and cell writers, its XML stream, its style
table, its hyperlink and relationship records and its zip package. What changes is the
step before, from "a value" to "a cell": ``RowStream`` takes over the worksheet's
``_values_to_row`` hook (openpyxl is pinned to 3.1, and the read-back tests would catch a
change there). A prepared cell is reused for every row because the write-only worksheet
serialises each row before the next is built.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from desktop_app.domain import Money
from desktop_app.export import cells as cell_rules
from desktop_app.export.cells import (
    clean_text,
    looks_executable,
    plain_decimal,
    safe_url,
    zoneless,
)
from desktop_app.export.styles import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    LINK_FONT,
    PERCENT_FORMAT,
    SCORE_FORMAT,
    UTC_DATETIME_FORMAT,
    ColumnKind,
    currency_format,
)

# A first character that needs a closer look: formula triggers, and "#" for error values.
_RISKY_START = frozenset("=+-@#\t\r")
_NUMBER_TYPES = frozenset((int, float))
_DATE_TYPES = frozenset((date, datetime))

Convert = Callable[[Any], "PreparedCell | None"]


class PreparedCell(Cell):  # type: ignore[misc]  # openpyxl ships no type information
    """A cell of one column and one style whose look-ups are done once, when it is made.

    openpyxl asks every cell it writes for its coordinate, whether it is styled and its
    style id; the base class recomputes these per cell (the style id through a hash
    look-up in the workbook's style table). Here the style is fixed at construction, so
    the answers are too; only ``row`` and the value change from row to row.
    """

    # No __slots__: a handful of these exist per sheet, and mypy cannot see the base's slots.

    def __init__(
        self,
        worksheet: Any,
        column: int,
        data_type: str,
        *,
        number_format: str | None = None,
        font: Font | None = None,
        fill: PatternFill | None = None,
        quote_prefix: bool = False,
    ) -> None:
        super().__init__(worksheet, row=1, column=column)
        if number_format is not None:
            self.number_format = number_format
        if font is not None:
            self.font = font
        if fill is not None:
            self.fill = fill
        if quote_prefix:
            self.quotePrefix = True  # tells Excel to keep it text when the user edits it
        self.data_type = data_type
        self._letter = get_column_letter(column)
        self._styled = self._style is not None and any(self._style)
        # Registering the style now, once, is what openpyxl would otherwise do per cell.
        self._prepared_style_id = Cell.style_id.fget(self) if self._styled else 0

    @property
    def coordinate(self) -> str:
        return f"{self._letter}{self.row}"

    @property
    def has_style(self) -> bool:
        return self._styled

    @property
    def style_id(self) -> int:
        return self._prepared_style_id

    def holding(self, value: object) -> PreparedCell:
        """This cell with ``value`` stored as is: its type was decided by the column."""
        self._value = value
        return self


class RowStream:
    """Writes one data sheet: a header, then rows of values converted column by column.

    Build with the columns' kinds, then call ``header(...)`` once and ``append(cells)``
    per row, where ``converters[i]`` has turned the value of column ``i`` into its prepared
    cell (or None for an empty cell). The rules are those of ``cells.CellFactory``, the
    Summary sheet's path through openpyxl's ordinary ``append``; tests compare the two.
    """

    def __init__(self, worksheet: Any, kinds: Sequence[ColumnKind]) -> None:
        self._worksheet = worksheet
        self.row = 0  # rows appended so far: the row being built is the next one
        self.hyperlinks = 0
        self.converters: list[Convert] = [
            self._converter(kind, column) for column, kind in enumerate(kinds, start=1)
        ]
        worksheet._values_to_row = self._cells_of_row

    def header(self, texts: Sequence[str], *, font: Font, fill: PatternFill) -> None:
        cells = [
            PreparedCell(self._worksheet, column, "s", font=font, fill=fill).holding(text)
            for column, text in enumerate(texts, start=1)
        ]
        self.append(cells)

    def append(self, cells: Sequence[PreparedCell | None]) -> None:
        self.row += 1
        self._worksheet.append(cells)

    def _cells_of_row(self, cells: Sequence[PreparedCell | None], row: int) -> Iterator[Cell]:
        """openpyxl's hook from an appended row to the cells it writes, replaced."""
        if row != self.row:  # the hyperlinks were given this stream's row number
            raise RuntimeError(f"row {row} was appended outside its RowStream ({self.row})")
        for cell in cells:
            if cell is not None:
                cell.row = row
                yield cell

    def _prepare(self, column: int, data_type: str, **style: Any) -> PreparedCell:
        return PreparedCell(self._worksheet, column, data_type, **style)

    def _converter(self, kind: ColumnKind, column: int) -> Convert:
        if kind is ColumnKind.TEXT:
            return self._text(column)
        if kind is ColumnKind.INTEGER:
            return self._number(column, None)
        if kind is ColumnKind.DATE:
            return self._dated(column, DATE_FORMAT)
        if kind is ColumnKind.DATETIME:
            return self._dated(column, DATETIME_FORMAT)
        if kind is ColumnKind.UTC_DATETIME:
            return self._dated(column, UTC_DATETIME_FORMAT, in_utc=True)
        if kind is ColumnKind.MONEY:
            return self._money(column)
        if kind is ColumnKind.SCORE:
            return self._number(column, SCORE_FORMAT)
        if kind is ColumnKind.PERCENT:
            return self._number(column, PERCENT_FORMAT)
        return self._link(column)

    def _text(self, column: int) -> Convert:
        plain = self._prepare(column, "s")
        quoted: list[PreparedCell] = []  # made on first use: most columns never need it

        def convert(value: str | None) -> PreparedCell | None:
            if not value:
                return None
            # The common case, decided in C: printable (so nothing XML cannot carry), short
            # enough, and not starting like a formula or an error value.
            if (
                value.isprintable()
                and value[0] not in _RISKY_START
                and len(value) <= cell_rules.MAX_CELL_TEXT
            ):
                return plain.holding(value)
            text = clean_text(value)
            if not looks_executable(text):
                return plain.holding(text)
            if not quoted:
                quoted.append(self._prepare(column, "s", quote_prefix=True))
            return quoted[0].holding(text)

        return convert

    def _number(self, column: int, number_format: str | None) -> Convert:
        cell = self._prepare(column, "n", number_format=number_format)

        def convert(value: float | None) -> PreparedCell | None:
            if value is None:
                return None
            if value.__class__ not in _NUMBER_TYPES:
                raise TypeError(f"column {column} holds numbers, not {value!r}")
            return cell.holding(value)

        return convert

    def _dated(self, column: int, number_format: str, *, in_utc: bool = False) -> Convert:
        cell = self._prepare(column, "d", number_format=number_format)

        def convert(value: date | None) -> PreparedCell | None:
            if value is None:
                return None
            if value.__class__ not in _DATE_TYPES:
                raise TypeError(f"column {column} holds dates, not {value!r}")
            if isinstance(value, datetime) and value.tzinfo is not None:
                value = zoneless(value, in_utc=in_utc)
            return cell.holding(value)

        return convert

    def _money(self, column: int) -> Convert:
        by_currency: dict[str | None, PreparedCell] = {}

        def convert(value: Money | Decimal | None) -> PreparedCell | None:
            if value is None:
                return None
            if isinstance(value, Money):
                amount, currency = value.amount, value.currency
            else:
                amount, currency = value, None
            cell = by_currency.get(currency)
            if cell is None:
                cell = by_currency[currency] = self._prepare(
                    column, "n", number_format=currency_format(currency)
                )
            return cell.holding(plain_decimal(amount))  # exact decimal text, as a number

        return convert

    def _link(self, column: int) -> Convert:
        cell = self._prepare(column, "s", font=LINK_FONT)
        letter = get_column_letter(column)
        as_text = self._text(column)

        def convert(value: str | None) -> PreparedCell | None:
            if not value:
                return None
            url = safe_url(value)
            if url is None or self.hyperlinks >= cell_rules.MAX_HYPERLINKS_PER_SHEET:
                return as_text(value)
            shown = clean_text(value)
            if looks_executable(shown):  # e.g. a leading tab: shown as quoted text, unlinked
                return as_text(value)
            self.hyperlinks += 1
            # openpyxl's own record, given its final cell reference now; openpyxl files it
            # with the sheet's hyperlinks when it writes the cell.
            cell._hyperlink = Hyperlink(ref=f"{letter}{self.row + 1}", target=url)
            return cell.holding(shown)

        return convert
