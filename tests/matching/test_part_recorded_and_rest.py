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

from datetime import date

from desktop_app.domain import (
    Decision,
    DecisionKind,
    DiscrepancyType,
    InvoiceStatus,
    MatchState,
    Money,
    Reconciliation,
)
from desktop_app.domain.statement import StatementLine
from desktop_app.matching import reconcile
from tests.matching.builders import (
    OPEN_BESIDE,
    PARTLY_PAID,
    PARTLY_PAID_PAYABLE,
    invoice,
    kinds,
    line,
)

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
    # only row 2 quotes the invoice: the reference's signal is a third, and says why
    quoting = "as issued in row 2, not in row 3, not in row 4"
    assert f"paid in 3 parts; reference EL-2025-00003 in text: {quoting}; {PART_NOTE}, " in (
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
    owing = PARTLY_PAID_PAYABLE
    lines = [line("-74.92", "CI-0003", row=2), line("-201.70", "CI-0003", row=3)]
    decision = Decision(DecisionKind.MANUAL_MATCH, (owing.key,), tuple(x.key for x in lines))
    result = reconcile([owing], lines, decisions=[decision])
    assert "pays the £74.92 of £276.62 Content Ignite records as paid" in (
        result.matches[0].explanation
    )
    assert result.discrepancies == ()


REST = line("201.70", "EL-2025-00003", row=9, day=date(2025, 4, 2))  # next month's


def test_the_rest_paid_later_joins_the_part_recorded_as_paid() -> None:
    """The part's line was matched alone (the rest still owed); the rest's line comes
    in: both pay the invoice, one match, no discrepancy. The rest used to take the
    invoice, and the part's line became 'settled otherwise'."""
    alone = reconcile([PARTLY_PAID], [PART])
    assert [(m.state, [x.row for x in m.lines]) for m in alone.matches] == [(MatchState.AUTO, [2])]
    result = reconcile([PARTLY_PAID], [PART, REST])
    assert [(m.state, [x.row for x in m.lines]) for m in result.matches] == [
        (MatchState.AUTO, [2, 9])
    ]
    assert f"paid in 2 parts; reference EL-2025-00003 in text; {PART_NOTE}, the other " in (
        result.matches[0].explanation
    )
    assert result.discrepancies == ()


def test_guard_two_lines_each_paying_the_part_are_not_joined_to_the_rest() -> None:
    """£74.92 paid twice, then the rest: which £74.92 is the part and which a repeat is
    not the engine's to guess (``recorded_join``), so neither joins the rest's match."""
    again = line("74.92", "EL-2025-00003", row=3, day=date(2025, 3, 6))
    result = reconcile([PARTLY_PAID], [PART, again, REST])
    assert [(m.state, [x.row for x in m.lines]) for m in result.matches] == [(MatchState.AUTO, [9])]
    assert kinds(result) == ["UNMATCHED_PAYMENT", "UNMATCHED_PAYMENT"]


def test_the_rest_paid_twice_after_the_part_is_a_duplicate_of_the_gross() -> None:
    """The part and the rest settle it; the rest paid again is all paid beyond that."""
    again = line("201.70", "EL-2025-00003", row=10, day=date(2025, 4, 3))
    result = reconcile([PARTLY_PAID], [PART, REST, again])
    assert [(m.state, [x.row for x in m.lines]) for m in result.matches] == [
        (MatchState.AUTO, [2, 9]),
        (MatchState.AUTO, [10]),
    ]
    assert kinds(result) == ["DUPLICATE_PAYMENT"]
    (twice,) = result.discrepancies
    assert (twice.invoice_amount, twice.paid_amount, twice.difference) == (
        Money("276.62", "GBP"),
        Money("478.32", "GBP"),
        Money("201.70", "GBP"),
    )


# The demo's EL-2025-00182: £971.79, £409.84 still owed, so £561.95 recorded as paid (more
# than what is still owed); a payment of that part in pounds, then one in euros.
ABROAD = invoice(
    "EL-2025-00182",
    "971.79",
    status=InvoiceStatus.PARTIALLY_PAID,
    amount_outstanding=Money("409.84", "GBP"),
)
ABROAD_PART = line("561.95", "EL 2025 00182 CUSTOMER 1060", row=26, day=date(2025, 3, 5))
IN_EUROS = line(
    "470.00", "EL-2025-00182 CUSTOMER 1060", row=127, day=date(2025, 3, 14), currency="EUR"
)


def test_the_rest_paid_in_another_currency_joins_the_part_recorded_as_paid() -> None:
    """The euro payment quoting the invoice made the pound payment of the part its
    rival: both only offered for review, the invoice reported unpaid. They pay it
    together: one match, settled, a CURRENCY_MISMATCH about what is still owed."""
    result = reconcile([ABROAD], [ABROAD_PART, IN_EUROS])
    assert [(m.state, [x.row for x in m.lines]) for m in result.matches] == [
        (MatchState.AUTO, [26, 127])
    ]
    assert (
        "paid £561.95, the part of £971.79 Elevate records as paid, and €470.00: not compared"
        in result.matches[0].explanation
    )
    (abroad,) = result.discrepancies
    assert abroad.type is DiscrepancyType.CURRENCY_MISMATCH
    assert abroad.explanation == (
        "EL-2025-00182: paid £561.95, the part of £971.79 Elevate records as paid, and "
        "€470.00 against the £409.84 still owed of £971.79"
    )
    # the part is measured against the gross: what is left in pounds is what is owed
    assert abroad.invoice_amount == Money("971.79", "GBP")
    assert abroad.paid_totals == (Money("561.95", "GBP"), Money("470.00", "EUR"))
    assert abroad.differences == (Money("-409.84", "GBP"), Money("470.00", "EUR"))


def test_the_part_and_the_rest_abroad_name_a_shared_number_with_its_provider() -> None:
    """Another provider's invoice (a draft) bears the number too: the row names which
    one, as every other discrepancy's explanation does (``RunContext.name``)."""
    twin = invoice(
        "EL-2025-00182",
        "30.00",
        provider="Content Ignite",
        invoice_id="ci-182",
        payee=None,
        status=InvoiceStatus.DRAFT,
    )
    result = reconcile([ABROAD, twin], [ABROAD_PART, IN_EUROS])
    (abroad,) = result.discrepancies
    assert abroad.explanation.startswith(
        "EL-2025-00182 (Elevate): paid £561.95, the part of £971.79 Elevate records as paid"
    )


def test_a_rejected_joining_leaves_the_part_for_review() -> None:
    """The accountant refused the two together: never proposed again; the euro payment
    is the invoice's match, and the part is offered for review beside it."""
    refused = Decision(
        DecisionKind.REJECT, (ABROAD.key,), (ABROAD_PART.key, IN_EUROS.key), "not together"
    )
    result = reconcile([ABROAD], [ABROAD_PART, IN_EUROS], decisions=[refused])
    assert sorted((m.state, tuple(x.row for x in m.lines)) for m in result.matches) == [
        (MatchState.AUTO, (127,)),
        (MatchState.SUGGESTED, (26,)),
    ]


def test_guard_the_part_alone_is_matched_alone() -> None:
    """Nothing else could pay the invoice: the part's line is its match, as it was."""
    result = reconcile([ABROAD], [ABROAD_PART])
    assert [(m.state, [x.row for x in m.lines]) for m in result.matches] == [
        (MatchState.AUTO, [26])
    ]
    assert kinds(result) == ["AMOUNT_MISMATCH"]


def test_guard_the_part_whose_rival_pays_another_invoice_is_matched_alone() -> None:
    """A line quoting the invoice besides another, paying that other exactly, could pay
    it too: the part is set aside from the assignment. The assignment gives the line to
    the other invoice and this one to nothing, so the part is placed as a pairing
    nothing contests: matched alone, as it was, the rest still owed."""
    both = line("1311.19", "EL-2025-00006 EL-2025-00003", row=3)
    result = reconcile([PARTLY_PAID, OPEN_BESIDE], [PART, both])
    assert sorted(
        (m.state, m.invoices[0].number, x.row) for m in result.matches for x in m.lines
    ) == [
        (MatchState.AUTO, "EL-2025-00003", 2),
        (MatchState.AUTO, "EL-2025-00006", 3),
    ]
    assert kinds(result) == ["AMOUNT_MISMATCH"]
    assert "the £201.70 still owed is unpaid" in result.discrepancies[0].explanation


def test_a_line_of_a_repeat_in_parts_is_not_joined_as_the_part_too() -> None:
    """£201.70 settles it; £74.92 and £126.78 later pay that again, in parts (a repeat
    payment). The £74.92 is the part's amount, but it is a part of the repeat: in one
    match only, the repeat's, and the duplicate is all of its £201.70."""
    lines = [
        line("201.70", "EL-2025-00003", row=2),
        line("74.92", "EL-2025-00003", row=5, day=date(2025, 3, 10)),
        line("126.78", "EL-2025-00003", row=6, day=date(2025, 3, 10)),
    ]
    result = reconcile([PARTLY_PAID], lines)
    assert [(m.state, [x.row for x in m.lines]) for m in result.matches] == [
        (MatchState.AUTO, [2]),
        (MatchState.AUTO, [5, 6]),
    ]
    assert kinds(result) == ["DUPLICATE_PAYMENT"]
    assert result.discrepancies[0].difference == Money("201.70", "GBP")


# The cases ``recorded_join`` leaves to the assignment, or offers for review, each with
# the rule that decides it.
TWIN = invoice("EL-2025-00044", "201.70")  # the same payee, the rest's amount
BY_PAYEE = line("201.70", "Acme Trading Ltd", row=9, day=date(2025, 4, 2))


def _placed(result: Reconciliation) -> list[tuple[MatchState, str, tuple[int, ...]]]:
    return sorted(
        (m.state, "+".join(i.number for i in m.invoices), tuple(x.row for x in m.lines))
        for m in result.matches
    )


def test_guard_an_invoice_the_accountant_settled_keeps_their_pairing_alone() -> None:
    """The rest matched by hand, and paid again: the part's line is not set aside and
    matched to the invoice the accountant settled (their pairing stands as made); it is
    left unmatched, the repeat a duplicate."""
    again = line("201.70", "EL-2025-00003", row=10, day=date(2025, 4, 9))
    by_hand = _by_hand(REST)
    result = reconcile([PARTLY_PAID], [PART, REST, again], decisions=[by_hand])
    assert _placed(result) == [
        (MatchState.AUTO, "EL-2025-00003", (10,)),
        (MatchState.MANUAL, "EL-2025-00003", (9,)),
    ]
    assert kinds(result) == ["UNMATCHED_PAYMENT", "DUPLICATE_PAYMENT"]


def test_guard_a_part_line_that_pays_another_invoice_is_the_assignments_to_place() -> None:
    """£74.92 quoting this invoice and another of exactly £74.92: the line could pay
    either, so it is not set aside; the assignment gives it to the one it settles, and
    the rest's line pays this one (its £201.70 still owed)."""
    other = invoice("EL-2025-00009", "74.92")
    both = line("74.92", "EL-2025-00003 EL-2025-00009", row=2)
    result = reconcile([PARTLY_PAID, other], [both, REST])
    assert _placed(result) == [
        (MatchState.AUTO, "EL-2025-00003", (9,)),
        (MatchState.AUTO, "EL-2025-00009", (2,)),
    ]
    assert result.discrepancies == ()


def test_the_part_joins_the_rests_match_offered_for_review() -> None:
    """The rest's line names the payee of two invoices of its amount: each pairing is
    offered for review. The part joins the one of its invoice, still offered: the
    accountant accepting it accepts the gross paid in parts."""
    result = reconcile([PARTLY_PAID, TWIN], [PART, BY_PAYEE])
    assert _placed(result) == [
        (MatchState.SUGGESTED, "EL-2025-00003", (2, 9)),
        (MatchState.SUGGESTED, "EL-2025-00044", (9,)),
    ]
    (joined,) = (m for m in result.matches if len(m.lines) == 2)
    assert PART_NOTE in joined.explanation


def test_the_part_is_offered_beside_several_matches_of_its_invoice() -> None:
    """Two lines of the rest's amount naming the payee of two such invoices: four
    pairings offered. Which the part joins is the accountant's to say: it is offered
    alone beside them, and joins none."""
    later = line("201.70", "Acme Trading Ltd", row=10, day=date(2025, 4, 9))
    result = reconcile([PARTLY_PAID, TWIN], [PART, BY_PAYEE, later])
    assert _placed(result) == [
        (MatchState.SUGGESTED, "EL-2025-00003", (2,)),
        (MatchState.SUGGESTED, "EL-2025-00003", (9,)),
        (MatchState.SUGGESTED, "EL-2025-00003", (10,)),
        (MatchState.SUGGESTED, "EL-2025-00044", (9,)),
        (MatchState.SUGGESTED, "EL-2025-00044", (10,)),
    ]


def test_the_part_is_offered_beside_a_batch_holding_its_invoice() -> None:
    """One payment of the £201.70 still owed and another invoice: a batch settled
    without asking. The part does not join a batch (its lines pay two invoices): it is
    offered for review beside it, and reported unmatched until the accountant says."""
    batch = line("1512.89", "EL-2025-00003 EL-2025-00006", row=3)
    result = reconcile([PARTLY_PAID, OPEN_BESIDE], [PART, batch])
    assert _placed(result) == [
        (MatchState.AUTO, "EL-2025-00003+EL-2025-00006", (3,)),
        (MatchState.SUGGESTED, "EL-2025-00003", (2,)),
    ]
    assert kinds(result) == ["UNMATCHED_PAYMENT"]
