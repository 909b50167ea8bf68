"""A rejected pairing forbids every proposal that contains it, and nothing else.

Rejecting "X paid by L" also rules out "X paid by L + M" (a split) and "X and Y paid by L"
(one payment for both): each says again that L paid X. The engine must then look past it
for the best pairing still allowed. The accountant's own pairings are never overruled.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from desktop_app.domain import (
    Decision,
    DecisionKind,
    Invoice,
    InvoiceStatus,
    Reconciliation,
    StatementLine,
)
from desktop_app.matching import reconcile
from tests.matching.builders import invoice, kinds, line, pairs

X = invoice("EL-2025-00017", "120.00")
Y = invoice("EL-2025-00018", "80.50")


def decide(
    kind: DecisionKind, invoices: Sequence[Invoice], lines: Sequence[StatementLine]
) -> Decision:
    return Decision(kind, tuple(i.key for i in invoices), tuple(ln.key for ln in lines))


def reject(invoices: Sequence[Invoice], lines: Sequence[StatementLine]) -> Decision:
    return decide(DecisionKind.REJECT, invoices, lines)


def shapes(result: Reconciliation) -> set[tuple[tuple[str, ...], tuple[int, ...], str]]:
    """Each match as (invoice numbers, line rows, state)."""
    return {
        (
            tuple(sorted(i.number for i in match.invoices)),
            tuple(sorted(ln.row for ln in match.lines)),
            match.state.value,
        )
        for match in result.matches
    }


def test_rejecting_a_line_for_an_invoice_rules_out_a_split_containing_it() -> None:
    part = line("70.00", "PART PAYMENT EL-2025-00017", row=2)
    balance = line("50.00", "ACME TRADING BALANCE", row=3, day=date(2025, 3, 20))
    assert shapes(reconcile([X], [part, balance])) == {(("EL-2025-00017",), (2, 3), "auto")}
    result = reconcile([X], [part, balance], decisions=[reject([X], [part])])
    assert ("EL-2025-00017", 2) not in pairs(result)
    assert sorted(kinds(result)) == ["UNMATCHED_PAYMENT", "UNMATCHED_PAYMENT", "UNPAID_INVOICE"]


def test_rejecting_a_line_for_an_invoice_rules_out_a_grouped_payment_covering_it() -> None:
    payment = line("200.50", "ACME TRADING LTD PAYMENT", row=2)
    before = reconcile([X, Y], [payment])
    assert shapes(before) == {(("EL-2025-00017", "EL-2025-00018"), (2,), "auto")}
    result = reconcile([X, Y], [payment], decisions=[reject([X], [payment])])
    assert ("EL-2025-00017", 2) not in pairs(result)
    assert sorted(kinds(result)) == ["UNMATCHED_PAYMENT", "UNPAID_INVOICE", "UNPAID_INVOICE"]


def test_after_a_rejection_the_best_allowed_split_is_proposed() -> None:
    """The rejected line paid X exactly: the search used to stop there, and X's real
    payment (two parts) was never looked for."""
    whole = line("120.00", "ACME TRADING", row=2)
    first = line("70.00", "ACME TRADING PART 1", row=3, day=date(2025, 3, 10))
    second = line("50.00", "ACME TRADING PART 2", row=4, day=date(2025, 3, 20))
    lines = [whole, first, second]
    assert shapes(reconcile([X], lines)) == {(("EL-2025-00017",), (2,), "auto")}
    result = reconcile([X], lines, decisions=[reject([X], [whole])])
    assert shapes(result) == {(("EL-2025-00017",), (3, 4), "auto")}
    assert result.matches[0].explanation.startswith("paid in 2 parts")
    assert kinds(result) == ["UNMATCHED_PAYMENT"]


def test_the_search_looks_past_rejected_splits_to_the_allowed_ones() -> None:
    """Four pairs of lines make up X; the search keeps only the two best, both holding the
    rejected line. Dropping them after the search would leave X with nothing."""
    lines = [
        line("70.00", "PART PAYMENT EL-2025-00017", row=2),
        line("50.00", "ACME TRADING", row=3, day=date(2025, 3, 12)),
        line("50.00", "ACME TRADING", row=4, day=date(2025, 3, 20)),
        line("70.00", "ACME TRADING", row=5, day=date(2025, 3, 25)),
    ]
    before = {rows for _, rows, _ in shapes(reconcile([X], lines))}
    assert before == {(2, 3), (2, 4)}
    result = reconcile([X], lines, decisions=[reject([X], lines[:1])])
    assert shapes(result) == {
        (("EL-2025-00017",), (3, 5), "suggested"),
        (("EL-2025-00017",), (4, 5), "suggested"),
    }


def test_after_a_rejection_the_best_allowed_grouped_payment_is_proposed() -> None:
    """Two pairs of invoices add up to the payment; rejecting one invoice for it settles
    which pair it paid, instead of leaving both in doubt."""
    twin = invoice("EL-2025-00019", "120.00", issue=date(2025, 3, 2))
    payment = line("200.50", "ACME TRADING LTD PAYMENT", row=2)
    before = reconcile([X, Y, twin], [payment])
    assert {state for *_, state in shapes(before)} == {"suggested"}
    result = reconcile([X, Y, twin], [payment], decisions=[reject([X], [payment])])
    assert shapes(result) == {(("EL-2025-00018", "EL-2025-00019"), (2,), "auto")}
    assert kinds(result) == ["UNPAID_INVOICE"]


def test_rejecting_a_split_leaves_each_of_its_lines_open() -> None:
    """A guard: a proposal holding only part of a rejected pairing is another claim."""
    part = line("70.00", "EL-2025-00017", row=2)
    balance = line("50.00", "ACME TRADING", row=3, day=date(2025, 3, 20))
    assert shapes(reconcile([X], [part, balance])) == {(("EL-2025-00017",), (2, 3), "auto")}
    result = reconcile([X], [part, balance], decisions=[reject([X], [part, balance])])
    assert shapes(result) == {(("EL-2025-00017",), (2,), "auto")}
    assert sorted(kinds(result)) == ["AMOUNT_MISMATCH", "UNMATCHED_PAYMENT"]


def test_rejecting_one_pair_leaves_its_invoice_and_its_line_to_others() -> None:
    """A guard: 'Y paid by L' and 'X paid by M' share only a part of 'X paid by L'."""
    twins = [invoice("EL-2025-00017", "99.00"), invoice("EL-2025-00018", "99.00")]
    lines = [line("99.00", "ACME TRADING", row=2), line("99.00", "ACME TRADING", row=3)]
    result = reconcile(twins, lines, decisions=[reject(twins[:1], lines[:1])])
    assert pairs(result, state="auto") == {("EL-2025-00018", 2), ("EL-2025-00017", 3)}
    assert result.discrepancies == ()


def test_the_accountants_own_pairings_stand_over_a_rejection_they_contain() -> None:
    """A guard: a manual split or an accepted group holding a rejected pairing is the
    accountant's explicit decision, kept as it is."""
    part = line("70.00", "PART PAYMENT EL-2025-00017", row=2)
    balance = line("50.00", "ACME TRADING BALANCE", row=3, day=date(2025, 3, 20))
    manual = decide(DecisionKind.MANUAL_MATCH, [X], [part, balance])
    result = reconcile([X], [part, balance], decisions=[reject([X], [part]), manual])
    assert shapes(result) == {(("EL-2025-00017",), (2, 3), "manual")}
    assert result.discrepancies == ()

    payment = line("200.50", "ACME TRADING LTD PAYMENT", row=2)
    accept = decide(DecisionKind.ACCEPT, [X, Y], [payment])
    result = reconcile([X, Y], [payment], decisions=[reject([X], [payment]), accept])
    assert shapes(result) == {(("EL-2025-00017", "EL-2025-00018"), (2,), "accepted")}
    assert result.discrepancies == ()


