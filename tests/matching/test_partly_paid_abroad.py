"""A payment in another currency of an invoice its provider says is partly paid.

No rate compares the payment with the gross or with what is still owed, so the scorer
chooses neither; what is left to pay is what the provider says is still owed. The row
was about the gross (Invoice Amount €971.79, Difference -€971.79), and said nothing of
what was owed, while the same payment of the invoice in pounds "pays the £409.84 still
owed of £971.79": now its Invoice Amount is what is still owed and both its Explanation
and the match's amount note name both amounts.
"""

from __future__ import annotations

from desktop_app.domain import Decision, DecisionKind, DiscrepancyType, InvoiceStatus, Money
from desktop_app.matching import reconcile
from tests.matching.builders import invoice, line

PART_PAID = invoice(
    "EL-2025-00182",
    "971.79",
    currency="EUR",
    status=InvoiceStatus.PARTIALLY_PAID,
    amount_outstanding=Money("409.84", "EUR"),
)
OWED = "the €409.84 still owed of €971.79"


def test_the_row_is_about_what_is_still_owed() -> None:
    result = reconcile([PART_PAID], [line("409.84", "EL-2025-00182 BALANCE")])
    (match,) = result.matches
    (row,) = result.discrepancies
    assert row.type is DiscrepancyType.CURRENCY_MISMATCH
    assert row.explanation == f"EL-2025-00182: paid £409.84 against {OWED}"
    assert row.invoiced == Money("409.84", "EUR")
    assert row.differences == (Money("-409.84", "EUR"), Money("409.84", "GBP"))
    assert f"amount in GBP, invoice in EUR ({OWED}): not compared" in match.explanation


def test_a_batch_names_what_is_still_owed_on_its_partly_paid_invoice() -> None:
    """Paired by hand (the engine proposes no batch it cannot add up)."""
    other = invoice("EL-2025-00183", "100.00", currency="EUR")
    paid = line("509.84", "EL-2025-00182 EL-2025-00183")
    by_hand = Decision(DecisionKind.MANUAL_MATCH, (PART_PAID.key, other.key), (paid.key,))
    result = reconcile([PART_PAID, other], [paid], decisions=[by_hand])
    (row,) = result.discrepancies
    assert row.type is DiscrepancyType.CURRENCY_MISMATCH
    assert row.explanation == (
        f"EL-2025-00182, EL-2025-00183: paid £509.84 against €509.84 ({OWED} on EL-2025-00182)"
        "; matched by hand by an unnamed user"
    )
    assert row.invoiced == Money("509.84", "EUR")


def test_guard_an_invoice_not_partly_paid_is_about_its_gross() -> None:
    result = reconcile(
        [invoice("EL-2025-00180", "971.79", currency="EUR")], [line("971.79", "EL-2025-00180")]
    )
    (row,) = result.discrepancies
    assert row.explanation == "EL-2025-00180: paid £971.79, invoiced €971.79"
    assert row.invoiced == Money("971.79", "EUR")
