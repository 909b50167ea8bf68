"""A difference within tolerance is called a fee only when a fee could have caused it.

A bank fee only ever takes money from the account holder: it makes a receipt smaller and a
payment we make larger. More received than invoiced is an overpayment, less paid out an
underpayment; the match's note and the AMOUNT_MISMATCH say so instead of "a fee".
"""

from __future__ import annotations

from desktop_app.domain import Direction, DiscrepancyType, Invoice, Money
from desktop_app.matching import reconcile
from tests.matching.builders import invoice, line

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
