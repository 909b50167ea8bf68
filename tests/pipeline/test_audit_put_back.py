"""The report's Audit sheet, read back with openpyxl, after an undo put a decision back.

Undoing an Unmatch recorded the match again with Reason "undo of #2 (restores #1)": the
row In Force = yes did not say why the payment was matched by hand, and the note ("paid
by the parent company") stood only on a row In Force = no. The row in force now holds
the note as its Reason, and Restores says which entry it restores and which undo put it
back.
"""

from __future__ import annotations

from pathlib import Path

from desktop_app.domain import Decision, DecisionKind, LineKey
from desktop_app.export import ReportContext, write_report
from desktop_app.matching import reconcile
from desktop_app.pipeline.audit import report_audit
from desktop_app.workspace import Workspace
from tests.export.readback import read_report
from tests.export.scenario import GENERATED_AT
from tests.workspace.factories import PROVIDER, line, sha, simple_invoice

NOTE = "paid by the parent company"


def test_the_row_in_force_after_an_undone_unmatch_holds_the_note(tmp_path: Path) -> None:
    invoice = simple_invoice("INV-1", "150.00")
    payment = line(2, "120.00", description="Parent Co Ltd")  # short: matched by hand
    with Workspace.create(tmp_path / "book.reconcile") as workspace:
        workspace.save_invoices(PROVIDER, [invoice])
        workspace.add_statement("march.csv", sha("march"), {"format": "csv"}, [payment])
        pairing = ((invoice.key,), (LineKey("march.csv", 2),))
        made = workspace.record_decision(Decision(DecisionKind.MANUAL_MATCH, *pairing, NOTE))
        withdrawn = workspace.record_decision(Decision(DecisionKind.UNMATCH, *pairing))
        (put_back,) = workspace.undo(withdrawn.id).entries
        result = reconcile([invoice], [payment], decisions=workspace.effective_decisions())
        audit = report_audit(workspace, result)
    out = tmp_path / "report.xlsx"
    write_report(result, out, context=ReportContext(generated_at=GENERATED_AT, audit=audit))

    rows = [
        {name: cell.value for name, cell in record.items()}
        for record in read_report(out).records("Audit")
    ]
    assert [(r["Entry"], r["Action"], r["In Force"]) for r in rows] == [
        (made.id, "manual_match", "no"),
        (withdrawn.id, "unmatch", "no"),
        (put_back.id, "manual_match", "yes"),
    ]
    in_force = rows[-1]
    assert in_force["Reason"] == NOTE
    assert in_force["Restores"] == f"#{made.id} (undo of #{withdrawn.id})"
    assert [r["Restores"] for r in rows[:2]] == [None, None]
