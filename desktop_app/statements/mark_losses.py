"""What the other decimal mark would lose: per column of amounts written as text, the
lines whose cell reads with the column's own mark and not with the other one.

The import wizard names such a mark before the accountant imports with it (the column,
how many lines, the first of them), where the importer could only skip each row after
the fact. It is worked out while the import still holds the sheet's analysis, from what
that analysis already knows of every distinct cell: its signature, whose vote says
under which marks it reads (``Vote.reads_with``). The signatures are counted over the
lines' rows in C, so every line of a 200,000-row file is
looked at without a cell being read or valued again.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from desktop_app.domain import StatementLine
from desktop_app.statements.analysis import SheetAnalysis
from desktop_app.statements.grid import cell_text, contiguous, view
from desktop_app.statements.layout import Layout
from desktop_app.statements.profile import ColumnScan

MARKS = (".", ",")


@dataclass(frozen=True, slots=True)
class MarkLoss:
    """The lines of ``column`` whose amount reads with the column's own decimal mark and
    not with ``mark``, and the first of them (its row as the accountant sees it and its
    cell as written). ``kept`` counts the lines whose cell reads with ``mark``: none
    means the column would give no amount at all."""

    column: int
    mark: str  # "." or ","
    lost: int
    kept: int
    row: int
    cell: str

    @property
    def every_amount(self) -> bool:
        """Whether no amount of the column reads with ``mark``."""
        return self.kept == 0


def mark_losses(
    analysis: SheetAnalysis, layout: Layout, lines: Sequence[StatementLine]
) -> tuple[MarkLoss, ...]:
    """Per column of amounts written as text (those a decimal mark applies to) and per
    mark other than its own, what that mark would lose over ``lines``; columns that
    would lose nothing are left out."""
    if not lines:
        return ()
    indexes = _line_indexes(analysis.sheet.row_numbers, lines)
    found: list[MarkLoss] = []
    for column, own in layout.decimal_marks:
        for mark in MARKS:
            if mark != own:
                loss = _loss(analysis, indexes, column, own, mark)
                if loss is not None:
                    found.append(loss)
    return tuple(found)


def _loss(
    analysis: SheetAnalysis, indexes: Sequence[int], column: int, own: str, mark: str
) -> MarkLoss | None:
    scan = analysis.scans[column]
    counts = _kind_counts(scan, indexes)
    lost_kinds = {
        kind for kind in counts if _reads(scan, kind, own) and not _reads(scan, kind, mark)
    }
    if not lost_kinds:
        return None
    kept = sum(count for kind, count in counts.items() if _reads(scan, kind, mark))
    first = indexes[_first_of(_row_kinds(scan, indexes), lost_kinds)]
    cell = cell_text(scan.values[first]).strip()
    lost = sum(counts[kind] for kind in lost_kinds)
    return MarkLoss(column, mark, lost, kept, analysis.sheet.row_numbers[first], cell)


def _kind_counts(scan: ColumnScan, indexes: Sequence[int]) -> Counter[int | None]:
    """How many of the rows have each signature id. A column read per value is counted
    over its rows in C: its counts per value would be as many as its rows for a column
    of amounts, each added in a Python step."""
    if scan.rows is not None:
        return scan.kind_counts(indexes)
    return Counter(map(scan.signatures.get, view(scan.values, indexes)))


def _reads(scan: ColumnScan, kind: int | None, mark: str) -> bool:
    """Whether cells of signature ``kind`` are amounts under ``mark``."""
    amount = scan.amount_kind(kind)
    return amount is not None and (amount[0] is None or amount[0].reads_with(mark))


def _row_kinds(scan: ColumnScan, indexes: Sequence[int]) -> Iterable[int | None]:
    """The signature id of each of the rows, in order, lazily: the search for the first
    stops where it is found. A column read row by row has its ids by row, but for the few
    cells it read per value (``RowCells.others``)."""
    rows = scan.rows
    if rows is None:
        return map(scan.signatures.get, view(scan.values, indexes))
    others, signature, values = set(rows.others), scan.signatures.get, scan.values
    return (signature(values[row]) if row in others else rows.kind_of(row) for row in indexes)


def _first_of(kinds: Iterable[int | None], wanted: set[int | None]) -> int:
    """The position of the first of ``kinds`` among ``wanted``, found by a C-level pass."""
    return next(itertools.compress(itertools.count(), map(wanted.__contains__, kinds)))


def _line_indexes(numbers: Sequence[int], lines: Sequence[StatementLine]) -> Sequence[int]:
    """The sheet index of each line's row: a range for the usual run of rows."""
    if isinstance(numbers, range) and numbers.step == 1:
        return contiguous([line.row - numbers.start for line in lines])
    where = {number: index for index, number in enumerate(numbers)}
    return contiguous([where[line.row] for line in lines])
