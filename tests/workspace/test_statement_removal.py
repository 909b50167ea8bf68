"""Removing an imported statement so a wrongly read file can be imported again, with the
decisions on its lines withdrawn in the audit trail rather than lost."""

from __future__ import annotations

import pytest

from desktop_app.domain import Decision, DecisionKind, LineKey
from desktop_app.workspace import Workspace, WorkspaceError
from tests.workspace.factories import PROVIDER, decision, full_invoice, ikey, line, lkey, sha

LAYOUT = {"format": "csv"}
PROVIDER_INVOICES = [full_invoice("INV-1"), full_invoice("INV-2"), full_invoice("INV-3")]


def _march_and_april(workspace: Workspace) -> None:
    march = [line(row, f"-{row}.00", day=row) for row in (2, 3, 4)]
    workspace.add_statement("march.csv", sha("march"), LAYOUT, march)
    april = [line(2, "-9.00", source_file="april.csv", day=20)]
    workspace.add_statement("april.csv", sha("april"), LAYOUT, april)


def test_removal_takes_the_lines_and_withdraws_their_decisions_with_a_reason(
    workspace: Workspace,
) -> None:
    workspace.save_invoices(PROVIDER, PROVIDER_INVOICES)
    _march_and_april(workspace)
    workspace.record_decision(decision(DecisionKind.ACCEPT, ("INV-1",), (2,)))
    workspace.record_decision(decision(DecisionKind.REJECT, ("INV-2",), (3,)))
    in_april = Decision(DecisionKind.MANUAL_MATCH, (ikey("INV-3"),), (LineKey("april.csv", 2),))
    workspace.record_decision(in_april)

    removed = workspace.remove_statement("march.csv", user="alice")

    assert (removed.source_file, removed.lines_removed, removed.decisions_withdrawn) == (
        "march.csv",
        3,
        2,
    )
    assert [item.key for item in workspace.load_lines()] == [LineKey("april.csv", 2)]
    assert [record.source_file for record in workspace.statements()] == ["april.csv"]
    in_force = workspace.effective_decisions()
    assert [(d.kind, d.invoice_keys) for d in in_force] == [
        (DecisionKind.MANUAL_MATCH, (ikey("INV-3"),))
    ]
    trail = workspace.audit(line_key=lkey(2))
    assert [entry.decision.kind for entry in trail] == [DecisionKind.ACCEPT, DecisionKind.UNMATCH]
    withdrawal = trail[-1].decision
    assert withdrawal.reason == "statement march.csv removed from the workspace"
    assert withdrawal.user == "alice"
    assert trail[0].replaced_by == trail[-1].id


def test_the_removed_file_can_be_imported_again_with_a_corrected_layout(
    workspace: Workspace,
) -> None:
    _march_and_april(workspace)
    workspace.remove_statement("march.csv")
    corrected = [line(row, f"{row}.00", day=row) for row in (2, 3, 4)]  # signs were wrong
    outcome = workspace.add_statement(
        "march.csv", sha("march"), {"format": "csv", "v": 2}, corrected
    )
    assert not outcome.already_imported
    assert outcome.added == 3
    assert [item.amount for item in workspace.load_lines("march.csv")] == [
        item.amount for item in corrected
    ]


def test_removing_a_statement_that_is_not_there_names_it_and_changes_nothing(
    workspace: Workspace,
) -> None:
    _march_and_april(workspace)
    with pytest.raises(WorkspaceError, match=r"no statement named 'may\.csv'"):
        workspace.remove_statement("may.csv")
    assert len(workspace.load_lines()) == 4


def test_lines_another_statement_already_had_stay_with_that_statement(
    workspace: Workspace,
) -> None:
    march = [line(2, day=30, description="Fee")]
    workspace.add_statement("march.csv", sha("march"), LAYOUT, march)
    april = [line(2, day=30, description="FEE", source_file="april.csv")]  # the same movement
    workspace.add_statement("april.csv", sha("april"), LAYOUT, april)
    removed = workspace.remove_statement("april.csv")
    assert removed.lines_removed == 0
    assert [item.key for item in workspace.load_lines()] == [LineKey("march.csv", 2)]
