"""Undo as new entries in the log: the GUI's undo/redo never deletes history.

Undoing an accept, manual match or reject appends an UNMATCH of its pairing and then
re-records whatever that decision had replaced, so the state before it comes back, flags
for review included (a decision whose invoice changed still needs review). Undoing an
UNMATCH re-records what it cleared. Redo is recording the original decision again.

An undo may not silently undo later work. A decision replaced since is refused, with the
entry to undo first; and so is an undo whose decisions put back would replace one in
force now (which, as they were in force together with everything decided before the one
undone, was decided after it). Whether later entries merely name the pairing is not the
test: undoing a later decision appends an UNMATCH of its own, which left the pairing as
the earlier step had, and the history must be able to step back over both.

The decisions put back are new entries (``Undone.restored`` says which stands for which):
whoever holds an old one's id to undo it next must undo the new one. Each keeps the reason
of the decision it restores (the accountant's note, "paid by the parent company"), which
the audit trail, the Audit sheet and a removal's carry-over quote as the decision's; which
entry it restores and which undo put it back are kept beside it (``records.PutBack``). Up
to format 10 its reason was "undo of #29 (restores #28)", and the note stood only on an
entry no longer in force.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime

from desktop_app.domain import Decision, DecisionKind
from desktop_app.workspace import decision_log
from desktop_app.workspace.decision_rules import effect_of
from desktop_app.workspace.errors import DecisionError
from desktop_app.workspace.records import AuditEntry, PutBack, Undone


def undo_decision(
    connection: sqlite3.Connection, entry_id: int, reason: str, now: datetime
) -> Undone:
    """Undo one entry inside the caller's transaction (refused with ``DecisionError``,
    having written what the caller's rollback takes back, when it cannot be)."""
    entry = _undoable(connection, entry_id)
    why = f"undo of #{entry_id}" + (f": {reason}" if reason else "")
    appended: list[AuditEntry] = []
    restored: dict[int, int] = {}
    if entry.in_force:
        inverse = _like(entry.decision, DecisionKind.UNMATCH, why)
        appended.append(decision_log.record(connection, inverse, now))
    replaced = decision_log.load_decisions(connection, *decision_log.ids_sql(entry.replaces))
    for replaced_id, decision in replaced.items():
        again = _like(decision, decision.kind, decision.reason)
        _refuse_overruling(connection, entry_id, again)
        recorded = decision_log.record(connection, again, now)
        decision_log.carry_flags(connection, replaced_id, recorded.id)
        put_back = PutBack(replaced_id, entry_id, reason)
        decision_log.record_put_back(connection, recorded.id, put_back)
        appended.append(replace(recorded, put_back=put_back))
        restored[replaced_id] = recorded.id
    return Undone(tuple(appended), restored)


def undo_decisions(
    connection: sqlite3.Connection, entry_ids: Iterable[int], reason: str, now: datetime
) -> Undone:
    """Undo several entries in the order given (one action's), inside the caller's
    transaction; what each put back, together (``Undone.restored``). No undo of them puts
    back an entry another appended: what an entry replaced is fixed when it is recorded,
    before any of them, so no entry put back stands for one put back in the same call.

    The same checks, refusals, entries and ids as ``undo_decision`` for each in turn, in a
    few queries for them all (``decision_log.Batch``): the entries undone and the
    decisions they replaced are read once, and what each undo finds in force is the
    batch's in-memory view, which the undos before it changed. An Undo or Redo of 20,000
    matches waited a dozen queries for each, on the window's thread."""
    order = list(entry_ids)
    loaded = {
        entry.id: entry
        for entry in decision_log.load_entries(connection, *decision_log.ids_sql(order))
    }
    replaced = decision_log.load_decisions(
        connection,
        *decision_log.ids_sql(i for entry in loaded.values() for i in entry.replaces),
    )
    batch = decision_log.Batch(
        connection,
        lambda: now,
        [*(entry.decision for entry in loaded.values()), *replaced.values()],
    )
    appended: list[AuditEntry] = []
    restored: dict[int, int] = {}
    for entry_id in order:
        entry = _undoable_in(batch, loaded, entry_id)
        why = f"undo of #{entry_id}" + (f": {reason}" if reason else "")
        if entry.in_force:
            inverse = _like(entry.decision, DecisionKind.UNMATCH, why)
            appended.append(batch.record(inverse))
        for replaced_id in entry.replaces:
            decision = replaced.get(replaced_id)
            if decision is None:  # not held: ``undo_decision`` finds none to put back
                continue
            again = _like(decision, decision.kind, decision.reason)
            _refuse_overruled(entry_id, again, effect_of(again, batch.touching(again)).replaced)
            recorded = batch.record(again)
            put_back = PutBack(replaced_id, entry_id, reason)
            batch.put_back(recorded.id, put_back)
            appended.append(replace(recorded, put_back=put_back))
            restored[replaced_id] = recorded.id
    batch.flush()
    return Undone(tuple(appended), restored)


def _undoable_in(
    batch: decision_log.Batch, loaded: Mapping[int, AuditEntry], entry_id: int
) -> AuditEntry:
    """``_undoable`` of an entry as the undos of the batch before it left it: replaced
    by one's inverse (and so out of force) if they undid it already."""
    if entry_id not in loaded:
        raise DecisionError(f"there is no decision #{entry_id} to undo")
    entry = loaded[entry_id]
    replaced_by = entry.replaced_by or batch.replaced_by.get(entry_id)
    return _checked(replace(entry, replaced_by=replaced_by, in_force=entry_id in batch.standing))


def _undoable(connection: sqlite3.Connection, entry_id: int) -> AuditEntry:
    found = decision_log.load_entries(connection, *decision_log.ids_sql([entry_id]))
    if not found:
        raise DecisionError(f"there is no decision #{entry_id} to undo")
    return _checked(found[0])


def _checked(entry: AuditEntry) -> AuditEntry:
    """The entry, if it may be undone: not the engine's, not replaced since."""
    entry_id = entry.id
    if entry.decision.kind is DecisionKind.ENGINE_MATCH:
        raise DecisionError(f"#{entry_id} is the engine's match; reject it instead of undoing")
    if entry.replaced_by is not None:
        raise DecisionError(
            f"#{entry_id} was already replaced by #{entry.replaced_by}; undo that first"
        )
    return entry


def _refuse_overruling(connection: sqlite3.Connection, entry_id: int, again: Decision) -> None:
    """Refuse putting ``again`` back where it would replace a decision in force: one
    decided since ``entry_id`` (an accept of the pairing an unmatch cleared, say), which
    the undo would otherwise silently take out of force."""
    standing = decision_log.standing_touching(connection, again)
    _refuse_overruled(entry_id, again, effect_of(again, standing).replaced)


def _refuse_overruled(entry_id: int, again: Decision, overruled: Sequence[int]) -> None:
    if overruled:
        later = ", ".join(f"#{number}" for number in overruled)
        raise DecisionError(
            f"{decision_log.describe(again)} has been decided again since #{entry_id} "
            f"({later}); undo that first"
        )


def _like(decision: Decision, kind: DecisionKind, reason: str) -> Decision:
    return Decision(kind, decision.invoice_keys, decision.line_keys, reason=reason)
