"""Reading many entries back does not list their ids in the query's text.

An undo reads the entries it undoes (and what they replaced) with a dozen queries; the
window asks for the review flags it does not hold by their ids. Each query listed every
id in its text (``IN (1,2,...)``): 20,000 literals parsed and planned per query, and a
text growing with the ids until SQLite's limit on a statement's length refused it (a
million bytes by default: some 150,000 ids). ``decision_log.ids_sql`` passes them as one
JSON array. These tests lower the limit so that 1,500 ids reach it, and hold the reads to
the one-by-one path, which names one id at a time.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

from desktop_app.domain import Decision, DecisionKind
from desktop_app.workspace import Workspace
from desktop_app.workspace.records import AuditEntry
from tests.workspace.factories import PROVIDER, ikey, line, lkey, sha, simple_invoice

COUNT = 1_500
# Bytes a statement may have here: 1,500 ids (4 digits and a comma each) do not fit.
SHORT_LIMIT = 4_000
ROWS = range(2, COUNT + 2)


def _workspace(path: Path) -> Workspace:
    """``COUNT`` invoices, each accepted with its line, then changed at the provider (so
    each decision is flagged for review); statements longer than ``SHORT_LIMIT`` refused."""
    workspace = Workspace.create(path)
    workspace.save_invoices(PROVIDER, [simple_invoice(f"INV-{r}") for r in ROWS])
    lines = [line(r, "-100.00", day=1 + r % 28) for r in ROWS]
    workspace.add_statement("march.csv", sha("march"), {"format": "csv"}, lines)
    workspace.record_decisions(
        [Decision(DecisionKind.ACCEPT, (ikey(f"INV-{r}"),), (lkey(r),), reason="ok") for r in ROWS]
    )
    workspace.save_invoices(PROVIDER, [simple_invoice(f"INV-{r}", "90.00") for r in ROWS])
    with workspace._database.reading() as connection:
        connection.setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, SHORT_LIMIT)
    return workspace


def _timeless(entries: tuple[AuditEntry, ...]) -> list[AuditEntry]:
    return [replace(e, decision=replace(e.decision, at=None)) for e in entries]


def _flags(workspace: Workspace) -> list[tuple[object, ...]]:
    return [
        (item.id, item.entry.id, item.invoice_key, item.reason, item.causes)
        for item in workspace.decisions_needing_review()
    ]


def test_the_limit_is_one_a_listed_id_query_would_pass(tmp_path: Path) -> None:
    """The lowered limit is reached by the ids listed in a query's text, not by the
    workspace's other statements."""
    with _workspace(tmp_path / "book.reconcile") as workspace:
        listed = ",".join(str(entry.id) for entry in workspace.audit())
        with workspace._database.reading() as connection:
            try:
                connection.execute(f"SELECT id FROM decisions WHERE id IN ({listed})")
            except sqlite3.DataError:
                pass
            else:
                raise AssertionError("the ids listed fit in the lowered limit")


def test_flags_asked_for_by_id_are_read_whatever_their_number(tmp_path: Path) -> None:
    """The window holds none of the 1,500 flags: it is handed them all, as the
    workspace's full list has them."""
    with _workspace(tmp_path / "book.reconcile") as workspace:
        changes = workspace.review_flag_changes(set())
        assert [item.id for item in changes.new] == [f[0] for f in _flags(workspace)]
        assert len(changes.new) == COUNT
        assert [item.entry for item in changes.new] == [
            item.entry for item in workspace.decisions_needing_review()
        ]


def test_an_undo_of_many_entries_lands_as_one_by_one(tmp_path: Path) -> None:
    """Undoing the 1,500 accepts together leaves the same trail and flags as undoing each
    on its own, then redoing them too (the flags come back with the decisions)."""
    with (
        _workspace(tmp_path / "together.reconcile") as together,
        _workspace(tmp_path / "alone.reconcile") as alone,
    ):
        ids = [entry.id for entry in together.audit() if entry.in_force]
        assert len(ids) == COUNT
        undone = together.undo_all(ids)
        with alone.batch():
            one_by_one = [alone.undo(entry_id) for entry_id in ids]
        assert _timeless(undone.entries) == _timeless(
            tuple(e for u in one_by_one for e in u.entries)
        )
        assert _timeless(together.audit()) == _timeless(alone.audit())
        assert _flags(together) == _flags(alone) == []
        redone = [entry.id for entry in undone.entries if entry.put_back is None]
        assert len(redone) == COUNT
        again = together.undo_all(redone)
        with alone.batch():
            for entry_id in redone:
                alone.undo(entry_id)
        assert len(again.restored) == COUNT
        assert _timeless(together.audit()) == _timeless(alone.audit())
        assert _flags(together) == _flags(alone)
        assert len(_flags(together)) == COUNT
