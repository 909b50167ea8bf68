"""A run's rows made ready where the run is made (``RunRows``), and an index that keeps
each row's pairing through the review's steps.

After an export, comparing the rows shown with the export's run built every row's
pairing on the GUI thread (5 s at 100,000 matches). The run's worker now makes its rows,
their pairings and their index; the index then keeps each row's pairing as steps change
the rows, so the next comparison builds none. Here, without Qt: the rows are a run's as
the screen shows them, and a pairing kept is always the row's own.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime

from desktop_app.domain import Decision, DecisionKind, Match, MatchState, Reconciliation
from desktop_app.ui import review
from desktop_app.ui.review import MatchIndex, ReviewChange, RunRows, match_key
from tests.ui import factories as f

AT = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _rejection(match: Match) -> Decision:
    return Decision(DecisionKind.REJECT, match.invoice_keys, match.line_keys, "", "ann", AT)


def test_a_runs_rows_are_its_matches_then_the_rejections_in_force_each_by_pairing() -> None:
    run = f.reconciliation()
    refused = f.match(run.invoices[4], run.lines[4])  # the engine left it out
    decisions = [_rejection(refused), _rejection(run.matches[0])]  # the second: it lists it

    rows = RunRows.of(run, decisions)

    assert rows.reconciliation is run
    assert rows.rows[:3] == list(run.matches)
    (rejected,) = rows.rows[3:]
    assert match_key(rejected) == match_key(refused)
    assert rejected.state is MatchState.REJECTED
    assert rows.by_pairing == {match_key(row): row for row in rows.rows}
    assert rows.index.pairings(rows.rows) == [match_key(row) for row in rows.rows]
    assert rows.index.for_invoice(run.invoices[4].key) == [rejected]
    assert rows.index.line_state(run.lines[0].key) is MatchState.AUTO


def test_two_rows_of_one_pairing_leave_one_by_pairing() -> None:
    """As the comparison read them before: ``adopt_run`` refuses such a run."""
    run = f.reconciliation()
    twice = Reconciliation(run.invoices, run.lines, (*run.matches, run.matches[0]), ())
    rows = RunRows.of(twice, ())
    assert len(rows.rows) == 4
    assert len(rows.by_pairing) == 3


def _step(
    rows: list[Match], spare: list[Match], index: MatchIndex, draw: random.Random
) -> ReviewChange | None:
    """One review action on a random row shown (or an invoice and a line of two), as the
    session would apply it; None when the one drawn makes no sense there. An unmatch may
    give back one of the engine's ``spare`` rows, not shown (``proposal_back``)."""
    match = draw.choice(rows)
    try:
        action = draw.choice(["accept", "reject", "unmatch", "manual"])
        if action == "accept":
            return review.accept(match, "ann", AT, index)
        if action == "reject":
            return review.reject(match, "ann", AT)
        if action == "unmatch":
            return review.unmatch(match, "ann", AT, draw.choice([None, *spare]))
        other = draw.choice(rows)
        return review.manual_match(list(match.invoices), list(other.lines), index, "ann", AT)
    except review.ReviewError:
        return None


def test_the_index_keeps_each_rows_own_pairing_through_steps_and_their_undo() -> None:
    """Whatever the steps (a row restated, matched by hand, unmatched with the engine's
    row given back) and however they are undone, the pairing kept for each row shown is
    the one its invoices and lines make."""
    draw = random.Random(11)
    run = f.reconciliation(12)
    extra = tuple(f.match(run.invoices[k], run.lines[k]) for k in range(3, 10))
    run = Reconciliation(run.invoices, run.lines, (*run.matches, *extra), ())
    for _ in range(40):
        made = RunRows.of(run, ())
        rows, index = list(made.rows), made.index
        done: list[ReviewChange] = []
        for _ in range(draw.randint(1, 25)):
            undo = done and draw.random() < 0.3
            shown = {id(m) for m in rows}
            spare = [m for m in run.matches if id(m) not in shown]
            change = done.pop().inverse() if undo else _step(rows, spare, index, draw)
            if change is None:
                continue
            index.apply(change)
            gone = {id(m) for m in change.removed}
            rows = [m for m in rows if id(m) not in gone] + list(change.added)
            if not undo:
                done.append(change)
            assert index.pairings(rows) == [match_key(m) for m in rows]
