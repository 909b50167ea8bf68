"""An invoice partly paid before the statement: what is still owed on it settles it in full,
alone, in a batch with other invoices, or in parts, and every sentence says so.

One rule throughout (the one a single payment always had): an invoice whose provider
says part of it is paid counts at its gross or at what is still owed on it, whichever
fits the payment better.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

import pytest

from desktop_app.domain import (
    Decision,
    DecisionKind,
    Direction,
    DiscrepancyType,
    InvoiceStatus,
    MatchState,
    Money,
)
from desktop_app.matching import MatchSettings, outcome, reconcile
from desktop_app.matching.prepare import PreparedInvoice, PreparedLine
from desktop_app.matching.scoring import AmountFit, fit_against
from tests.matching.builders import (
    OPEN_BESIDE,
    PARTLY_PAID,
    PARTLY_PAID_PAYABLE,
    invoice,
    kinds,
    line,
    pairs,
)

OWED = "the £201.70 still owed of £276.62"


def test_a_batch_paying_what_is_still_owed_is_paid_in_full() -> None:
    result = reconcile([PARTLY_PAID, OPEN_BESIDE], [line("1512.89", "EL-2025-00003 EL-2025-00006")])
    (match,) = result.matches
    assert match.state.value == "auto"
    assert pairs(result) == {("EL-2025-00003", 2), ("EL-2025-00006", 2)}
    assert match.explanation == (
        "one payment for 2 invoices; reference EL-2025-00003, EL-2025-00006 in text; "
        f"total equal: pays {OWED} on EL-2025-00003; paid 3 days after issue"
    )
    assert result.discrepancies == ()


def test_a_batch_paying_what_is_still_owed_is_found_by_its_payee_alone() -> None:
    """No reference: the subset search among the payee's invoices finds it."""
    result = reconcile([PARTLY_PAID, OPEN_BESIDE], [line("1512.89", "ACME TRADING LTD PAYMENT")])
    assert pairs(result, state="auto") == {("EL-2025-00003", 2), ("EL-2025-00006", 2)}
    assert f"total equal: pays {OWED} on EL-2025-00003" in result.matches[0].explanation
    assert result.discrepancies == ()


def test_what_is_still_owed_paid_in_parts_is_paid_in_full() -> None:
    lines = [
        line("100.00", "EL-2025-00003 PART 1", row=2),
        line("101.70", "EL-2025-00003 PART 2", row=3, day=date(2025, 3, 5)),
    ]
    result = reconcile([PARTLY_PAID], lines)
    (match,) = result.matches
    assert match.state.value == "auto"
    assert len(match.lines) == 2
    assert match.explanation.startswith(
        f"paid in 2 parts; reference EL-2025-00003 in text; total equal: pays {OWED};"
    )
    assert result.discrepancies == ()


def test_one_payment_of_what_is_still_owed_says_so() -> None:
    result = reconcile([PARTLY_PAID], [line("201.70", "EL-2025-00003")])
    assert result.matches[0].explanation == (
        f"reference EL-2025-00003 in text; pays {OWED}; paid 3 days after issue"
    )
    assert result.discrepancies == ()


def test_a_payable_batch_paying_what_is_still_owed_is_paid_in_full() -> None:
    """Money out: the signs are the other way round, the rule the same."""
    payable = {"direction": Direction.PAYABLE, "provider": "Content Ignite"}
    owing = PARTLY_PAID_PAYABLE
    other = invoice("CI-0006", "1311.19", **payable)
    result = reconcile([owing, other], [line("-1512.89", "CI-0003 CI-0006")])
    assert pairs(result, state="auto") == {("CI-0003", 2), ("CI-0006", 2)}
    assert f"total equal: pays {OWED} on CI-0003" in result.matches[0].explanation
    assert result.discrepancies == ()