def test_an_undone_pairing_leaves_the_rejection_it_contained_in_force() -> None:
    """Unmatching the accountant's split hands it back to the engine, and the engine
    respects the rejection still in the log: it does not propose that split itself."""
    part = line("70.00", "PART PAYMENT EL-2025-00017", row=2)
    balance = line("50.00", "ACME TRADING BALANCE", row=3, day=date(2025, 3, 20))
    log = [
        reject([X], [part]),
        decide(DecisionKind.MANUAL_MATCH, [X], [part, balance]),
        decide(DecisionKind.UNMATCH, [X], [part, balance]),
    ]
    result = reconcile([X], [part, balance], decisions=log)
    assert ("EL-2025-00017", 2) not in pairs(result)


def texts(result: Reconciliation) -> dict[str, list[str]]:
    """Each discrepancy's explanation, by type, in the result's order."""
    found: dict[str, list[str]] = {}
    for item in result.discrepancies:
        found.setdefault(item.type.value, []).append(item.explanation)
    return found


def test_an_unpaid_invoice_and_its_line_say_the_accountant_rejected_their_pairing() -> None:
    """The line quotes X at its amount: without a word about the rejection the accountant
    would wonder why the obvious payment was not used."""
    clear = line("120.00", "EL-2025-00017", row=5)
    result = reconcile([X], [clear], decisions=[reject([X], [clear])])
    unpaid = (
        "EL-2025-00017 for £120.00, due 2025-03-31: no payment found; the accountant "
        "rejected bank.csv row 5 (2025-03-04, £120.00) as its payment"
    )
    assert texts(result) == {
        "UNPAID_INVOICE": [unpaid],
        "UNMATCHED_PAYMENT": ["the accountant rejected it as the payment of EL-2025-00017"],
    }


