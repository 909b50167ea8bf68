"""A difference within tolerance is called a fee only when a fee could have caused it.

A bank fee only ever takes money from the account holder: it makes a receipt smaller and a
payment we make larger. More received than invoiced is an overpayment, less paid out an
underpayment; the match's note and the AMOUNT_MISMATCH say so instead of "a fee".
"""

from __future__ import annotations

from desktop_app.domain import Direction, DiscrepancyType, Invoice, Money
from desktop_app.matching import reconcile
from tests.matching.builders import credit_note, invoice, line

RECEIVABLE = invoice("EL-2025-00174", "500.65")
PAYABLE = invoice("CI-3469", "500.65", direction=Direction.PAYABLE, provider="Content Ignite")


def _told(amount: str, inv: Invoice = RECEIVABLE) -> tuple[str, str, Money | None]:
    """(the match's amount note, the discrepancy's explanation, its difference)."""
    result = reconcile([inv], [line(amount, inv.number)])
    (match,) = result.matches
    (mismatch,) = result.discrepancies
    assert mismatch.type is DiscrepancyType.AMOUNT_MISMATCH
    return match.explanation.split("; ")[1], mismatch.explanation, mismatch.difference


def test_more_received_than_invoiced_is_an_overpayment_not_a_fee() -> None:
    note, told, difference = _told("510.65")
    assert note == "£10.00 more than invoiced (within tolerance: overpaid)"
    assert told == (
        "EL-2025-00174: paid £510.65 of £500.65, £10.00 over "
        "(within tolerance: an overpayment; a bank fee would have made it smaller)"
    )
    assert difference == Money("10.00", "GBP")


def test_less_paid_out_than_invoiced_is_an_underpayment_not_a_fee() -> None:
    note, told, difference = _told("-495.65", PAYABLE)
    assert note == "£5.00 less than invoiced (within tolerance: underpaid)"
    assert told == (
        "CI-3469: paid £495.65 of £500.65, £5.00 short "
        "(within tolerance: an underpayment; a bank fee would have made it larger)"
    )
    assert difference == Money("-5.00", "GBP")


def test_guard_more_paid_out_than_invoiced_is_likely_a_fee() -> None:
    note, told, _ = _told("-505.65", PAYABLE)
    assert note == "£5.00 more than invoiced (within tolerance: a fee?)"
    assert told == (
        "CI-3469: paid £505.65 of £500.65, £5.00 over (within tolerance: likely a bank fee or charge)"
    )


def test_guard_less_received_than_invoiced_is_still_likely_a_fee() -> None:
    note, told, _ = _told("490.65")
    assert note == "£10.00 less than invoiced (within tolerance: a fee?)"
    assert told.endswith("£10.00 short (within tolerance: likely a bank fee or charge)")


# A credit note's refund moves the other way from its invoices: a receivable one is paid
# out, a payable one received. Whether a difference is a fee goes by that way, on the
# match's note and on the report's row alike (they once disagreed: the row went by the
# invoice's direction, and called a refund paid out short "an overpayment"). Short and
# over, less and more, go by the refund's size against the credit note's: -£99.50 refunded
# for -£100.00 was once called "£0.50 over" and "more than invoiced" beside "underpaid".
REFUND_OWED = credit_note("CN-2025-0001", "-100.00")
REFUND_DUE = credit_note(
    "CN-2025-0002", "-100.00", direction=Direction.PAYABLE, provider="Content Ignite"
)


def test_less_refunded_than_the_credit_note_is_an_underpayment_on_both() -> None:
    note, told, difference = _told("-99.50", REFUND_OWED)
    assert note == "£0.50 less than invoiced (within tolerance: underpaid)"
    assert told == (
        "CN-2025-0001: refunded £99.50 of £100.00, £0.50 short "
        "(within tolerance: an underpayment; a bank fee would have made it larger)"
    )
    assert difference == Money("0.50", "GBP")


def test_more_refunded_to_us_than_the_credit_note_is_an_overpayment_on_both() -> None:
    note, told, difference = _told("100.50", REFUND_DUE)
    assert note == "£0.50 more than invoiced (within tolerance: overpaid)"
    assert told == (
        "CN-2025-0002: refunded £100.50 of £100.00, £0.50 over "
        "(within tolerance: an overpayment; a bank fee would have made it smaller)"
    )
    assert difference == Money("-0.50", "GBP")


def test_guard_a_refund_a_fee_could_explain_is_likely_a_fee_on_both() -> None:
    note, told, _ = _told("-100.50", REFUND_OWED)
    assert note == "£0.50 more than invoiced (within tolerance: a fee?)"
    assert told.endswith("£0.50 over (within tolerance: likely a bank fee or charge)")
    note, told, _ = _told("99.50", REFUND_DUE)
    assert note == "£0.50 less than invoiced (within tolerance: a fee?)"
    assert told.endswith("£0.50 short (within tolerance: likely a bank fee or charge)")