def test_a_batch_nearer_the_gross_is_still_compared_with_the_gross() -> None:
    """Guard: whichever fits better, as for one payment. £10 short of both grosses is a
    fee on the full amounts; it is not £64.92 over what is still owed."""
    result = reconcile([PARTLY_PAID, OPEN_BESIDE], [line("1577.81", "EL-2025-00003 EL-2025-00006")])
    assert kinds(result) == ["AMOUNT_MISMATCH"]
    (mismatch,) = result.discrepancies
    assert mismatch.invoice_amount == Money("1587.81", "GBP")
    assert mismatch.difference == Money("-10.00", "GBP")
    assert "still owed" not in result.matches[0].explanation


def test_a_batch_of_eight_partly_paid_invoices_tries_every_combination() -> None:
    """Twelve invoices quoted by one payment, eight of them partly paid (as many as are
    combined both ways, ``CHOICE_LIMIT``): it pays what is still owed on each."""
    numbers = [f"EL-2025-{n:05d}" for n in range(20, 32)]
    owing = [
        invoice(
            number,
            "100.00",
            status=InvoiceStatus.PARTIALLY_PAID,
            amount_outstanding=Money("60.00", "GBP"),
        )
        for number in numbers[:8]
    ] + [invoice(number, "100.00") for number in numbers[8:]]
    total = Decimal("60.00") * 8 + Decimal("100.00") * 4
    result = reconcile(owing, [line(str(total), " ".join(numbers))])
    assert len(result.matches) == 1
    assert len(result.matches[0].invoices) == 12
    assert result.discrepancies == ()


def test_what_is_still_owed_paid_again_in_parts_is_a_duplicate_payment() -> None:
    """Parts paying what is still owed are a full settlement, so paid again after one
    payment of it they are a repeat payment, not two lines left unmatched."""
    lines = [
        line("201.70", "EL-2025-00003", row=5, day=date(2025, 3, 3)),
        line("100.00", "EL-2025-00003", row=9, day=date(2025, 3, 10)),
        line("101.70", "EL-2025-00003", row=11, day=date(2025, 3, 10)),
    ]
    result = reconcile([PARTLY_PAID], lines)
    assert [(m.state.value, [ln.row for ln in m.lines]) for m in result.matches] == [
        ("auto", [5]),
        ("auto", [9, 11]),
    ]
    assert result.matches[1].explanation.startswith("repeat payment; paid in 2 parts;")
    assert kinds(result) == ["DUPLICATE_PAYMENT"]


def test_one_payment_short_of_what_is_still_owed_is_short_of_that() -> None:
    """Not £75.92 short of the gross: the payment was compared with what is still owed."""
    result = reconcile([PARTLY_PAID], [line("200.70", "EL-2025-00003")])
    (mismatch,) = result.discrepancies
    assert mismatch.type is DiscrepancyType.AMOUNT_MISMATCH
    assert mismatch.explanation == (
        f"EL-2025-00003: paid £200.70 of {OWED}, £1.00 short "
        "(within tolerance: likely a bank fee or charge)"
    )
    assert (mismatch.invoice_amount, mismatch.paid_amount, mismatch.difference) == (
        Money("201.70", "GBP"),
        Money("200.70", "GBP"),
        Money("-1.00", "GBP"),
    )
    assert f"£1.00 less than {OWED} (within tolerance" in result.matches[0].explanation


def test_a_batch_short_of_what_is_still_owed_is_short_of_that() -> None:
    result = reconcile([PARTLY_PAID, OPEN_BESIDE], [line("1500.89", "EL-2025-00003 EL-2025-00006")])
    (mismatch,) = result.discrepancies
    assert mismatch.type is DiscrepancyType.AMOUNT_MISMATCH
    assert mismatch.explanation == (
        f"EL-2025-00003, EL-2025-00006: paid £1,500.89 of £1,512.89 ({OWED} on "
        "EL-2025-00003), £12.00 short (within tolerance: likely a bank fee or charge)"
    )
    assert (mismatch.invoice_amount, mismatch.paid_amount, mismatch.difference) == (
        Money("1512.89", "GBP"),
        Money("1500.89", "GBP"),
        Money("-12.00", "GBP"),
    )
    assert (
        f"£12.00 less than owed (within tolerance: a fee?), counting {OWED} on EL-2025-00003"
        in result.matches[0].explanation
    )


