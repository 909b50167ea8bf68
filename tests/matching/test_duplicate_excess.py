"""An invoice paid in full more than once is one DUPLICATE_PAYMENT and nothing more.

A repeat short by a fee is not also "short" (the invoice is overpaid), and an invoice
partly paid before whose gross is paid twice is not also over by the part paid before on
each payment: the duplicate's Difference is all that was paid beyond one settlement, and
is counted once.
"""

from __future__ import annotations

from datetime import date

from desktop_app.domain import Money
from desktop_app.matching import reconcile
from tests.matching.builders import PARTLY_PAID, invoice, kinds, line

OWED = "the £201.70 still owed of £276.62"


def test_a_repeat_short_by_a_fee_is_only_a_duplicate_payment() -> None:
    lines = [
        line("500.65", "EL-2025-00174", row=2, day=date(2025, 3, 10)),
        line("498.65", "EL-2025-00174", row=3, day=date(2025, 3, 17)),
    ]
    result = reconcile([invoice("EL-2025-00174", "500.65")], lines)
    assert kinds(result) == ["DUPLICATE_PAYMENT"]
    (duplicate,) = result.discrepancies
    assert duplicate.explanation == (
        "EL-2025-00174 paid 2 times: bank.csv row 2 (2025-03-10, £500.65), "
        "bank.csv row 3 (2025-03-17, £498.65)"
    )
    assert (duplicate.invoice_amount, duplicate.paid_amount, duplicate.difference) == (
        Money("500.65", "GBP"),
        Money("999.30", "GBP"),
        Money("498.65", "GBP"),
    )


def test_the_gross_of_a_partly_paid_invoice_paid_twice_is_one_account_of_the_excess() -> None:
    lines = [
        line("276.62", "EL-2025-00003", row=5, day=date(2025, 3, 4)),
        line("276.62", "EL-2025-00003", row=6, day=date(2025, 3, 11)),
    ]
    result = reconcile([PARTLY_PAID], lines)
    assert kinds(result) == ["DUPLICATE_PAYMENT"]
    (duplicate,) = result.discrepancies
    assert duplicate.explanation == (
        f"EL-2025-00003 paid 2 times ({OWED}): bank.csv row 5 (2025-03-04, £276.62), "
        "bank.csv row 6 (2025-03-11, £276.62); the gross each time, as if nothing had been "
        "paid before"
    )
    # £74.92 over on each payment is in this excess, not counted again beside it
    assert (duplicate.invoice_amount, duplicate.paid_amount, duplicate.difference) == (
        Money("201.70", "GBP"),
        Money("553.24", "GBP"),
        Money("351.54", "GBP"),
    )


def test_what_is_owed_then_the_gross_says_the_gross_was_paid_once() -> None:
    lines = [
        line("201.70", "EL-2025-00003", row=5, day=date(2025, 3, 4)),
        line("276.62", "EL-2025-00003", row=6, day=date(2025, 3, 11)),
    ]
    result = reconcile([PARTLY_PAID], lines)
    assert kinds(result) == ["DUPLICATE_PAYMENT"]
    (duplicate,) = result.discrepancies
    assert duplicate.explanation.endswith("; the gross once, as if nothing had been paid before")
    assert duplicate.difference == Money("276.62", "GBP")
