"""A batch of decisions, or of undos, lands exactly as the same decisions one by one.

A bulk Accept, Undo or Redo records thousands of decisions at once; each used to be
recorded with its own queries (``decision_log.record``, ``undo.undo_decision``), tens of
seconds for 20,000 with the window frozen. The batch (``decision_log.Batch``) works out
their effects in memory from one read of the decisions in force they touch. These tests
hold it to the one-by-one path on real workspace files: the same entries (ids, what each
replaced, what replaced it, what is in force, what an undo put back), the same review
flags carried back, the same refusals, and nothing written when one is refused.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path

import pytest

from desktop_app.domain import Decision, DecisionKind
from desktop_app.workspace import Workspace, WorkspaceError
from desktop_app.workspace.errors import DecisionError
from desktop_app.workspace.records import AuditEntry
from tests.workspace.factories import PROVIDER, ikey, line, lkey, sha, simple_invoice

INVOICES = ("INV-1", "INV-2", "INV-3", "INV-4")
ROWS = (2, 3, 4, 5)
MISSING_ROW = 9  # march.csv has no row 9: a decision standing on it is refused
KINDS = (
    DecisionKind.ACCEPT,
    DecisionKind.ACCEPT,
    DecisionKind.REJECT,
    DecisionKind.MANUAL_MATCH,
    DecisionKind.UNMATCH,
)


def _workspace(path: Path) -> Workspace:
    workspace = Workspace.create(path)
    workspace.save_invoices(PROVIDER, [simple_invoice(i) for i in INVOICES])
    march = [line(row, f"-{row}.00", day=row) for row in ROWS]
    workspace.add_statement("march.csv", sha("march"), {"format": "csv"}, march)
    return workspace


def _random_decision(rng: random.Random) -> Decision:
    invoices = tuple(ikey(i) for i in rng.sample(INVOICES, rng.choice((1, 1, 2))))
    rows = rng.sample(ROWS, rng.choice((1, 1, 2)))
    if rng.random() < 0.03:
        rows = [MISSING_ROW]
    return Decision(
        rng.choice(KINDS), invoices, tuple(lkey(r) for r in rows), reason=f"note {rng.random()}"
    )


def _outcome(action: Callable[[], object]) -> object:
    """What an action returned, or the refusal it raised (its kind and words)."""
    try:
        return _timeless(action())
    except (DecisionError, WorkspaceError) as error:
        return type(error), str(error)


def _timeless(value: object) -> object:
    """Entries without their times (the one-by-one path reads the clock for each)."""
    if isinstance(value, AuditEntry):
        return replace(value, decision=replace(value.decision, at=None))
    if isinstance(value, tuple):
        return tuple(_timeless(item) for item in value)
    if hasattr(value, "entries") and hasattr(value, "restored"):
        return _timeless(tuple(value.entries)), dict(value.restored)
    return value


def _state(workspace: Workspace) -> object:
    flags = [
        (item.id, item.entry.id, item.invoice_key, item.reason, item.causes)
        for item in workspace.decisions_needing_review()
    ]
    return _timeless(workspace.audit()), flags


def _one_by_one_record(workspace: Workspace, decisions: Sequence[Decision]) -> object:
    with workspace.batch():
        return tuple(workspace.record_decision(d) for d in decisions)


def _one_by_one_undo(workspace: Workspace, entry_ids: Sequence[int]) -> object:
    from desktop_app.workspace.records import Undone

    with workspace.batch():
        entries: list[AuditEntry] = []
        restored: dict[int, int] = {}
        for entry_id in entry_ids:
            undone = workspace.undo(entry_id)
            entries.extend(undone.entries)
            restored.update(undone.restored)
        return Undone(tuple(entries), restored)


@pytest.mark.parametrize("seed", range(40))
def test_random_accepts_rejects_and_undos_land_as_one_by_one(tmp_path: Path, seed: int) -> None:
    _history(tmp_path, seed)


def _history(tmp_path: Path, seed: int) -> set[str]:
    """Thirty random steps on two workspaces, one batched, one one by one, held equal at
    each; which of the rules' harder cases they went through."""
    rng = random.Random(seed)
    with (
        _workspace(tmp_path / "batch.reconcile") as batch,
        _workspace(tmp_path / "single.reconcile") as single,
    ):
        for _ in range(30):
            roll = rng.random()
            if roll < 0.45:
                decisions = [_random_decision(rng) for _ in range(rng.randint(1, 6))]
                got = _outcome(partial(batch.record_decisions, decisions))
                want = _outcome(partial(_one_by_one_record, single, decisions))
            elif roll < 0.9:
                held = [entry.id for entry in single.audit()]
                if not held:
                    continue
                ids = [rng.choice(held) for _ in range(rng.randint(1, 4))]
                if rng.random() < 0.05:
                    ids.append(max(held) + 7)  # no such entry
                got = _outcome(partial(batch.undo_all, ids))
                want = _outcome(partial(_one_by_one_undo, single, ids))
            else:  # an invoice changes amount: the decisions in force on it are flagged
                changed = [simple_invoice(rng.choice(INVOICES), f"{rng.randint(1, 300)}.00")]
                batch.save_invoices(PROVIDER, changed)
                single.save_invoices(PROVIDER, changed)
                continue
            assert got == want
            assert _state(batch) == _state(single)
        return _reached(single)


