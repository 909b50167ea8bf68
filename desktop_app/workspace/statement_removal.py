"""Taking an imported statement out of the workspace, so it can be imported again.

An accountant who imported a file with the wrong layout (amounts in the wrong column, a
misread date order) must be able to correct it; the workspace refuses the same file twice,
so the wrong import has to go first. Its lines go with it, except the movements a later
statement repeats: that statement's copies take their place (``repeat_promotion``).
Decisions in force on its lines are not deleted: each is withdrawn by an UNMATCH entry
that says why, so the audit trail still shows what was decided, when, by whom, and how it
ended. A decision on a shared movement is withdrawn too, not moved to the stand-in: it
named a row of the removed file, and the accountant decides again on the one that stays.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from desktop_app.domain import Decision, DecisionKind, StatementLine
from desktop_app.workspace import decision_log
from desktop_app.workspace.errors import WorkspaceError
from desktop_app.workspace.repeat_promotion import promote_repeats
from desktop_app.workspace.statement_store import statement_by


@dataclass(frozen=True, slots=True)
class RemovedStatement:
    source_file: str
    lines_removed: int
    decisions_withdrawn: int
    # Later statements' copies of removed lines, now stored in their place (their own file
    # and row): the movements the removed file shared stay in the workspace.
    kept_lines: tuple[StatementLine, ...] = ()


def remove(
    connection: sqlite3.Connection, source_file: str, user: str, now: datetime
) -> RemovedStatement:
    """Withdraw the decisions on ``source_file``'s lines, then delete it and its lines."""
    record = statement_by(connection, "source_file", source_file)
    if record is None:
        raise WorkspaceError(f"no statement named {source_file!r} is in this workspace")
    reason = f"statement {source_file} removed from the workspace"
    standing = decision_log.load_decisions(
        connection,
        "SELECT DISTINCT l.decision_id FROM decision_lines l"
        " JOIN decisions_in_force f ON f.decision_id = l.decision_id WHERE l.source_file = ?",
        (source_file,),
    )
    for decision in standing.values():
        withdrawal = Decision(
            DecisionKind.UNMATCH, decision.invoice_keys, decision.line_keys, reason, user
        )
        decision_log.record(connection, withdrawal, now)
    for table in ("statement_lines", "repeated_lines", "statement_repeats"):
        connection.execute(f"DELETE FROM {table} WHERE statement_id = ?", (record.id,))
    kept = promote_repeats(connection, source_file)
    connection.execute("DELETE FROM statements WHERE id = ?", (record.id,))
    return RemovedStatement(source_file, record.line_count, len(standing), tuple(kept))
