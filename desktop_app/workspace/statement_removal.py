"""Taking an imported statement out of the workspace, so it can be imported again.

An accountant who imported a file with the wrong layout (amounts in the wrong column, a
misread date order) must be able to correct it; the workspace refuses the same file twice,
so the wrong import has to go first. Its lines go with it. Decisions in force on its lines
are not deleted: each is withdrawn by an UNMATCH entry that says why, so the audit trail
still shows what was decided, when, by whom, and how it ended.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from desktop_app.domain import Decision, DecisionKind
from desktop_app.workspace import decision_log
from desktop_app.workspace.errors import WorkspaceError
from desktop_app.workspace.statement_store import statement_by


@dataclass(frozen=True, slots=True)
class RemovedStatement:
    source_file: str
    lines_removed: int
    decisions_withdrawn: int


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
    connection.execute("DELETE FROM statement_lines WHERE statement_id = ?", (record.id,))
    connection.execute("DELETE FROM statement_repeats WHERE statement_id = ?", (record.id,))
    connection.execute("DELETE FROM statements WHERE id = ?", (record.id,))
    return RemovedStatement(source_file, record.line_count, len(standing))