def test_parts_short_of_what_is_still_owed_are_short_of_that() -> None:
    lines = [
        line("100.00", "EL-2025-00003 PART 1", row=2),
        line("100.70", "EL-2025-00003 PART 2", row=3, day=date(2025, 3, 5)),
    ]
    result = reconcile([PARTLY_PAID], lines)
    assert pairs(result, state="auto") == {("EL-2025-00003", 2), ("EL-2025-00003", 3)}
    (mismatch,) = result.discrepancies
    assert mismatch.explanation.startswith(f"EL-2025-00003: paid £200.70 of {OWED}, £1.00 short")
    assert mismatch.difference == Money("-1.00", "GBP")


def test_what_is_still_owed_paid_twice_is_overpaid_by_what_is_still_owed() -> None:
    """One settlement is the £201.70 still owed: paid twice, £201.70 was paid beyond it,
    not £126.78 beyond the gross."""
    lines = [
        line("201.70", "EL-2025-00003", row=5, day=date(2025, 3, 3)),
        line("100.00", "EL-2025-00003", row=9, day=date(2025, 3, 10)),
        line("101.70", "EL-2025-00003", row=11, day=date(2025, 3, 10)),
    ]
    (duplicate,) = reconcile([PARTLY_PAID], lines).discrepancies
    assert duplicate.explanation == (
        f"EL-2025-00003 paid in full ({OWED}) on 2025-03-03 by bank.csv row 5 (£201.70), "
        "and again on 2025-03-10 by rows 9 (£100.00) and 11 (£101.70)"
    )
    assert (duplicate.invoice_amount, duplicate.paid_amount, duplicate.difference) == (
        Money("201.70", "GBP"),
        Money("403.40", "GBP"),
        Money("201.70", "GBP"),
    )
    again = [line("201.70", "EL-2025-00003", row=r, day=date(2025, 3, r)) for r in (5, 9)]
    (twice,) = reconcile([PARTLY_PAID], again).discrepancies
    assert twice.explanation.startswith(f"EL-2025-00003 paid 2 times ({OWED}): bank.csv row 5")
    assert twice.difference == Money("201.70", "GBP")


def test_each_match_says_what_is_still_owed_it_was_compared_with() -> None:
    """Alone, in a batch and in parts: what the payment was compared with is on the match
    (for the window's Difference), in the invoices' sign convention like their gross."""
    alone = reconcile([PARTLY_PAID], [line("201.70", "EL-2025-00003")]).matches
    batch = reconcile(
        [PARTLY_PAID, OPEN_BESIDE], [line("1512.89", "EL-2025-00003 EL-2025-00006")]
    ).matches
    parts = reconcile(
        [PARTLY_PAID],
        [
            line("100.00", "EL-2025-00003 PART 1", row=2),
            line("101.70", "EL-2025-00003 PART 2", row=3, day=date(2025, 3, 5)),
        ],
    ).matches
    short = reconcile([PARTLY_PAID], [line("200.70", "EL-2025-00003")]).matches
    assert [m.compared_with for m in (*alone, *batch, *parts, *short)] == [
        Money("201.70", "GBP"),
        Money("1512.89", "GBP"),
        Money("201.70", "GBP"),
        Money("201.70", "GBP"),
    ]
    assert short[0].compared_total() == Money("201.70", "GBP")


def test_a_payable_batch_says_what_is_still_owed_as_its_invoices_state_amounts() -> None:
    """Money out: compared with £1,512.89 as the invoices state it, not -£1,512.89."""
    payable = {"direction": Direction.PAYABLE, "provider": "Content Ignite"}
    owing = PARTLY_PAID_PAYABLE
    other = invoice("CI-0006", "1311.19", **payable)
    (match,) = reconcile([owing, other], [line("-1512.89", "CI-0003 CI-0006")]).matches
    assert match.compared_with == Money("1512.89", "GBP")
    assert match.paid_total() == Money("1512.89", "GBP")


