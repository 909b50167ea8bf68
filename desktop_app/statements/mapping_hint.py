"""The example mapping a refusal suggests, in the file's own column names.

A German export without an amount column was told to map ``"date": "Date"``, a header it
does not have: copied as it was, the mapping fails again. Where the sheet has a header
above its first dated row, the example names that row and its date column's header, and
lists the columns the amount may be taken from.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from desktop_app.statements.analysis import SheetAnalysis
from desktop_app.statements.grid import Cell
from desktop_app.statements.model import FoundHeader
from desktop_app.statements.profile import is_blank

HOW_TO_MAP = (
    "supply a mapping that names the columns, e.g. --mapping map.json with "
    '{"header_row": 1, "columns": {"date": "Date", "amount": "Amount"}}'
)
_LOOK_UP = 10  # rows above the first dated row searched for its header


def how_to_map(analysis: SheetAnalysis | None) -> str:
    """The remedy of a file whose columns were not found: ``HOW_TO_MAP`` in its names."""
    found = None if analysis is None else _header(analysis)
    if found is None:
        return HOW_TO_MAP
    row, date, names = found
    columns = json.dumps({"date": date or "...", "amount": "..."}, ensure_ascii=False)
    listed = ", ".join(names)
    return (
        "supply a mapping that names the columns, e.g. --mapping map.json with "
        f'{{"header_row": {row}, "columns": {columns}}}, '
        f"{'the amount' if date else 'each'} one of: {listed}"
    )


def found_header(analysis: SheetAnalysis) -> FoundHeader | None:
    """The header row above the sheet's first dated row and its date column, as the
    example mapping names them (``how_to_map``), for a front end to offer (the import
    wizard); None where no row of names stands above a dated row: a row of names on a
    sheet without dates says nothing of where a statement's table is."""
    found = _header(analysis)
    date = analysis.primary_date_column()
    if found is None or not found[1] or date is None:
        return None
    return FoundHeader(analysis.sheet.name, found[0], date)


def _header(analysis: SheetAnalysis) -> tuple[int, str, list[str]] | None:
    """The header row above the first dated row (as the accountant counts rows), its date
    column's name and its other columns' names; None where there is no such row."""
    rows = analysis.sheet.rows
    date = analysis.primary_date_column()
    if date is None:  # no dates at all: the first row of names, the date among them
        for index in range(min(_LOOK_UP, len(rows))):
            texts = _names(rows[index])
            if texts is not None:
                return analysis.sheet.row_numbers[index], "", texts
        return None
    scan = analysis.scans[date]
    first = next(
        (row for row, value in enumerate(scan.values) if scan.dates.get(value) is not None),
        None,
    )
    if first is None:
        return None
    for index in range(first - 1, max(first - _LOOK_UP, 0) - 1, -1):
        row = rows[index]
        texts = _names(row)
        cell = row[date] if date < len(row) else None
        if texts is None or not isinstance(cell, str):
            continue
        name = cell.strip()
        if name:
            return analysis.sheet.row_numbers[index], name, [text for text in texts if text != name]
    return None


def _names(row: Sequence[Cell]) -> list[str] | None:
    """The row's names when it is a row of two or more names and nothing else."""
    texts = [cell.strip() for cell in row if isinstance(cell, str) and cell.strip()]
    if len(texts) < 2 or len(texts) != sum(not is_blank(cell) for cell in row):
        return None
    return texts