def _reached(workspace: Workspace) -> set[str]:
    """Which of the rules' harder cases a workspace's history went through."""
    trail = workspace.audit()
    cases = {
        "replaced": any(entry.replaces for entry in trail),
        "put back": any(entry.put_back for entry in trail),
        "flag carried back": any(
            item.entry.put_back for item in workspace.decisions_needing_review()
        ),
    }
    return {case for case, seen in cases.items() if seen}


def test_the_random_histories_reach_the_harder_cases(tmp_path: Path) -> None:
    """The seeds go through replacements, undos putting decisions back, and review flags
    carried back with them, not only the easy cases."""
    reached: set[str] = set()
    for seed in range(40):
        folder = tmp_path / str(seed)
        folder.mkdir()
        reached |= _history(folder, seed)
        if len(reached) == 3:
            break
    assert reached == {"replaced", "put back", "flag carried back"}


def _accept(invoice: str, row: int, reason: str = "") -> Decision:
    return Decision(DecisionKind.ACCEPT, (ikey(invoice),), (lkey(row),), reason=reason)


def _rows(workspace: Workspace) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the audit trail's tables, as the file holds them."""
    tables = (
        "decisions",
        "decision_invoices",
        "decision_lines",
        "decision_replaces",
        "decisions_in_force",
        "decision_restores",
        "review_flags",
    )
    with workspace._database.reading() as connection:
        return {
            t: sorted((tuple(row) for row in connection.execute(f"SELECT * FROM {t}")), key=repr)
            for t in tables
        }


def test_a_batch_refused_half_way_writes_nothing(tmp_path: Path) -> None:
    with _workspace(tmp_path / "book.reconcile") as workspace:
        workspace.record_decision(_accept("INV-1", 2))
        before = _rows(workspace)
        nothing_there = Decision(DecisionKind.UNMATCH, (ikey("INV-4"),), (lkey(5),))
        with pytest.raises(DecisionError, match="nothing to unmatch"):
            workspace.record_decisions(
                [_accept("INV-2", 3), _accept("INV-1", 4), nothing_there, _accept("INV-3", 5)]
            )
        assert _rows(workspace) == before


def test_a_failure_while_the_batch_is_written_writes_nothing(tmp_path: Path) -> None:
    """The disk refusing one of the batch's writes (here the put-backs', the last but
    one it makes) takes back the others: the undo lands whole or not at all."""
    with _workspace(tmp_path / "book.reconcile") as workspace:
        first = [
            workspace.record_decision(_accept(i, r, "kept"))
            for i, r in zip(INVOICES, ROWS, strict=True)
        ]
        over = workspace.record_decisions([_accept("INV-1", 3), _accept("INV-3", 5)])
        before = _rows(workspace)
        with workspace._database.transaction() as connection:
            connection.execute(
                "CREATE TEMP TRIGGER refuse BEFORE INSERT ON decision_restores"
                " BEGIN SELECT RAISE(ABORT, 'disk trouble'); END"
            )
        with pytest.raises(sqlite3.IntegrityError, match="disk trouble"):
            workspace.undo_all([entry.id for entry in over])
        assert _rows(workspace) == before
        with workspace._database.transaction() as connection:
            connection.execute("DROP TRIGGER temp.refuse")
        undone = workspace.undo_all([entry.id for entry in over])
    assert sorted(undone.restored) == [first[0].id, first[1].id, first[2].id, first[3].id]


def _selects(workspace: Workspace, action: Callable[[], object]) -> int:
    """How many queries reading the workspace ``action`` made."""
    asked: list[str] = []
    with workspace._database.reading() as connection:
        connection.set_trace_callback(asked.append)
    try:
        action()
    finally:
        with workspace._database.reading() as connection:
            connection.set_trace_callback(None)
    return sum(1 for sql in asked if sql.lstrip().upper().startswith("SELECT"))


def _bulk_queries(path: Path, count: int) -> tuple[int, int, int]:
    """The queries reading the workspace that recording, undoing and redoing ``count``
    accepts asks, half of them decided before."""
    with Workspace.create(path) as workspace:
        rows = range(2, count + 2)
        workspace.add_statement("march.csv", sha("m"), {}, [line(r, f"-{r}.00") for r in rows])
        accepts = [_accept(f"INV-{r}", r) for r in rows]
        workspace.record_decisions(accepts[: count // 2])
        entries: list[AuditEntry] = []
        record = _selects(workspace, lambda: entries.extend(workspace.record_decisions(accepts)))
        undo = _selects(workspace, lambda: workspace.undo_all([e.id for e in entries]))
        redo = _selects(workspace, lambda: workspace.record_decisions(accepts))
        assert len(workspace.effective_decisions()) == count
    return record, undo, redo


def test_a_batch_reads_the_workspace_a_few_times_however_many_decisions(tmp_path: Path) -> None:
    """Recording, undoing and redoing 160 accepts asks as many queries as 40 do: none
    is asked per decision (they were a dozen each, most of a bulk action's time)."""
    small = _bulk_queries(tmp_path / "small.reconcile", 40)
    large = _bulk_queries(tmp_path / "large.reconcile", 160)
    assert large == small
    assert max(small) < 40