def test_a_match_compared_with_the_gross_names_no_other_amount() -> None:
    """None: a partly paid invoice paid its gross less a fee, a batch nearer the grosses,
    and invoices never partly paid, alone or together. (Its gross paid exactly is
    measured against what is still owed: see the tests of the gross paid below.)"""
    plain = invoice("EL-2025-00007", "50.00")
    runs = [
        reconcile([PARTLY_PAID], [line("270.00", "EL-2025-00003")]),
        reconcile([PARTLY_PAID, OPEN_BESIDE], [line("1577.81", "EL-2025-00003 EL-2025-00006")]),
        reconcile([OPEN_BESIDE], [line("1300.00", "EL-2025-00006")]),
        reconcile([OPEN_BESIDE, plain], [line("1361.19", "EL-2025-00006 EL-2025-00007")]),
    ]
    matches = [match for result in runs for match in result.matches]
    assert len(matches) == 4
    assert [m.compared_with for m in matches] == [None] * 4
    assert [m.compared_total() for m in matches] == [m.invoiced_total() for m in matches]


def test_a_pairing_made_by_hand_is_compared_as_the_engine_compares_any_other() -> None:
    """Once the engine has scored the accountant's pairing, it says what it compared the
    payment with, as its explanation and the report do: here the £201.70 still owed."""
    paid = line("201.70", "BANK TRANSFER")
    by_hand = Decision(DecisionKind.MANUAL_MATCH, (PARTLY_PAID.key,), (paid.key,))
    result = reconcile([PARTLY_PAID], [paid], decisions=[by_hand])
    (match,) = result.matches
    assert match.state is MatchState.MANUAL
    assert f"pays {OWED}" in match.explanation
    assert match.compared_with == Money("201.70", "GBP")
    assert result.discrepancies == ()


