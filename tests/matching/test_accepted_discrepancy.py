"""A discrepancy the accountant accepted says so, and is no longer "still to look at".

EL-2025-00175 is paid £600.00 for £580.41; the accountant accepts the match with the
note "overpaid 19.59, held on account". The AMOUNT_MISMATCH stays (the money differs),
but it read word for word as before, like one nobody had opened, and the Summary went on
counting its invoice among those "with a discrepancy still to look at". It now carries
the decision (``Discrepancy.decided``) and says who decided it, when and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import pytest

from desktop_app.domain import (
    Decision,
    DecisionKind,
    DiscrepancyType,
    Invoice,
    InvoiceStatus,
    Money,
    StatementLine,
)
from desktop_app.matching import reconcile
from tests.matching.builders import invoice, line

AT = datetime(2025, 11, 18, 10, 0, tzinfo=UTC)
OVERPAID = invoice("EL-2025-00175", "580.41")
PAYMENT = line("600.00", "EL-2025-00175", row=7)
NOTE = "overpaid 19.59, held on account"
OVER = "EL-2025-00175: paid £600.00 of £580.41, £19.59 over"


def decide(
    kind: DecisionKind,
    invoices: Sequence[Invoice],
    lines: Sequence[StatementLine],
    reason: str = NOTE,
) -> Decision:
    keys = tuple(i.key for i in invoices), tuple(ln.key for ln in lines)
    return Decision(kind, *keys, reason, "ann", AT)


def test_guard_nobody_decided_the_engine_s_overpayment() -> None:
    result = reconcile([OVERPAID], [PAYMENT])
    (over,) = result.discrepancies
    assert (over.type, over.explanation, over.decided) == (
        DiscrepancyType.AMOUNT_MISMATCH,
        OVER,
        None,
    )
    assert (over.decision_words, result.coverage().with_discrepancy) == ("", 1)


@pytest.mark.parametrize(
    ("kind", "said"),
    [(DecisionKind.ACCEPT, "accepted"), (DecisionKind.MANUAL_MATCH, "matched by hand")],
)
def test_an_accepted_overpayment_says_who_accepted_it_when_and_why(
    kind: DecisionKind, said: str
) -> None:
    accepted = decide(kind, [OVERPAID], [PAYMENT])
    result = reconcile([OVERPAID], [PAYMENT], decisions=[accepted])
    (over,) = result.discrepancies
    assert over.type is DiscrepancyType.AMOUNT_MISMATCH
    assert over.decided == accepted
    assert over.decision_words == said
    assert over.explanation == f"{OVER}; {said} by ann on 2025-11-18 10:00 UTC: {NOTE}"
    assert over.difference == Money("19.59", "GBP")  # still reported: the money differs
    coverage = result.coverage()
    assert (coverage.reconciled, coverage.with_discrepancy, coverage.accepted) == (1, 0, 1)
    assert coverage.note("in this report") == (
        "1 of 1 invoice that expects a payment; 1 of them with a discrepancy the "
        "accountant accepted (see Decision on Discrepancies)"
    )


def test_an_accepted_payment_in_another_currency_says_so() -> None:
    euros = invoice("EL-2025-00170", "533.78")
    paid = line("615.20", "EL-2025-00170", row=2, currency="EUR", source="eur.csv")
    accepted = decide(DecisionKind.ACCEPT, [euros], [paid], reason="paid in EUR")
    result = reconcile([euros], [paid], decisions=[accepted])
    (abroad,) = result.discrepancies
    assert abroad.type is DiscrepancyType.CURRENCY_MISMATCH
    assert abroad.decided == accepted
    assert abroad.explanation.endswith("; accepted by ann on 2025-11-18 10:00 UTC: paid in EUR")


def test_a_decision_without_a_note_or_a_time_says_what_it_knows() -> None:
    bare = Decision(DecisionKind.ACCEPT, (OVERPAID.key,), (PAYMENT.key,))
    (over,) = reconcile([OVERPAID], [PAYMENT], decisions=[bare]).discrepancies
    assert over.explanation == f"{OVER}; accepted by an unnamed user"


def test_the_summary_counts_apart_what_was_accepted_and_what_is_left() -> None:
    """Two overpaid invoices, one accepted: one still to look at, one accepted."""
    other = invoice("EL-2025-00166", "100.00")
    short = line("95.00", "EL-2025-00166", row=5)
    accepted = decide(DecisionKind.ACCEPT, [OVERPAID], [PAYMENT])
    result = reconcile([OVERPAID, other], [PAYMENT, short], decisions=[accepted])
    assert [d.decided for d in result.discrepancies] == [None, accepted]
    coverage = result.coverage()
    assert (coverage.with_discrepancy, coverage.accepted) == (1, 1)
    assert coverage.note("in this report") == (
        "2 of 2 invoices that expect a payment; 1 of them with a discrepancy still to look "
        "at (see Discrepancies); 1 with a discrepancy the accountant accepted (see Decision "
        "on Discrepancies)"
    )


def test_guard_an_acceptance_withdrawn_leaves_the_discrepancy_undecided() -> None:
    log = [
        decide(DecisionKind.ACCEPT, [OVERPAID], [PAYMENT]),
        decide(DecisionKind.UNMATCH, [OVERPAID], [PAYMENT]),
    ]
    (over,) = reconcile([OVERPAID], [PAYMENT], decisions=log).discrepancies
    assert (over.explanation, over.decided) == (OVER, None)


def test_guard_a_payment_made_twice_is_not_decided_by_accepting_one() -> None:
    """The DUPLICATE_PAYMENT is about the other payment too, which the engine matched: the
    accountant confirmed one payment, not that it was paid twice."""
    exact = invoice("EL-2025-00173", "250.00")
    first = line("250.00", "EL-2025-00173", row=8)
    again = line("250.00", "EL-2025-00173", row=9)
    accepted = decide(DecisionKind.ACCEPT, [exact], [first])
    result = reconcile([exact], [first, again], decisions=[accepted])
    (twice,) = result.discrepancies
    assert (twice.type, twice.decided) == (DiscrepancyType.DUPLICATE_PAYMENT, None)
    assert result.coverage().with_discrepancy == 1


def test_guard_a_written_off_invoice_paid_short_is_still_to_look_at() -> None:
    """Its row asks for the write-off to be reversed, which accepting the match does not."""
    off = invoice("EL-2025-00150", "580.41", status=InvoiceStatus.UNCOLLECTIBLE)
    paid = line("600.00", "EL-2025-00150", row=3)
    accepted = decide(DecisionKind.ACCEPT, [off], [paid])
    result = reconcile([off], [paid], decisions=[accepted])
    (row,) = result.discrepancies
    assert (row.type, row.decided) == (DiscrepancyType.VOID_INVOICE_PAID, None)
    assert "accepted by" not in row.explanation
