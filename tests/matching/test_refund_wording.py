"""A credit note's refund is worded as a refund, by its amounts' sizes.

"paid -£18.67 of -£20.17, £1.50 short" read as money moving both ways at once: the row
and the match's amount note say "refunded £18.67 of £20.17" instead, whichever way the
refund moves (a receivable credit note's is paid out, a payable one's received).
"""

from __future__ import annotations

from desktop_app.domain import Direction, DiscrepancyType, Invoice, Money
from desktop_app.matching import reconcile
from tests.matching.builders import credit_note, invoice, line

OWED = credit_note("CN-2025-0007", "-20.17", provider="Versori")
DUE = credit_note("CN-2025-0008", "-20.17", direction=Direction.PAYABLE, provider="Content Ignite")


def _row_and_note(amount: str, inv: Invoice) -> tuple[str, str, Money | None]:
    result = reconcile([inv], [line(amount, inv.number)])
    (match,) = result.matches
    (row,) = result.discrepancies
    assert row.type is DiscrepancyType.AMOUNT_MISMATCH
    return row.explanation, match.explanation, row.difference


def test_a_refund_paid_out_short_reads_refunded_of_the_credit_note() -> None:
    told, note, difference = _row_and_note("-15.00", OWED)
    assert told == "CN-2025-0007: refunded £15.00 of £20.17, £5.17 short"
    assert "refunded £15.00 of £20.17" in note
    assert "-£" not in told
    assert "-£" not in note
    assert difference == Money("5.17", "GBP")  # the sheet's arithmetic is unchanged


def test_a_refund_received_over_reads_refunded_for_the_credit_note() -> None:
    told, note, _ = _row_and_note("30.17", DUE)
    assert told == "CN-2025-0008: refunded £30.17 of £20.17, £10.00 over"
    assert "refunded £30.17 for £20.17" in note


def test_guard_an_invoice_is_still_paid() -> None:
    told, note, _ = _row_and_note("100.00", invoice("EL-2025-00017", "120.00"))
    assert told == "EL-2025-00017: paid £100.00 of £120.00, £20.00 short"
    assert "paid £100.00 of £120.00" in note


def test_a_refund_short_within_tolerance_reads_refunded_too() -> None:
    told, _, _ = _row_and_note("-18.67", OWED)
    assert told.startswith("CN-2025-0007: refunded £18.67 of £20.17, £1.50 short (within")
