"""A match of the accountant's in force (accepted, or made by hand) naming an invoice its
provider no longer returns (the workspace holds it marked missing) is kept: the decision
stays the accountant's word on its lines and its other invoices until they review it. No
automatic match takes them, no match is listed for the decision (its invoice is no longer
the provider's), and the rows about them say what the accountant did and what changed,
never that nothing explains them."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import date

from desktop_app.domain import (
    Decision,
    DecisionKind,
    Discrepancy,
    DiscrepancyType,
    Invoice,
    InvoiceKey,
    InvoiceStatus,
    MatchState,
    Reconciliation,
    StatementLine,
)
from desktop_app.matching import reconcile
from tests.matching.builders import invoice, line, pairs

DAY = date(2025, 11, 4)
# Accepted as this line's payment; Elevate deletes it since.
DELETED = invoice("EL-2025-00169", "1127.80", issue=date(2025, 11, 1))
# The same payee's invoice of the same amount: the engine's obvious other pick.
TWIN = invoice("EL-2025-00170", "1127.80", issue=date(2025, 11, 2))
PAYMENT = line("1127.80", "Acme Trading Ltd", row=9, day=DAY, counterparty="Acme Trading Ltd")

# One payment of two invoices, matched by hand; Elevate deletes the first since.
FIRST = invoice("EL-2025-00167", "276.62", issue=date(2025, 11, 1))
SECOND = invoice("EL-2025-00168", "276.62", issue=date(2025, 11, 1), status=InvoiceStatus.PAID)
BOTH = line("553.24", "INV EL-2025-00167 EL-2025-00168", row=8, day=DAY)


def decision(
    kind: DecisionKind, invoices: Sequence[Invoice], lines: Sequence[StatementLine]
) -> Decision:
    return Decision(kind, tuple(i.key for i in invoices), tuple(ln.key for ln in lines))


class Gone:
    """A workspace's invoices marked missing, as ``reconcile``'s ``gone`` looks them up."""

    def __init__(self, invoices: Iterable[Invoice]) -> None:
        self.held = {i.key: i for i in invoices}
        self.asked: list[frozenset[InvoiceKey]] = []

    def __call__(self, keys: Collection[InvoiceKey]) -> list[Invoice]:
        self.asked.append(frozenset(keys))
        return [self.held[key] for key in keys if key in self.held]


def about_line(result: Reconciliation, row: int) -> Discrepancy:
    (found,) = [d for d in result.discrepancies if [ln.row for ln in d.lines] == [row]]
    return found


def about_invoice(result: Reconciliation, number: str) -> Discrepancy:
    (found,) = [d for d in result.discrepancies if [i.number for i in d.invoices] == [number]]
    return found


def test_an_accepted_payment_of_a_deleted_invoice_is_not_given_to_another() -> None:
    """The accountant accepted the payment as EL-2025-00169's. Elevate deletes that
    invoice: the payment is not handed to its twin (the accountant said what it pays), and
    its row says whose payment the accountant made it and that Elevate no longer returns
    that invoice, not that nothing matches it."""
    accepted = decision(DecisionKind.ACCEPT, [DELETED], [PAYMENT])
    assert pairs(reconcile([TWIN], [PAYMENT])) == {("EL-2025-00170", 9)}  # the engine's pick
    gone = Gone([DELETED])
    result = reconcile([TWIN], [PAYMENT], decisions=[accepted], gone=gone)
    assert result.matches == ()
    assert gone.asked == [frozenset({DELETED.key})]
    row = about_line(result, 9)
    assert row.type is DiscrepancyType.UNMATCHED_PAYMENT
    assert row.explanation == (
        "the accountant accepted it as the payment of EL-2025-00169, which Elevate no "
        "longer returns: it is matched to no other invoice while that decision stands"
    )
    assert about_invoice(result, "EL-2025-00170").type is DiscrepancyType.UNPAID_INVOICE
    # the decision is applied as kept, not set aside as naming what the run lacks
    assert "decisions_not_applied" not in result.settings
    # nor is the deleted invoice brought back into the run
    assert {i.key for i in result.invoices} == {TWIN.key}


def test_a_hand_match_of_two_invoices_one_deleted_keeps_the_other_as_the_accountant_said() -> None:
    """Matched by hand: one payment of two invoices. Elevate deletes the first: the second,
    which Elevate says is paid, was matched by the accountant, and its row says so rather
    than that no payment of it was found; the payment's row names both invoices."""
    by_hand = decision(DecisionKind.MANUAL_MATCH, [FIRST, SECOND], [BOTH])
    result = reconcile([SECOND], [BOTH], decisions=[by_hand], gone=Gone([FIRST]))
    assert result.matches == ()
    second = about_invoice(result, "EL-2025-00168")
    assert second.type is DiscrepancyType.STATUS_CONFLICT
    assert second.explanation == (
        "Elevate says EL-2025-00168 is PAID; the accountant matched bank.csv row 8 "
        "(2025-11-04, £553.24) by hand as the payment of it and EL-2025-00167, which "
        "Elevate no longer returns: that payment is matched to no invoice while that "
        "decision stands"
    )
    assert "found" not in second.explanation
    payment = about_line(result, 8)
    assert payment.type is DiscrepancyType.UNMATCHED_PAYMENT
    assert payment.explanation == (
        "the accountant matched it by hand as the payment of EL-2025-00167 and "
        "EL-2025-00168, of which Elevate no longer returns EL-2025-00167: it is "
        "matched to no other invoice while that decision stands"
    )
    # one row each: the payment's money is counted once, the invoice's once
    assert len(result.discrepancies) == 2


