"""A line quoting an invoice number no match can be made with says so (``quoted.py``).

A draft asks nobody for money, so matching leaves it out; an invoice issued before the
period fetched is not in the run. A payment quoting either read as quoting nothing: "no
invoice matches its amount, a reference in its text or its payee" beside the draft it
names, or offered for other invoices of its amount with no word about the number in its
text. The scores are unchanged (an amount-only pairing stays a suggestion); what is said
names the number and why no match was made with it.
"""

from __future__ import annotations

from datetime import date

from desktop_app.domain import (
    Decision,
    DecisionKind,
    DiscrepancyType,
    InvoiceStatus,
    MatchState,
    Reconciliation,
)
from desktop_app.matching import reconcile
from desktop_app.matching.discrepancies import NO_EVIDENCE
from tests.matching.builders import invoice, line

DRAFT = invoice("EL-2025-00190", "1455.97", status=InvoiceStatus.DRAFT, payee=None)
MONTHLY = invoice("EL-2025-00176", "955.43", payee=None)
NEXT_MONTH = invoice(
    "EL-2025-00186", "955.43", payee=None, status=InvoiceStatus.PAID, issue=date(2025, 3, 3)
)
NOT_FETCHED = "quotes EL-2025-00167, which is not among the invoices fetched"
EARLIER = f"{NOT_FETCHED} (issued before the period?)"


def _unmatched(result: Reconciliation) -> list[str]:
    return [
        d.explanation for d in result.discrepancies if d.type is DiscrepancyType.UNMATCHED_PAYMENT
    ]


def test_a_payment_of_a_draft_names_the_draft_and_why_it_is_not_matched() -> None:
    result = reconcile([DRAFT, MONTHLY], [line("1455.97", "EL-2025-00190 DRAFT PAID", row=12)])
    assert result.matches == ()
    assert _unmatched(result) == [
        (
            "quotes Elevate EL-2025-00190 and pays its £1,455.97 exactly, but that invoice "
            "is a draft: a draft is not issued, so no payment is matched to it (issued "
            "since? fetch the invoices again); no other invoice matches its amount or its payee"
        )
    ]


def test_a_payment_quoting_a_draft_of_another_amount_names_it_too() -> None:
    result = reconcile([DRAFT], [line("1000.00", "EL2025 00190", row=12)])
    (told,) = _unmatched(result)
    assert told.startswith("quotes Elevate EL-2025-00190, but that invoice is a draft: ")


def test_a_number_not_fetched_is_said_on_an_unmatched_line() -> None:
    result = reconcile([MONTHLY], [line("12.00", "EL-2025-00167 CUST", row=9)])
    assert _unmatched(result) == [f"{EARLIER}; no other invoice matches its amount or its payee"]


def test_an_amount_only_suggestion_says_the_line_quotes_another_number() -> None:
    paid = line("955.43", "EL-2025-00167 CUST", row=9)
    plain = line("955.43", "CUST", row=9)
    result = reconcile([MONTHLY, NEXT_MONTH], [paid])
    unquoted = reconcile([MONTHLY, NEXT_MONTH], [plain])
    # still offered, scored as a line quoting nothing: the number is said, not scored
    assert [(m.state, m.score) for m in result.matches] == [
        (m.state, m.score) for m in unquoted.matches
    ]
    assert {m.state for m in result.matches} == {MatchState.SUGGESTED}
    for match in result.matches:
        assert match.explanation.startswith(f"{EARLIER}; amount equal; ")
    rows = {d.type: d.explanation for d in result.discrepancies}
    offered = "awaits review: bank.csv row 9 (2025-03-04, £955.43) (quoting EL-2025-00167, "
    assert f"{offered}not among the invoices fetched)" in rows[DiscrepancyType.UNPAID_INVOICE]
    assert f"{offered}not among the invoices fetched)" in rows[DiscrepancyType.STATUS_CONFLICT]
    assert rows[DiscrepancyType.UNMATCHED_PAYMENT] == (
        "matched to no invoice yet: 2 possible matches await review: (EL-2025-00176) or "
        f"(EL-2025-00186); {EARLIER}"
    )


def test_guard_a_fetched_number_is_matched_and_said_as_before() -> None:
    result = reconcile([MONTHLY], [line("955.43", "EL-2025-00176 CUST", row=9)])
    (match,) = result.matches
    assert match.state is MatchState.AUTO
    assert "not among" not in match.explanation


