"""Turning values into cells that are exact, typed, styled once and never executable.

Three traps are handled here. Text from providers and bank files may start with ``=``, which
openpyxl would store as a formula; such text becomes an explicit text cell with Excel's
quote prefix, so it also stays text when the accountant edits it. ``Decimal`` amounts would
be written by openpyxl through a float with 16 significant digits (``72502.07000000001``);
they are written as their exact decimal text instead, which every reader parses to the
nearest double. And characters XML cannot carry (control codes, lone surrogates) are
replaced rather than left to abort the whole export.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import quote, urlsplit

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, TIME_FORMATS, Cell
from openpyxl.styles import Font, PatternFill

from desktop_app.domain import Money, StatementLine, is_currency
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

MAX_CELL_TEXT = 32_767  # Excel's limit on characters in one cell
MAX_URL_LENGTH = 2_000  # Excel refuses longer hyperlink addresses
# Excel's documented limit is 66,530 hyperlinks per worksheet; stay clear of it. Past it the
# URL is still written, as text.
MAX_HYPERLINKS_PER_SHEET = 65_000

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Anything clean_text would change or looks_executable would flag ("#" for error values).
_NEEDS_CARE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]|^[=+\\-@\t\r#]")
# openpyxl gives a bare date the format we want anyway; such dates are then passed as they
# are, sparing a styled cell per value (checked here so an openpyxl change cannot slip by).
_PLAIN_DATES_FORMATTED = TIME_FORMATS.get(date) == DATE_FORMAT
_URL_SAFE = "/:?#[]@!$&'()*+,;=%~"
# An http(s) URL with a host and only characters a URI may carry unescaped: used as it is.
_PLAIN_URL = re.compile(
    r"https?://[A-Za-z0-9.-]+(?::\d+)?(?:[/?#][A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*)?\Z"
)

Converter = Callable[[Any], Any]


def clean_text(value: str) -> str:
    """Text that fits in a cell: non-XML characters become U+FFFD, overlong text is cut."""
    text = _NOT_XML.sub("\ufffd", value)
    if len(text) > MAX_CELL_TEXT:
        text = text[: MAX_CELL_TEXT - 1] + "…"
    return text


def looks_executable(text: str) -> bool:
    """Whether a spreadsheet could read this text as a formula or an error value."""
    return text.startswith(_FORMULA_TRIGGERS) or text in ERROR_CODES


def plain_decimal(amount: Decimal) -> str:
    """The exact decimal text for a ``<v>`` element (never exponent notation, no ``-0``)."""
    return format(abs(amount) if amount.is_zero() else amount, "f")


def amount_value(amount: Decimal, currency: str | None) -> Money | Decimal:
    """Money when the currency is known; else the bare amount, formatted without a symbol."""
    if currency is None or not is_currency(currency):
        return amount
    return Money(amount, currency)


def line_amount(line: StatementLine | None) -> Money | Decimal | None:
    return None if line is None else amount_value(line.amount, line.currency)


def safe_url(text: str) -> str | None:
    """The address to link to, percent-encoded; None unless it is a plain http(s) URL."""
    if len(text) > MAX_URL_LENGTH:
        return None
    if _PLAIN_URL.match(text):
        return text
    try:
        parts = urlsplit(text.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return None
    return quote(text.strip(), safe=_URL_SAFE)


class CellFactory:
    """Makes the cells of one write-only worksheet through openpyxl's ordinary ``append``.

    Used where rows are few and mixed (the Summary sheet); the data sheets go through
    ``stream.RowStream``, which applies these same rules once per column, and whose tests
    compare it with this path. Styled cells are prototypes: one per (column, style) reused
    for every row, because the write-only worksheet serialises each row as soon as it is
    appended.
    """

    def __init__(self, worksheet: Any) -> None:
        self._worksheet = worksheet
        self.hyperlinks = 0

    def styled(
        self,
        *,
        number_format: str | None = None,
        font: Font | None = None,
        fill: PatternFill | None = None,
    ) -> Cell:
        cell = WriteOnlyCell(self._worksheet)
        if number_format is not None:
            cell.number_format = number_format
        if font is not None:
            cell.font = font
        if fill is not None:
            cell.fill = fill
        return cell

    def text(self, value: str | None) -> Any:
        """A text value for ``append``: the string itself, or a forced text cell if risky."""
        if not value:
            return None
        if len(value) <= MAX_CELL_TEXT and _NEEDS_CARE.search(value) is None:
            return value  # the common case, decided by one scan
        text = clean_text(value)
        if not looks_executable(text):
            return text
        cell = WriteOnlyCell(self._worksheet)
        store(cell, text, "s")
        cell.quotePrefix = True  # tells Excel to keep it text when the user edits it
        return cell

    def converter(self, kind: ColumnKind) -> Converter:
        """A function turning one column's values into cells; it owns that column's styles."""
        makers: dict[ColumnKind, Callable[[], Converter]] = {
            ColumnKind.TEXT: lambda: self.text,
            ColumnKind.INTEGER: lambda: _integer,
            ColumnKind.DATE: lambda: self._dated(DATE_FORMAT),
            ColumnKind.DATETIME: lambda: self._dated(DATETIME_FORMAT),
            ColumnKind.UTC_DATETIME: lambda: self._dated(UTC_DATETIME_FORMAT, in_utc=True),
            ColumnKind.MONEY: self._money,
            ColumnKind.SCORE: lambda: self._number(SCORE_FORMAT),
            ColumnKind.PERCENT: lambda: self._number(PERCENT_FORMAT),
            ColumnKind.LINK: self._link,
        }
        return makers[kind]()

    def _dated(self, number_format: str, *, in_utc: bool = False) -> Converter:
        cell = self.styled(number_format=number_format)
        plain_ok = _PLAIN_DATES_FORMATTED and number_format == DATE_FORMAT

        def convert(value: date | None) -> Any:
            if value is None:
                return None
            if plain_ok and type(value) is date:
                return value
            if isinstance(value, datetime) and value.tzinfo is not None:
                value = zoneless(value, in_utc=in_utc)
            store(cell, value, "d")
            return cell

        return convert

    def _number(self, number_format: str) -> Converter:
        cell = self.styled(number_format=number_format)

        def convert(value: float | None) -> Any:
            if value is None:
                return None
            store(cell, value, "n")
            return cell

        return convert

    def _money(self) -> Converter:
        cells: dict[str | None, Cell] = {}

        def convert(value: Money | Decimal | None) -> Any:
            if value is None:
                return None
            amount, currency = (
                (value.amount, value.currency) if isinstance(value, Money) else (value, None)
            )
            cell = cells.get(currency)
            if cell is None:
                cell = cells[currency] = self.styled(number_format=currency_format(currency))
            store(cell, plain_decimal(amount), "n")  # exact decimal text, stored as a number
            return cell

        return convert

    def _link(self) -> Converter:
        cell = self.styled(font=LINK_FONT)

        def convert(value: str | None) -> Any:
            if not value:
                return None
            url = safe_url(value)
            if url is None or self.hyperlinks >= MAX_HYPERLINKS_PER_SHEET:
                return self.text(value)
            shown = clean_text(value)
            if looks_executable(shown):  # e.g. a leading tab: shown as quoted text, unlinked
                return self.text(value)
            self.hyperlinks += 1
            store(cell, shown, "s")
            cell.hyperlink = url
            return cell

        return convert


def zoneless(moment: datetime, *, in_utc: bool) -> datetime:
    """An aware time as Excel can hold it (it has no time zones): its wall time, or for a
    column that says UTC, its time in UTC. A naive time is kept as it is."""
    if in_utc:
        moment = moment.astimezone(UTC)
    return moment.replace(tzinfo=None)


def _integer(value: int | None) -> int | None:
    return value


def store(cell: Cell, value: object, data_type: str) -> None:
    """Give a cell a value of a type we already know, bypassing openpyxl's type inference.

    The inference is what turns ``"=..."`` into a formula, and it re-scans every string we
    have already cleaned; the types here are decided by the column, not guessed per value.
    """
    cell._value = value
    cell.data_type = data_type