def test_the_kept_invoice_is_not_paired_with_another_payment() -> None:
    """The hand match's remaining invoice is the accountant's: a payment of its amount
    quoting it is not matched to it while the decision stands."""
    by_hand = decision(DecisionKind.MANUAL_MATCH, [FIRST, SECOND], [BOTH])
    another = line("276.62", "EL-2025-00168", row=12, day=DAY)
    assert pairs(reconcile([SECOND], [BOTH, another])) == {("EL-2025-00168", 12)}
    result = reconcile([SECOND], [BOTH, another], decisions=[by_hand], gone=Gone([FIRST]))
    assert result.matches == ()


def test_a_split_payment_of_a_deleted_invoice_names_its_other_line() -> None:
    """Two lines paying one invoice by hand: each line's row names the other."""
    half = line("563.90", "Acme Trading Ltd", row=10, day=DAY)
    other = line("563.90", "Acme Trading Ltd", row=11, day=DAY)
    by_hand = decision(DecisionKind.MANUAL_MATCH, [DELETED], [half, other])
    result = reconcile([], [half, other], decisions=[by_hand], gone=Gone([DELETED]))
    assert about_line(result, 10).explanation == (
        "the accountant matched it by hand, with bank.csv row 11 (2025-11-04, £563.90), "
        "as the payment of EL-2025-00169, which Elevate no longer returns: it is "
        "matched to no other invoice while that decision stands"
    )


def test_without_a_store_of_missing_invoices_the_decision_is_set_aside_as_before() -> None:
    """A run that is told of no invoice no longer returned (no workspace) cannot tell a
    deleted invoice from one never fetched: the decision is counted as not applied."""
    accepted = decision(DecisionKind.ACCEPT, [DELETED], [PAYMENT])
    result = reconcile([], [PAYMENT], decisions=[accepted])
    assert result.settings["decisions_not_applied"] == 1


def test_a_decision_on_a_line_the_run_lacks_is_not_kept() -> None:
    """Only the lines of the run can be kept: one on another statement is set aside, and
    the store is not asked."""
    elsewhere = line("1127.80", row=3, source="oct.csv")
    accepted = decision(DecisionKind.ACCEPT, [DELETED], [elsewhere])
    gone = Gone([DELETED])
    result = reconcile([TWIN], [PAYMENT], decisions=[accepted], gone=gone)
    assert gone.asked == []
    assert result.settings["decisions_not_applied"] == 1


class Held:
    """A workspace's invoices not marked missing, as ``reconcile``'s ``held`` looks them up."""

    def __init__(self, invoices: Iterable[Invoice]) -> None:
        self.held = {i.key: i for i in invoices}

    def __call__(self, keys: Collection[InvoiceKey]) -> list[Invoice]:
        return [self.held[key] for key in keys if key in self.held]


