"""The Audit sheet: the accountant's decisions, when the caller passes any.

Which decisions is the caller's rule, one for the command line and the window
(``desktop_app.pipeline.audit``). ``Invoice Numbers`` are the numbers the accountant
decided by, ``Invoices`` the keys (provider and id) the workspace holds them by.
``Replaced`` names entries by their ``Entry`` number;
``Needs Review`` says, for a decision in force whose invoice changed at the provider after
it was made, what changed: the accountant should decide it again. ``Restores`` says, for a
decision an undo put back in force, which entry it restores and which undo put it back
("#28 (undo of #29)"); its ``Reason`` is that entry's, the note the accountant gave it, so
the rows in force say why each was decided. ``Not Applied`` says, for a decision in force
this run did not apply, which of its invoices or lines the report lacks and what that
means: "In Force: yes" alone read as if it had bound this report.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from desktop_app.export.context import AuditRow
from desktop_app.export.styles import ColumnKind
from desktop_app.export.table import Column, Ticker, write_table

SHEET = "Audit"
NEEDS_REVIEW = "Needs Review"
RESTORES = "Restores"
NOT_APPLIED = "Not Applied"

K = ColumnKind

COLUMNS: tuple[Column[AuditRow], ...] = (
    Column("Time", K.UTC_DATETIME, 24, lambda r: r.time),
    Column("User", K.TEXT, 16, lambda r: r.user),
    Column("Action", K.TEXT, 14, lambda r: r.action),
    Column("Invoice Numbers", K.TEXT, 24, lambda r: r.invoice_numbers),
    Column("Invoices", K.TEXT, 34, lambda r: r.invoice_keys),
    Column("Statement Lines", K.TEXT, 34, lambda r: r.line_keys),
    Column("Reason", K.TEXT, 40, lambda r: r.reason),
    Column("Replaced", K.TEXT, 34, lambda r: r.replaced),
    Column("Entry", K.INTEGER, 8, lambda r: r.entry),
    Column("In Force", K.TEXT, 9, lambda r: _yes_no(r.in_force)),
    Column(NEEDS_REVIEW, K.TEXT, 48, lambda r: r.needs_review),
    Column(RESTORES, K.TEXT, 24, lambda r: r.restores),
    Column(NOT_APPLIED, K.TEXT, 60, lambda r: r.not_applied),
)


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


def write(workbook: Any, audit: Sequence[AuditRow], ticker: Ticker) -> None:
    ticker.stage("Writing the audit trail")
    worksheet = workbook.create_sheet(SHEET)
    write_table(worksheet, COLUMNS, audit, ticker)
