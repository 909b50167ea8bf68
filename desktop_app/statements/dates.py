"""Dates written as text, in the orders and languages banks use.

As with amounts, a cell is analysed first (its fields, and which orders it allows) and
turned into a date once the file's order is decided: ``03/04/2024`` is the 3rd of April or
the 4th of March depending on the other rows, never on this cell alone.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
from typing import NamedTuple


class DateOrder(enum.Enum):
    DMY = "day-first"
    MDY = "month-first"
    YMD = "year-first"


# Each order in the words an accountant reads a date by: the import wizard offers them so,
# and a guessed order's warning names the one taken so (``date_order.guess_warning``).
WRITTEN_ORDERS = {
    DateOrder.DMY: "Day/Month/Year",
    DateOrder.MDY: "Month/Day/Year",
    DateOrder.YMD: "Year/Month/Day",
}


_TIME = r"(?:[ T]+\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:[.,]\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?)?"
_ZONE = r"(?:\s*(?:Z|[+-]\d{2}:?\d{2}|[A-Z]{3,4}))?"
_ISO = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})" + _TIME + _ZONE)
_NUMERIC = re.compile(r"(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})" + _TIME + _ZONE)
_COMPACT = re.compile(r"(\d{8})")
_NAMED_DMY = re.compile(
    r"(\d{1,2})(?:st|nd|rd|th|er|\.)?[\s./-]+(?:de\s+)?([^\W\d_]{3,10})\.?,?[\s./-]+(?:de\s+)?(\d{4}|\d{2})"
    + _TIME
)
_NAMED_MDY = re.compile(
    r"([^\W\d_]{3,10})\.?[\s-]+(\d{1,2})(?:st|nd|rd|th)?,?[\s-]+(\d{4}|\d{2})" + _TIME
)
_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 = 1900-01-01, with Excel's 1900 leap bug
_SERIAL_RANGE = (20000, 80000)  # 1954 to 2119: any statement date


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# Month names in English, German, French, Dutch, Spanish, Italian and Swedish, with the
# abbreviations their banks print. Accents are folded away before lookup.
_MONTH_WORDS = {
    1: "january jan januar janner janvier janv januari enero ene gennaio gen",
    2: "february feb februar fevrier fevr fev februari febrero febbraio",
    3: "march mar maerz marz mrz mars maart mrt marzo",
    4: "april apr avril avr abril abr aprile",
    5: "may mai mei mayo maggio mag maj",
    6: "june jun juni juin junio giugno giu",
    7: "july jul juli juillet juil julio luglio lug",
    8: "august aug aout augustus augusti agosto ago",
    9: "september sep sept septembre septiembre setiembre settembre set",
    10: "october oct oktober octobre okt octubre ottobre ott",
    11: "november nov novembre noviembre",
    12: "december dec dezember dez decembre diciembre dic dicembre",
}
MONTHS: dict[str, int] = {
    word: month for month, words in _MONTH_WORDS.items() for word in words.split()
}


class DateText(NamedTuple):
    """A date cell's fields before the file's order is known.

    ``first``/``second``/``year`` are as written for numeric dates whose order is open
    (``order_free`` False); otherwise ``year``/``month``/``day`` are already certain.
    """

    first: int
    second: int
    year: int
    order_free: bool  # False: fields are (day, month, year) already resolved
    # The last field had two digits, so "24-03-04" may also be yy-mm-dd (4 March 2024);
    # a four-digit last field is a year whatever the order.
    short_year: bool = False

    def allows(self, order: DateOrder) -> bool:
        return self.to_date(order) is not None

    def to_date(self, order: DateOrder) -> dt.date | None:
        if not self.order_free:
            day, month = self.first, self.second
        elif order is DateOrder.MDY:
            month, day = self.first, self.second
        elif order is DateOrder.YMD:  # ISO is certain; only yy-mm-dd is year-first here
            if not self.short_year:
                return None
            return _make(two_digit_year(self.first), self.second, self.year % 100)
        else:
            day, month = self.first, self.second
        return _make(self.year, month, day)


_SHAPE = re.compile(
    r"\d{1,4}([-/. ])\d{1,2}\1|\d{1,2}(?:st|nd|rd|th|er)?[-/. ]+[^\W\d_]|\d{8}|[^\W\d_]{3}"
)


def analyse_date(text: str) -> DateText | None:
    """The fields of a date written as text; None when the cell is not a date."""
    text = text.strip()
    if len(text) < 6 or len(text) > 40 or _SHAPE.match(text) is None:
        return None
    first = text[0]
    if first.isdigit():
        return _numeric(text)
    if first.isalpha():
        return _named_month_first(text)
    return None


def year_first_only(text: str) -> DateText | None:
    """The fields of a yy-mm-dd date whose first field is above 31 ('32-03-05', 5 March
    2032), which no day- or month-first reading allows; None for anything else.

    Not a date by itself (``analyse_date``): '77-01-15' is as likely a sort code. Only
    the sheet's other dates can make such cells a date column (``analysis``).
    """
    match = _NUMERIC.fullmatch(text.strip())
    if match is None:
        return None
    first, _, second, year = match.groups()
    if len(year) != 2 or int(first) <= _LONGEST_MONTH:
        return None
    candidate = DateText(int(first), int(second), two_digit_year(int(year)), True, True)
    return candidate if candidate.allows(DateOrder.YMD) else None


_LONGEST_MONTH = 31


def parse_date(text: str, order: DateOrder = DateOrder.DMY) -> dt.date | None:
    analysed = analyse_date(text)
    return None if analysed is None else analysed.to_date(order)


def excel_serial_date(serial: float) -> dt.date | None:
    """A date from an Excel serial number (a date cell stored without its date format)."""
    if not _SERIAL_RANGE[0] <= serial <= _SERIAL_RANGE[1]:
        return None
    return _EXCEL_EPOCH + dt.timedelta(days=int(serial))


def two_digit_year(year: int) -> int:
    """'25' is 2025 and '98' 1998: the POSIX pivot, as Python's strptime uses."""
    return 2000 + year if year < 69 else 1900 + year


