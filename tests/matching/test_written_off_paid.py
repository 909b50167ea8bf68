"""A payment of a written-off invoice: it stays that invoice's match, and is reported as
VOID_INVOICE_PAID (the type of a payment of an invoice the books no longer expect to be
paid), saying it was written off and that the write-off is to be reversed; on that one
row, whatever else is wrong with the payment."""

from __future__ import annotations

import pytest

from desktop_app.domain import DiscrepancyType, Invoice, InvoiceStatus, Money, StatementLine
from desktop_app.matching import reconcile
from tests.matching.builders import invoice, items, kinds, line, pairs

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


# One row a payment: a written-off invoice's payment that is also short or over, paid in
# another currency or paid again is its VOID_INVOICE_PAID row alone, carrying the amounts
# the other row would have and saying its difference, so a sum of the sheet's Paid
# Amount, Difference or Statement Amount counts the payment once (design.md, as for
# DUPLICATE_PAYMENT).

WRITTEN_OFF_TOO = invoice("EL-2025-00174", "200.00", status=InvoiceStatus.UNCOLLECTIBLE)


def test_a_written_off_invoice_paid_short_is_one_row_saying_the_shortfall() -> None:
    result = reconcile([WRITTEN_OFF], [line("530.00", "EL-2025-00173")])
    assert pairs(result, state="auto") == {("EL-2025-00173", 2)}
    (paid,) = result.discrepancies
    assert paid.type is DiscrepancyType.VOID_INVOICE_PAID
    assert paid.explanation == (
        "payment bank.csv row 2 (2025-03-04, £530.00) settles Elevate EL-2025-00173, which is "
        "written off (UNCOLLECTIBLE): reverse the write-off and book the payment against it; "
        "EL-2025-00173: paid £530.00 of £534.40, £4.40 short (within tolerance: likely a bank "
        "fee or charge)"
    )
    assert paid.invoice == WRITTEN_OFF
    assert [ln.row for ln in paid.lines] == [2]
    assert (paid.invoice_amount, paid.paid_amount, paid.difference) == (
        Money("534.40", "GBP"),
        Money("530.00", "GBP"),
        Money("-4.40", "GBP"),
    )


def test_a_written_off_invoice_paid_over_is_one_row_saying_the_excess() -> None:
    result = reconcile([WRITTEN_OFF], [line("540.00", "EL-2025-00173")])
    assert kinds(result) == ["VOID_INVOICE_PAID"]
    (paid,) = result.discrepancies
    assert paid.explanation.endswith(
        "reverse the write-off and book the payment against it; EL-2025-00173: paid £540.00 "
        "of £534.40, £5.60 over (within tolerance: an overpayment; a bank fee would have made "
        "it smaller)"
    )
    assert (paid.paid_amount, paid.difference) == (Money("540.00", "GBP"), Money("5.60", "GBP"))


def test_a_batch_paying_a_written_off_invoice_short_is_one_row_of_the_batch() -> None:
    result = reconcile([WRITTEN_OFF, OPEN], [line("630.40", "EL-2025-00173 EL-2025-00175")])
    assert pairs(result, state="auto") == {("EL-2025-00173", 2), ("EL-2025-00175", 2)}
    (paid,) = result.discrepancies
    assert paid.type is DiscrepancyType.VOID_INVOICE_PAID
    assert paid.invoice is None
    assert paid.group == (WRITTEN_OFF, OPEN)
    assert paid.explanation == (
        "payment bank.csv row 2 (2025-03-04, £630.40) (paying EL-2025-00175 too) settles "
        "Elevate EL-2025-00173, which is written off (UNCOLLECTIBLE): reverse the write-off "
        "and book the payment against it; EL-2025-00173, EL-2025-00175: paid £630.40 of "
        "£634.40, £4.00 short (within tolerance: likely a bank fee or charge)"
    )
    assert (paid.invoice_amount, paid.paid_amount, paid.difference) == (
        Money("634.40", "GBP"),
        Money("630.40", "GBP"),
        Money("-4.00", "GBP"),
    )


def test_a_written_off_invoice_paid_twice_is_one_row_of_the_excess() -> None:
    lines = [line("534.40", "EL-2025-00173"), line("530.40", "EL-2025-00173", row=3)]
    result = reconcile([WRITTEN_OFF], lines)
    assert pairs(result, state="auto") == {("EL-2025-00173", 2), ("EL-2025-00173", 3)}
    (paid,) = result.discrepancies
    assert paid.type is DiscrepancyType.VOID_INVOICE_PAID
    assert paid.explanation == (
        "Elevate EL-2025-00173 is written off (UNCOLLECTIBLE): reverse the write-off and book "
        "a payment against it; EL-2025-00173 paid 2 times: bank.csv row 2 (2025-03-04, "
        "£534.40), bank.csv row 3 (2025-03-04, £530.40)"
    )
    assert [ln.row for ln in paid.lines] == [2, 3]
    # the duplicate's amounts: all paid beyond one settlement, none of it counted again
    assert (paid.invoice_amount, paid.paid_amount, paid.difference) == (
        Money("534.40", "GBP"),
        Money("1064.80", "GBP"),
        Money("530.40", "GBP"),
    )


