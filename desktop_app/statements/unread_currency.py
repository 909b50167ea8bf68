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

A bank format (OFX, CAMT.053, MT940) states a currency per statement or per transaction in
its own element (``CURDEF``, ``Amt Ccy``, ``:60F:``), not in a column of cells: its reader
marks a line whose currency is unreadable ('EU$'), and the workspace keeps those marks in
the statement's stored layout, by row (``with_unread_currencies``), the mark itself being
all there is to read again.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from desktop_app.domain import StatementLine
from desktop_app.statements.grid import cell_text
from desktop_app.statements.profile import is_blank
from desktop_app.statements.row_text import cell_at


def marked(
    lines: Sequence[StatementLine],
    currency_column: int | None,
    currencies: Sequence[str | None] | None = None,
) -> Sequence[StatementLine]:
    """``lines`` with each one in no currency whose cell in ``currency_column`` (0-based;
    None: the file has no currency column) is not blank given that cell as its
    ``currency_cell``; the others as they are. ``currencies`` are the lines' currencies,
    one per line, where the caller built the lines from them: read as they are, not
    taken from each line again. Where none is marked, ``lines`` themselves are given back
    (not copied: the caller owns them)."""
    if currency_column is None:
        return lines
    each: Iterable[str | None] = map(_CURRENCY, lines) if currencies is None else currencies
    if all(map(operator.is_not, each, itertools.repeat(None))):
        return lines  # in C: a 200,000-line statement without a Python step per line
    return [_marked(line, currency_column) for line in lines]


_CURRENCY = operator.attrgetter("currency")

# Where a line's unreadable currency is found again: its currency column's cell (a table),
# or the cell each row stated (a bank format's marks, kept by row); None: nowhere.
CurrencyCells = int | Mapping[int, str] | None


def marked_by_file(
    lines: Sequence[StatementLine], currency_columns: Mapping[str, CurrencyCells]
) -> list[StatementLine]:
    """``marked`` over the lines of several files, in their order, each by its own file's
    ``currency_columns`` entry (a file not in it has none): what a workspace holds of
    several statements comes out in one sequence, not file by file. An entry that maps
    rows to cells (``stored_currency_column`` of a bank format's layout) marks its rows so."""
    if all(column is None for column in currency_columns.values()):
        return list(lines)
    return [_marked(line, currency_columns.get(line.source_file)) for line in lines]


def _marked(line: StatementLine, currency_column: CurrencyCells) -> StatementLine:
    """The rule, for one line: ``marked`` and ``marked_by_file`` are this, over many."""
    if line.currency is not None or currency_column is None:
        return line
    if not isinstance(currency_column, int):
        stated = currency_column.get(line.row, "")
        return replace(line, currency_cell=stated) if stated else line
    cell = cell_at(line.raw, currency_column)
    if is_blank(cell):
        return line
    return replace(line, currency_cell=cell_text(cell).strip())


def with_unread_currencies(
    layout: Mapping[str, Any], lines: Sequence[StatementLine]
) -> Mapping[str, Any]:
    """``layout`` as a workspace stores it: a bank format's (one naming no columns) with
    the marks of its lines whose currency it states unreadably, by row, since no column of
    cells holds them; any other as it is (its currency column's cells are stored)."""
    if "columns" in layout:
        return layout
    unread = {str(line.row): line.currency_cell for line in lines if line.currency_cell}
    return {**layout, _UNREAD: unread} if unread else layout


_UNREAD = "unread_currency"


def stored_currency_column(layout: Mapping[str, Any]) -> CurrencyCells:
    """Where the lines of a layout as a workspace keeps it (``Layout.to_json``, or a bank
    format's by ``with_unread_currencies``) state their currencies: a table's 0-based
    currency column; a bank format's unreadable currencies by row; None where it names
    none, or is not such a layout."""
    unread = layout.get(_UNREAD)
    if isinstance(unread, Mapping):
        return {int(row): str(cell) for row, cell in unread.items() if str(row).isdigit()}
    columns = layout.get("columns")
    if not isinstance(columns, Mapping):
        return None
    currency = columns.get("currency")
    if not isinstance(currency, Mapping) or not isinstance(currency.get("column"), int):
        return None
    column: int = currency["column"]
    return column - 1 if column >= 1 else None
