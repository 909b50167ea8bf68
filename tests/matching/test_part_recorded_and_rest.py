"""An invoice partly paid before, paid in parts with the part its provider records as paid.

EL-2025-00003 is £276.62, £201.70 still owed: Elevate records £74.92 as paid. A line of
exactly £74.92 quoting it is that part's payment. Lines paying the gross with that line
among them are the gross paid in parts, the part included: nothing was paid twice, so
there is no AMOUNT_MISMATCH "over by what was paid before" (which stays for the gross
paid on top of the part). And once the rest is paid (next month's statement), the
part's line and the rest's pay the invoice together: the part's line is not left
"settled otherwise" nor made a rival of the rest's.
"""

from __future__ import annotations

from desktop_app.domain import (
    Decision,
    DecisionKind,
    Direction,
    InvoiceStatus,
    MatchState,
    Money,
)
from desktop_app.domain.statement import StatementLine
from desktop_app.matching import reconcile
from tests.matching.builders import OPEN_BESIDE, PARTLY_PAID, invoice, kinds, line

PART = line("74.92", "EL-2025-00003", row=2)  # the £74.92 Elevate records as paid
PART_NOTE = (
    "total equal to the gross: bank.csv row 2 (2025-03-04, £74.92) pays the £74.92 of "
    "£276.62 Elevate records as paid"
)


def _by_hand(*lines: StatementLine) -> Decision:
    return Decision(DecisionKind.MANUAL_MATCH, (PARTLY_PAID.key,), tuple(x.key for x in lines))


def test_the_gross_paid_in_parts_with_the_part_recorded_as_paid_is_paid_in_full() -> None:
    """£74.92 (the part), £100.00 and £101.70 (the £201.70 still owed): £276.62, the
    gross, matched by hand. Not '£74.92 over: the gross, as if nothing had been paid
    before'; the window's Difference (paid less what it is compared with) is nothing."""
    rest = [line("100.00", "BACS PAYMENT", row=3), line("101.70", "BACS BALANCE", row=4)]
    result = reconcile([PARTLY_PAID], [PART, *rest], decisions=[_by_hand(PART, *rest)])
    (match,) = result.matches
    assert match.state is MatchState.MANUAL
    assert match.compared_with is None
    assert match.paid_total() - match.compared_total() == Money("0.00", "GBP")
    assert f"paid in 3 parts; reference EL-2025-00003 in text; {PART_NOTE}, the others " in (
        match.explanation
    )
    assert match.explanation.count("the £201.70 still owed") == 1
    assert result.discrepancies == ()


def test_the_part_recorded_as_paid_in_two_lines_is_found_among_them() -> None:
    """The part paid in two lines (£30.00 and £44.92), the rest in one."""
    lines = [
        line("30.00", "EL-2025-00003", row=2),
        line("44.92", "EL-2025-00003", row=3),
        line("201.70", "EL-2025-00003", row=4),
    ]
    result = reconcile([PARTLY_PAID], lines, decisions=[_by_hand(*lines)])
    assert (
        "bank.csv row 2 (2025-03-04, £30.00) and bank.csv row 3 " in result.matches[0].explanation
    )
    assert "pay the £74.92 of £276.62 Elevate records as paid, the other the £201.70" in (
        result.matches[0].explanation
    )
    assert result.discrepancies == ()


def test_guard_the_gross_paid_in_parts_none_of_them_the_part_is_still_over() -> None:
    """£100.00 and £176.62 by hand: the gross, but no line (nor few lines) is the £74.92
    recorded as paid: paid on top of it, £74.92 over what was still owed, as before."""
    lines = [line("100.00", "EL-2025-00003", row=2), line("176.62", "EL-2025-00003", row=3)]
    result = reconcile([PARTLY_PAID], lines, decisions=[_by_hand(*lines)])
    assert kinds(result) == ["AMOUNT_MISMATCH"]
    (over,) = result.discrepancies
    assert over.difference == Money("74.92", "GBP")
    assert "as if nothing had been paid before" in over.explanation


def test_a_batch_paid_in_parts_with_the_part_recorded_as_paid_is_paid_in_full() -> None:
    """The part, then one payment of what is still owed and the other invoice."""
    lines = [PART, line("1512.89", "EL-2025-00003 EL-2025-00006", row=3)]
    decision = Decision(
        DecisionKind.MANUAL_MATCH,
        (PARTLY_PAID.key, OPEN_BESIDE.key),
        tuple(x.key for x in lines),
    )
    result = reconcile([PARTLY_PAID, OPEN_BESIDE], lines, decisions=[decision])
    (match,) = result.matches
    assert match.compared_with is None
    assert "pays the £74.92 of EL-2025-00003 recorded as paid" in match.explanation
    assert result.discrepancies == ()


def test_a_payable_gross_paid_in_parts_with_the_part_is_paid_in_full() -> None:
    """Money out: the same rule, in the invoice's sign convention."""
    owing = invoice(
        "CI-0003",
        "276.62",
        status=InvoiceStatus.PARTIALLY_PAID,
        amount_outstanding=Money("201.70", "GBP"),
        direction=Direction.PAYABLE,
        provider="Content Ignite",
    )
    lines = [line("-74.92", "CI-0003", row=2), line("-201.70", "CI-0003", row=3)]
    decision = Decision(DecisionKind.MANUAL_MATCH, (owing.key,), tuple(x.key for x in lines))
    result = reconcile([owing], lines, decisions=[decision])
    assert "pays the £74.92 of £276.62 Content Ignite records as paid" in (
        result.matches[0].explanation
    )
    assert result.discrepancies == ()
