"""The engine's matches are logged as a batch, with the entries of one by one.

Each matching run logs its AUTO matches (``Workspace.record_engine_matches``); a pairing
whose latest entry is the engine's match already is not logged again. Each match used to
be looked up (``latest_on_pairing`` below) and written (``decision_log.record``)
with its own queries: 20,000 matches, 20,000 lookups. They are now looked up at once
(``decision_log.latest_kinds``) and written together (``decision_log.Batch``). These tests
hold the batch to the one-by-one path, kept here as it was, on real workspace files.
"""

from __future__ import annotations

import contextlib
import random
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop_app.domain import Decision, DecisionKind, Match, MatchState
from desktop_app.workspace import Workspace, decision_log
from desktop_app.workspace.errors import DecisionError
from desktop_app.workspace.records import AuditEntry
from tests.workspace.factories import PROVIDER, ikey, line, lkey, sha, simple_invoice

INVOICES = ("INV-1", "INV-2", "INV-3", "INV-4")
ROWS = (2, 3, 4, 5)


def _workspace(path: Path) -> Workspace:
    workspace = Workspace.create(path)
    workspace.save_invoices(PROVIDER, [simple_invoice(i) for i in INVOICES])
    march = [line(row, f"-{row}.00", day=row) for row in ROWS]
    workspace.add_statement("march.csv", sha("march"), {"format": "csv"}, march)
    return workspace


def latest_on_pairing(
    connection: sqlite3.Connection, decision: Decision
) -> tuple[int, Decision] | None:
    """The most recent entry about exactly this pairing, the engine's too: how
    ``record_engine_matches`` looked each match up before ``decision_log.latest_kinds``."""
    id_query, parameters = decision_log.touching_sql(decision.invoice_keys[0], None)
    pairing = decision.pairing
    found = [
        (entry_id, candidate)
        for entry_id, candidate in decision_log.load_decisions(
            connection, id_query, parameters
        ).items()
        if candidate.pairing == pairing
    ]
    return found[-1] if found else None


def one_by_one(workspace: Workspace, matches: Sequence[Match]) -> tuple[AuditEntry, ...]:
    """``record_engine_matches`` as it was: each AUTO match looked up and recorded alone."""
    entries: list[AuditEntry] = []
    with workspace._database.transaction() as connection:
        for match in matches:
            if match.state is not MatchState.AUTO:
                continue
            decision = Decision(
                DecisionKind.ENGINE_MATCH,
                match.invoice_keys,
                match.line_keys,
                reason=f"score {match.score:.2f}: {match.explanation}",
            )
            latest = latest_on_pairing(connection, decision)
            if latest is not None and latest[1].kind is DecisionKind.ENGINE_MATCH:
                continue
            entries.append(decision_log.record(connection, decision, datetime.now(UTC)))
    return tuple(entries)


def _match(rng: random.Random) -> Match:
    invoices = rng.sample(INVOICES, rng.choice((1, 1, 2)))
    rows = rng.sample(ROWS, rng.choice((1, 1, 2)))
    return Match(
        invoices=tuple(simple_invoice(i) for i in invoices),
        lines=tuple(line(r, f"-{r}.00", day=r) for r in rows),
        score=rng.choice((0.91, 0.8765, 1.0)),
        signals=(),
        explanation=rng.choice(("reference and amount agree", "amount agrees")),
        state=rng.choice((MatchState.AUTO, MatchState.AUTO, MatchState.SUGGESTED)),
    )


def _decision(rng: random.Random) -> Decision:
    invoices = tuple(ikey(i) for i in rng.sample(INVOICES, rng.choice((1, 1, 2))))
    rows = tuple(lkey(r) for r in rng.sample(ROWS, rng.choice((1, 1, 2))))
    kind = rng.choice((DecisionKind.ACCEPT, DecisionKind.REJECT, DecisionKind.UNMATCH))
    return Decision(kind, invoices, rows, reason="by hand")


