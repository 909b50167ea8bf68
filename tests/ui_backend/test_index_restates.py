"""A row restated (accepted, rejected, their undo) is held in the index as a removal of
the old row then an addition of the new one would hold it: each invoice's and line's
matches in the same order, the same counts of reconciling matches, the pairing handed
on. The index now puts the new row in the old one's place directly (a bulk step
restates 20,000 rows), so it is checked against the two steps taken one after the other,
through every kind of restatement and its undo, on the real engine's run of a month."""

from __future__ import annotations

import pytest

from desktop_app.domain import MatchState
from desktop_app.ui import review
from desktop_app.ui.review import MatchIndex, ReviewChange, RunRows
from tests.ui_backend.landing_world import AT, World, world


@pytest.fixture(scope="module")
def month() -> World:
    return world()


def _step_by_step(index: MatchIndex, change: ReviewChange) -> None:
    """``change`` applied as a removal, then an addition with the pairing handed on."""
    pairings = {id(m): index.remove(m) for m in change.removed}
    (old,) = change.removed
    for match in change.added:
        index.add(match, pairings.get(id(old)))


def _same(one: MatchIndex, other: MatchIndex, month: World) -> None:
    for line in month.lines:
        assert [id(m) for m in one.for_line(line.key)] == [id(m) for m in other.for_line(line.key)]
        assert one.line_reconciled(line.key) is other.line_reconciled(line.key)
    for invoice in month.invoices:
        key = invoice.key
        assert [id(m) for m in one.for_invoice(key)] == [id(m) for m in other.for_invoice(key)]
        assert one.invoice_reconciled(key) is other.invoice_reconciled(key)
        assert one.offered_by_hand(key) is other.offered_by_hand(key)


def test_a_restated_row_is_held_as_a_removal_then_an_addition_would_hold_it(
    month: World,
) -> None:
    rows = RunRows.of(month.run, month.decisions)
    direct, stepped = MatchIndex(rows.rows), MatchIndex(rows.rows)  # the very same rows
    auto = [m for m in rows.rows if m.state is MatchState.AUTO]
    suggested = [m for m in rows.rows if m.state is MatchState.SUGGESTED]
    assert len(auto) >= 2
    changes = [
        review.accept(auto[0], "ann", AT, stepped),
        review.reject(auto[1], "ann", AT),  # reconciles no more: not restated in place
    ]
    if suggested:
        changes.append(review.reject(suggested[0], "ann", AT))
    changes += [change.inverse() for change in reversed(changes)]
    for change in changes:
        if len(change.removed) != 1 or len(change.added) != 1:
            continue  # a rival taken off with it: not a restatement
        direct.apply(change)
        _step_by_step(stepped, change)
        _same(direct, stepped, month)
        for match in change.added:
            assert direct.pairing_of(match) == stepped.pairing_of(match) == review.match_key(match)
