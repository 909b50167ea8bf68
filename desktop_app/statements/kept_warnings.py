"""An import's warnings, kept with the statement a workspace holds.

The report workbook lists what the import said of each statement's rows and cells (a
cell not read, hidden rows left out, signs guessed): a report rests on those rows, and
an accountant who gets only the workbook must see that. A workspace reopened next week
no longer has the import's answer, only what it stored, so the warnings are stored with
the statement, in a column of their own (``schema.STATEMENT_WARNINGS_COLUMN``) that only
the report reads: one file's may be 100,000 (every other date not a date), and kept in
the layout, which every listing of the statements decodes, they made each listing decode
them all (format 9 kept them there; format 10 moved them out).

Every import stores them, an empty list where it said nothing, so a statement stored
before the warnings were kept (NULL) is told apart from one that had none: its report
says its warnings are not known rather than that there were none.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from desktop_app.statements.model import RowWarning

# The key format 9 kept the import's warnings under in a statement's stored layout, which
# the upgrade to format 10 moves them out of.
WARNINGS_KEY = "import_warnings"


def warnings_as_json(warnings: Sequence[RowWarning]) -> list[dict[str, Any]]:
    """``warnings`` (the import's, in its order) as they are kept: each as its row,
    column, message and marks; the file's name is the statement's own."""
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
    return kept


def warnings_from_json(kept: Any, source_file: str) -> tuple[RowWarning, ...] | None:
    """The warnings ``warnings_as_json`` kept, each of ``source_file`` (the statement's
    name); None where none are kept (a statement stored before they were). An entry that
    is not a warning (a damaged value) is left out rather than refusing the whole report,
    which lists them as what it rests on, not as what it reconciles."""
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
