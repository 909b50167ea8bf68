"""A payment of a written-off invoice: it stays that invoice's match, and is reported as
VOID_INVOICE_PAID (the type of a payment of an invoice the books no longer expect to be
paid), saying it was written off and that the write-off is to be reversed."""

from __future__ import annotations

from desktop_app.domain import DiscrepancyType, InvoiceStatus, Money
from desktop_app.matching import reconcile
from tests.matching.builders import invoice, kinds, line, pairs

WRITTEN_OFF = invoice("EL-2025-00173", "534.40", status=InvoiceStatus.UNCOLLECTIBLE)
OPEN = invoice("EL-2025-00175", "100.00")


def test_a_written_off_invoice_paid_stays_matched_and_is_reported() -> None:
    result = reconcile([WRITTEN_OFF], [line("534.40", "EL-2025-00173")])
    assert pairs(result, state="auto") == {("EL-2025-00173", 2)}
    (paid,) = result.discrepancies
    assert paid.type is DiscrepancyType.VOID_INVOICE_PAID
    assert paid.explanation == (
        "payment bank.csv row 2 (2025-03-04, £534.40) settles Elevate EL-2025-00173, which is "
        "written off (UNCOLLECTIBLE): reverse the write-off and book the payment against it"
    )
    assert paid.invoice == WRITTEN_OFF
    assert [ln.row for ln in paid.lines] == [2]
    assert (paid.invoice_amount, paid.paid_amount, paid.difference) == (
        Money("534.40", "GBP"),
        Money("534.40", "GBP"),
        Money("0.00", "GBP"),
    )


def test_a_batch_paying_a_written_off_invoice_names_it_and_not_the_batch_total() -> None:
    result = reconcile([WRITTEN_OFF, OPEN], [line("634.40", "EL-2025-00173 EL-2025-00175")])
    assert pairs(result, state="auto") == {("EL-2025-00173", 2), ("EL-2025-00175", 2)}
    assert kinds(result) == ["VOID_INVOICE_PAID"]
    (paid,) = result.discrepancies
    assert paid.invoice == WRITTEN_OFF
    assert "(paying EL-2025-00175 too) settles Elevate EL-2025-00173" in paid.explanation
    assert (paid.invoice_amount, paid.paid_amount, paid.difference) == (
        Money("534.40", "GBP"),
        None,
        None,
    )


def test_guard_a_written_off_invoice_left_unpaid_is_no_discrepancy() -> None:
    assert kinds(reconcile([WRITTEN_OFF], [])) == []