def _timeless(entries: Sequence[AuditEntry]) -> list[AuditEntry]:
    return [replace(e, decision=replace(e.decision, at=None)) for e in entries]


def _tried(action: Callable[[], object]) -> None:
    with contextlib.suppress(DecisionError):  # an unmatch of nothing: refused on both files
        action()


@pytest.mark.parametrize("seed", range(25))
def test_runs_and_decisions_between_them_log_as_one_by_one(tmp_path: Path, seed: int) -> None:
    """Runs of random matches (some the same pairing twice, some suggestions), with the
    accountant's decisions and undos between them: the same entries logged, the same
    trail, on two files."""
    rng = random.Random(seed)
    with (
        _workspace(tmp_path / "batch.reconcile") as batch,
        _workspace(tmp_path / "single.reconcile") as single,
    ):
        for _ in range(12):
            roll = rng.random()
            if roll < 0.5:
                matches = [_match(rng) for _ in range(rng.randint(1, 6))]
                if rng.random() < 0.3:
                    matches.append(matches[0])  # a pairing twice in one run
                got = batch.record_engine_matches(matches)
                want = one_by_one(single, matches)
                assert _timeless(got) == _timeless(want)
            elif roll < 0.8:
                decision = _decision(rng)
                _tried(lambda d=decision: batch.record_decision(d))
                _tried(lambda d=decision: single.record_decision(d))
            else:
                mine = [
                    e.id
                    for e in single.audit()
                    if e.in_force and e.decision.kind is not DecisionKind.ENGINE_MATCH
                ]
                if mine:
                    entry_id = rng.choice(mine)
                    batch.undo(entry_id)
                    single.undo(entry_id)
            assert _timeless(batch.audit()) == _timeless(single.audit())


def test_a_pairing_decided_since_its_engine_match_is_logged_again(tmp_path: Path) -> None:
    """Logged once; not again while its latest entry is the engine's; again after a
    decision of the accountant's on it, and once only in a run naming it twice."""
    match = Match((simple_invoice("INV-1"),), (line(2, "-2.00", day=2),), 0.9, (), "ok")
    with _workspace(tmp_path / "book.reconcile") as workspace:
        assert len(workspace.record_engine_matches([match])) == 1
        assert workspace.record_engine_matches([match, match]) == ()
        workspace.record_decision(Decision(DecisionKind.REJECT, (ikey("INV-1"),), (lkey(2),)))
        again = workspace.record_engine_matches([match, match])
        assert [e.decision.kind for e in again] == [DecisionKind.ENGINE_MATCH]
        assert not again[0].in_force
        assert [d.kind for d in workspace.effective_decisions()] == [DecisionKind.REJECT]


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


def _engine_queries(path: Path, count: int) -> tuple[int, int]:
    """The queries logging ``count`` matches asks, half of them logged before, then again
    with every one logged."""
    rows = range(2, count + 2)
    matches = [
        Match((simple_invoice(f"INV-{r}"),), (line(r, "-1.00"),), 0.9, (), "ok") for r in rows
    ]
    with Workspace.create(path) as workspace:
        workspace.add_statement("march.csv", sha("m"), {}, [line(r, "-1.00") for r in rows])
        workspace.record_engine_matches(matches[: count // 2])
        first = _selects(workspace, lambda: workspace.record_engine_matches(matches))
        again = _selects(workspace, lambda: workspace.record_engine_matches(matches))
        assert len(workspace.audit()) == count
    return first, again


def test_logging_a_run_reads_the_workspace_a_few_times_however_many_matches(
    tmp_path: Path,
) -> None:
    """Logging 160 matches asks as many queries as 40 do: none per match (they were four
    each, one lookup and a read back)."""
    small = _engine_queries(tmp_path / "small.reconcile", 40)
    large = _engine_queries(tmp_path / "large.reconcile", 160)
    assert large == small
    assert max(small) < 20