def test_a_written_off_invoice_paid_in_another_currency_is_one_row_saying_so() -> None:
    result = reconcile([WRITTEN_OFF], [line("534.40", "EL-2025-00173", currency="EUR")])
    assert pairs(result) == {("EL-2025-00173", 2)}
    (paid,) = result.discrepancies
    assert paid.type is DiscrepancyType.VOID_INVOICE_PAID
    assert paid.explanation == (
        "payment bank.csv row 2 (2025-03-04, €534.40) settles Elevate EL-2025-00173, which is "
        "written off (UNCOLLECTIBLE): reverse the write-off and book the payment against it; "
        "EL-2025-00173: paid €534.40, invoiced £534.40"
    )
    assert (paid.invoice_amount, paid.paid_amount, paid.difference) == (
        Money("534.40", "GBP"),
        Money("534.40", "EUR"),
        None,
    )


def test_a_batch_of_two_written_off_invoices_is_one_row_of_theirs() -> None:
    result = reconcile(
        [WRITTEN_OFF, WRITTEN_OFF_TOO], [line("734.40", "EL-2025-00173 EL-2025-00174")]
    )
    assert pairs(result, state="auto") == {("EL-2025-00173", 2), ("EL-2025-00174", 2)}
    (paid,) = result.discrepancies
    assert paid.type is DiscrepancyType.VOID_INVOICE_PAID
    assert paid.group == (WRITTEN_OFF, WRITTEN_OFF_TOO)
    assert paid.explanation == (
        "payment bank.csv row 2 (2025-03-04, £734.40) settles Elevate EL-2025-00173 "
        "(UNCOLLECTIBLE) and Elevate EL-2025-00174 (UNCOLLECTIBLE), which are written off: "
        "reverse the write-offs and book the payment against them"
    )
    assert (paid.invoice_amount, paid.paid_amount, paid.difference) == (
        Money("734.40", "GBP"),
        None,
        None,
    )


@pytest.mark.parametrize(
    ("invoices", "lines"),
    [
        ([WRITTEN_OFF], [line("530.00", "EL-2025-00173")]),
        ([WRITTEN_OFF, OPEN], [line("630.40", "EL-2025-00173 EL-2025-00175")]),
        ([WRITTEN_OFF, OPEN], [line("634.40", "EL-2025-00173 EL-2025-00175")]),
        ([WRITTEN_OFF], [line("534.40", "EL-2025-00173"), line("530.40", "EL-2025-00173", row=3)]),
        ([WRITTEN_OFF], [line("534.40", "EL-2025-00173", currency="EUR")]),
        ([WRITTEN_OFF, WRITTEN_OFF_TOO], [line("734.40", "EL-2025-00173 EL-2025-00174")]),
    ],
    ids=["short", "batch short", "batch exact", "twice", "in euros", "two written off"],
)
def test_a_written_off_invoice_s_payment_is_named_by_one_row(
    invoices: list[Invoice], lines: list[StatementLine]
) -> None:
    result = reconcile(invoices, lines)
    assert len(result.discrepancies) == 1
    assert sorted(ln.row for ln in result.discrepancies[0].lines) == [ln.row for ln in lines]


def test_guard_an_invoice_s_line_items_mismatch_stands_beside_its_payment_s_row() -> None:
    """The items' row is about the invoice's own document: it names no line and no
    payment, so it counts nothing its payment's row does, and both stand."""
    itemised = invoice(
        "EL-2025-00191",
        "250.00",
        status=InvoiceStatus.UNCOLLECTIBLE,
        line_items=items("100.00", "140.00"),
    )
    result = reconcile([itemised], [line("245.00", "EL-2025-00191")])
    assert kinds(result) == ["VOID_INVOICE_PAID", "LINE_ITEMS_MISMATCH"]
    paid, listed = result.discrepancies
    assert (paid.paid_amount, paid.difference) == (Money("245.00", "GBP"), Money("-5.00", "GBP"))
    assert (listed.lines, listed.paid_amount) == ((), None)
    assert (listed.invoice_amount, listed.difference) == (
        Money("250.00", "GBP"),
        Money("-10.00", "GBP"),
    )
