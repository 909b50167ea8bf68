"""An invoice the accountant settled takes no place in the search for grouped payments.

Its pairs with other lines are still scored, since a line paying it in full again is a
repeat payment. But a group holding it is never proposed (the assignment takes only repeats
for an invoice the accountant settled), so when it stood among a payee's invoices nearest a
payment, or among the few subsets the search keeps, it crowded out the open invoices the
payment really settled.
"""

from __future__ import annotations

from datetime import date

from desktop_app.domain import Decision, DecisionKind, Invoice, StatementLine
from desktop_app.matching import MatchSettings, reconcile
from desktop_app.matching.candidates import PARTIAL_SCAN_LIMIT
from tests.matching.builders import invoice, kinds, line, pairs

X = invoice("EL-2025-00017", "120.00")
Y = invoice("EL-2025-00018", "80.50", issue=date(2025, 3, 2))
PAYMENT = line("200.50", "ACME TRADING LTD PAYMENT", row=4, day=date(2025, 3, 8))
BOTH = {("EL-2025-00017", 4), ("EL-2025-00018", 4)}


def decide(kind: DecisionKind, invoices: list[Invoice], lines: list[StatementLine]) -> Decision:
    return Decision(kind, tuple(i.key for i in invoices), tuple(ln.key for ln in lines))


def test_settled_invoices_do_not_take_the_subsets_the_search_keeps() -> None:
    """Four pairs of invoices add up to the payment; the two the search keeps first both
    hold an invoice the accountant accepted for another line."""
    settled = [invoice("EL-2025-00010", "120.00"), invoice("EL-2025-00011", "80.50")]
    paying = [line("120.00", "EL-2025-00010", row=2), line("80.50", "EL-2025-00011", row=3)]
    decisions = [
        decide(DecisionKind.ACCEPT, [i], [ln]) for i, ln in zip(settled, paying, strict=True)
    ]
    result = reconcile([*settled, X, Y], [*paying, PAYMENT], decisions=decisions)
    assert pairs(result, state="auto") == BOTH
    assert result.discrepancies == ()


def test_a_settled_invoice_does_not_take_a_place_among_the_payees_nearest_invoices() -> None:
    """With room for the two invoices nearest the payment, the one matched by hand (the
    nearest) left room for one open invoice only, and the payment went unexplained."""
    near = invoice("EL-2025-00019", "45.00", issue=date(2025, 3, 5))
    paid = line("45.00", "EL-2025-00019", row=2, day=date(2025, 3, 6))
    manual = decide(DecisionKind.MANUAL_MATCH, [near], [paid])
    settings = MatchSettings(subset_pool_limit=2)
    result = reconcile([X, Y, near], [paid, PAYMENT], settings, decisions=[manual])
    assert pairs(result, state="auto") == BOTH
    assert result.discrepancies == ()


def test_settled_invoices_do_not_use_up_the_scan_of_the_payees_invoices() -> None:
    """The payee's invoices are scanned outwards from the payment's date, a few dozen at
    most: a month of invoices the accountant settled, all nearer, used up the scan."""
    settled = [
        invoice(f"EL-2025-{k:05}", f"{1000 + k}.00", issue=date(2025, 3, 3 + k % 6))
        for k in range(100, 100 + PARTIAL_SCAN_LIMIT)
    ]
    paying = [
        line(str(each.gross.amount), each.number, row=10 + k, day=date(2025, 3, 9))
        for k, each in enumerate(settled)
    ]
    decisions = [
        decide(DecisionKind.ACCEPT, [i], [ln]) for i, ln in zip(settled, paying, strict=True)
    ]
    result = reconcile([*settled, X, Y], [*paying, PAYMENT], decisions=decisions)
    assert pairs(result, state="auto") == BOTH
    assert result.discrepancies == ()


def test_a_settled_invoice_paid_again_is_still_a_repeat_payment() -> None:
    """A guard: leaving the invoice out of the groups keeps its pairs, which the check for
    a repeat payment needs (here a line naming only the payee, beside a grouped payment)."""
    near = invoice("EL-2025-00019", "45.00", issue=date(2025, 3, 5))
    paid = line("45.00", "EL-2025-00019", row=2, day=date(2025, 3, 6))
    again = line("45.00", "ACME TRADING LTD", row=5, day=date(2025, 3, 20))
    manual = decide(DecisionKind.MANUAL_MATCH, [near], [paid])
    result = reconcile([X, Y, near], [paid, PAYMENT, again], decisions=[manual])
    assert pairs(result, state="manual") == {("EL-2025-00019", 2)}
    assert pairs(result, state="auto") == {*BOTH, ("EL-2025-00019", 5)}
    repeat = next(m for m in result.matches if m.lines[0].row == 5)
    assert repeat.explanation.startswith("repeat payment")
    assert kinds(result) == ["DUPLICATE_PAYMENT"]
    assert result.discrepancies[0].explanation == (
        "EL-2025-00019 paid 2 times: bank.csv row 2 (2025-03-06, £45.00), "
        "bank.csv row 5 (2025-03-20, £45.00)"
    )
