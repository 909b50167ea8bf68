"""The review session: each decision recorded when made; undo asks the trail to undo it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from desktop_app.domain import DecisionKind, MatchState
from desktop_app.ui.review import ReviewError
from desktop_app.ui.session import ReviewSession
from tests.ui import factories as f
from tests.ui.fakes import MemoryServices


@pytest.fixture
def trail() -> MemoryServices:
    return MemoryServices()


@pytest.fixture
def session(qapp, trail: MemoryServices) -> ReviewSession:
    clock = iter(datetime(2026, 3, 1, 9, minute, tzinfo=UTC) for minute in range(60))
    session = ReviewSession(
        trail.record_decision, trail.undo_decision, user="ann", clock=lambda: next(clock)
    )
    rec = f.reconciliation()
    session.load(rec.invoices, rec.lines, rec)
    return session


def _kinds(trail: MemoryServices) -> list[DecisionKind]:
    return [d.kind for d in trail.recorded]


def _suggested(session: ReviewSession):
    return next(m for m in session.matches if m.state is MatchState.SUGGESTED)


def test_accept_records_a_decision_and_undo_appends_unmatch(session, trail) -> None:
    proposal = _suggested(session)
    session.accept([proposal])
    assert session.invoice_state(proposal.invoices[0].key) is MatchState.ACCEPTED
    assert _kinds(trail) == [DecisionKind.ACCEPT]
    assert trail.recorded[0].user == "ann"
    assert trail.recorded[0].invoice_keys == proposal.invoice_keys
    session.undo_stack.undo()
    assert session.invoice_state(proposal.invoices[0].key) is MatchState.SUGGESTED
    assert _kinds(trail) == [DecisionKind.ACCEPT, DecisionKind.UNMATCH]
    assert trail.recorded[1].reason == "undo of #1"
    session.undo_stack.redo()
    assert session.invoice_state(proposal.invoices[0].key) is MatchState.ACCEPTED
    assert _kinds(trail) == [DecisionKind.ACCEPT, DecisionKind.UNMATCH, DecisionKind.ACCEPT]
    assert trail.recorded[2].at > trail.recorded[0].at


def test_reject_frees_the_items_and_undo_reopens_the_pairing(session, trail) -> None:
    proposal = _suggested(session)
    session.reject([proposal])
    assert session.invoice_state(proposal.invoices[0].key) is MatchState.REJECTED
    assert not session.index.invoice_reconciled(proposal.invoices[0].key)
    session.undo_stack.undo()
    assert _kinds(trail) == [DecisionKind.REJECT, DecisionKind.UNMATCH]
    assert session.invoice_state(proposal.invoices[0].key) is MatchState.SUGGESTED


def test_unmatch_removes_the_match_and_undo_restores_it(session, trail) -> None:
    accepted = next(m for m in session.matches if m.state is MatchState.ACCEPTED)
    session.unmatch([accepted])
    assert accepted not in session.matches
    assert session.invoice_state(accepted.invoices[0].key) is None
    session.undo_stack.undo()
    assert accepted in session.matches
    assert _kinds(trail) == [DecisionKind.UNMATCH, DecisionKind.ACCEPT]


def test_unmatch_withdraws_a_rejection_as_undoing_it_would_and_undo_rejects_again(
    session, trail
) -> None:
    """The same UNMATCH of the pairing that undoing the rejection records; the engine's
    suggestion the rejection replaced takes the Rejected row's place, as undoing it would
    bring it back (it used to vanish until the next run)."""
    proposal = _suggested(session)
    session.reject([proposal])
    rejected = next(m for m in session.matches if m.state is MatchState.REJECTED)
    session.unmatch([rejected])
    assert rejected not in session.matches
    assert proposal in session.matches
    assert session.invoice_state(rejected.invoices[0].key) is MatchState.SUGGESTED
    assert _kinds(trail) == [DecisionKind.REJECT, DecisionKind.UNMATCH]
    assert trail.recorded[1].pairing == trail.recorded[0].pairing
    assert session.undo_stack.undoText().startswith("Withdraw rejection of INV-00003")
    session.undo_stack.undo()
    assert proposal not in session.matches
    assert session.invoice_state(rejected.invoices[0].key) is MatchState.REJECTED
    assert _kinds(trail)[-1] is DecisionKind.REJECT
    session.undo_stack.redo()
    assert session.invoice_state(rejected.invoices[0].key) is MatchState.SUGGESTED
    assert _kinds(trail)[-1] is DecisionKind.UNMATCH


def test_a_withdrawn_rejection_leaves_the_pairing_free_beside_a_match_made_since(
    session, trail
) -> None:
    """Its invoice matched by hand to another line since: the engine would not propose the
    pairing beside that, so no row comes back and the next run decides."""
    proposal = _suggested(session)
    session.reject([proposal])
    rejected = next(m for m in session.matches if m.state is MatchState.REJECTED)
    session.match_by_hand(list(proposal.invoices), [session.lines[4]])
    session.unmatch([rejected])
    assert proposal not in session.matches
    assert rejected not in session.matches
    assert session.invoice_state(proposal.invoices[0].key) is MatchState.MANUAL
    assert session.line_state(proposal.lines[0].key) is None
    assert _kinds(trail)[-1] is DecisionKind.UNMATCH


def test_the_engines_own_match_is_rejected_not_unmatched(session, trail) -> None:
    auto = next(m for m in session.matches if m.state is MatchState.AUTO)
    with pytest.raises(ReviewError, match="reject it instead"):
        session.unmatch([auto])
    assert trail.recorded == []


def test_manual_match_of_one_line_to_two_invoices(session, trail) -> None:
    invoices = session.invoices[3:5]
    line = session.lines[3]
    session.match_by_hand(invoices, [line])
    manual = session.matches[-1]
    assert manual.state is MatchState.MANUAL
    assert set(manual.invoice_keys) == {i.key for i in invoices}
    assert trail.recorded[-1].kind is DecisionKind.MANUAL_MATCH
    session.undo_stack.undo()
    assert manual not in session.matches
    assert trail.recorded[-1].kind is DecisionKind.UNMATCH


def test_manual_match_supersedes_a_suggestion_and_undo_brings_it_back(session) -> None:
    proposal = _suggested(session)
    other_line = session.lines[4]
    session.match_by_hand(list(proposal.invoices), [other_line])
    assert proposal not in session.matches
    session.undo_stack.undo()
    assert proposal in session.matches


def test_many_to_many_and_already_matched_are_refused(session, trail) -> None:
    with pytest.raises(ReviewError, match="one invoice to several lines"):
        session.match_by_hand(session.invoices[3:5], session.lines[3:5])
    with pytest.raises(ReviewError, match="already matched: INV-00001"):
        session.match_by_hand(session.invoices[0:1], session.lines[5:6])
    with pytest.raises(ReviewError, match="already confirmed"):
        session.accept([m for m in session.matches if m.state is MatchState.ACCEPTED])
    assert trail.recorded == []
    assert session.undo_stack.count() == 0


def test_accepting_several_is_one_undo_step(session, trail) -> None:
    auto = next(m for m in session.matches if m.state is MatchState.AUTO)
    session.accept([auto, _suggested(session)])
    assert session.undo_stack.count() == 1
    session.undo_stack.undo()
    assert _kinds(trail).count(DecisionKind.UNMATCH) == 2
    assert auto in session.matches


def test_a_refused_decision_is_reported_and_not_applied(qapp, qtbot) -> None:
    def refuse(decision) -> int:
        raise OSError("disk full")

    session = ReviewSession(refuse, lambda entry: None, user="ann")
    rec = f.reconciliation()
    session.load(rec.invoices, rec.lines, rec)
    proposal = _suggested(session)
    with qtbot.waitSignal(session.record_failed) as failed:
        session.accept([proposal])
    assert "disk full" in failed.args[0]
    assert session.invoice_state(proposal.invoices[0].key) is MatchState.SUGGESTED
    assert session.undo_stack.count() == 0


def test_a_new_run_clears_the_undo_history(session) -> None:
    session.accept([_suggested(session)])
    assert session.is_stale()
    session.set_reconciliation(f.reconciliation())
    assert session.undo_stack.count() == 0
    assert not session.is_stale()
