"""Where the table starts: the header row after any preamble, or no header at all.

The transactions are found first (rows with a date and an amount where most rows have
them); the header is then the first row above them, skipping blank and one-cell section
rows ("Posted Transactions"), that reads as column names: several text cells, none of
them a date or an amount, one of them over the date column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from desktop_app.statements.grid import Cell, Row
from desktop_app.statements.profile import ColumnScan, is_blank

_LOOK_UP = 40  # rows above the first transaction searched for the header
_FIRST_CANDIDATES = 50


@dataclass(frozen=True, slots=True)
class HeaderFinding:
    row: int | None  # 0-based index into the sheet's rows
    first_candidate: int


def primary_date_column(scans: Sequence[ColumnScan]) -> int | None:
    """The column holding a date in the most rows (the leftmost on a tie)."""
    best: tuple[int, int] | None = None
    for scan in scans:
        if scan.textual or not scan.has_dates():
            continue
        kinds = scan.kind_counts()
        count = sum(n for kind, n in kinds.items() if scan.date_kind(kind) is not None)
        if count and (best is None or count > best[0]):
            best = (count, scan.index)
    return None if best is None else best[1]


def candidate_rows(
    scans: Sequence[ColumnScan], date_column: int, limit: int = _FIRST_CANDIDATES
) -> list[int]:
    """Rows with a date in ``date_column`` and an amount-like cell elsewhere."""
    date_scan = scans[date_column]
    others = [scan for scan in scans if scan.index != date_column and not scan.textual]
    found: list[int] = []
    for row, value in enumerate(date_scan.values):
        if date_scan.dates.get(value) is None:
            continue
        if any(scan.amount_of(scan.values[row]) is not None for scan in others):
            found.append(row)
            if len(found) >= limit:
                break
    return found


def find_header(
    rows: Sequence[Row], scans: Sequence[ColumnScan], date_column: int, candidates: Sequence[int]
) -> HeaderFinding:
    for first in candidates:
        header = _header_above(rows, scans, date_column, first)
        if header is not None:
            return HeaderFinding(header, first)
    return HeaderFinding(None, candidates[0] if candidates else 0)


def _header_above(
    rows: Sequence[Row], scans: Sequence[ColumnScan], date_column: int, first: int
) -> int | None:
    for index in range(first - 1, max(first - _LOOK_UP, 0) - 1, -1):
        row = rows[index]
        filled = [cell for cell in row if not is_blank(cell)]
        if len(filled) <= 1:
            continue  # blank or a section line such as "Posted Transactions"
        if _reads_as_header(row, scans, date_column):
            return index
        if not _holds_values(row, scans):
            return None  # text that names no columns: whatever is above it is no header
        # A transaction row the candidates passed over (its date or amount does not read,
        # e.g. 2024-02-30): the header may still be above it.
    return None


def _holds_values(row: Row, scans: Sequence[ColumnScan]) -> bool:
    """Whether a cell of ``row`` reads as a date or an amount in its column."""
    return any(
        column < len(scans) and not is_blank(cell) and _is_value(scans[column], cell)
        for column, cell in enumerate(row)
    )


def _reads_as_header(row: Row, scans: Sequence[ColumnScan], date_column: int) -> bool:
    texts = 0
    for column, cell in enumerate(row):
        if is_blank(cell):
            continue
        if not isinstance(cell, str) or column >= len(scans):
            return False
        if _is_value(scans[column], cell):
            return False
        texts += 1
    names_date = date_column < len(row) and not is_blank(row[date_column])
    return texts >= 2 and names_date


def _is_value(scan: ColumnScan, cell: Cell) -> bool:
    """Whether the cell reads as a date or an amount in its column."""
    return scan.dates.get(cell) is not None or scan.amount_of(cell) is not None
