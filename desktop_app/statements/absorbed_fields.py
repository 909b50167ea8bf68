"""Rows split at a delimiter written, unquoted, inside their text.

Some banks write ``04/03/2025,PAYMENT FROM SMITH, J REF INV 7,250.00,1237.50``: the comma
in the description is not quoted, so the row has a field more than the header, the
amount stands under 'Description''s neighbour and the balance one column further. Read
as the header says, the row's amount is 'J REF INV 7' (skipped), and the stray columns
spoil the layout for every row (a balance column that no longer adds up is dropped).

Such a row is read with the extra fields joined back into its text column, the
delimiter put back between them, when that makes every other cell read as its column
says (the date a date, the amount and the balance amounts, a currency a currency), and
only when exactly one of the layout's text columns can take them so. This holds even
where the row as written reads too: ``2025-10-02,ACME Ltd, 1500,250.00`` reads 1500 as
its amount and leaves '250.00' in a column the header never named, a wrong amount that
nothing else would flag, while joined it reads 250.00 (and, with a balance column, the
running balance then ties). A warning names each row read so, with the text it was
given.

Any other row wider than the header (no text column, or several, could take the extra
fields, or no cell reading then fits) is left out with a warning naming its field
count, as a row with fewer fields is: its amount cannot be told, and importing one of
its numbers would be a guess nothing flags.

Rows wider than the header in most of the body are no stray delimiter but a column the
header does not name: those are left as they were, as before.

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
    them, and left out where none can; None where no row is wider than the header but by
    blank cells, where most are (or the sheet has no header, or is no text)."""
    if delimiter is None or layout.header_row is None:
        return None
    sheet = analysis.sheet
    start = body_start(sheet, layout)
    width = len(sheet.rows[start - 1])
    if len(analysis.columns) <= width:
        return None  # no row is wider than the header
    rows = list(sheet.rows)
    wide = [
        index
        for index in range(start, len(rows))
        if len(rows[index]) > width and not all(is_blank(cell) for cell in rows[index][width:])
    ]
    if not wide or 2 * len(wide) > len(rows) - start:
        return None  # none wider but by blank cells, or a column the header does not name
    roles = (*layout.description, *layout.reference, *layout.counterparty)
    texts = sorted(index for index in set(roles) if index < width)
    columns = ConvertedColumns(analysis, layout, default_currency)
    numbers = list(sheet.row_numbers)
    left_out: set[int] = set()
    warnings: list[RowWarning] = []
    for index in wide:
        row = rows[index]
        joined = _joined(columns, row, width, texts, delimiter)
        if joined is None:
            left_out.add(index)
            warnings.append(RowWarning(source_file, numbers[index], None, _left(row, width)))
            continue
        column, fitted = joined
        rows[index] = fitted
        told = _told(row, width, delimiter, str(fitted[column]))
        warnings.append(RowWarning(source_file, numbers[index], layout.column_name(column), told))
    if left_out:
        kept = [index for index in range(len(rows)) if index not in left_out]
        rows, numbers = [rows[index] for index in kept], [numbers[index] for index in kept]
    absorbed = replace(
        sheet,
        rows=rows,
        row_numbers=numbers,
        # A row left out at the end leaves a whole row last: nothing there is cut short.
        unterminated=sheet.unterminated and len(sheet.rows) - 1 not in left_out,
    )
    return Absorbed(absorbed, tuple(warnings))


def _joined(
    columns: ConvertedColumns,
    row: Sequence[Cell],
    width: int,
    texts: Sequence[int],
    delimiter: str,
) -> tuple[int, list[Cell]] | None:
    """The one text column that takes the row's extra fields, and the row so read; None
    where no text column or more than one fits."""
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


def _left(row: Sequence[Cell], width: int) -> str:
    """What the warning on a row left out for its extra fields says."""
    return (
        f"the row has {counted(len(row), 'field')} where the header has {width}; the row is "
        "left out: no one text column can take the extra fields with every other cell then "
        "reading as its column says, so its amount cannot be told"
    )
