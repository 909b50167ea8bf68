"""A payment of exactly the amount several open invoices share, with nothing else to go by.

Elevate invoices name their customer by id only, so a bank line saying "FASTER PAYMENT"
for £500.65 is told apart from the customer's other £500.65 invoices by nothing but the
date. The amount is still evidence: each such invoice is offered for review (never matched
without asking), up to ``max_amount_candidates``. Beyond that the engine gives up, and the
line says so rather than claiming no invoice fits.
"""

from __future__ import annotations

from datetime import date, timedelta

from desktop_app.domain import Counterparty, Invoice, Reconciliation
from desktop_app.matching import MatchSettings, reconcile
from tests.matching.builders import invoice, line, pairs
from tests.matching.test_rejections import texts

PAYMENT = line("500.65", "FASTER PAYMENT", counterparty="CUSTOMER 1031", day=date(2025, 11, 10))


def same_amount(count: int, *, every: int = 3) -> list[Invoice]:
    """``count`` invoices of one Elevate customer (an id, no name), all £500.65, issued
    ``every`` days apart from 1 October: each is open around the payment's date."""
    return [
        invoice(
            f"EL-2025-{150 + k:05d}",
            "500.65",
            payee=None,
            counterparty=Counterparty(id="1031"),
            issue=date(2025, 10, 1) + timedelta(days=every * k),
        )
        for k in range(count)
    ]


def states(result: Reconciliation) -> list[str]:
    return [match.state.value for match in result.matches]


def test_two_invoices_of_the_amount_are_both_offered_for_review() -> None:
    result = reconcile(same_amount(2, every=31), [PAYMENT])
    assert states(result) == ["suggested", "suggested"]
    assert pairs(result) == {("EL-2025-00150", 2), ("EL-2025-00151", 2)}
    found = texts(result)
    offered = "matched to no invoice yet: 2 possible matches await review: "
    assert found["UNMATCHED_PAYMENT"] == [f"{offered}(EL-2025-00150) or (EL-2025-00151)"]
    row = "bank.csv row 2 (2025-11-10, £500.65)"
    unpaid = found["UNPAID_INVOICE"]
    assert [text.endswith(f"a possible payment awaits review: {row}") for text in unpaid] == [
        True,
        True,
    ]
    # each names the other as what the payment could also be
    runners_up = [(m.invoices[0].number, m.runner_up or "") for m in result.matches]
    assert [(n, text.split(" (")[0]) for n, text in runners_up] == [
        ("EL-2025-00150", "could also be Elevate EL-2025-00151"),
        ("EL-2025-00151", "could also be Elevate EL-2025-00150"),
    ]


def test_five_invoices_of_the_amount_are_all_offered_none_matched() -> None:
    """Every one, not only the two the best alternative happens to use: the other three
    are as plausible, and an unpaid invoice saying nothing of the payment would hide it."""
    result = reconcile(same_amount(5, every=7), [PAYMENT])
    assert states(result) == ["suggested"] * 5
    assert {number for number, _ in pairs(result)} == {f"EL-2025-{n:05d}" for n in range(150, 155)}
    (offered,) = texts(result)["UNMATCHED_PAYMENT"]
    assert offered.startswith("matched to no invoice yet: 5 possible matches await review: ")
    assert all("a possible payment awaits review" in t for t in texts(result)["UNPAID_INVOICE"])


def test_an_invoice_paid_by_an_identified_line_leaves_its_twin_offered_alone() -> None:
    """One of the twins is quoted by another payment: the amount-only line is offered to
    the other twin, which is not ambiguous any more."""
    twins = same_amount(2, every=31)
    quoted = line("500.65", "EL-2025-00150", row=3, day=date(2025, 11, 3))
    result = reconcile(twins, [PAYMENT, quoted])
    assert pairs(result, state="auto") == {("EL-2025-00150", 3)}
    assert pairs(result, state="suggested") == {("EL-2025-00151", 2)}


def test_too_many_invoices_of_the_amount_are_counted_in_the_lines_explanation() -> None:
    """Hundreds of invoices of one amount (a subscription) are not all offered: the
    search stops at ``max_amount_candidates``, and the line says how many there were
    instead of saying that no invoice matches its amount."""
    settings = MatchSettings()
    count = settings.max_amount_candidates + 2
    result = reconcile(same_amount(count), [PAYMENT], settings)
    assert result.matches == ()
    assert texts(result)["UNMATCHED_PAYMENT"] == [
        f"{count} invoices of this amount around its date, none named in its text: none chosen"
    ]


def test_the_crowd_counted_is_the_invoices_around_the_lines_date() -> None:
    """Invoices of the amount issued long after the payment are no candidates, and not
    counted: the number is of those the amount really could not tell apart."""
    settings = MatchSettings(max_amount_candidates=2)
    later = invoice("EL-2025-00199", "500.65", payee=None, issue=date(2026, 3, 1))
    result = reconcile([*same_amount(3), later], [PAYMENT], settings)
    assert texts(result)["UNMATCHED_PAYMENT"] == [
        "3 invoices of this amount around its date, none named in its text: none chosen"
    ]


def test_a_line_naming_nothing_with_no_invoice_of_its_amount_keeps_the_plain_sentence() -> None:
    result = reconcile(same_amount(2), [line("500.66", "FASTER PAYMENT")])
    assert texts(result)["UNMATCHED_PAYMENT"] == [
        "no invoice matches its amount, a reference in its text or its payee"
    ]
