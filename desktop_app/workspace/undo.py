"""Undo as new entries in the log: the GUI's undo/redo never deletes history.

Undoing an accept, manual match or reject appends an UNMATCH of its pairing and then
re-records whatever that decision had replaced, so the state before it comes back, flags
for review included (a decision whose invoice changed still needs review). Undoing an
UNMATCH re-records what it cleared. Redo is recording the original decision again.
Only the latest decision on a pairing can be undone; anything else would silently undo
later work too, so it is refused with the entry to undo first.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from desktop_app.domain import Decision, DecisionKind
from desktop_app.workspace import decision_log
from desktop_app.workspace.errors import DecisionError
from desktop_app.workspace.records import AuditEntry


def undo_decision(
    connection: sqlite3.Connection, entry_id: int, reason: str, now: datetime
) -> list[AuditEntry]:
    entry = _undoable(connection, entry_id)
    why = f"undo of #{entry_id}" + (f": {reason}" if reason else "")
    appended: list[AuditEntry] = []
    if entry.in_force:
        inverse = _like(entry.decision, DecisionKind.UNMATCH, why)
        appended.append(decision_log.record(connection, inverse, now))
    replaced = decision_log.load_decisions(connection, decision_log.ids_sql(entry.replaces))
    for replaced_id, decision in replaced.items():
        again = _like(decision, decision.kind, f"{why} (restores #{replaced_id})")
        restored = decision_log.record(connection, again, now)
        decision_log.carry_flags(connection, replaced_id, restored.id)
        appended.append(restored)
    return appended


def _undoable(connection: sqlite3.Connection, entry_id: int) -> AuditEntry:
    found = decision_log.load_entries(connection, decision_log.ids_sql([entry_id]))
    if not found:
        raise DecisionError(f"there is no decision #{entry_id} to undo")
    entry = found[0]
    if entry.decision.kind is DecisionKind.ENGINE_MATCH:
        raise DecisionError(f"#{entry_id} is the engine's match; reject it instead of undoing")
    if entry.replaced_by is not None:
        raise DecisionError(
            f"#{entry_id} was already replaced by #{entry.replaced_by}; undo that first"
        )
    if entry.decision.kind is DecisionKind.UNMATCH:
        latest = decision_log.latest_on_pairing(connection, entry.decision, users_only=True)
        if latest is not None and latest[0] != entry_id:
            raise DecisionError(
                f"{decision_log.describe(entry.decision)} has been decided again since "
                f"#{entry_id} (#{latest[0]}); undo that first"
            )
    return entry


def _like(decision: Decision, kind: DecisionKind, reason: str) -> Decision:
    return Decision(kind, decision.invoice_keys, decision.line_keys, reason=reason)
