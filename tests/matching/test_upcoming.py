"""A provider's UPCOMING preview of its next invoice: nobody pays it, so the engine lists
no discrepancy for it, and the share reconciled leaves it out by the same rule.

The engine kept a rule of its own for "a missing payment is a discrepancy"; the report
and the Overview counted by the domain's ``Invoice.expects_payment``, which took a
preview for an invoice expecting a payment. Now there is one rule, and what the share
counts as not reconciled is exactly what the engine lists as unpaid.
"""

from __future__ import annotations

from datetime import date

from desktop_app.domain import DiscrepancyType, DocumentType, InvoiceKey, Reconciliation
from desktop_app.matching import reconcile
from desktop_app.matching.scenarios import generate_scenario
from tests.matching.builders import invoice, kinds, line, pairs

PREVIEW = invoice(
    "VS-2025-00032",
    "200.00",
    provider="Versori",
    document_type=DocumentType.UPCOMING,
    issue=None,
    period_start=date(2025, 3, 20),
    period_end=date(2025, 4, 19),
)
UNSETTLED = {DiscrepancyType.UNPAID_INVOICE, DiscrepancyType.STATUS_CONFLICT}


def _listed_unsettled(result: Reconciliation) -> set[InvoiceKey]:
    return {d.invoice.key for d in result.discrepancies if d.type in UNSETTLED and d.invoice}


def _not_reconciled(result: Reconciliation) -> set[InvoiceKey]:
    """The invoices the share counts as expecting a payment and not having one."""
    matched = result.matched_invoice_keys()
    return {i.key for i in result.invoices if i.expects_payment and i.key not in matched}


def test_an_upcoming_preview_beside_ordinary_invoices_is_no_discrepancy() -> None:
    paid, unpaid = invoice("EL-2025-00101", "100.00"), invoice("EL-2025-00102", "50.00")
    result = reconcile([paid, unpaid, PREVIEW], [line("100.00", "EL-2025-00101")])
    assert pairs(result) == {("EL-2025-00101", 2)}
    assert kinds(result) == ["UNPAID_INVOICE"]
    assert _listed_unsettled(result) == {unpaid.key}
    assert _not_reconciled(result) == {unpaid.key}
    coverage = result.coverage()
    assert (coverage.expecting_payment, coverage.reconciled) == (2, 1)


def test_the_share_counts_as_not_reconciled_what_the_engine_lists_unsettled() -> None:
    """Over a generated month with every kind of invoice (drafts, previews and zero
    invoices among them): one rule on both sides."""
    scenario = generate_scenario(seed=21, invoices=400)
    assert any(i.document_type is DocumentType.UPCOMING for i in scenario.invoices)
    result = reconcile(scenario.invoices, scenario.lines, scenario.settings)
    assert _listed_unsettled(result) == _not_reconciled(result)
