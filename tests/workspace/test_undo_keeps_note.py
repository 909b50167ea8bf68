"""A decision an undo puts back in force keeps the accountant's note as its reason.

Undoing an Unmatch (or an accept that had replaced a rejection) records the earlier
decision again as a new entry. Its reason was "undo of #29 (restores #28)": the decision
in force no longer said why it was made ("paid by the parent company"), the note stood
only on an entry out of force, and removing the statement carried the "undo of ..." text
over as the decision's reason. Now the put-back keeps the note, and which entry it
restores and which undo put it back are kept beside it (``PutBack``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from desktop_app.domain import Decision, DecisionKind
from desktop_app.wording import moment_text
from desktop_app.workspace import PutBack, Workspace
from tests.workspace.factories import PROVIDER, full_invoice, ikey, line, lkey, sha

ACCEPT = DecisionKind.ACCEPT
REJECT = DecisionKind.REJECT
MANUAL = DecisionKind.MANUAL_MATCH
UNMATCH = DecisionKind.UNMATCH
NOTE = "paid by the parent company"
DECIDED_AT = datetime(2025, 4, 2, 9, 15, tzinfo=UTC)


def _made(kind: DecisionKind, reason: str, row: int = 3, user: str = "bob") -> Decision:
    return Decision(kind, (ikey("INV-1"),), (lkey(row),), reason, user, DECIDED_AT)


def test_undoing_an_unmatch_puts_the_match_back_with_its_note(workspace: Workspace) -> None:
    made = workspace.record_decision(_made(MANUAL, NOTE))
    withdrawal = workspace.record_decision(_made(UNMATCH, ""))

    (put_back,) = workspace.undo(withdrawal.id).entries

    assert (put_back.decision.kind, put_back.decision.reason) == (MANUAL, NOTE)
    assert put_back.in_force
    assert put_back.put_back == PutBack(made.id, withdrawal.id)
    assert put_back.put_back.said == f"#{made.id} (undo of #{withdrawal.id})"
    assert [d.reason for d in workspace.effective_decisions()] == [NOTE]
    assert workspace.audit()[-1] == put_back  # as the log reads it back


def test_undoing_an_accept_puts_back_the_rejection_it_replaced_with_its_note(
    workspace: Workspace,
) -> None:
    rejected = workspace.record_decision(_made(REJECT, "not ours"))
    accepted = workspace.record_decision(_made(ACCEPT, "remittance seen"))

    inverse, put_back = workspace.undo(accepted.id, reason="clicked by mistake").entries

    assert (inverse.decision.kind, inverse.decision.reason) == (
        UNMATCH,
        f"undo of #{accepted.id}: clicked by mistake",
    )
    assert (put_back.decision.kind, put_back.decision.reason) == (REJECT, "not ours")
    assert put_back.put_back == PutBack(rejected.id, accepted.id, "clicked by mistake")
    assert put_back.put_back.said == f"#{rejected.id} (undo of #{accepted.id}: clicked by mistake)"
    assert inverse.put_back is None  # the undo's own entry restores nothing


def test_a_decision_put_back_whose_original_had_no_note_has_none(workspace: Workspace) -> None:
    made = workspace.record_decision(_made(ACCEPT, ""))
    withdrawal = workspace.record_decision(_made(UNMATCH, ""))

    (put_back,) = workspace.undo(withdrawal.id).entries

    assert put_back.decision.reason == ""
    assert put_back.put_back == PutBack(made.id, withdrawal.id)


def test_a_decision_put_back_says_so_after_the_workspace_is_reopened(
    workspace_path: Path,
) -> None:
    with Workspace.create(workspace_path) as workspace:
        made = workspace.record_decision(_made(MANUAL, NOTE))
        withdrawal = workspace.record_decision(_made(UNMATCH, ""))
        (put_back,) = workspace.undo(withdrawal.id).entries
    with Workspace.open(workspace_path) as reopened:
        (entry,) = [e for e in reopened.audit() if e.id == put_back.id]
    assert (entry.decision.reason, entry.in_force) == (NOTE, True)
    assert entry.put_back == PutBack(made.id, withdrawal.id)


def _overlapping(workspace: Workspace) -> None:
    """march.csv holds 1, 15 and 20 March (rows 2-4); late.csv 15, 20 and 31 March (rows
    2-4), whose first two are march.csv's rows 3 and 4 again: removing march.csv leaves
    those movements on late.csv's rows 2 and 3."""
    workspace.save_invoices(PROVIDER, [full_invoice("INV-1")])
    for name, days in (("march.csv", (1, 15, 20)), ("late.csv", (15, 20, 31))):
        lines = [
            line(row, f"-{day}.00", source_file=name, day=day, description=f"Shop {day}")
            for row, day in enumerate(days, start=2)
        ]
        workspace.add_statement(name, sha(name), {"format": "csv"}, lines)


def _carried_reason(workspace: Workspace) -> str:
    workspace.remove_statement("march.csv", user="alice")
    (carried,) = [
        d for d in workspace.effective_decisions() if d.line_keys == (lkey(2, "late.csv"),)
    ]
    return carried.reason


def test_a_decision_put_back_is_carried_over_quoting_its_note(workspace: Workspace) -> None:
    """Removing the statement carries the decision over to the other statement's copy of
    the movement, quoting who first decided it, when and why: the accountant's note, as
    for a decision never undone, not the undo that put it back."""
    _overlapping(workspace)
    workspace.record_decision(_made(MANUAL, NOTE))
    withdrawal = workspace.record_decision(_made(UNMATCH, "", user="carol"))
    workspace.undo(withdrawal.id)

    assert _carried_reason(workspace) == (
        "carried over from march.csv row 3 to late.csv row 2, the same movement, when "
        f"march.csv was removed (first decided by bob on "
        f"{moment_text(DECIDED_AT, seconds=False)}: {NOTE})"
    )


def test_a_decision_put_back_twice_is_carried_over_quoting_the_first(
    workspace: Workspace,
) -> None:
    """Unmatched and put back twice: the second put-back restores the first one, which
    restores the accountant's decision; the carry-over quotes that decision."""
    _overlapping(workspace)
    workspace.record_decision(_made(REJECT, "not ours"))
    for _ in range(2):
        withdrawal = workspace.record_decision(_made(UNMATCH, "", user="carol"))
        workspace.undo(withdrawal.id)

    assert _carried_reason(workspace).endswith(
        f"(first decided by bob on {moment_text(DECIDED_AT, seconds=False)}: not ours)"
    )


def test_a_decision_put_back_without_a_note_is_carried_over_without_one(
    workspace: Workspace,
) -> None:
    _overlapping(workspace)
    workspace.record_decision(_made(ACCEPT, ""))
    withdrawal = workspace.record_decision(_made(UNMATCH, "", user="carol"))
    workspace.undo(withdrawal.id)

    assert _carried_reason(workspace).endswith(
        f"(first decided by bob on {moment_text(DECIDED_AT, seconds=False)})"
    )