def test_guard_numbers_of_no_invoice_form_are_not_quotes() -> None:
    """A bare number, a number inside a word, another prefix, another count of digits."""
    texts = ["PAYMENT 202500167", "HOTEL2025-00167", "XL-2025-00167", "EL-2025-0016"]
    lines = [line("12.00", text, row=row) for row, text in enumerate(texts, start=2)]
    result = reconcile([MONTHLY], lines)
    assert _unmatched(result) == [NO_EVIDENCE] * len(texts)


def test_a_number_after_every_one_fetched_may_be_issued_after_the_period() -> None:
    result = reconcile([MONTHLY], [line("12.00", "EL-2025-00199", row=9)])
    told = (
        "quotes EL-2025-00199, which is not among the invoices fetched (issued after the "
        "period?); no other invoice matches its amount or its payee"
    )
    assert _unmatched(result) == [told]


def test_a_number_between_those_fetched_gets_no_guess_at_why() -> None:
    result = reconcile([MONTHLY, NEXT_MONTH], [line("12.00", "EL-2025-00180", row=9)])
    told = (
        "quotes EL-2025-00180, which is not among the invoices fetched; no other invoice "
        "matches its amount or its payee"
    )
    assert _unmatched(result) == [told]


def test_a_match_made_for_sure_says_its_line_also_quotes_a_number_not_fetched() -> None:
    """The line pays EL-2025-00176 and quotes EL-2025-00167 as well (a remittance naming
    an older invoice too): the match stands as it would without that number, and says
    it, so the accountant looks for the invoice not fetched."""
    quoting = reconcile([MONTHLY], [line("955.43", "EL-2025-00176 EL-2025-00167 CUST", row=9)])
    plain = reconcile([MONTHLY], [line("955.43", "EL-2025-00176 CUST", row=9)])
    (match,) = quoting.matches
    (alone,) = plain.matches
    assert (match.state, match.score) == (MatchState.AUTO, alone.score)
    assert match.explanation == f"{alone.explanation}; also {EARLIER}"


def test_guard_a_match_made_by_hand_adds_nothing_of_another_number() -> None:
    """The accountant's match is theirs: its explanation is not added to (``_ENGINES``)."""
    quoting = line("955.43", "EL-2025-00176 EL-2025-00167 CUST", row=9)
    by_hand = Decision(DecisionKind.MANUAL_MATCH, (MONTHLY.key,), (quoting.key,))
    (match,) = reconcile([MONTHLY], [quoting], decisions=[by_hand]).matches
    assert match.state is MatchState.MANUAL
    assert match.explanation.startswith("matched by hand; reference EL-2025-00176 in text")
    assert "also quotes" not in match.explanation


def test_a_match_made_for_sure_says_its_line_also_quotes_a_draft() -> None:
    result = reconcile([MONTHLY, DRAFT], [line("955.43", "EL-2025-00176 EL-2025-00190", row=9)])
    (match,) = result.matches
    assert match.state is MatchState.AUTO
    assert match.explanation.endswith(
        "; also quotes Elevate EL-2025-00190, but that invoice is a draft: a draft is not "
        "issued, so no payment is matched to it (issued since? fetch the invoices again)"
    )


def test_a_suggestion_quoting_its_invoices_says_the_number_not_fetched_too() -> None:
    """A line quoting two invoices alike is offered for each; both offers say the third
    number it quotes."""
    twin = invoice("EL-2025-00177", "955.43", payee=None)
    text = "EL-2025-00176 EL-2025-00177 EL-2025-00167"
    result = reconcile([MONTHLY, twin], [line("955.43", text, row=9)])
    assert {m.state for m in result.matches} == {MatchState.SUGGESTED}
    assert len(result.matches) == 2
    for match in result.matches:
        assert match.explanation.startswith("reference EL-2025-0017")
        assert match.explanation.endswith(f"; also {EARLIER}")


def test_guard_its_own_number_without_a_zero_is_not_said_to_be_not_fetched() -> None:
    """EL-2025-0176 has the form of the fetched EL-2025-0011, and is EL-2025-00176 less
    a zero, the invoice the match pays: no other number."""
    short_form = invoice("EL-2025-0011", "10.00", payee=None)
    result = reconcile([MONTHLY, short_form], [line("955.43", "EL-2025-0176 CUST", row=9)])
    (match,) = result.matches
    assert match.state is MatchState.AUTO
    assert "also quotes" not in match.explanation
