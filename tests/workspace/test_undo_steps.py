"""Undo stepping back over decisions one at a time, as the window's history does.

Changing one's mind twice on a pairing (reject, withdraw the rejection, accept) and then
undoing step by step got stuck: the withdrawal's undo was refused because the pairing's
latest entry was no longer the withdrawal but the UNMATCH the accept's own undo appended,
taken for a decision made since. And a decision put back by an undo is a new entry, so
undoing it next by its old id was refused as replaced. The rule now refuses only an undo
that would take out of force a decision made since, and says which new entry stands for
each decision put back.
"""

from __future__ import annotations

import pytest

from desktop_app.domain import Decision, DecisionKind
from desktop_app.workspace import DecisionError, Workspace
from tests.workspace.factories import decision

ACCEPT = DecisionKind.ACCEPT
REJECT = DecisionKind.REJECT
UNMATCH = DecisionKind.UNMATCH


class _History:
    """The window's undo history in small: each step holds its entry's id, and an undo
    that puts a decision back hands the step holding it the new entry's id."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.steps: list[int] = []

    def do(self, made: Decision) -> None:
        self.steps.append(self.workspace.record_decision(made).id)

    def undo(self) -> None:
        undone = self.workspace.undo(self.steps.pop())
        self.steps = [undone.restored.get(entry, entry) for entry in self.steps]


def _in_force(workspace: Workspace) -> list[tuple[DecisionKind, str]]:
    return [(d.kind, d.invoice_keys[0].invoice_id) for d in workspace.effective_decisions()]


def test_reject_withdraw_accept_is_undone_step_by_step(workspace: Workspace) -> None:
    history = _History(workspace)
    history.do(decision(REJECT, ("A",), (2,)))
    history.do(decision(UNMATCH, ("A",), (2,)))
    history.do(decision(ACCEPT, ("A",), (2,)))

    history.undo()  # the accept
    assert _in_force(workspace) == []
    history.undo()  # the withdrawal: the rejection is back
    assert _in_force(workspace) == [(REJECT, "A")]
    history.undo()  # the rejection
    assert _in_force(workspace) == []
    assert history.steps == []
    kinds = [entry.decision.kind for entry in workspace.audit()]
    assert kinds == [REJECT, UNMATCH, ACCEPT, UNMATCH, REJECT, UNMATCH]


@pytest.mark.parametrize("first", [REJECT, ACCEPT])
def test_a_decision_its_withdrawal_s_undo_put_back_is_undone_as_the_new_entry(
    workspace: Workspace, first: DecisionKind
) -> None:
    made = workspace.record_decision(decision(first, ("A",), (2,)))
    withdrawal = workspace.record_decision(decision(UNMATCH, ("A",), (2,)))

    undone = workspace.undo(withdrawal.id)

    (put_back,) = undone.entries
    assert put_back.decision.kind is first
    assert undone.restored == {made.id: put_back.id}
    with pytest.raises(DecisionError, match="already replaced"):
        workspace.undo(made.id)  # the old entry stays as the log has it
    workspace.undo(put_back.id)
    assert workspace.effective_decisions() == ()


def test_an_accept_that_replaced_another_is_undone_then_the_one_it_put_back(
    workspace: Workspace,
) -> None:
    history = _History(workspace)
    history.do(decision(ACCEPT, ("A",), (2,)))
    history.do(decision(ACCEPT, ("B",), (2,)))  # the same payment: A's accept replaced
    history.undo()
    assert _in_force(workspace) == [(ACCEPT, "A")]
    history.undo()
    assert _in_force(workspace) == []


def test_undoing_a_withdrawal_is_refused_while_the_pairing_is_decided_again(
    workspace: Workspace,
) -> None:
    workspace.record_decision(decision(REJECT, ("A",), (2,)))
    withdrawal = workspace.record_decision(decision(UNMATCH, ("A",), (2,)))
    accept = workspace.record_decision(decision(ACCEPT, ("A",), (2,)))
    before = workspace.audit()

    with pytest.raises(DecisionError, match=f"decided again since #{withdrawal.id}"):
        workspace.undo(withdrawal.id)

    assert workspace.audit() == before
    assert workspace.effective_decisions() == (accept.decision,)


def test_an_undo_that_would_replace_a_later_match_of_another_pairing_is_refused(
    workspace: Workspace,
) -> None:
    """B's accept took line 2 from A; A was then paid by line 3. Undoing B's accept
    would put A's first accept back and silently take line 3's from it: refused."""
    workspace.record_decision(decision(ACCEPT, ("A",), (2,)))
    taken = workspace.record_decision(decision(ACCEPT, ("B",), (2,)))
    later = workspace.record_decision(decision(ACCEPT, ("A",), (3,)))
    before = workspace.audit()

    with pytest.raises(DecisionError, match=f"#{later.id}"):
        workspace.undo(taken.id)

    assert workspace.audit() == before
    assert {d.pairing for d in workspace.effective_decisions()} == {
        taken.decision.pairing,
        later.decision.pairing,
    }


def test_undoing_several_together_says_what_stands_for_each_put_back(
    workspace: Workspace,
) -> None:
    a = workspace.record_decision(decision(REJECT, ("A",), (2,)))
    b = workspace.record_decision(decision(ACCEPT, ("B",), (3,)))
    withdrawals = workspace.record_decisions(
        [decision(UNMATCH, ("A",), (2,)), decision(UNMATCH, ("B",), (3,))]
    )

    undone = workspace.undo_all([withdrawals[1].id, withdrawals[0].id])

    assert [e.decision.kind for e in undone.entries] == [ACCEPT, REJECT]
    assert undone.restored == {b.id: undone.entries[0].id, a.id: undone.entries[1].id}
    workspace.undo_all([undone.restored[a.id], undone.restored[b.id]])
    assert workspace.effective_decisions() == ()
