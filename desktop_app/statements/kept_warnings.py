"""An import's warnings, kept with the statement a workspace holds.

The report workbook lists what the import said of each statement's rows and cells (a
cell not read, hidden rows left out, signs guessed): a report rests on those rows, and
an accountant who gets only the workbook must see that. A workspace reopened next week
no longer has the import's answer, only what it stored, so the warnings are stored with
the statement, in the layout a workspace keeps with it (``StatementImport.stored_layout``,
as the period the file states is: ``covered.with_stated_period``), with no new column.

Every import stores the key, an empty list where it said nothing, so a statement stored
before the warnings were kept (no key) is told apart from one that had none: its report
says its warnings are not known rather than that there were none.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from desktop_app.statements.model import RowWarning

# The key of the import's warnings in a statement's stored layout.
WARNINGS_KEY = "import_warnings"


def with_warnings(layout: Mapping[str, Any], warnings: Sequence[RowWarning]) -> dict[str, Any]:
    """``layout`` with ``warnings`` (the import's, in its order) to be kept with it: each
    as its row, column, message and marks; the file's name is the statement's own."""
    kept = []
    for warning in warnings:
        item: dict[str, Any] = {
            "row": warning.row,
            "column": warning.column,
            "message": warning.message,
        }
        if warning.stated_balance:
            item["stated_balance"] = True
        if warning.about_statement:
            item["about_statement"] = True
        kept.append(item)
    return {**layout, WARNINGS_KEY: kept}


def warnings_in_layout(
    layout: Mapping[str, Any], source_file: str
) -> tuple[RowWarning, ...] | None:
    """The warnings kept in a stored statement's layout, each of ``source_file`` (the
    statement's name); None where the statement was stored before they were kept. An
    entry that is not a warning (a damaged value) is left out rather than refusing the
    whole report."""
    kept = layout.get(WARNINGS_KEY)
    if not isinstance(kept, list):
        return None
    found = []
    for item in kept:
        if not isinstance(item, Mapping):
            continue
        row, column, message = item.get("row"), item.get("column"), item.get("message")
        if not isinstance(message, str):
            continue
        found.append(
            RowWarning(
                source_file,
                row if isinstance(row, int) and not isinstance(row, bool) else None,
                column if isinstance(column, str) else None,
                message,
                stated_balance=item.get("stated_balance") is True,
                about_statement=item.get("about_statement") is True,
            )
        )
    return tuple(found)
