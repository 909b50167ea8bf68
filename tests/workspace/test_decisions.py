"""The audit trail: every decision kept, what is in force derived, undo as appended entries."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone

import pytest

from desktop_app.domain import Decision, DecisionKind, Match, MatchState
from desktop_app.workspace import DecisionError, Workspace, current_user
from tests.workspace.factories import decision, ikey, line, lkey, simple_invoice

ACCEPT = DecisionKind.ACCEPT
REJECT = DecisionKind.REJECT
MANUAL = DecisionKind.MANUAL_MATCH
UNMATCH = DecisionKind.UNMATCH


def test_a_recorded_decision_is_stamped_with_user_and_utc_time(workspace: Workspace) -> None:
    before = datetime.now(UTC)
    entry = workspace.record_decision(decision(ACCEPT, ("A",), (2,)))
    assert entry.decision.user == current_user() != ""
    assert entry.decision.at is not None
    assert entry.decision.at.tzinfo is not None
    assert entry.decision.at >= before
    assert (entry.in_force, entry.replaces, entry.replaced_by) == (True, (), None)
    assert workspace.audit() == (entry,)


def test_given_user_time_reason_and_key_order_round_trip(
    workspace: Workspace, workspace_path: object
) -> None:
    at = datetime(2025, 3, 4, 9, 30, 15, 123456, tzinfo=timezone(timedelta(hours=2)))
    original = Decision(
        MANUAL,
        (ikey("B"), ikey("A")),
        (lkey(7), lkey(3, "april.csv")),
        reason="split payment, see email of 4 March",
        user="alice",
        at=at,
    )
    entry = workspace.record_decision(original)
    assert entry.decision == original
    assert entry.decision.at.utcoffset() == timedelta(0)  # type: ignore[union-attr]
    assert workspace.audit()[0].decision.invoice_keys == (ikey("B"), ikey("A"))


def test_a_naive_time_is_refused_and_nothing_recorded(workspace: Workspace) -> None:
    naive = Decision(ACCEPT, (ikey("A"),), (lkey(2),), at=datetime(2025, 3, 4, 9, 30))
    with pytest.raises(ValueError, match="no time zone"):
        workspace.record_decision(naive)
    assert workspace.audit() == ()


def test_effective_decisions_hold_accepts_manuals_and_rejects_in_force(
    workspace: Workspace,
) -> None:
    workspace.record_decision(decision(DecisionKind.ENGINE_MATCH, ("A",), (2,)))
    accept = workspace.record_decision(decision(ACCEPT, ("A",), (2,)))
    manual = workspace.record_decision(decision(MANUAL, ("B", "C"), (3,)))
    reject = workspace.record_decision(decision(REJECT, ("D",), (4,)))
    assert workspace.effective_decisions() == (accept.decision, manual.decision, reject.decision)


def test_unmatch_then_accept_again_keeps_the_whole_history(workspace: Workspace) -> None:
    first = workspace.record_decision(decision(ACCEPT, ("A",), (2,)))
    unmatch = workspace.record_decision(decision(UNMATCH, ("A",), (2,)))
    assert workspace.effective_decisions() == ()
    again = workspace.record_decision(decision(ACCEPT, ("A",), (2,)))
    assert workspace.effective_decisions() == (again.decision,)
    history = workspace.audit(invoice_key=ikey("A"))
    assert [e.decision.kind for e in history] == [ACCEPT, UNMATCH, ACCEPT]
    assert history[0].replaced_by == unmatch.id
    assert history[1].replaces == (first.id,)
    assert [e.in_force for e in history] == [False, False, True]


def test_a_new_match_replaces_overlapping_matches_but_not_other_rejections(
    workspace: Workspace,
) -> None:
    old = workspace.record_decision(decision(ACCEPT, ("A",), (2,)))
    refusal = workspace.record_decision(decision(REJECT, ("A",), (3,)))
    new = workspace.record_decision(decision(MANUAL, ("A", "B"), (4,)))
    assert new.replaces == (old.id,)
    assert workspace.effective_decisions() == (refusal.decision, new.decision)
    also = workspace.record_decision(decision(ACCEPT, ("C",), (4,)))  # line 4 moves to C
    assert also.replaces == (new.id,)
    assert workspace.effective_decisions() == (refusal.decision, also.decision)


def test_accepting_a_rejected_pairing_lifts_the_rejection(workspace: Workspace) -> None:
    refusal = workspace.record_decision(decision(REJECT, ("A",), (2,)))
    accept = workspace.record_decision(decision(ACCEPT, ("A",), (2,)))
    assert accept.replaces == (refusal.id,)
    rejected_again = workspace.record_decision(decision(REJECT, ("A",), (2,)))
    assert rejected_again.replaces == (accept.id,)
    assert workspace.effective_decisions() == (rejected_again.decision,)


def test_unmatching_what_is_not_matched_is_refused_and_not_logged(workspace: Workspace) -> None:
    workspace.record_decision(decision(ACCEPT, ("A",), (2,)))
    with pytest.raises(DecisionError, match="nothing to unmatch"):
        workspace.record_decision(decision(UNMATCH, ("A",), (3,)))
    assert len(workspace.audit()) == 1


def test_undo_and_redo_of_an_accept_append_entries(workspace: Workspace) -> None:
    accept = workspace.record_decision(decision(ACCEPT, ("A",), (2,)))
    (undo,) = workspace.undo(accept.id, reason="clicked by mistake").entries
    assert undo.decision.kind is UNMATCH
    assert undo.decision.reason == f"undo of #{accept.id}: clicked by mistake"
    assert workspace.effective_decisions() == ()
    redo = workspace.record_decision(accept.decision)  # redo = the same decision again
    assert workspace.effective_decisions() == (redo.decision,)
    (undo_again,) = workspace.undo(redo.id).entries
    (undo_the_undo,) = workspace.undo(undo_again.id).entries
    assert undo_the_undo.decision.kind is ACCEPT
    assert [e.id for e in workspace.audit()] == [
        accept.id,
        undo.id,
        redo.id,
        undo_again.id,
        undo_the_undo.id,
    ]


def test_undoing_a_match_that_replaced_others_restores_them(workspace: Workspace) -> None:
    a = workspace.record_decision(decision(ACCEPT, ("A",), (2,)))
    b = workspace.record_decision(decision(ACCEPT, ("B",), (3,)))
    merged = workspace.record_decision(decision(MANUAL, ("A", "B"), (2, 3)))
    assert merged.replaces == (a.id, b.id)
    undone = workspace.undo(merged.id).entries
    assert [e.decision.kind for e in undone] == [UNMATCH, ACCEPT, ACCEPT]
    assert {d.pairing for d in workspace.effective_decisions()} == {
        a.decision.pairing,
        b.decision.pairing,
    }


def test_undo_refuses_what_cannot_be_undone(workspace: Workspace) -> None:
    engine = workspace.record_decision(decision(DecisionKind.ENGINE_MATCH, ("A",), (2,)))
    first = workspace.record_decision(decision(ACCEPT, ("A",), (2,)))
    workspace.record_decision(decision(REJECT, ("A",), (2,)))
    with pytest.raises(DecisionError, match="engine"):
        workspace.undo(engine.id)
    with pytest.raises(DecisionError, match="already replaced"):
        workspace.undo(first.id)
    with pytest.raises(DecisionError, match="no decision #99"):
        workspace.undo(99)
    unmatch = workspace.record_decision(decision(UNMATCH, ("A",), (2,)))
    workspace.record_decision(decision(MANUAL, ("A",), (2,)))
    with pytest.raises(DecisionError, match="decided again"):
        workspace.undo(unmatch.id)
    assert len(workspace.audit()) == 5


def test_several_decisions_are_recorded_and_undone_together(workspace: Workspace) -> None:
    """One action on many matches: one write transaction, not one per decision (each
    commit waits for the disk), in the order given, and undone in one too."""
    writes: list[str] = []
    workspace._database._require().set_trace_callback(
        lambda sql: writes.append(sql) if sql == "BEGIN IMMEDIATE" else None
    )
    entries = workspace.record_decisions(
        [decision(ACCEPT, ("A",), (2,)), decision(REJECT, ("B",), (3,))]
    )
    assert len(writes) == 1
    undone = workspace.undo_all([entries[1].id, entries[0].id]).entries
    assert len(writes) == 2
    assert [e.decision.kind for e in entries] == [ACCEPT, REJECT]
    assert [e.decision.kind for e in undone] == [UNMATCH, UNMATCH]
    assert [e.id for e in workspace.audit()] == [e.id for e in (*entries, *undone)]
    assert workspace.effective_decisions() == ()


def test_several_decisions_one_of_them_refused_record_nothing(workspace: Workspace) -> None:
    accept = workspace.record_decision(decision(ACCEPT, ("A",), (2,)))
    with pytest.raises(DecisionError, match="nothing to unmatch"):
        workspace.record_decisions(
            [decision(ACCEPT, ("B",), (3,)), decision(UNMATCH, ("C",), (4,))]
        )
    assert workspace.audit() == (accept,)
    with pytest.raises(DecisionError, match="no decision #99"):
        workspace.undo_all([accept.id, 99])
    assert workspace.audit() == (accept,)
    assert [d.kind for d in workspace.effective_decisions()] == [ACCEPT]


def _match(state: MatchState, invoice: str = "A", row: int = 2) -> Match:
    return Match(
        invoices=(simple_invoice(invoice),),
        lines=(line(row),),
        score=0.9321,
        signals=(),
        explanation="reference and amount agree",
        state=state,
    )


def test_engine_matches_are_logged_once_and_again_after_a_user_decision(
    workspace: Workspace,
) -> None:
    logged = workspace.record_engine_matches(
        [_match(MatchState.AUTO), _match(MatchState.SUGGESTED, "B", 3)]
    )
    assert [e.decision.kind for e in logged] == [DecisionKind.ENGINE_MATCH]
    assert logged[0].decision.reason == "score 0.93: reference and amount agree"
    assert not logged[0].in_force
    assert workspace.record_engine_matches([_match(MatchState.AUTO)]) == ()
    workspace.record_decision(decision(REJECT, ("A",), (2,)))
    workspace.record_decision(decision(UNMATCH, ("A",), (2,)))
    assert len(workspace.record_engine_matches([_match(MatchState.AUTO)])) == 1
    assert workspace.effective_decisions() == ()


def test_audit_queries_per_invoice_per_line_and_both(workspace: Workspace) -> None:
    a2 = workspace.record_decision(decision(REJECT, ("A",), (2,)))
    a3 = workspace.record_decision(decision(ACCEPT, ("A",), (3,)))
    b2 = workspace.record_decision(decision(ACCEPT, ("B",), (2,)))
    assert workspace.audit(invoice_key=ikey("A")) == (a2, a3)
    assert workspace.audit(line_key=lkey(2)) == (a2, b2)
    assert workspace.audit(invoice_key=ikey("A"), line_key=lkey(2)) == (a2,)
    assert workspace.audit(invoice_key=ikey("Z")) == ()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE decisions SET reason = 'rewritten'",
        "DELETE FROM decisions",
        "DELETE FROM decision_lines",
        "UPDATE decision_invoices SET invoice_id = 'X'",
        "DELETE FROM decision_replaces",
    ],
)
def test_the_audit_trail_cannot_be_rewritten(workspace: Workspace, statement: str) -> None:
    workspace.record_decision(decision(ACCEPT, ("A",), (2,)))
    workspace.record_decision(decision(UNMATCH, ("A",), (2,)))
    history = workspace.audit()
    with (
        pytest.raises(sqlite3.IntegrityError, match="append-only"),
        workspace._database.transaction() as connection,
    ):
        connection.execute(statement)
    assert workspace.audit() == history


def test_the_decisions_version_changes_with_each_change_to_the_decisions_in_force(
    workspace: Workspace,
) -> None:
    """The window's export reads the decisions on its worker and asks, on the GUI thread
    and without a query, whether any changed since: each record, undo and removal of a
    statement with decisions changes the version; the engine's own matches do not."""
    workspace.add_statement("march.csv", "0" * 64, {"format": "csv"}, [line(2), line(3)])
    seen = [workspace.decisions_version]
    accept = workspace.record_decision(decision(ACCEPT, ("A",), (2,)))
    seen.append(workspace.decisions_version)
    workspace.record_engine_matches(
        [Match((simple_invoice("B"),), (line(3),), 0.9, (), "", MatchState.AUTO)]
    )
    assert workspace.decisions_version == seen[-1]
    (reject,) = workspace.record_decisions([decision(REJECT, ("B",), (3,))])
    seen.append(workspace.decisions_version)
    workspace.undo(accept.id)
    seen.append(workspace.decisions_version)
    workspace.undo_all([reject.id])
    seen.append(workspace.decisions_version)
    workspace.remove_statement("march.csv")
    seen.append(workspace.decisions_version)
    assert len(set(seen)) == len(seen)
    version, decisions = workspace.versioned_decisions()
    assert (version, decisions) == (workspace.decisions_version, ())