def _numeric(text: str) -> DateText | None:
    match = _ISO.fullmatch(text)
    if match is not None:
        year, _, month, day = match.groups()
        return _certain(int(day), int(month), int(year))
    match = _NUMERIC.fullmatch(text)
    if match is not None:
        first, _, second, year = match.groups()
        full_year = int(year) if len(year) == 4 else two_digit_year(int(year))
        candidate = DateText(int(first), int(second), full_year, True, len(year) == 2)
        # A date day- or month-first; yy-mm-dd is another reading of such a date, never
        # what makes a text a date ('77-01-15' is a sort code, not 15 January 1977).
        if candidate.allows(DateOrder.DMY) or candidate.allows(DateOrder.MDY):
            return candidate
        return None
    if _COMPACT.fullmatch(text):
        return _compact(text)
    match = _NAMED_DMY.fullmatch(text)
    if match is not None:
        day, word, year = match.groups()
        return _named(int(day), word, year)
    return None


def _named_month_first(text: str) -> DateText | None:
    match = _NAMED_MDY.fullmatch(text)
    if match is None:
        return None
    word, day, year = match.groups()
    return _named(int(day), word, year)


def _named(day: int, word: str, year: str) -> DateText | None:
    month = MONTHS.get(_fold(word).rstrip("."))
    if month is None:
        return None
    full_year = int(year) if len(year) == 4 else two_digit_year(int(year))
    return _certain(day, month, full_year)


def _compact(text: str) -> DateText | None:
    """yyyymmdd (ING, many exports); otherwise ddmmyyyy or mmddyyyy, whose order the
    column's other dates settle as they do for '04/03/2024'."""
    year, month, day = int(text[:4]), int(text[4:6]), int(text[6:])
    certain = _certain(day, month, year) if 1950 <= year <= 2100 else None
    if certain is not None:
        return certain
    first, second, year = int(text[:2]), int(text[2:4]), int(text[4:])
    candidate = DateText(first, second, year, order_free=True)
    if 1950 <= year <= 2100 and any(candidate.allows(order) for order in DateOrder):
        return candidate
    return None


def _certain(day: int, month: int, year: int) -> DateText | None:
    if _make(year, month, day) is None:
        return None
    return DateText(day, month, year, order_free=False)


def _make(year: int, month: int, day: int) -> dt.date | None:
    if not (1 <= month <= 12 and 1 <= day <= 31 and 1 <= year <= 9999):
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
