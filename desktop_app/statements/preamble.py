"""What the rows around the table say: the currency in a preamble ("Währung: EUR",
": EUR", a lone "SGD"), and the DATEV EXTF metadata record of a ledger export.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from desktop_app.statements.currency_marks import is_iso_code
from desktop_app.statements.grid import Sheet, cell_text
from desktop_app.statements.header_words import fold

_CURRENCY_WORDS = re.compile(r"\b(wahrung|waehrung|currency|devise|divisa|moneda|valuta|munt)\b")
_CODE_AT_END = re.compile(r"(?:^|[\s:])([A-Z]{3})\s*$")
_DATEV_MARKERS = ("EXTF", "DTVF")


def is_datev(sheet: Sheet) -> bool:
    """A DATEV EXTF/DTVF export: its first record starts with the format marker."""
    if not sheet.rows or not sheet.rows[0]:
        return False
    return cell_text(sheet.rows[0][0]).strip().strip('"') in _DATEV_MARKERS


def datev_period(sheet: Sheet) -> tuple[dt.date, dt.date] | None:
    """'Datum vom' and 'Datum bis' of the EXTF record (fields 15 and 16)."""
    record = [cell_text(cell).strip() for cell in sheet.rows[0]]
    if len(record) < 16:
        return None
    try:
        start = dt.datetime.strptime(record[14], "%Y%m%d").date()
        end = dt.datetime.strptime(record[15], "%Y%m%d").date()
    except ValueError:
        return None
    return (start, end) if start <= end else None


def datev_currency(sheet: Sheet) -> str | None:
    record = [cell_text(cell).strip() for cell in sheet.rows[0]]
    if len(record) > 21 and is_iso_code(record[21]):
        return record[21]
    return None


def currency_outside_table(
    sheet: Sheet, header_index: int | None, data_rows: Sequence[int]
) -> tuple[str, str] | None:
    """A currency stated above the header or below the data, with where it was found."""
    if is_datev(sheet):
        code = datev_currency(sheet)
        return (code, "the DATEV header record") if code else None
    rising = isinstance(data_rows, range) and data_rows.step > 0  # ends without a pass
    last = (data_rows[-1] if data_rows else -1) if rising else max(data_rows, default=-1)
    if header_index is None:
        header_index = (data_rows[0] if data_rows else 0) if rising else min(data_rows, default=0)
    above = range(header_index)
    below = range(last + 1, len(sheet.rows)) if last >= 0 else range(0)
    for index in [*above, *below]:
        found = _currency_in_row(sheet.rows[index])
        if found is not None:
            return found, f"row {sheet.row_numbers[index]} ('{found}' outside the table)"
    return None


def _currency_in_row(row: Sequence[object]) -> str | None:
    texts = [cell_text(cell).strip() for cell in row]  # type: ignore[arg-type]
    for position, text in enumerate(texts):
        if not text:
            continue
        if is_iso_code(text):
            return text
        match = _CODE_AT_END.search(text)
        if (
            match
            and is_iso_code(match.group(1))
            and (":" in text or _CURRENCY_WORDS.search(fold(text)))
        ):
            return match.group(1)
        if (
            _CURRENCY_WORDS.search(fold(text))
            and position + 1 < len(texts)
            and is_iso_code(texts[position + 1])
        ):
            return texts[position + 1]
    return None


def datev_date_column(sheet: Sheet) -> int | None:
    """The 'Belegdatum' column of a DATEV export (its header is the second record)."""
    if len(sheet.rows) < 2:
        return None
    for index, cell in enumerate(sheet.rows[1]):
        if fold(cell_text(cell)) == "belegdatum":
            return index
    return None


def datev_date(value: object, period: tuple[dt.date, dt.date]) -> dt.date | None:
    """A DDMM Belegdatum placed in the year of the batch period that contains it."""
    text = cell_text(value).strip() if isinstance(value, str | int | float) else ""
    if not text.isdigit() or len(text) not in (3, 4):
        return None
    text = text.zfill(4)
    day, month = int(text[:2]), int(text[2:])
    for year in range(period[0].year, period[1].year + 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if period[0] <= candidate <= period[1] or year == period[1].year:
            return candidate
    return None
