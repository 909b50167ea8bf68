"""The review session: each decision recorded when made; undo asks the trail to undo it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from desktop_app.domain import Decision, DecisionKind, Match, MatchState
from desktop_app.ui.review import ReviewChange, ReviewError, describe, match_key, noted
from desktop_app.ui.session import ReviewSession
from desktop_app.workspace import Workspace
from tests.disks import no_room, workspace_folder
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


def test_already_matched_and_already_confirmed_are_refused(session, trail) -> None:
    with pytest.raises(ReviewError, match="already matched: INV-00001"):
        session.match_by_hand(session.invoices[0:1], session.lines[5:6])
    with pytest.raises(ReviewError, match="already confirmed"):
        session.accept([m for m in session.matches if m.state is MatchState.ACCEPTED])
    assert trail.recorded == []
    assert session.undo_stack.count() == 0


class _Asked:
    """A ``confirm`` for ``match_by_hand``: answers ``answer``, keeps each question."""

    def __init__(self, answer: bool) -> None:
        self.answer = answer
        self.questions: list[str] = []

    def __call__(self, question: str) -> bool:
        self.questions.append(question)
        return self.answer


def test_an_already_matched_invoice_known_only_by_its_link_is_named_by_its_period(
    qapp, trail: MemoryServices
) -> None:
    """Versori gives no number: the refusal names the period the window shows, not the
    120-character link that stands in for the number."""
    link = "https://invoice.stripe.com/i/acct_1Abc/test_YWNjdF8xQWJj?s=ap"
    rec = f.reconciliation()
    linked = replace(
        rec.invoices[0],
        number=link,
        invoice_id=link,
        document_url=link,
        period_start=date(2025, 8, 19),
        period_end=date(2025, 9, 18),
    )
    matches = (replace(rec.matches[0], invoices=(linked,)), *rec.matches[1:])
    rec = replace(rec, invoices=(linked, *rec.invoices[1:]), matches=matches)
    session = ReviewSession(trail.record_decision, trail.undo_decision, user="ann")
    session.load(rec.invoices, rec.lines, rec)
    with pytest.raises(ReviewError) as refused:
        session.match_by_hand([linked], session.lines[5:6])
    assert str(refused.value) == ("already matched: period 2025-08-19 to 2025-09-18; unmatch first")


def test_a_match_by_hand_beyond_the_tolerance_is_asked_first_and_no_decides_nothing(
    session, trail
) -> None:
    """INV-00004 (£400.00) with the line of £500.00 out: £100.00 over, beyond the £12.00
    the run tolerates. Asked; No records nothing and leaves no undo step."""
    invoice, line = session.invoices[3], session.lines[4]
    declined = _Asked(False)
    assert session.match_by_hand([invoice], [line], declined) is None
    (question,) = declined.questions
    assert question == (
        "Match INV-00004 ↔ bank.csv:6 by hand?\n\n"
        "• A difference of £100.00: more than the £12.00 matching tolerates "
        "(£2.00 or 3 % of £400.00, whichever is larger).\n\n"
        "Match them all the same?"
    )
    assert trail.recorded == []
    assert session.undo_stack.count() == 0
    assert session.invoice_state(invoice.key) is None

    made = session.match_by_hand([invoice], [line], _Asked(True))
    assert made is not None
    assert made in session.matches
    assert made.explanation == (
        "matched by hand by ann; paid £500.00 out for £400.00 invoiced: a difference of £100.00"
    )
    assert _kinds(trail) == [DecisionKind.MANUAL_MATCH]
    session.undo_stack.undo()
    assert made not in session.matches
    assert _kinds(trail) == [DecisionKind.MANUAL_MATCH, DecisionKind.UNMATCH]


def test_a_match_by_hand_is_judged_by_the_tolerance_of_the_run_shown(session, trail) -> None:
    """A run made with a £150.00 tolerance tolerates the £100.00: nothing is asked."""
    run = session.reconciliation
    wider = replace(run, settings={**run.settings, "amount_tolerance_absolute": "150.00"})
    session.set_reconciliation(wider)
    never = _Asked(False)
    assert session.match_by_hand([session.invoices[3]], [session.lines[4]], never) is not None
    assert never.questions == []
    assert _kinds(trail) == [DecisionKind.MANUAL_MATCH]


def test_a_selection_that_cannot_be_matched_is_refused_before_anything_is_asked(
    session, trail
) -> None:
    asked = _Asked(True)
    with pytest.raises(ReviewError, match="already matched: INV-00001"):
        session.match_by_hand(session.invoices[0:1], session.lines[5:6], asked)
    assert asked.questions == []
    assert trail.recorded == []


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


def _session_on(workspace: Workspace, bulk: bool = False) -> ReviewSession:
    """A session that saves into a real workspace, as the window's does (``bulk``: with
    the workspace's commit of several decisions together, as the window's)."""
    session = ReviewSession(
        lambda decision: workspace.record_decision(decision).id,
        lambda entry: workspace.undo(entry).restored,
        user="ann",
        record_all=(lambda ds: [e.id for e in workspace.record_decisions(ds)]) if bulk else None,
        undo_all=(lambda entries: workspace.undo_all(entries).restored) if bulk else None,
    )
    rec = f.reconciliation()
    session.load(rec.invoices, rec.lines, rec)
    return session


def _in_force(workspace: Workspace) -> list[DecisionKind]:
    return [decision.kind for decision in workspace.effective_decisions()]


@pytest.mark.parametrize(("selected", "bulk"), [(1, False), (2, False), (2, True)])
def test_an_undo_that_cannot_be_saved_leaves_the_screen_and_the_stack_as_they_were(
    qapp, tmp_path: Path, selected: int, bulk: bool
) -> None:
    """On a full disk the screen showed the accept undone while the workspace kept it
    (the next run and the export applied it), and the stack offered Redo: after a Redo,
    once the disk was freed, the next Undo wrote nothing. The undo is still to be done."""
    with workspace_folder(tmp_path) as folder, Workspace.create(folder / "w.db") as workspace:
        session = _session_on(workspace, bulk)
        banners: list[str] = []
        session.record_failed.connect(lambda text, _details: banners.append(text))
        chosen = [m for m in session.matches if m.state is not MatchState.ACCEPTED][:selected]
        keys = [match.invoices[0].key for match in chosen]
        session.accept(chosen)
        step = session.undo_stack.undoText()
        with no_room(folder, workspace) as (_error, cause):
            session.undo_stack.undo()
            assert [session.invoice_state(key) for key in keys] == [MatchState.ACCEPTED] * selected
            assert _in_force(workspace) == [DecisionKind.ACCEPT] * selected
            assert (session.undo_stack.undoText(), session.undo_stack.canRedo()) == (step, False)
            assert len(banners) == 1  # one for the step, however many it undoes
            text = chosen[0].invoices[0].number if selected == 1 else f"{selected} matches”"
            assert banners[-1].startswith(f"could not save “Undo: Accept {text}")
            assert "still stand" in banners[-1]
            assert "the next run and the export apply" in banners[-1]
            assert cause in banners[-1]
            session.undo_stack.redo()  # nothing to redo: nothing written, nothing shown
        session.undo_stack.undo()
        assert [session.invoice_state(key) for key in keys] == [m.state for m in chosen]
        assert _in_force(workspace) == []
        assert len(banners) == 1
        assert (session.undo_stack.canUndo(), session.undo_stack.redoText()) == (False, step)


def test_a_redo_that_cannot_be_saved_leaves_the_screen_and_the_stack_as_they_were(
    qapp, tmp_path: Path
) -> None:
    """A refused redo showed the accept though the workspace did not hold it, and the
    stack offered to undo it: an undo that then wrote nothing."""
    with workspace_folder(tmp_path) as folder, Workspace.create(folder / "w.db") as workspace:
        session = _session_on(workspace)
        banners: list[str] = []
        session.record_failed.connect(lambda text, _details: banners.append(text))
        proposal = _suggested(session)
        session.accept([proposal])
        session.undo_stack.undo()
        with no_room(folder, workspace) as (_error, cause):
            session.undo_stack.redo()
            assert session.invoice_state(proposal.invoices[0].key) is MatchState.SUGGESTED
            assert _in_force(workspace) == []
            assert session.undo_stack.redoText().startswith("Accept INV-00003")
            assert not session.undo_stack.canUndo()
            assert banners[-1].startswith("could not save “Redo: Accept INV-00003")
            assert "so it is not applied" in banners[-1]
            assert cause in banners[-1]
        session.undo_stack.redo()
        assert session.invoice_state(proposal.invoices[0].key) is MatchState.ACCEPTED
        assert _in_force(workspace) == [DecisionKind.ACCEPT]
        assert len(banners) == 1


def _writes(workspace: Workspace) -> list[str]:
    """Every write transaction the workspace starts from now on."""
    writes: list[str] = []
    workspace._database._require().set_trace_callback(
        lambda sql: writes.append(sql) if sql == "BEGIN IMMEDIATE" else None
    )
    return writes


def test_a_decision_on_several_matches_is_saved_in_one_commit(qapp, tmp_path: Path) -> None:
    """Each decision was committed on its own, each commit waiting for the disk: 21 s for
    8,000 matches. One action's decisions are now committed together, and so are their
    undo and redo; the trail holds each decision as before."""
    with Workspace.create(tmp_path / "w.db") as workspace:
        session = _session_on(workspace, bulk=True)
        chosen = [m for m in session.matches if m.state is not MatchState.ACCEPTED]
        writes = _writes(workspace)
        session.accept(chosen)
        assert len(writes) == 1
        assert _in_force(workspace) == [DecisionKind.ACCEPT] * len(chosen)
        session.undo_stack.undo()
        assert len(writes) == 2
        assert _in_force(workspace) == []
        assert [session.invoice_state(m.invoices[0].key) for m in chosen] == [
            m.state for m in chosen
        ]
        session.undo_stack.redo()
        assert len(writes) == 3
        assert _in_force(workspace) == [DecisionKind.ACCEPT] * len(chosen)
        assert _trail(workspace) == [
            *[DecisionKind.ACCEPT] * len(chosen),
            *[DecisionKind.UNMATCH] * len(chosen),
            *[DecisionKind.ACCEPT] * len(chosen),
        ]


def test_several_decisions_the_disk_refuses_are_reported_once_and_none_shown(
    qapp, tmp_path: Path
) -> None:
    """Refused together, the decisions are tried one by one (any the disk takes is
    saved), the refusals reported once for the step, with their count and cause (one
    banner per decision buried the window), and nothing is shown or offered to undo."""
    with workspace_folder(tmp_path) as folder, Workspace.create(folder / "w.db") as workspace:
        session = _session_on(workspace, bulk=True)
        banners: list[str] = []
        session.record_failed.connect(lambda text, _details: banners.append(text))
        chosen = [m for m in session.matches if m.state is not MatchState.ACCEPTED]
        with no_room(folder, workspace) as (_error, cause):
            session.accept(chosen)
        assert len(chosen) > 1
        (banner,) = banners
        assert banner.startswith(
            f"could not save “Accept {len(chosen)} matches” (its {len(chosen)} decisions), "
            "so it is not applied: "
        )
        assert cause in banner
        assert [session.invoice_state(m.invoices[0].key) for m in chosen] == [
            m.state for m in chosen
        ]
        assert session.undo_stack.count() == 0
        assert _in_force(workspace) == []


def _trail(workspace: Workspace) -> list[DecisionKind]:
    return [entry.decision.kind for entry in workspace.audit()]


def test_each_decision_keeps_the_accountants_note_and_a_redo_keeps_it_too(
    qapp, tmp_path: Path
) -> None:
    """Why the accountant decided ("paid by the parent company") is kept in the decision's
    reason in the workspace, whitespace tidied; a note left empty adds nothing."""
    with Workspace.create(tmp_path / "notes.reconcile") as workspace:
        session = _session_on(workspace)
        first = _suggested(session)
        second = next(m for m in session.matches if m is not first and not m.decided_by_user)
        session.accept([first], note="  paid by the\nparent company ")
        session.reject([second], note="refund, not a payment")
        session.match_by_hand(session.invoices[3:4], [session.lines[3]], note="split later")
        session.undo_stack.undo()
        session.undo_stack.redo()

        reasons = [(d.kind, d.reason) for d in workspace.effective_decisions()]

    assert reasons == [
        (DecisionKind.ACCEPT, "paid by the parent company"),
        (DecisionKind.REJECT, "refund, not a payment"),
        (DecisionKind.MANUAL_MATCH, "split later"),
    ]


def test_a_note_follows_the_reason_a_flagged_decision_confirmed_again_gives() -> None:
    decision = Decision(DecisionKind.ACCEPT, (f.invoice(1).key,), (f.line(2, "-1.00").key,))
    change = ReviewChange((), (), replace(decision, reason="confirmed again: X"), "Accept")
    assert noted(change, "checked with AP").decision.reason == "confirmed again: X; checked with AP"
    assert noted(change, " \n").decision.reason == "confirmed again: X"


def _rivals(session: ReviewSession) -> tuple[Match, Match, Match]:
    """Invoices 4 and 5 suggested for one line (which of the two?), and invoice 6
    suggested for a line the engine matched to invoice 1."""
    rec = f.reconciliation()
    invoices, lines = rec.invoices, rec.lines
    one = f.match(invoices[3], lines[3], state=MatchState.SUGGESTED, score=0.45)
    other = f.match(invoices[4], lines[3], state=MatchState.SUGGESTED, score=0.44)
    taken = f.match(invoices[5], lines[0], state=MatchState.SUGGESTED, score=0.41)
    session.load(invoices, lines, replace(rec, matches=(*rec.matches, one, other, taken)))
    return one, other, taken


def test_accepting_one_of_two_rival_suggestions_takes_the_other_off_and_undo_back(
    session, trail
) -> None:
    """Accepted one after the other, two rivals were two decisions on one payment, and the
    matcher kept only the later: the first accept silently vanished."""
    one, other, _ = _rivals(session)

    session.accept([one], note="")

    assert other not in session.matches  # nothing left to decide on that payment
    assert session.line_state(one.line_keys[0]) is MatchState.ACCEPTED
    session.undo_stack.undo()
    assert other in session.matches
    assert one in session.matches


def test_a_suggestion_whose_line_is_matched_already_is_refused(session, trail) -> None:
    _, _, taken = _rivals(session)
    with pytest.raises(ReviewError, match=r"INV-00001 .* is already matched; unmatch or reject"):
        session.accept([taken])
    assert trail.recorded == []


def test_two_rivals_accepted_together_are_refused_as_a_whole(session, trail) -> None:
    one, other, _ = _rivals(session)
    with pytest.raises(ReviewError, match=r"accept one of them: .* share line"):
        session.accept([one, other])
    assert trail.recorded == []
    assert one in session.matches
    assert other in session.matches


def test_a_rival_of_two_rows_accepted_together_comes_back_once_on_undo(session) -> None:
    """A suggestion touching the invoice of one row and the line of the other is taken
    off once, and undo brings it back once, not twice."""
    rec = f.reconciliation()
    invoices, lines = rec.invoices, rec.lines
    one = f.match(invoices[3], lines[3], state=MatchState.SUGGESTED, score=0.45)
    two = f.match(invoices[4], lines[4], state=MatchState.SUGGESTED, score=0.44)
    both = f.match(invoices[3], lines[4], state=MatchState.SUGGESTED, score=0.42)
    session.load(invoices, lines, replace(rec, matches=(*rec.matches, one, two, both)))

    session.accept([one, two])
    assert both not in session.matches
    session.undo_stack.undo()

    assert session.matches.count(both) == 1
    assert session.index.for_invoice(invoices[3].key).count(both) == 1
    assert session.index.for_line(lines[4].key).count(both) == 1


def test_unmatching_an_accepted_suggestion_gives_the_suggestion_back(session, trail) -> None:
    """As withdrawing a rejection does: the pairing is pending again, as the run proposed
    it, where the invoice used to have no row until the next run."""
    proposal = _suggested(session)
    session.accept([proposal])
    accepted = next(m for m in session.matches if m.invoices == proposal.invoices)
    session.unmatch([accepted])
    assert proposal in session.matches
    assert accepted not in session.matches
    assert session.invoice_state(proposal.invoices[0].key) is MatchState.SUGGESTED
    assert _kinds(trail) == [DecisionKind.ACCEPT, DecisionKind.UNMATCH]
    session.undo_stack.undo()
    assert proposal not in session.matches
    assert session.invoice_state(proposal.invoices[0].key) is MatchState.ACCEPTED
    session.undo_stack.redo()
    assert session.invoice_state(proposal.invoices[0].key) is MatchState.SUGGESTED


@pytest.mark.parametrize("bulk", [False, True])
def test_a_pairing_decided_three_times_is_undone_and_redone_step_by_step(
    qapp, tmp_path: Path, bulk: bool
) -> None:
    """Reject, withdraw the rejection, accept: each undo steps back one decision in the
    workspace too (the second used to be refused, and so the history stuck), and each
    redo forward again."""
    with Workspace.create(tmp_path / "w.db") as workspace:
        session = _session_on(workspace, bulk)
        refused: list[str] = []
        session.record_failed.connect(lambda text, _details: refused.append(text))
        proposal = _suggested(session)
        key = proposal.invoices[0].key

        def row(state: MatchState) -> Match:
            (shown,) = [m for m in session.matches if m.invoices == proposal.invoices]
            assert shown.state is state
            return shown

        session.reject([proposal])
        session.unmatch([row(MatchState.REJECTED)])
        session.accept([row(MatchState.SUGGESTED)])

        seen = []
        for _ in range(3):
            session.undo_stack.undo()
            seen.append((session.invoice_state(key), _in_force(workspace)))
        assert seen == [
            (MatchState.SUGGESTED, []),
            (MatchState.REJECTED, [DecisionKind.REJECT]),
            (MatchState.SUGGESTED, []),
        ]
        assert not session.undo_stack.canUndo()
        seen = []
        for _ in range(3):
            session.undo_stack.redo()
            seen.append((session.invoice_state(key), _in_force(workspace)))
        assert seen == [
            (MatchState.REJECTED, [DecisionKind.REJECT]),
            (MatchState.SUGGESTED, []),
            (MatchState.ACCEPTED, [DecisionKind.ACCEPT]),
        ]
        assert refused == []


def test_a_withdrawn_rejection_stays_off_a_line_its_rival_was_accepted_on_since(
    session, trail
) -> None:
    """Two suggestions for one payment: the accountant rejects one, then accepts the
    other. Withdrawing the rejection must not bring back a suggestion on a payment that is
    now matched (the engine would not propose it beside the acceptance): the pairing is
    free, and the next run decides."""
    one, other, _ = _rivals(session)
    session.reject([one])
    rejected = next(m for m in session.matches if m.state is MatchState.REJECTED)
    session.accept([other])
    session.unmatch([rejected])
    assert one not in session.matches
    assert rejected not in session.matches
    assert session.line_state(one.line_keys[0]) is MatchState.ACCEPTED
    assert session.invoice_state(one.invoices[0].key) is None
    assert _kinds(trail)[-1] is DecisionKind.UNMATCH
    session.undo_stack.undo()
    assert session.invoice_state(one.invoices[0].key) is MatchState.REJECTED


def test_unmatching_an_accepted_rival_gives_both_suggestions_back(session, trail) -> None:
    """Accepting one of two suggestions for one payment took the other off; unmatching it
    later (not Undo: after other decisions, say) leaves "which of the two?" open again,
    both offered as the run proposed them, where the other used to stay off until the
    next run."""
    one, other, _ = _rivals(session)
    session.accept([one])
    accepted = next(m for m in session.matches if m.invoices == one.invoices)
    session.reject([_suggested(session)])  # another decision since
    session.unmatch([accepted])
    assert one in session.matches
    assert other in session.matches
    assert accepted not in session.matches
    assert session.line_state(one.line_keys[0]) is MatchState.SUGGESTED
    assert session.undo_stack.undoText() == (
        f"Unmatch {describe(accepted)}; 1 rival suggestion back beside it"
    )
    session.undo_stack.undo()
    assert other not in session.matches
    assert session.line_state(one.line_keys[0]) is MatchState.ACCEPTED
    session.undo_stack.redo()
    assert session.matches.count(other) == 1
    assert session.index.for_line(one.line_keys[0]).count(other) == 1


def test_a_rival_whose_invoice_was_matched_by_hand_since_stays_off(session, trail) -> None:
    """The other suggestion's invoice was matched by hand to another payment meanwhile:
    the engine would not propose it beside that, so only the accepted row's own
    suggestion comes back."""
    one, other, _ = _rivals(session)
    session.accept([one])
    accepted = next(m for m in session.matches if m.invoices == one.invoices)
    session.match_by_hand(list(other.invoices), [session.lines[5]])
    session.unmatch([accepted])
    assert one in session.matches
    assert other not in session.matches
    assert session.invoice_state(other.invoices[0].key) is MatchState.MANUAL
    assert session.undo_stack.undoText() == f"Unmatch {describe(accepted)}"


def test_a_rival_rejected_since_is_not_offered_again(session, trail) -> None:
    """Undo the acceptance's rival removal, reject the rival, accept again, unmatch: the
    rival's pairing is shown as rejected, so it is not offered beside it."""
    one, other, _ = _rivals(session)
    session.reject([other])
    session.accept([one])
    accepted = next(m for m in session.matches if m.invoices == one.invoices)
    session.unmatch([accepted])
    assert other not in session.matches
    rejected = [m for m in session.matches if m.state is MatchState.REJECTED]
    assert [match_key(m) for m in rejected] == [match_key(other)]


def test_a_rival_of_two_rows_unmatched_together_stays_off(session) -> None:
    """A suggestion touching the invoice of one accepted row and the line of the other:
    unmatched together, each is looked at while the other still holds it, so it does not
    come back (twice, or beside a row still there); each row's own suggestion does."""
    rec = f.reconciliation()
    invoices, lines = rec.invoices, rec.lines
    one = f.match(invoices[3], lines[3], state=MatchState.SUGGESTED, score=0.45)
    two = f.match(invoices[4], lines[4], state=MatchState.SUGGESTED, score=0.44)
    both = f.match(invoices[3], lines[4], state=MatchState.SUGGESTED, score=0.42)
    session.load(invoices, lines, replace(rec, matches=(*rec.matches, one, two, both)))
    session.accept([one, two])
    accepted = [m for m in session.matches if m.invoices in (one.invoices, two.invoices)]
    session.unmatch(accepted)
    assert one in session.matches
    assert two in session.matches
    assert both not in session.matches
