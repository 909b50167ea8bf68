"""The Audit sheet names each invoice a decision names by the number the accountant
decided by, an invoice outside the run included, as far as the workspace knows it.

A decision kept for an invoice its provider no longer returns (``matching.decisions.Kept``)
was listed with the provider's id of that invoice ("INV-1"), since the sheet knew only the
run's invoices' numbers; the discrepancy rows name the same invoice by its number. The
workspace holds the invoice as last fetched (``Workspace.invoices_gone``), and an earlier,
wider fetch's invoice outside the run (``Workspace.invoices_named``): their numbers now.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from desktop_app.domain import Decision, DecisionKind, LineKey, Money
from desktop_app.matching import reconcile
from desktop_app.pipeline.audit import report_audit
from desktop_app.workspace import Workspace
from tests.workspace.factories import (
    PROVIDER,
    decision,
    full_invoice,
    line,
    sha,
    simple_invoice,
)


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


def test_invoices_two_providers_number_alike_are_named_with_their_providers(
    tmp_path: Path,
) -> None:
    """A payment matched by hand to Content Ignite's INV-7 and Elevate Billing's INV-7,
    both of whose amounts then changed: the row named them "INV-7; INV-7" and said
    "INV-7: amount changed …; INV-7: amount changed …", neither saying which. Each is
    named with its provider, as the Statement lines sheet names them; an invoice whose
    number no other shares keeps its number alone."""
    elevate = {"provider": "Elevate Billing", "provider_kind": "elevate"}
    ours = simple_invoice("ci-7", "60.00", number="INV-7")
    theirs = simple_invoice("el-7", "40.00", number="INV-7", **elevate)
    alone = simple_invoice("el-8", "10.00", number="INV-8", **elevate)
    payment = line(2, "100.00", description="Acme")
    with Workspace.create(tmp_path / "book.reconcile") as workspace:
        workspace.save_invoices(PROVIDER, [ours])
        workspace.save_invoices("Elevate Billing", [theirs, alone])
        workspace.add_statement("march.csv", sha("march"), {"format": "csv"}, [payment])
        workspace.record_decision(
            Decision(
                DecisionKind.MANUAL_MATCH,
                (ours.key, theirs.key, alone.key),
                (LineKey("march.csv", 2),),
                reason="by hand",
            )
        )
        changed = [
            replace(ours, gross=Money("65.00", "GBP")),
            replace(theirs, gross=Money("35.00", "GBP")),
        ]
        workspace.save_invoices(PROVIDER, changed[:1])
        workspace.save_invoices("Elevate Billing", [changed[1], alone])
        result = reconcile([*changed, alone], [payment], decisions=workspace.effective_decisions())
        [row] = report_audit(workspace, result)
    assert row.invoice_numbers == "INV-7 (Content Ignite); INV-7 (Elevate Billing); INV-8"
    assert row.needs_review == (
        "INV-7 (Content Ignite): amount changed from 60.00 GBP to 65.00 GBP; "
        "INV-7 (Elevate Billing): amount changed from 40.00 GBP to 35.00 GBP"
    )
