"""The Import Warnings sheet: what the import said of each statement the report covers.

``desktop-app reconcile`` says these on stderr and the window in its banners; a report
handed on without either must still say that it rests on rows left out or read in
doubt (a cell not read, hidden rows left out, a second tab not imported, a csv cut
short, a ledger's signs guessed, dates out of sequence, several accounts in one file).
One row per warning: Statement (the file's name), Row (empty for one about the file
as a whole), Column (where the import named one) and Warning, worded as the command line
and the window word it. Text from the file (a header, a cell quoted) is stored as text,
never as a formula, by the same cells as every other sheet.

One rule for the window's report and ``reconcile``'s (``import_warnings``): the rows
come from the report's statements (``ReportContext.statements``), each statement's
warnings in the order the import gave them, in the order the Summary lists the
statements; the very file listed twice (a name and content given twice) once. A
statement a workspace stored before its warnings were kept is one row saying so, not
silence. The sheet follows the others (``Audit`` included) and, like ``Audit``, is left
out where it would have no row; the Summary's "Import warnings" counts its warnings and
points at it, only where there are any rows, and says apart the statements whose
warnings are not known: those are no warnings, and a count of none would tell the
accountant their imports were clean (``WarningCount``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from desktop_app.export.context import StatementUsed
from desktop_app.export.styles import ColumnKind
from desktop_app.export.table import Column, Ticker, write_table

SHEET = "Import Warnings"
# A statement a workspace stored before the warnings of its import were kept.
NOT_KEPT = (
    "the warnings of its import are not known: the workspace stored it before warnings "
    "were kept; remove the statement and import it again to list them here"
)

K = ColumnKind


@dataclass(frozen=True, slots=True)
class ImportWarningRow:
    """One row of the sheet: a warning of one statement's import; ``row`` None for one
    about the file as a whole, ``column`` None where the import named none."""

    statement: str
    row: int | None
    column: str | None
    warning: str
    # False for the row saying a statement's warnings are not known (``NOT_KEPT``): no
    # warning, so the Summary does not count it as one.
    known: bool = True


@dataclass(frozen=True, slots=True)
class WarningCount:
    """What the Summary's "Import warnings" says of the sheet: how many warnings the
    imports gave, and of how many statements the warnings are not known (stored by a
    workspace before format 10 kept them), which is no count of nothing."""

    warnings: int = 0
    not_known: int = 0

    @classmethod
    def of(cls, rows: Iterable[ImportWarningRow]) -> WarningCount:
        rows = list(rows)
        unknown = sum(1 for row in rows if not row.known)
        return cls(len(rows) - unknown, unknown)

    def __bool__(self) -> bool:
        return bool(self.warnings or self.not_known)


COLUMNS: tuple[Column[ImportWarningRow], ...] = (
    Column("Statement", K.TEXT, 28, lambda r: r.statement),
    Column("Row", K.INTEGER, 7, lambda r: r.row),
    Column("Column", K.TEXT, 20, lambda r: r.column),
    Column("Warning", K.TEXT, 70, lambda r: r.warning),
)


def import_warnings(statements: Iterable[StatementUsed]) -> tuple[ImportWarningRow, ...]:
    """The sheet's rows for a report of ``statements`` (as the Summary lists them)."""
    seen: set[tuple[str, str]] = set()
    rows: list[ImportWarningRow] = []
    for statement in statements:
        if (statement.source_file, statement.sha256) in seen:
            continue
        seen.add((statement.source_file, statement.sha256))
        if statement.warnings is None:
            rows.append(ImportWarningRow(statement.source_file, None, None, NOT_KEPT, known=False))
            continue
        rows.extend(
            ImportWarningRow(statement.source_file, warning.row, warning.column, warning.message)
            for warning in statement.warnings
        )
    return tuple(rows)


def write(workbook: Any, rows: Sequence[ImportWarningRow], ticker: Ticker) -> None:
    ticker.stage("Writing the import's warnings")
    worksheet = workbook.create_sheet(SHEET)
    write_table(worksheet, COLUMNS, rows, ticker)
