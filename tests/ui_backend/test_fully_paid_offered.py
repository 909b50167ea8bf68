"""Which invoices the Unmatched invoices panel offers for matching by hand
(``MatchIndex.offered_by_hand``), over the real engine's matches (no Qt).

Tester O's month: "Unmatched invoices (15,569)" for 12 invoices in no match. Every
invoice its provider says is paid in full (PAID, REFUNDED, UNCOLLECTIBLE with nothing
outstanding) and settled by its gross was offered, matched or accepted: the window read
an outstanding amount of 0 as "part paid before", and the payment of the gross as that
part, the rest still owed. It is offered where the report lists it as unsettled (no
payment: STATUS_CONFLICT) or still owing the rest of a part paid before, and nowhere else.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from desktop_app.domain import Invoice, InvoiceStatus, Match, MatchState, Money
from desktop_app.matching import reconcile
from desktop_app.ui.hand_match import pays_recorded_part
from desktop_app.ui.review import MatchIndex
from tests.ui import factories as f

S = InvoiceStatus


def _invoice(status: InvoiceStatus, owed: str | None) -> Invoice:
    return replace(
        f.invoice(149, "1673.67"),
        status=status,
        status_raw=status.value,
        amount_outstanding=None if owed is None else Money.of(owed, "GBP"),
    )


def _matched(subject: Invoice, paid: str) -> Match:
    """The engine's one match of ``subject`` with a payment of ``paid`` quoting it."""
    result = reconcile([subject], [f.line(16, f"-{paid}", description="INV-00149 PAYMENT")])
    (match,) = result.matches
    assert match.invoices == (subject,)
    return match


@pytest.mark.parametrize(
    ("status", "owed"),
    [(S.PAID, "0"), (S.REFUNDED, "0.00"), (S.UNCOLLECTIBLE, "0"), (S.OPEN, None)],
)
@pytest.mark.parametrize("state", [MatchState.AUTO, MatchState.ACCEPTED])
def test_an_invoice_settled_by_its_gross_is_not_offered(
    status: InvoiceStatus, owed: str | None, state: MatchState
) -> None:
    subject = _invoice(status, owed)
    match = replace(_matched(subject, "1673.67"), state=state)
    index = MatchIndex([match])
    assert not pays_recorded_part(match)
    assert index.still_owes(subject.key) is None
    assert not index.offered_by_hand(subject.key)


@pytest.mark.parametrize("state", [MatchState.AUTO, MatchState.ACCEPTED])
def test_an_invoice_paid_the_part_its_provider_records_is_still_offered(
    state: MatchState,
) -> None:
    """As before: £193.43 of £1,673.67 paid, £1,480.24 still owed, the rest offered."""
    subject = _invoice(S.PARTIALLY_PAID, "1480.24")
    match = replace(_matched(subject, "193.43"), state=state)
    index = MatchIndex([match])
    assert pays_recorded_part(match)
    assert index.still_owes(subject.key) is match
    assert index.offered_by_hand(subject.key)


@pytest.mark.parametrize("status", [S.PAID, S.OPEN, S.PARTIALLY_PAID])
def test_an_invoice_in_no_match_is_offered(status: InvoiceStatus) -> None:
    """Nothing outstanding says nothing of a payment found: unmatched, it is offered (the
    report's STATUS_CONFLICT for a PAID one)."""
    owed = {S.PAID: "0", S.OPEN: None, S.PARTIALLY_PAID: "1480.24"}[status]
    subject = _invoice(status, owed)
    index = MatchIndex([])
    assert index.still_owes(subject.key) is None
    assert index.offered_by_hand(subject.key)


def test_a_paid_invoice_whose_provider_still_states_a_part_owed_is_read_as_the_engine_does() -> (
    None
):
    """PAID yet £1,480.24 outstanding: the engine measures a payment of it against its
    gross alone (only a PARTIALLY_PAID invoice against what is still owed), so £193.43
    is a short payment of the gross, not "the part recorded as paid"; the window offered
    it as still owing the rest."""
    subject = _invoice(S.PAID, "1480.24")
    match = Match(
        invoices=(subject,),
        lines=(f.line(16, "-193.43", description="INV-00149 PAYMENT"),),
        score=1.0,
        signals=(),
        explanation="matched by hand",
        state=MatchState.MANUAL,
    )
    index = MatchIndex([match])
    assert not pays_recorded_part(match)
    assert not index.offered_by_hand(subject.key)