def test_a_rejected_grouped_payment_is_named_by_each_invoice_it_covered() -> None:
    payment = line("200.50", "ACME TRADING LTD PAYMENT", row=2)
    result = reconcile([X, Y], [payment], decisions=[reject([X, Y], [payment])])
    rejected = (
        "the accountant rejected bank.csv row 2 (2025-03-04, £200.50) "
        "as the payment of EL-2025-00017, EL-2025-00018"
    )
    unmatched = "the accountant rejected it as the payment of EL-2025-00017, EL-2025-00018"
    assert texts(result) == {
        "UNPAID_INVOICE": [
            f"EL-2025-00017 for £120.00, due 2025-03-31: no payment found; {rejected}",
            f"EL-2025-00018 for £80.50, due 2025-03-31: no payment found; {rejected}",
        ],
        "UNMATCHED_PAYMENT": [unmatched],
    }


def test_a_rejected_split_is_named_with_all_its_parts() -> None:
    part = line("70.00", "PART PAYMENT EL-2025-00017", row=2)
    balance = line("50.00", "ACME TRADING BALANCE", row=3, day=date(2025, 3, 20))
    lines = [part, balance]
    result = reconcile([X], lines, decisions=[reject([X], lines), reject([X], [part])])
    unpaid = (
        "EL-2025-00017 for £120.00, due 2025-03-31: no payment found; "
        "the accountant rejected bank.csv row 2 (2025-03-04, £70.00) as its payment; "
        "the accountant rejected bank.csv row 2 (2025-03-04, £70.00), "
        "bank.csv row 3 (2025-03-20, £50.00) as its payment in 2 parts"
    )
    first_part = (
        "the accountant rejected it as the payment of EL-2025-00017; the accountant "
        "rejected it, with bank.csv row 3 (2025-03-20, £50.00), as the payment of "
        "EL-2025-00017"
    )
    second_part = (
        "the accountant rejected it, with bank.csv row 2 (2025-03-04, £70.00), "
        "as the payment of EL-2025-00017"
    )
    assert texts(result) == {
        "UNPAID_INVOICE": [unpaid],
        "UNMATCHED_PAYMENT": [first_part, second_part],
    }


def test_a_rejection_is_named_beside_a_payment_awaiting_review() -> None:
    clear = line("120.00", "EL-2025-00017", row=5)
    amount_only = line("120.00", "", row=3, day=date(2025, 3, 10))
    result = reconcile([X], [clear, amount_only], decisions=[reject([X], [clear])])
    unpaid = (
        "EL-2025-00017 for £120.00, due 2025-03-31: no payment found; a possible payment "
        "awaits review: bank.csv row 3 (2025-03-10, £120.00); the accountant rejected "
        "bank.csv row 5 (2025-03-04, £120.00) as its payment"
    )
    offered = "matched to no invoice yet: a possible match (EL-2025-00017) awaits review"
    assert texts(result) == {
        "UNPAID_INVOICE": [unpaid],
        "UNMATCHED_PAYMENT": [
            offered,
            "the accountant rejected it as the payment of EL-2025-00017",
        ],
    }


def test_a_paid_status_conflict_names_the_rejected_payment() -> None:
    paid = invoice("EL-2025-00017", "120.00", status=InvoiceStatus.PAID)
    clear = line("120.00", "EL-2025-00017", row=5)
    (conflict, _) = reconcile([paid], [clear], decisions=[reject([paid], [clear])]).discrepancies
    assert conflict.explanation == (
        "Elevate says EL-2025-00017 is PAID, but no payment of £120.00 was found on the "
        "statements; the accountant rejected bank.csv row 5 (2025-03-04, £120.00) as its payment"
    )


def test_a_line_rejected_for_one_invoice_still_says_which_other_it_mentions() -> None:
    """Its other reference is still worth a word; the refused one is said by the rejection."""
    settled = invoice("EL-2025-00018", "80.50")
    both = line("120.00", "EL-2025-00017 EL-2025-00018", row=5)
    payment = line("80.50", "EL-2025-00018", row=6)
    result = reconcile([X, settled], [both, payment], decisions=[reject([X], [both])])
    unmatched = (
        "the accountant rejected it as the payment of EL-2025-00017; mentions "
        "EL-2025-00018, but that invoice is settled otherwise or its amount and payee disagree"
    )
    assert texts(result)["UNMATCHED_PAYMENT"] == [unmatched]