def test_the_amounts_note_reads_what_the_match_records_it_was_compared_with(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One source: the note names the amount ``Match.compared_with`` holds, whichever rule
    the engine used to choose it (here, always what is still owed), never a second
    derivation of its own that could choose otherwise."""

    def always_owed(
        lines: Sequence[PreparedLine], invoices: Sequence[PreparedInvoice], settings: MatchSettings
    ) -> AmountFit:
        owed = tuple(invoice.targets[-1] for invoice in invoices)
        paid = sum(line.minor_in(owed[0].currency) for line in lines)
        return fit_against(paid, owed, settings)

    monkeypatch.setattr(outcome, "amount_fit", always_owed)
    (match,) = reconcile([PARTLY_PAID], [line("276.62", "EL-2025-00003")]).matches
    assert match.compared_with == Money("201.70", "GBP")
    assert f"paid £276.62 for {OWED}" in match.explanation
    (batch,) = reconcile(
        [PARTLY_PAID, OPEN_BESIDE], [line("1587.81", "EL-2025-00003 EL-2025-00006")]
    ).matches
    assert batch.compared_with == Money("1512.89", "GBP")
    assert f"paid £1,587.81 for £1,512.89, counting {OWED} on EL-2025-00003" in batch.explanation


GROSS_PAID = (
    "the gross, as if nothing had been paid before: was the part paid before paid twice, "
    "or is the provider's record of it stale?"
)


def test_the_gross_paid_in_full_is_over_what_is_still_owed() -> None:
    """£276.62 for an invoice the provider says has £201.70 left: matched (the gross
    fitted), but £74.92 over what was still owed, which the accountant must look at."""
    result = reconcile([PARTLY_PAID], [line("276.62", "EL-2025-00003")])
    (match,) = result.matches
    assert match.state is MatchState.AUTO
    assert match.compared_with == Money("201.70", "GBP")
    assert match.explanation == (
        "reference EL-2025-00003 in text; pays the gross £276.62: £74.92 more than "
        f"{OWED}; paid 3 days after issue"
    )
    (mismatch,) = result.discrepancies
    assert mismatch.type is DiscrepancyType.AMOUNT_MISMATCH
    assert mismatch.explanation == (
        f"EL-2025-00003: paid £276.62 of {OWED}, £74.92 over: {GROSS_PAID}"
    )
    assert (mismatch.invoice_amount, mismatch.paid_amount, mismatch.difference) == (
        Money("201.70", "GBP"),
        Money("276.62", "GBP"),
        Money("74.92", "GBP"),
    )


def test_the_gross_paid_in_a_batch_or_in_parts_is_over_what_is_still_owed() -> None:
    batch = reconcile([PARTLY_PAID, OPEN_BESIDE], [line("1587.81", "EL-2025-00003 EL-2025-00006")])
    assert batch.matches[0].compared_with == Money("1512.89", "GBP")
    assert (
        f"total equal to the gross: £74.92 more than owed, counting {OWED} on EL-2025-00003"
        in batch.matches[0].explanation
    )
    (mismatch,) = batch.discrepancies
    assert mismatch.explanation == (
        f"EL-2025-00003, EL-2025-00006: paid £1,587.81 of £1,512.89 ({OWED} on "
        f"EL-2025-00003), £74.92 over: {GROSS_PAID}"
    )
    assert mismatch.difference == Money("74.92", "GBP")
    parts = reconcile(
        [PARTLY_PAID],
        [
            line("100.00", "EL-2025-00003 PART 1", row=2),
            line("176.62", "EL-2025-00003 PART 2", row=3, day=date(2025, 3, 5)),
        ],
    )
    assert pairs(parts, state="auto") == {("EL-2025-00003", 2), ("EL-2025-00003", 3)}
    assert kinds(parts) == ["AMOUNT_MISMATCH"]
    assert parts.discrepancies[0].difference == Money("74.92", "GBP")


def test_a_payable_gross_paid_is_over_what_is_still_owed() -> None:
    """Money out: the same £74.92, in the invoice's sign convention."""
    owing = PARTLY_PAID_PAYABLE
    (mismatch,) = reconcile([owing], [line("-276.62", "CI-0003")]).discrepancies
    assert (mismatch.invoice_amount, mismatch.paid_amount, mismatch.difference) == (
        Money("201.70", "GBP"),
        Money("276.62", "GBP"),
        Money("74.92", "GBP"),
    )


def test_a_partly_paid_invoice_left_unpaid_is_unpaid_by_what_is_still_owed() -> None:
    """Its row is about the £201.70 left to pay, not the £276.62 gross, part of which the
    provider says was paid: Invoice Amount, Difference and the sentence agree."""
    (unpaid,) = reconcile([PARTLY_PAID], []).discrepancies
    assert unpaid.type is DiscrepancyType.UNPAID_INVOICE
    assert unpaid.explanation == (
        "EL-2025-00003 for £276.62, £201.70 still owed, due 2025-03-31: no payment found"
    )
    assert (unpaid.invoice_amount, unpaid.paid_amount, unpaid.difference) == (
        Money("201.70", "GBP"),
        Money("0.00", "GBP"),
        Money("-201.70", "GBP"),
    )


# The part of PARTLY_PAID its provider records as paid: £276.62 less the £201.70 still owed.
RECORDED_PART = "pays the £74.92 of £276.62 Elevate records as paid, £201.70 still owed"
REST_UNPAID = (
    "EL-2025-00003: paid £74.92, the part of £276.62 Elevate records as paid: "
    "the £201.70 still owed is unpaid"
)


def test_a_payment_of_the_part_recorded_as_paid_is_that_part_and_the_rest_is_still_owed() -> None:
    """£74.92 is the gross less what is still owed: the part the provider has already
    counted. Matched exactly for that, not '£126.78 short' of the £201.70 still owed,
    which counted the part twice; the row is about the £201.70, still unpaid."""
    result = reconcile([PARTLY_PAID], [line("74.92", "EL-2025-00003")])
    (match,) = result.matches
    assert match.state is MatchState.AUTO
    assert match.explanation == (
        f"reference EL-2025-00003 in text; {RECORDED_PART}; paid 3 days after issue"
    )
    amount = next(signal for signal in match.signals if signal.name == "amount")
    assert amount.detail == RECORDED_PART
    # the window's Difference: paid less the gross, minus what is still owed, as the row
    assert match.compared_with is None
    assert match.paid_total() - match.compared_total() == Money("-201.70", "GBP")
    (mismatch,) = result.discrepancies
    assert mismatch.type is DiscrepancyType.AMOUNT_MISMATCH
    assert mismatch.explanation == REST_UNPAID
    assert (mismatch.invoice_amount, mismatch.paid_amount, mismatch.difference) == (
        Money("276.62", "GBP"),
        Money("74.92", "GBP"),
        Money("-201.70", "GBP"),
    )


def test_a_payable_part_recorded_as_paid_is_in_the_invoices_sign_convention() -> None:
    """Money out: the same amounts as the invoice states them, the same sentences."""
    owing = PARTLY_PAID_PAYABLE
    result = reconcile([owing], [line("-74.92", "CI-0003")])
    (match,) = result.matches
    assert match.state is MatchState.AUTO
    assert (
        "pays the £74.92 of £276.62 Content Ignite records as paid, £201.70 still owed"
        in match.explanation
    )
    (mismatch,) = result.discrepancies
    assert mismatch.explanation == (
        "CI-0003: paid £74.92, the part of £276.62 Content Ignite records as paid: "
        "the £201.70 still owed is unpaid"
    )
    assert (mismatch.invoice_amount, mismatch.paid_amount, mismatch.difference) == (
        Money("276.62", "GBP"),
        Money("74.92", "GBP"),
        Money("-201.70", "GBP"),
    )


def test_a_pairing_of_the_part_recorded_as_paid_made_by_hand_says_the_same() -> None:
    """The accountant's pairing is scored by the engine's rule: the same note and row."""
    paid = line("74.92", "BANK TRANSFER")
    by_hand = Decision(DecisionKind.MANUAL_MATCH, (PARTLY_PAID.key,), (paid.key,))
    result = reconcile([PARTLY_PAID], [paid], decisions=[by_hand])
    (match,) = result.matches
    assert match.state is MatchState.MANUAL
    assert match.explanation.startswith(f"matched by hand; {RECORDED_PART};")
    (mismatch,) = result.discrepancies
    # the row is the engine's, with the accountant's decision on it said after
    assert mismatch.explanation == f"{REST_UNPAID}; matched by hand by an unnamed user"
    assert mismatch.difference == Money("-201.70", "GBP")


def test_only_exactly_the_part_recorded_as_paid_is_read_as_it() -> None:
    """Guard: £1.50 less is no amount the provider recorded; it is a part of what is
    still owed, as before, and short of that."""
    result = reconcile([PARTLY_PAID], [line("73.42", "EL-2025-00003")])
    assert "records as paid" not in result.matches[0].explanation
    (mismatch,) = result.discrepancies
    assert mismatch.explanation == f"EL-2025-00003: paid £73.42 of {OWED}, £128.28 short"


def test_a_payment_settling_the_invoice_is_read_so_before_the_part_recorded_as_paid() -> None:
    """Guard: paid in two equal halves, the half on the statement is both what is still
    owed and the part recorded as paid; it is read as the rest paid, settling the
    invoice, as it always was (the scenarios' partly paid invoices are paid so)."""
    halves = invoice(
        "EL-2025-00009",
        "200.00",
        status=InvoiceStatus.PARTIALLY_PAID,
        amount_outstanding=Money("100.00", "GBP"),
    )
    result = reconcile([halves], [line("100.00", "EL-2025-00009")])
    (match,) = result.matches
    assert "pays the £100.00 still owed of £200.00" in match.explanation
    assert match.compared_with == Money("100.00", "GBP")
    assert result.discrepancies == ()
