"""The index of the rows shown counts, for each invoice and line, the matches holding it
that reconcile: whether one is reconciled, and the Unmatched panels' rows, are read off
the counts, not worked out from its matches each time (200,000 lines, one by one, on the
GUI thread). The counts say what the matches say, through every review step and its undo,
on the real engine's run of a month with decisions of every kind."""

from __future__ import annotations

import pytest

from desktop_app.domain import MatchState
from desktop_app.ui import review
from desktop_app.ui.review import MatchIndex, RunRows
from tests.ui_backend.landing_world import AT, World, world


@pytest.fixture(scope="module")
def month() -> World:
    return world()


def _agrees(index: MatchIndex, month: World) -> None:
    """What the index says is reconciled is what the matches it holds say."""
    for line in month.lines:
        reconciled = any(m.state.reconciles for m in index.for_line(line.key))
        assert index.line_reconciled(line.key) is reconciled, line.key
    for invoice in month.invoices:
        reconciled = any(m.state.reconciles for m in index.for_invoice(invoice.key))
        assert index.invoice_reconciled(invoice.key) is reconciled, invoice.key
        offered = not reconciled or index.still_owes(invoice.key) is not None
        assert index.offered_by_hand(invoice.key) is offered


def test_the_index_says_what_its_matches_say_through_every_step(month: World) -> None:
    """The counts the index keeps of each invoice's and line's reconciling matches
    follow each change and its undo: an accept, a rejection (its lines and invoice no
    longer reconciled), an unmatch of an acceptance (the engine's row back), a match by
    hand of what was open."""
    rows = RunRows.of(month.run, month.decisions)
    index = rows.index
    _agrees(index, month)
    auto = [m for m in rows.rows if m.state is MatchState.AUTO]
    accepted = review.accept(auto[0], "ann", AT, index)
    index.apply(accepted)
    _agrees(index, month)
    rejected = review.reject(auto[1], "ann", AT)
    index.apply(rejected)
    _agrees(index, month)
    assert not index.line_reconciled(auto[1].lines[0].key)
    (row,) = accepted.added
    unmatched = review.unmatch(row, "ann", AT, back=auto[0])
    index.apply(unmatched)
    _agrees(index, month)
    invoice = next(i for i in month.invoices if index.offered_by_hand(i.key))
    line = next(line for line in month.lines if not index.line_reconciled(line.key))
    by_hand = review.manual_match([invoice], [line], index, "ann", AT)
    index.apply(by_hand)
    _agrees(index, month)
    assert index.line_reconciled(line.key)
    for change in (by_hand, unmatched, rejected, accepted):
        index.apply(change.inverse())
        _agrees(index, month)
    open_lines = [
        id(line)
        for line in month.lines
        if not any(m.state.reconciles for m in index.for_line(line.key))
    ]
    assert [id(line) for line in index.open_lines(month.lines)] == open_lines
    offered = [id(i) for i in month.invoices if index.offered_by_hand(i.key)]
    assert [id(i) for i in index.offered_invoices(month.invoices)] == offered
