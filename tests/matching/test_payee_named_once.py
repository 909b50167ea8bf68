"""An unmatched line naming a payee says its name once: "from or to Content Ignite,
Content Ignite (sandbox)" named one provider twice, by its counterparty name and by the
connection's name, which the line's text both matched."""

from __future__ import annotations

from desktop_app.domain import Direction, DiscrepancyType, Reconciliation
from desktop_app.matching import reconcile
from tests.matching.builders import invoice, line


def _unmatched(result: Reconciliation) -> list[str]:
    kind = DiscrepancyType.UNMATCHED_PAYMENT
    return [d.explanation for d in result.discrepancies if d.type is kind]


def test_one_payee_matched_by_two_of_its_names_is_named_once_by_the_fuller() -> None:
    billed = invoice(
        "3469",
        "500.00",
        provider="Content Ignite (sandbox)",
        direction=Direction.PAYABLE,
        payee="Content Ignite Ltd",
    )
    result = reconcile([billed], [line("-77.00", "CONTENT IGNITE SUBSCRIPTION")])
    assert _unmatched(result) == [
        "from or to Content Ignite (sandbox), but no open invoice of theirs fits"
    ]


def test_guard_two_payees_whose_names_share_words_are_both_named() -> None:
    """Only one payee's own names are folded: another whose name is longer stays."""
    short = invoice("EL-1", "500.00", payee="Korvana")
    longer = invoice("EL-2", "600.00", payee="Korvana Logistics")
    result = reconcile([short, longer], [line("77.00", "KORVANA LOGISTICS PAYMENT")])
    assert _unmatched(result) == [
        "from or to Korvana, Korvana Logistics, but no open invoice of theirs fits"
    ]
