"""The accountant's decisions are inputs: accepted kept, rejected never again, manual fixed."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from desktop_app.domain import (
    Decision,
    DecisionKind,
    DiscrepancyType,
    Invoice,
    Money,
    NotApplied,
    Settlement,
    StatementLine,
)
from desktop_app.matching import reconcile
from tests.matching.builders import invoice, kinds, line, pairs

TWINS = [invoice("EL-2025-00017", "99.00"), invoice("EL-2025-00018", "99.00")]
PAYMENTS = [line("99.00", "ACME TRADING", row=2), line("99.00", "ACME TRADING", row=3)]


def decide(
    kind: DecisionKind, invoices: Sequence[Invoice], lines: Sequence[StatementLine]
) -> Decision:
    return Decision(kind, tuple(i.key for i in invoices), tuple(ln.key for ln in lines))


def test_an_accepted_pairing_is_kept_and_settles_the_rest() -> None:
    accepted = decide(DecisionKind.ACCEPT, TWINS[:1], PAYMENTS[:1])
    result = reconcile(TWINS, PAYMENTS, decisions=[accepted])
    assert pairs(result, state="accepted") == {("EL-2025-00017", 2)}
    assert pairs(result, state="auto") == {("EL-2025-00018", 3)}
    assert result.matches[0].explanation.startswith("accepted; amount equal")
    assert result.discrepancies == ()


def test_guard_an_accepted_pairing_is_scored_with_the_reference_its_line_quotes() -> None:
    """The engine scores the accountant's pairings once, for the assignment and the report,
    after the candidate search has read the references their lines quote: scored before,
    the reference would count for nothing in its score and explanation."""
    clear = [line(description="EL-2025-00017")]
    accepted = decide(DecisionKind.ACCEPT, [invoice()], clear)
    (match,) = reconcile([invoice()], clear, decisions=[accepted]).matches
    assert match.explanation.startswith("accepted; reference EL-2025-00017 in text")
    assert match.signals[0].score == 1.0
    assert match.score == reconcile([invoice()], clear).matches[0].score


def test_a_rejected_pairing_is_never_proposed_again() -> None:
    clear = [line(description="EL-2025-00017")]
    assert pairs(reconcile([invoice()], clear), state="auto") == {("EL-2025-00017", 2)}
    rejected = decide(DecisionKind.REJECT, [invoice()], clear)
    result = reconcile([invoice()], clear, decisions=[rejected])
    assert result.matches == ()
    assert sorted(kinds(result)) == ["UNMATCHED_PAYMENT", "UNPAID_INVOICE"]


def test_a_manual_pairing_is_fixed_and_still_checked() -> None:
    odd = line("100.00", "CASH DEPOSIT", currency="GBP")
    manual = decide(DecisionKind.MANUAL_MATCH, [invoice()], [odd])
    result = reconcile([invoice()], [odd], decisions=[manual])
    (match,) = result.matches
    assert match.state.value == "manual"
    assert match.explanation.startswith("matched by hand")
    assert kinds(result) == ["AMOUNT_MISMATCH"]


def test_the_log_is_read_in_order() -> None:
    clear = [line(description="EL-2025-00017")]
    accept = decide(DecisionKind.ACCEPT, [invoice()], clear)
    reject = decide(DecisionKind.REJECT, [invoice()], clear)
    unmatch = decide(DecisionKind.UNMATCH, [invoice()], clear)
    assert reconcile([invoice()], clear, decisions=[accept, reject]).matches == ()
    assert pairs(reconcile([invoice()], clear, decisions=[reject, accept]), state="accepted")
    # Undoing an accept hands the pairing back to the engine, which matches it again.
    undone = reconcile([invoice()], clear, decisions=[accept, unmatch])
    assert pairs(undone, state="auto") == {("EL-2025-00017", 2)}


def test_decisions_about_absent_invoices_or_lines_are_set_aside_and_counted() -> None:
    gone = invoice("EL-2025-09999")
    result = reconcile(
        [invoice()],
        [line(description="EL-2025-00017")],
        decisions=[decide(DecisionKind.ACCEPT, [gone], [line()])],
    )
    assert pairs(result, state="auto") == {("EL-2025-00017", 2)}
    assert result.settings["decisions_not_applied"] == 1


def test_the_decisions_set_aside_are_published_for_the_report_to_name() -> None:
    """A count alone named no decision (tester N, finding 4): the run lists each pairing
    it set aside, and whether it was a rejection, as many as it counts."""
    absent, present = invoice("EL-2025-09999"), invoice()
    elsewhere = line(description="EL-2025-00017", row=40, source="march.csv")
    result = reconcile(
        [present],
        [line(description="EL-2025-00017")],
        decisions=[
            decide(DecisionKind.REJECT, [present], [elsewhere]),
            decide(DecisionKind.ACCEPT, [absent], [line()]),
        ],
    )
    assert result.not_applied == (
        NotApplied(frozenset({absent.key}), frozenset({line().key}), rejected=False),
        NotApplied(frozenset({present.key}), frozenset({elsewhere.key}), rejected=True),
    )
    assert result.settings["decisions_not_applied"] == 2
    assert reconcile([present], [line()]).not_applied == ()


def test_a_second_payment_of_an_accepted_invoice_is_a_duplicate() -> None:
    lines = [
        line(description="DD EL-2025-00017", row=2),
        line(description="DD EL-2025-00017", row=3),
    ]
    accepted = decide(DecisionKind.ACCEPT, [invoice()], lines[1:])
    result = reconcile([invoice()], lines, decisions=[accepted])
    assert pairs(result, state="accepted") == {("EL-2025-00017", 3)}
    assert pairs(result, state="auto") == {("EL-2025-00017", 2)}
    (duplicate,) = result.discrepancies
    assert duplicate.type is DiscrepancyType.DUPLICATE_PAYMENT


def test_engine_match_records_are_audit_only() -> None:
    clear = [line(description="EL-2025-00017")]
    audit = decide(DecisionKind.ENGINE_MATCH, [invoice()], clear)
    assert pairs(reconcile([invoice()], clear, decisions=[audit]), state="auto")


def test_a_manual_pairing_on_a_bare_number_says_the_number_alone_did_not_count() -> None:
    numbered = invoice("40017", "120.00")
    transfer = line("75.00", "TRANSFER 40017 REF", currency="GBP")
    manual = decide(DecisionKind.MANUAL_MATCH, [numbered], [transfer])
    (match,) = reconcile([numbered], [transfer], decisions=[manual]).matches
    assert match.signals[0].score == 0.0
    assert match.signals[0].detail == "number 40017 in text, but neither amount nor payee agrees"
    assert match.explanation == "matched by hand; paid £75.00 of £120.00; paid 3 days after issue"


@pytest.mark.parametrize("paid_in", ["GBP", "EUR", None])
def test_a_manual_pairing_of_invoices_in_two_currencies_is_reported_not_added_up(
    paid_in: str | None,
) -> None:
    """A decision already stored that pairs a pound and a euro invoice with one payment
    (the window now refuses to make it) no longer stops the run: it stays the
    accountant's match and is reported as a currency mismatch, each currency's amount
    given on its own. It raised, failing every run and export of the workspace."""
    pounds = invoice("EL-2025-00017", "120.00")
    euros = invoice("EL-2025-00018", "50.00", currency="EUR")
    paid = line("170.00", "TRANSFER", currency=paid_in)
    manual = decide(DecisionKind.MANUAL_MATCH, [pounds, euros], [paid])
    result = reconcile([pounds, euros], [paid], decisions=[manual])
    assert pairs(result, state="manual") == {("EL-2025-00017", 2), ("EL-2025-00018", 2)}
    (mismatch,) = result.discrepancies
    assert mismatch.type is DiscrepancyType.CURRENCY_MISMATCH
    assert (mismatch.invoice, mismatch.group) == (None, (pounds, euros))
    assert (mismatch.invoice_amount, mismatch.difference) == (None, None)
    assert mismatch.paid_amount == (Money("170.00", paid_in) if paid_in else None)
    assert mismatch.invoice_currency is None  # a line without one is in neither
    shown = {"GBP": "£170.00", "EUR": "€170.00", None: "in a currency the statement does not give"}
    assert mismatch.explanation == (
        f"EL-2025-00017, EL-2025-00018: paid {shown[paid_in]}, invoiced £120.00 and €50.00: "
        "invoices in GBP and EUR cannot be settled by one payment, so their amounts are not "
        "added up; unmatch them and match each currency's invoices to their own payment"
    )
    if paid_in is not None:  # the match's own note names both currencies, not the first's
        assert result.matches[0].explanation.endswith(f"paid in {paid_in}, invoices in EUR/GBP")


def test_a_manual_pairing_settled_in_the_invoices_agreed_currency_is_kept() -> None:
    """A euro invoice agreed to be settled in pounds, paid with a pound invoice by one
    payment in pounds (short by a fee): the accountant's match stands and the run
    completes; it raised on adding the euros to the pounds."""
    pounds = invoice("EL-2025-00017", "120.00")
    leg = Settlement("GBP", Money("43.00", "GBP"))
    euros = invoice("EL-2025-00018", "50.00", currency="EUR", settlement=leg)
    paid = line("160.00", "TRANSFER")
    manual = decide(DecisionKind.MANUAL_MATCH, [pounds, euros], [paid])
    result = reconcile([pounds, euros], [paid], decisions=[manual])
    (match,) = result.matches
    assert match.invoiced_totals() == (Money("120.00", "GBP"), Money("50.00", "EUR"))
    assert "CURRENCY_MISMATCH" not in kinds(result)  # paid in the agreed currency


PAID_TWICE = [invoice("EL-2025-00166", "451.67")]
BOTH_PAYMENTS = [
    line("451.67", "EL-2025-00166", row=10),
    line("451.67", "EL-2025-00166", row=11),
]


@pytest.mark.parametrize(("accepted", "repeat"), [(10, 11), (11, 10)])
def test_guard_either_payment_of_an_invoice_paid_twice_accepted_leaves_the_other_a_repeat(
    accepted: int, repeat: int
) -> None:
    """What the window's Accept relies on (``ui/review.accept``): the engine's other
    match of the invoice stays, as a repeat payment of the accepted one, whichever it
    is, and the invoice is still reported as paid twice."""
    chosen = [ln for ln in BOTH_PAYMENTS if ln.row == accepted]
    result = reconcile(
        PAID_TWICE, BOTH_PAYMENTS, decisions=[decide(DecisionKind.ACCEPT, PAID_TWICE, chosen)]
    )
    assert pairs(result, state="accepted") == {("EL-2025-00166", accepted)}
    assert pairs(result, state="auto") == {("EL-2025-00166", repeat)}
    (other,) = [m for m in result.matches if m.lines[0].row == repeat]
    assert other.explanation.startswith("repeat payment; ")
    assert kinds(result) == ["DUPLICATE_PAYMENT"]


def test_guard_two_invoices_settled_together_by_two_lines_stay_one_match() -> None:
    """A batch paid in instalments, matched by hand (neither line pays either invoice
    alone): the engine keeps the pairing whole and scores it as one; paid short, it is
    one AMOUNT_MISMATCH for the batch."""
    batch = [invoice("EL-2025-00178", "1700.00"), invoice("EL-2025-00179", "1403.71")]
    for second, found in (("1103.71", []), ("1000.00", ["AMOUNT_MISMATCH"])):
        parts = [line("2000.00", "RHO part 1", row=4), line(second, "RHO part 2", row=5)]
        result = reconcile(
            batch, parts, decisions=[decide(DecisionKind.MANUAL_MATCH, batch, parts)]
        )
        (match,) = result.matches
        assert (len(match.invoices), len(match.lines)) == (2, 2)
        assert match.explanation.startswith("matched by hand; 2 payments for 2 invoices; ")
        assert kinds(result) == found
