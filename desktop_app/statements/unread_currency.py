"""Lines whose currency cell names no currency, told from their own cells.

The importer reads a currency column's odd cell ('EURO', 'N/A') as no currency and warns
of it (``extract._unknown_rows``): the line is in no currency, never in a guessed one.
Such a line is unlike one of a file that states no currency at all, which a default (the
run's ``--currency``, a mapping's ``currency``) rightly labels: its file did state one,
unreadably. ``StatementLine.currency_cell`` keeps the cell, so the matcher puts no
currency on it and says why it is left unmatched.

One rule tells them, wherever lines are made: a line in no currency whose currency
column's cell is not blank (a code there would have given it its currency). The importer
applies it to the lines it reads, and the workspace to every line it gives out (loaded,
or standing in for a removed statement's), by the layout it keeps of each statement: the
raw cells are stored, the mark is not.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from desktop_app.domain import StatementLine
from desktop_app.statements.grid import cell_text
from desktop_app.statements.profile import is_blank
from desktop_app.statements.row_text import cell_at


def marked(lines: Sequence[StatementLine], currency_column: int | None) -> list[StatementLine]:
    """``lines`` with each one in no currency whose cell in ``currency_column`` (0-based;
    None: the file has no currency column) is not blank given that cell as its
    ``currency_cell``; the others as they are."""
    if currency_column is None or all(line.currency is not None for line in lines):
        return list(lines)
    return [_marked(line, currency_column) for line in lines]


def marked_by_file(
    lines: Sequence[StatementLine], currency_columns: Mapping[str, int | None]
) -> list[StatementLine]:
    """``marked`` over the lines of several files, in their order, each by its own file's
    ``currency_columns`` entry (a file not in it has none): what a workspace holds of
    several statements comes out in one sequence, not file by file."""
    if all(column is None for column in currency_columns.values()):
        return list(lines)
    return [_marked(line, currency_columns.get(line.source_file)) for line in lines]


def _marked(line: StatementLine, currency_column: int | None) -> StatementLine:
    """The rule, for one line: ``marked`` and ``marked_by_file`` are this, over many."""
    if line.currency is not None or currency_column is None:
        return line
    cell = cell_at(line.raw, currency_column)
    if is_blank(cell):
        return line
    return replace(line, currency_cell=cell_text(cell).strip())


def stored_currency_column(layout: Mapping[str, Any]) -> int | None:
    """The 0-based currency column of a layout as ``Layout.to_json`` wrote it (a workspace
    keeps it per statement); None where it names none, or is not such a layout (a bank
    format's, which states currencies in its own way)."""
    columns = layout.get("columns")
    if not isinstance(columns, Mapping):
        return None
    currency = columns.get("currency")
    if not isinstance(currency, Mapping) or not isinstance(currency.get("column"), int):
        return None
    column: int = currency["column"]
    return column - 1 if column >= 1 else None
