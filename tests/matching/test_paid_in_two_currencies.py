"""One invoice paid partly in its currency and partly in another, each part quoting it.

No rate adds the parts up, but each alone leaves the other unexplained: the euro part
taken as the invoice's whole payment left the pound part "settled otherwise". Both are
its payment in parts, reported as one currency mismatch naming each.
"""

from __future__ import annotations

from datetime import date

from desktop_app.domain import Direction, DiscrepancyType, Money
from desktop_app.matching import reconcile
from tests.matching.builders import invoice, kinds, line, pairs
from tests.matching.test_rejections import reject

INVOICE = invoice("EL-2025-00014", "276.62")
EUROS = line("150.00", "EL-2025-00014 PART 1", row=2, currency="EUR")
POUNDS = line("150.00", "EL-2025-00014 PART 2", row=3, day=date(2025, 3, 5))


def test_both_parts_are_the_invoices_payment_and_a_currency_mismatch() -> None:
    result = reconcile([INVOICE], [EUROS, POUNDS])
    (match,) = result.matches
    assert match.state.value == "auto"
    assert pairs(result) == {("EL-2025-00014", 2), ("EL-2025-00014", 3)}
    assert match.explanation == (
        "paid in 2 parts; reference EL-2025-00014 in text; paid £150.00 of £276.62 and "
        "€150.00: not compared; row 2 paid 3 days after issue / row 3 paid 4 days after issue; "
        "paid in EUR/GBP, invoice in GBP"
    )
    (mismatch,) = result.discrepancies
    assert mismatch.type is DiscrepancyType.CURRENCY_MISMATCH
    assert mismatch.explanation == "EL-2025-00014: paid £150.00 and €150.00, invoiced £276.62"
    assert [ln.row for ln in mismatch.lines] == [2, 3]


def test_the_parts_in_either_order_of_a_payable_invoice() -> None:
    """The euro part last, money out: the same story."""
    payable = invoice("CI-0014", "276.62", direction=Direction.PAYABLE, provider="Content Ignite")
    lines = [
        line("-150.00", "CI-0014", row=2, currency="EUR", day=date(2025, 3, 20)),
        line("-150.00", "CI-0014", row=3, day=date(2025, 3, 4)),
    ]
    result = reconcile([payable], lines)
    assert pairs(result, state="auto") == {("CI-0014", 2), ("CI-0014", 3)}
    assert [d.explanation for d in result.discrepancies] == [
        "CI-0014: paid £150.00 and €150.00, invoiced £276.62"
    ]


def test_parts_in_its_currency_paying_it_in_full_leave_the_other_alone() -> None:
    """Guard: pounds settling the invoice are its split payment; a euro line quoting it
    is no part of that."""
    pounds = [
        line("176.62", "EL-2025-00014", row=3, day=date(2025, 3, 5)),
        line("100.00", "EL-2025-00014", row=4, day=date(2025, 3, 6)),
    ]
    result = reconcile([INVOICE], [EUROS, *pounds])
    assert pairs(result, state="auto") == {("EL-2025-00014", 3), ("EL-2025-00014", 4)}
    assert kinds(result) == ["UNMATCHED_PAYMENT"]


def test_the_accountant_rejecting_both_parts_together_is_heard() -> None:
    """Guard: rejected together, they are not proposed again; the euro part alone is."""
    result = reconcile([INVOICE], [EUROS, POUNDS], decisions=[reject([INVOICE], [EUROS, POUNDS])])
    assert pairs(result, state="auto") == {("EL-2025-00014", 2)}
    assert sorted(kinds(result)) == ["CURRENCY_MISMATCH", "UNMATCHED_PAYMENT"]


def test_the_mismatch_keeps_what_was_paid_in_each_currency() -> None:
    """No rate adds the parts up, so there is no one paid amount: each currency's total,
    the invoice's first, in the invoice's sign convention (a payable's money out too)."""
    (mismatch,) = reconcile([INVOICE], [EUROS, POUNDS]).discrepancies
    assert mismatch.paid_amount is None
    assert mismatch.paid_in_each == (Money("150.00", "GBP"), Money("150.00", "EUR"))
    assert mismatch.paid_totals == mismatch.paid_in_each
    payable = invoice("CI-0014", "276.62", direction=Direction.PAYABLE, provider="Content Ignite")
    lines = [
        line("-150.00", "CI-0014", row=2, currency="EUR", day=date(2025, 3, 20)),
        line("-150.00", "CI-0014", row=3, day=date(2025, 3, 4)),
    ]
    (paid_out,) = reconcile([payable], lines).discrepancies
    assert paid_out.paid_in_each == (Money("150.00", "GBP"), Money("150.00", "EUR"))
