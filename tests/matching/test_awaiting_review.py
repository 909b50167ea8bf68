"""What an invoice or a line left open says of the suggestions awaiting review: every one
of them, each an alternative, not only the first the assignment listed."""

from __future__ import annotations

from datetime import date

from desktop_app.matching import reconcile
from tests.matching.builders import invoice, line
from tests.matching.test_rejections import texts

TWO_PARTS = [
    line("100.00", "EL-2025-00014 PART 1", row=2),
    line("100.00", "EL-2025-00014 PART 2", row=3, day=date(2025, 3, 5)),
]


def test_an_unpaid_invoice_names_every_payment_awaiting_review() -> None:
    result = reconcile([invoice("EL-2025-00014", "276.62")], TWO_PARTS)
    assert [m.state.value for m in result.matches] == ["suggested", "suggested"]
    unpaid = (
        "EL-2025-00014 for £276.62, due 2025-03-31: no payment found; 2 possible "
        "payments await review: bank.csv row 2 (2025-03-04, £100.00) or bank.csv row 3 "
        "(2025-03-05, £100.00)"
    )
    offered = "matched to no invoice yet: a possible match (EL-2025-00014) awaits review"
    assert texts(result) == {"UNPAID_INVOICE": [unpaid], "UNMATCHED_PAYMENT": [offered, offered]}


def test_a_line_names_every_match_awaiting_review_and_an_invoice_its_batch() -> None:
    """One line, offered alone to EL-6 and together with EL-3: the line names both
    offers, EL-6 both (the batch's with its other invoice), EL-3 the batch's."""
    invoices = [invoice("EL-2025-00003", "276.62"), invoice("EL-2025-00006", "1311.19")]
    result = reconcile(invoices, [line("1440.00", "EL-2025-00003 EL-2025-00006")])
    assert [m.state.value for m in result.matches] == ["suggested", "suggested"]
    row = "bank.csv row 2 (2025-03-04, £1,440.00)"
    first = (
        "EL-2025-00003 for £276.62, due 2025-03-31: no payment found; a possible "
        f"payment awaits review: {row} (paying EL-2025-00006 too)"
    )
    second = (
        "EL-2025-00006 for £1,311.19, due 2025-03-31: no payment found; 2 possible "
        f"payments await review: {row} (paying EL-2025-00003 too) or {row}"
    )
    offered = (
        "matched to no invoice yet: 2 possible matches await review: "
        "(EL-2025-00003, EL-2025-00006) or (EL-2025-00006)"
    )
    assert texts(result) == {"UNPAID_INVOICE": [first, second], "UNMATCHED_PAYMENT": [offered]}
