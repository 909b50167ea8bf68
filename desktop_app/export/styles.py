"""The workbook's look, defined once: number formats, fonts, fills and column kinds.

Styles are created once per workbook and shared by every cell that uses them; openpyxl
then writes one style record per combination instead of one per cell, which keeps both the
file and the write time small.
"""

from __future__ import annotations

from enum import Enum

from openpyxl.styles import Font, PatternFill

from desktop_app.domain import Severity
from desktop_app.domain.currencies import SYMBOLS, is_currency, minor_units

DATE_FORMAT = "yyyy-mm-dd"  # ISO: unambiguous for UK, EU and US readers alike
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
UTC_DATETIME_FORMAT = 'yyyy-mm-dd hh:mm:ss "UTC"'  # every cell says its zone, sorted as times
# 0.64 reads 64 %. Excel rounds to the nearest, where the window rounds down
# (``wording.score_percent``), and no number format rounds down: the Matches sheet writes
# the score already in whole percent, rounded down (``matches_sheet.shown_score``), so
# 0.4999 is the 0.49 that reads 49 % here as there.
SCORE_FORMAT = "0%"
PERCENT_FORMAT = "0.0%"

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill(fill_type="solid", fgColor="FFD9E1F2", bgColor="FFD9E1F2")
TITLE_FONT = Font(bold=True, size=14)
SECTION_FONT = Font(bold=True, size=12)
LINK_FONT = Font(color="FF0563C1", underline="single")
WARNING_FONT = Font(bold=True, color="FF9C0006")

# Excel's own "Bad", "Neutral" and a light blue: familiar to accountants, readable in print.
SEVERITY_COLOURS: dict[Severity, str] = {
    Severity.HIGH: "FFFFC7CE",
    Severity.MEDIUM: "FFFFEB9C",
    Severity.LOW: "FFDDEBF7",
}


def severity_fill(severity: Severity) -> PatternFill:
    """A solid fill; conditional formats read ``bgColor``, plain cells ``fgColor``: set both."""
    colour = SEVERITY_COLOURS[severity]
    return PatternFill(fill_type="solid", fgColor=colour, bgColor=colour)


def currency_format(currency: str | None) -> str:
    """Excel number format for amounts in ``currency``: symbol or code, and its minor units.

    ``"£"#,##0.00`` for GBP, ``"¥"#,##0`` for JPY, ``#,##0.000 "KWD"`` where no symbol is
    known, plain ``#,##0.00`` when the currency is unknown. Negative amounts get a leading
    minus from Excel (``-£12.50``).
    """
    if currency is None or not is_currency(currency):
        return "#,##0.00"
    decimals = minor_units(currency)
    digits = "#,##0" + ("." + "0" * decimals if decimals else "")
    symbol = SYMBOLS.get(currency)
    if symbol is None:
        return f'{digits} "{currency}"'
    return f'"{symbol}"{digits}'


class ColumnKind(Enum):
    """What a column holds; decides the cell type and number format of every value in it."""

    TEXT = "text"  # provider or statement text: always a text cell, never a formula
    INTEGER = "integer"  # counts, statement rows
    DATE = "date"
    DATETIME = "datetime"
    UTC_DATETIME = "utc_datetime"  # a moment (the audit trail's), shown in UTC and saying so
    MONEY = "money"  # Money (its currency's format) or a bare Decimal (currency unknown)
    SCORE = "score"  # a float in [0, 1]
    PERCENT = "percent"
    LINK = "link"  # a provider URL: a hyperlink when it is a safe http(s) address
