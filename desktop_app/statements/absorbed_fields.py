"""Rows split at a delimiter written, unquoted, inside their text.

Some banks write ``04/03/2025,PAYMENT FROM SMITH, J REF INV 7,250.00,1237.50``: the comma
in the description is not quoted, so the row has a field more than the header, the
amount stands under 'Description''s neighbour and the balance one column further. Read
as the header says, the row's amount is 'J REF INV 7' (skipped), and the stray columns
spoil the layout for every row (a balance column that no longer adds up is dropped).

Such a row is read with the extra fields joined back into its text column, the
delimiter put back between them, when that makes every other cell read as its column
says (the date a date, the amount and the balance amounts, a currency a currency) and
the row as written does not; and only when exactly one of the layout's text columns can
take them so. Any other row wider than the header is left as it was. A warning names each
row read so, with the text it was given.

Nothing is looked at unless some row is wider than the header, which the sheet's
analysis already knows (its width is its widest row's).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from desktop_app.statements.analysis import SheetAnalysis
from desktop_app.statements.converted import ConvertedColumns, cell_amount, row_amount
from desktop_app.statements.extract import body_start, cell_date, misread_cells, reparse_date
from desktop_app.statements.grid import Cell, Sheet
from desktop_app.statements.layout import Layout
from desktop_app.statements.model import RowWarning
from desktop_app.statements.profile import is_blank
from desktop_app.statements.text_reader import delimiter_name
from desktop_app.wording import counted


@dataclass(frozen=True, slots=True)
class Absorbed:
    """The sheet with its over-split rows joined back, and a warning for each."""

    sheet: Sheet
    warnings: tuple[RowWarning, ...]


def absorbed_fields(
    analysis: SheetAnalysis,
    layout: Layout,
    delimiter: str | None,
    default_currency: str | None,
    source_file: str,
) -> Absorbed | None:
    """The sheet of ``analysis`` with each row that has more fields than the header read
    as if its text held the extra delimiters, where exactly one text column can take
    them; None where no row is read so (or the sheet has no header, or is no text)."""
    if delimiter is None or layout.header_row is None:
        return None
    sheet = analysis.sheet
    start = body_start(sheet, layout)
    width = len(sheet.rows[start - 1])
    if len(analysis.columns) <= width:
        return None  # no row is wider than the header
    roles = (*layout.description, *layout.reference, *layout.counterparty)
    texts = sorted(index for index in set(roles) if index < width)
    if not texts:
        return None
    columns = ConvertedColumns(analysis, layout, default_currency)
    rows = list(sheet.rows)
    warnings: list[RowWarning] = []
    for index in range(start, len(rows)):
        row = rows[index]
        if len(row) <= width or all(is_blank(cell) for cell in row[width:]):
            continue
        joined = _joined(columns, row, width, texts, delimiter)
        if joined is None:
            continue
        column, fitted = joined
        rows[index] = fitted
        number = sheet.row_numbers[index]
        told = _told(row, width, delimiter, str(fitted[column]))
        warnings.append(RowWarning(source_file, number, layout.column_name(column), told))
    if not warnings:
        return None
    return Absorbed(replace(sheet, rows=rows), tuple(warnings))


def _joined(
    columns: ConvertedColumns,
    row: Sequence[Cell],
    width: int,
    texts: Sequence[int],
    delimiter: str,
) -> tuple[int, list[Cell]] | None:
    """The one text column that takes the row's extra fields, and the row so read; None
    where the row reads as written, or where no text column or more than one fits."""
    if _reads(columns, row[:width], width, None):
        return None
    extra = len(row) - width
    fits: list[tuple[int, list[Cell]]] = []
    for column in texts:
        parts = row[column : column + extra + 1]
        if not all(isinstance(part, str) for part in parts):
            continue
        fitted = [*row[:column], delimiter.join(map(str, parts)), *row[column + extra + 1 :]]
        if _reads(columns, fitted, width, column):
            fits.append((column, fitted))
    return fits[0] if len(fits) == 1 else None


def _reads(columns: ConvertedColumns, row: Sequence[Cell], width: int, text: int | None) -> bool:
    """Whether ``row`` reads as the layout says: a date and an amount, its value date,
    balance and currency as such (or blank), and each other column of numbers or dates
    (one the layout gave no role, such as a balance it could not use) as a number or a
    date, or blank; the ``text`` column holds anything."""
    if reparse_date(columns, row) is None or row_amount(columns, row)[0] is None:
        return False
    if misread_cells(columns, row):
        return False
    kinds = columns.layout.column_kinds
    for index in range(min(width, len(kinds))):
        cell = row[index] if index < len(row) else ""
        if index == text or is_blank(cell):
            continue
        if kinds[index] == "number" and cell_amount(columns, index, cell, None)[0] is None:
            return False
        if kinds[index] == "date" and cell_date(columns, row, index) is None:
            return False
    return True


def _told(row: Sequence[Cell], width: int, delimiter: str, text: str) -> str:
    """What the warning on a row read with its extra fields in ``text`` says."""
    marks = counted(len(row) - width, delimiter_name(delimiter))
    return (
        f"the row has {counted(len(row), 'field')} where the header has {width}; read with "
        f"the {marks} as part of its text ('{text}')"
    )
