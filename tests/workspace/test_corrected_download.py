"""What the workspace advises for a bank's corrected download of a statement it holds,
and that following the advice keeps the accountant's decisions: imported under another
name, then the earlier file removed, the movements both hold stay with their decisions,
and only the decision on the corrected movement is withdrawn (audited)."""

from __future__ import annotations

import pytest

from desktop_app.domain import Decision, DecisionKind, StatementLine
from desktop_app.workspace import StatementConflictError, Workspace
from tests.workspace.factories import ikey, line, lkey, sha

LAYOUT = {"format": "csv", "delimiter": ",", "decimal_mark": ".", "header_row": 1}


def _month(name: str, corrected: str = "1300.00") -> list[StatementLine]:
    return [
        line(2, "-84.20", source_file=name, day=2, description="Office supplies"),
        line(3, "1428.19", source_file=name, day=15, description="BACS CUST 1064"),
        line(4, corrected, source_file=name, day=15, description="BACS CUST 1050"),
    ]


def test_the_same_name_refusal_gives_both_remedies(workspace: Workspace) -> None:
    workspace.add_statement("oct-a.csv", sha("first"), LAYOUT, _month("oct-a.csv"))
    with pytest.raises(StatementConflictError) as refused:
        workspace.add_statement(
            "oct-a.csv", sha("corrected"), LAYOUT, _month("oct-a.csv", "1310.00")
        )
    said = str(refused.value)
    assert "If the new file corrects it" in said
    assert "import the new one under another name, then remove the earlier 'oct-a.csv'" in said
    assert "Statements, Remove statement… in the window" in said
    assert "If it is another statement, rename the new file and import it again" in said


def test_following_the_advice_keeps_the_decisions_on_the_movements_both_hold(
    workspace: Workspace,
) -> None:
    workspace.add_statement("oct-a.csv", sha("first"), LAYOUT, _month("oct-a.csv"))
    for invoice, row in (("INV-153", 3), ("INV-154", 4)):
        workspace.record_decision(
            Decision(DecisionKind.ACCEPT, (ikey(invoice),), (lkey(row, "oct-a.csv"),))
        )
    corrected = workspace.add_statement(
        "oct-a-v2.csv", sha("corrected"), LAYOUT, _month("oct-a-v2.csv", "1310.00")
    )
    assert corrected.added == 1  # the corrected movement; the others are held already

    asked = workspace.decisions_on_statement("oct-a.csv")
    removed = workspace.remove_statement("oct-a.csv")

    assert (removed.decisions_carried, removed.decisions_withdrawn) == (1, 1)
    assert len(asked.carried) == 1
    in_force = [(d.invoice_keys, d.line_keys) for d in workspace.effective_decisions()]
    assert in_force == [((ikey("INV-153"),), (lkey(3, "oct-a-v2.csv"),))]
    assert sorted(str(each.amount) for each in workspace.load_lines()) == [
        "-84.20",
        "1310.00",
        "1428.19",
    ]
