"""A file's first rows as the accountant sees them, before any detection.

When detection finds no transactions (``NoTransactionsFoundError``) the accountant can
still say which row is the header and which column is what; this is what they say it
against: each visible sheet's first rows, every cell as the file shows it, with the row
numbers the accountant sees. Nothing here guesses a role, a header or a convention.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop_app.statements.grid import Row, Sheet, cell_text
from desktop_app.statements.importer import read_table
from desktop_app.statements.model import StatementImportError

RAW_ROWS = 100  # the rows shown of each sheet: a preamble and the table's first rows


@dataclass(frozen=True, slots=True)
class RawSheet:
    """One sheet's first rows, as text. ``name`` is None for a text file's one sheet."""

    name: str | None
    rows: tuple[tuple[str, ...], ...]
    row_numbers: tuple[int, ...]  # each row's number as the accountant sees it


@dataclass(frozen=True, slots=True)
class RawRows:
    """The sheets' first rows, and which sheet to show first: the first whose rows hold a
    value typed as a date or a number (a workbook's "Read me" tab holds text alone)."""

    sheets: tuple[RawSheet, ...]
    first: int = 0
    encoding: str | None = None  # a text's, as read; None for a workbook


def raw_rows(path: str | Path, *, limit: int = RAW_ROWS, encoding: str | None = None) -> RawRows:
    """The first ``limit`` rows of each visible sheet that holds any, in the file's order;
    a text read in ``encoding`` where one is given (the accountant's choice), else in
    the one detected.

    Raises ``StatementImportError`` as the import does for a file it cannot read.
    """
    table = read_table(path, encoding=encoding)

    visible = [sheet for sheet in table.sheets if not sheet.hidden and sheet.rows]
    if not visible:
        empty = "it holds no rows" if table.format == "csv" else "no visible sheet holds rows"
        raise StatementImportError(f"{Path(path).name}: {empty}")
    sheets = tuple(_raw(sheet, limit) for sheet in visible)
    typed = [index for index, sheet in enumerate(visible) if _holds_typed(sheet, limit)]
    return RawRows(sheets, typed[0] if typed else 0, table.encoding)


def _holds_typed(sheet: Sheet, limit: int) -> bool:
    """Whether the sheet's first rows hold a cell typed as a date or a number."""
    return any(not isinstance(cell, str | bool) for row in sheet.rows[:limit] for cell in row)


def _raw(sheet: Sheet, limit: int) -> RawSheet:
    rows = tuple(tuple(_trimmed(row)) for row in sheet.rows[:limit])
    return RawSheet(sheet.name, rows, tuple(sheet.row_numbers[: len(rows)]))


def _trimmed(row: Row) -> list[str]:
    """The row's cells as shown, without the empty ones at its end (a ragged right edge)."""
    cells = [cell_text(cell) for cell in row]
    while cells and not cells[-1].strip():
        cells.pop()
    return cells
