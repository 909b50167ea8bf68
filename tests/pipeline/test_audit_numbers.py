"""The Audit sheet names each invoice a decision names by the number the accountant
decided by, an invoice outside the run included, as far as the workspace knows it.

A decision kept for an invoice its provider no longer returns (``matching.decisions.Kept``)
was listed with the provider's id of that invoice ("INV-1"), since the sheet knew only the
run's invoices' numbers; the discrepancy rows name the same invoice by its number. The
workspace holds the invoice as last fetched (``Workspace.invoices_gone``), and an earlier,
wider fetch's invoice outside the run (``Workspace.invoices_named``): their numbers now.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop_app.domain import DecisionKind
from desktop_app.matching import reconcile
from desktop_app.pipeline.audit import report_audit
from desktop_app.workspace import Workspace
from tests.workspace.factories import PROVIDER, decision, full_invoice, line, sha


def test_a_kept_decision_names_its_gone_and_absent_invoices_by_their_numbers(
    tmp_path: Path,
) -> None:
    gone = full_invoice("INV-1", issue_date=date(2025, 3, 1))  # number N-INV-1
    other = full_invoice("INV-2", issue_date=date(2025, 3, 2))
    earlier = full_invoice("INV-3", issue_date=date(2025, 2, 10))  # outside March's run
    payment = line(2, "-100.00", description="Acme")
    with Workspace.create(tmp_path / "book.reconcile") as workspace:
        workspace.save_invoices(PROVIDER, [gone, other, earlier])
        workspace.add_statement("march.csv", sha("march"), {"format": "csv"}, [payment])
        workspace.record_decision(decision(DecisionKind.MANUAL_MATCH, ("INV-1", "INV-3"), (2,)))
        # March fetched again: the provider no longer returns INV-1.
        workspace.save_invoices(PROVIDER, [other], date_from=date(2025, 3, 1))
        assert [i.number for i in workspace.invoices_gone([gone.key])] == ["N-INV-1"]
        result = reconcile(
            [other],
            [payment],
            decisions=workspace.effective_decisions(),
            held=workspace.invoices_named,
            gone=workspace.invoices_gone,
        )
        assert result.taken_in == frozenset()  # the pairing is kept, not applied
        [row] = report_audit(workspace, result)
    assert row.action == "manual_match"
    assert row.invoice_keys == f"{gone.key}; {earlier.key}"
    assert row.invoice_numbers == "N-INV-1; N-INV-3"