# September's invoice, outside November's run, known to Elevate by an id that is not its
# number: the accountant matched it by hand with DELETED as one payment.
SEPTEMBER = invoice("EL-2025-00101", "551.00", invoice_id="inv_5d1c", issue=date(2025, 9, 30))
TOGETHER = line("1678.80", "Acme Trading Ltd", row=7, day=DAY)


def test_a_kept_pairing_names_its_invoice_outside_the_run_as_the_store_holds_it() -> None:
    """A hand match of a deleted invoice and one outside the period fetched: the outside
    one is not taken in (its pairing cannot be applied: an invoice of it is gone), so it is
    absent from the run, and the payment's row names it by its number, as every other
    invoice is named, not by the provider's id of it."""
    by_hand = decision(DecisionKind.MANUAL_MATCH, [DELETED, SEPTEMBER], [TOGETHER])
    result = reconcile(
        [TWIN],
        [TOGETHER],
        decisions=[by_hand],
        held=Held([SEPTEMBER]),
        gone=Gone([DELETED]),
    )
    assert result.matches == ()
    assert result.taken_in == frozenset()
    assert about_line(result, 7).explanation == (
        "the accountant matched it by hand as the payment of EL-2025-00169 and "
        "EL-2025-00101, of which Elevate no longer returns EL-2025-00169: it is matched "
        "to no other invoice while that decision stands"
    )


def test_an_absent_invoice_no_store_holds_is_named_by_its_key() -> None:
    """Where the store holds no usable invoice of the key outside the run, the key is all
    that is known of it: it is named by its id."""
    by_hand = decision(DecisionKind.MANUAL_MATCH, [DELETED, SEPTEMBER], [TOGETHER])
    result = reconcile([TWIN], [TOGETHER], decisions=[by_hand], held=Held([]), gone=Gone([DELETED]))
    assert about_line(result, 7).explanation == (
        "the accountant matched it by hand as the payment of EL-2025-00169 and "
        "inv_5d1c, of which Elevate no longer returns EL-2025-00169: it is matched "
        "to no other invoice while that decision stands"
    )


def test_the_run_names_the_invoices_no_longer_returned_its_kept_pairings_name() -> None:
    """The window holds a kept pairing's lines and invoices against a match by hand
    (``ui.review.kept_holds``), so the run says which invoices no longer returned it kept
    pairings for, as the store last held them (their numbers); none where nothing is
    kept, nor for an invoice the store holds as missing that no pairing of the run names."""
    by_hand = decision(DecisionKind.MANUAL_MATCH, [FIRST, SECOND], [BOTH])
    accepted = decision(DecisionKind.ACCEPT, [DELETED], [PAYMENT])
    result = reconcile(
        [SECOND], [BOTH, PAYMENT], decisions=[by_hand, accepted], gone=Gone([FIRST, DELETED])
    )
    assert [i.number for i in result.gone] == ["EL-2025-00167", "EL-2025-00169"]
    only_one = reconcile([SECOND], [BOTH], decisions=[by_hand], gone=Gone([FIRST, DELETED]))
    assert [i.number for i in only_one.gone] == ["EL-2025-00167"]
    assert reconcile([SECOND], [BOTH], decisions=[by_hand]).gone == ()


def test_the_run_publishes_each_kept_pairing_by_keys_with_the_names_its_rows_use() -> None:
    """The window holds and names a kept decision from what the run publishes of it
    (``Reconciliation.kept``), not by rules of its own: its invoices in key order, each
    by the name the rows about it use (the absent one outside the run by its number, as
    the store holds it), its lines, its state and the invoices no longer returned."""
    by_hand = decision(DecisionKind.MANUAL_MATCH, [DELETED, SEPTEMBER], [TOGETHER])
    result = reconcile(
        [TWIN], [TOGETHER], decisions=[by_hand], held=Held([SEPTEMBER]), gone=Gone([DELETED])
    )
    (kept,) = result.kept
    assert kept.invoice_keys == (DELETED.key, SEPTEMBER.key)
    assert kept.names == ("EL-2025-00169", "EL-2025-00101")
    assert kept.line_keys == frozenset({TOGETHER.key})
    assert kept.state is MatchState.MANUAL
    assert kept.gone == (DELETED,)
    assert kept.pairing == by_hand.pairing
    assert reconcile([TWIN], [TOGETHER], decisions=[by_hand]).kept == ()
