"""A decision never stands on a line the workspace does not hold.

Removing a statement withdraws the decisions on its lines. Recording one of them again
(a window that still listed it and kept it, an undo of the withdrawal) used to put it back
in force on a row of a file no longer there; a corrected file of that name imported later
then had it bind that row's other movement. The workspace now refuses it, as it refuses
a row a statement it holds does not have; a line of a file it never held is recorded as
before (a decision may come before its statement)."""

from __future__ import annotations

import pytest

from desktop_app.domain import Decision, DecisionKind, LineKey
from desktop_app.workspace import Workspace
from desktop_app.workspace.errors import DecisionError
from tests.workspace.factories import PROVIDER, decision, full_invoice, ikey, line, lkey, sha

LAYOUT = {"format": "csv"}


def _march(workspace: Workspace) -> None:
    workspace.save_invoices(PROVIDER, [full_invoice("INV-1"), full_invoice("INV-2")])
    march = [line(row, f"-{row}.00", day=row) for row in (2, 3)]
    workspace.add_statement("march.csv", sha("march"), LAYOUT, march)


def test_a_decision_its_statements_removal_withdrew_is_not_recorded_again(
    workspace: Workspace,
) -> None:
    _march(workspace)
    accepted = decision(DecisionKind.ACCEPT, ("INV-1",), (2,))
    workspace.record_decision(accepted)
    workspace.remove_statement("march.csv")
    trail = len(workspace.audit())

    with pytest.raises(DecisionError, match=r"march\.csv was removed from this workspace"):
        workspace.record_decision(accepted)
    with pytest.raises(DecisionError):
        workspace.record_decisions([decision(DecisionKind.REJECT, ("INV-1",), (2,))])
    (withdrawal,) = [e for e in workspace.audit() if e.decision.kind is DecisionKind.UNMATCH]
    with pytest.raises(DecisionError):  # undoing the withdrawal would put it back
        workspace.undo(withdrawal.id)

    assert workspace.effective_decisions() == ()
    assert len(workspace.audit()) == trail  # nothing half recorded


def test_once_imported_again_its_rows_are_decided_as_any_others(workspace: Workspace) -> None:
    _march(workspace)
    workspace.record_decision(decision(DecisionKind.ACCEPT, ("INV-1",), (2,)))
    workspace.remove_statement("march.csv")
    corrected = [line(row, f"-{row}.00", day=row) for row in (2, 3)]
    workspace.add_statement("march.csv", sha("march"), {"format": "csv", "v": 2}, corrected)

    workspace.record_decision(decision(DecisionKind.ACCEPT, ("INV-2",), (3,)))

    assert [d.line_keys for d in workspace.effective_decisions()] == [(lkey(3),)]


def test_a_row_a_held_statement_does_not_have_is_refused(workspace: Workspace) -> None:
    _march(workspace)
    with pytest.raises(DecisionError, match=r"march\.csv has no row 9"):
        workspace.record_decision(decision(DecisionKind.MANUAL_MATCH, ("INV-1",), (9,)))
    assert workspace.effective_decisions() == ()


def test_a_line_of_a_file_never_held_is_recorded_as_before(workspace: Workspace) -> None:
    _march(workspace)
    elsewhere = Decision(DecisionKind.REJECT, (ikey("INV-2"),), (LineKey("april.csv", 4),))
    workspace.record_decision(elsewhere)
    assert [d.line_keys for d in workspace.effective_decisions()] == [(LineKey("april.csv", 4),)]
