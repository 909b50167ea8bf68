"""An invoice settled in full, then in full again by several lines: a repeat payment in parts.

The second settlement must be one the engine would take as a split payment on its own (the
invoice's reference or payee on every part, the total within the absolute tolerance, a
confident score); its lines must not be a possible explanation of another open invoice; and
whatever is not a full settlement (one payment plus a part) stays as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from desktop_app.domain import (
    Decision,
    DecisionKind,
    DiscrepancyType,
    Invoice,
    InvoiceStatus,
    Money,
    Reconciliation,
    StatementLine,
)
from desktop_app.matching import MatchSettings, reconcile
from tests.matching.builders import invoice, kinds, line

PAID = invoice("EL-2025-00017", "1000.00")
OTHER = invoice("EL-2025-00018", "1000.00")
FIRST, AGAIN = date(2025, 3, 3), date(2025, 3, 10)


def paying(amount: str, row: int, day: date, text: str = "EL-2025-00017") -> StatementLine:
    return line(amount, text, row=row, day=day)


ONCE_THEN_PARTS = [
    paying("1000.00", 5, FIRST),
    paying("600.00", 9, AGAIN),
    paying("400.00", 11, AGAIN),
]
TOLD = (
    "EL-2025-00017 paid in full on 2025-03-03 by bank.csv row 5 (£1,000.00), "
    "and again on 2025-03-10 by rows 9 (£600.00) and 11 (£400.00)"
)


def decide(
    kind: DecisionKind, invoices: Sequence[Invoice], lines: Sequence[StatementLine]
) -> Decision:
    return Decision(kind, tuple(i.key for i in invoices), tuple(ln.key for ln in lines))


def settlements(result: Reconciliation) -> list[tuple[str, tuple[int, ...], str]]:
    """(state, rows, explanation's first words) per match, in the result's order."""
    return [
        (m.state.value, tuple(ln.row for ln in m.lines), m.explanation.split(";")[0])
        for m in result.matches
    ]


def test_paid_in_full_then_again_in_two_parts() -> None:
    result = reconcile([PAID], ONCE_THEN_PARTS)
    assert settlements(result) == [
        ("auto", (5,), "reference EL-2025-00017 in text"),
        ("auto", (9, 11), "repeat payment"),
    ]
    assert result.matches[1].explanation.startswith("repeat payment; paid in 2 parts; reference")
    (duplicate,) = result.discrepancies
    assert duplicate.type is DiscrepancyType.DUPLICATE_PAYMENT
    assert [ln.row for ln in duplicate.lines] == [5, 9, 11]
    assert duplicate.paid_amount == Money("2000.00", "GBP")
    assert duplicate.difference == Money("1000.00", "GBP")
    assert duplicate.explanation == TOLD


def test_paid_twice_in_two_parts_each() -> None:
    lines = [
        paying("500.00", 5, FIRST),
        paying("500.00", 6, FIRST),
        paying("500.00", 9, AGAIN),
        paying("500.00", 11, AGAIN),
    ]
    result = reconcile([PAID], lines)
    assert settlements(result) == [
        ("auto", (5, 6), "paid in 2 parts"),
        ("auto", (9, 11), "repeat payment"),
    ]
    assert reconcile([PAID], lines[::-1]) == result  # the order given does not matter
    assert kinds(result) == ["DUPLICATE_PAYMENT"]
    assert result.discrepancies[0].explanation == (
        "EL-2025-00017 paid in full on 2025-03-03 by bank.csv rows 5 (£500.00) and 6 (£500.00), "
        "and again on 2025-03-10 by rows 9 (£500.00) and 11 (£500.00)"
    )


def test_paid_in_parts_first_then_again_in_one_payment() -> None:
    """The earliest settlement is the invoice's payment, as with single payments: here the
    parts, so the later single payment is the repeat."""
    lines = [paying("600.00", 5, FIRST), paying("400.00", 6, FIRST), paying("1000.00", 9, AGAIN)]
    result = reconcile([PAID], lines)
    assert settlements(result) == [
        ("auto", (5, 6), "paid in 2 parts"),
        ("auto", (9,), "repeat payment"),
    ]
    assert kinds(result) == ["DUPLICATE_PAYMENT"]
    assert result.discrepancies[0].explanation == (
        "EL-2025-00017 paid in full on 2025-03-03 by bank.csv rows 5 (£600.00) and 6 (£400.00), "
        "and again on 2025-03-10 by row 9 (£1,000.00)"
    )


def test_parts_paid_on_different_days_are_told_with_their_dates() -> None:
    lines = [*ONCE_THEN_PARTS[:2], paying("400.00", 11, date(2025, 3, 12))]
    result = reconcile([PAID], lines)
    assert settlements(result)[1] == ("auto", (9, 11), "repeat payment")
    assert kinds(result) == ["DUPLICATE_PAYMENT"]
    assert result.discrepancies[0].explanation == (
        "EL-2025-00017 paid in full on 2025-03-03 by bank.csv row 5 (£1,000.00), "
        "and again by rows 9 (2025-03-10, £600.00) and 11 (2025-03-12, £400.00)"
    )


def test_parts_quoting_the_paid_invoice_are_not_given_to_an_open_one_of_the_payee() -> None:
    """The parts quote EL-2025-00017 (and name the payee, who has EL-2025-00018 open): they
    say which invoice they pay, so they are its repeat, and EL-2025-00018 stays unpaid."""
    lines = [
        paying("1000.00", 5, FIRST),
        paying("600.00", 9, AGAIN, "ACME TRADING LTD EL-2025-00017"),
        paying("400.00", 11, AGAIN, "ACME TRADING LTD EL-2025-00017"),
    ]
    result = reconcile([PAID, OTHER], lines)
    assert settlements(result)[1] == ("auto", (9, 11), "repeat payment")
    assert sorted(kinds(result)) == ["DUPLICATE_PAYMENT", "UNPAID_INVOICE"]


def test_three_settlements_are_told_in_order() -> None:
    lines = [
        *ONCE_THEN_PARTS,
        paying("700.00", 12, date(2025, 3, 17)),
        paying("300.00", 14, date(2025, 3, 17)),
    ]
    result = reconcile([PAID], lines)
    assert kinds(result) == ["DUPLICATE_PAYMENT"]
    assert result.discrepancies[0].paid_amount == Money("3000.00", "GBP")
    assert result.discrepancies[0].explanation == (
        "EL-2025-00017 paid in full on 2025-03-03 by bank.csv row 5 (£1,000.00), "
        "again on 2025-03-10 by rows 9 (£600.00) and 11 (£400.00), "
        "and again on 2025-03-17 by rows 12 (£700.00) and 14 (£300.00)"
    )


def test_a_repeat_in_parts_short_by_a_fee_is_only_a_duplicate_payment() -> None:
    """Not also "£1.00 short": the invoice is overpaid, by all that was paid beyond the
    first settlement (design.md: settled in full more than once)."""
    lines = [*ONCE_THEN_PARTS[:2], paying("399.00", 11, AGAIN)]
    result = reconcile([PAID], lines)
    assert settlements(result)[1] == ("auto", (9, 11), "repeat payment")
    assert kinds(result) == ["DUPLICATE_PAYMENT"]
    assert result.discrepancies[0].difference == Money("999.00", "GBP")


def test_a_rejected_part_is_passed_over_for_one_allowed() -> None:
    """Rows 11 and 12 both complete the repeat with row 9; the accountant rejected row 11 as
    a payment of the invoice, so the repeat is rows 9 and 12, and row 11 stays open."""
    lines = [*ONCE_THEN_PARTS, paying("400.00", 12, AGAIN)]
    rejected = decide(DecisionKind.REJECT, [PAID], [lines[2]])
    result = reconcile([PAID], lines, decisions=[rejected])
    assert settlements(result)[1] == ("auto", (9, 12), "repeat payment")
    assert sorted(kinds(result)) == ["DUPLICATE_PAYMENT", "UNMATCHED_PAYMENT"]


def test_an_accepted_payment_paid_again_in_parts() -> None:
    """The accepted pairing stays as it is (not proposed again); the parts quoting the
    invoice are its repeat."""
    accepted = decide(DecisionKind.ACCEPT, [PAID], ONCE_THEN_PARTS[:1])
    result = reconcile([PAID], ONCE_THEN_PARTS, decisions=[accepted])
    assert settlements(result) == [
        ("accepted", (5,), "accepted"),
        ("auto", (9, 11), "repeat payment"),
    ]
    assert kinds(result) == ["DUPLICATE_PAYMENT"]


def test_both_settlements_accepted_stay_as_they_are() -> None:
    """Nothing is proposed again; the duplicate is still reported, told the same way."""
    accepted = [
        decide(DecisionKind.ACCEPT, [PAID], ONCE_THEN_PARTS[:1]),
        decide(DecisionKind.ACCEPT, [PAID], ONCE_THEN_PARTS[1:]),
    ]
    result = reconcile([PAID], ONCE_THEN_PARTS, decisions=accepted)
    assert [(m.state.value, tuple(ln.row for ln in m.lines)) for m in result.matches] == [
        ("accepted", (5,)),
        ("accepted", (9, 11)),
    ]
    assert [d.explanation for d in result.discrepancies] == [TOLD]


# -- guards: these pass on the engine before repeats in parts; they keep what must not change --


def test_guard_one_payment_and_a_part_stays_an_unmatched_part() -> None:
    """Settled once plus a part: not a second settlement. The extra lines stay unmatched
    payments, saying the invoice they mention is settled otherwise."""
    lines = [paying("1000.00", 5, FIRST), paying("600.00", 9, AGAIN), paying("300.00", 11, AGAIN)]
    result = reconcile([PAID], lines)
    assert settlements(result) == [("auto", (5,), "reference EL-2025-00017 in text")]
    assert kinds(result) == ["UNMATCHED_PAYMENT", "UNMATCHED_PAYMENT"]
    assert all("settled otherwise" in d.explanation for d in result.discrepancies)


def test_guard_parts_naming_only_the_payee_are_not_claimed() -> None:
    """With the payee alone, parts after a full payment may be a payment on account or of
    an invoice not fetched: they stay unmatched payments for the accountant to look at."""
    lines = [
        paying("1000.00", 5, FIRST, "ACME TRADING LTD"),
        paying("600.00", 9, AGAIN, "ACME TRADING LTD"),
        paying("400.00", 11, AGAIN, "ACME TRADING LTD"),
    ]
    result = reconcile([PAID], lines)
    assert settlements(result) == [("auto", (5,), "amount equal")]
    assert kinds(result) == ["UNMATCHED_PAYMENT", "UNMATCHED_PAYMENT"]


def test_guard_parts_quoting_an_open_invoice_too_are_left_to_it() -> None:
    lines = [
        paying("1000.00", 5, FIRST),
        paying("600.00", 9, AGAIN, "EL-2025-00017 EL-2025-00018"),
        paying("400.00", 11, AGAIN, "EL-2025-00017 EL-2025-00018"),
    ]
    result = reconcile([PAID, OTHER], lines)
    assert [(m.invoices[0].number, tuple(ln.row for ln in m.lines)) for m in result.matches] == [
        ("EL-2025-00017", (5,)),
        ("EL-2025-00018", (9, 11)),
    ]
    assert result.discrepancies == ()


def test_guard_parts_quoting_two_paid_invoices_stay_open() -> None:
    lines = [
        paying("1000.00", 5, FIRST),
        paying("1000.00", 6, FIRST, "EL-2025-00018"),
        paying("600.00", 9, AGAIN, "EL-2025-00017 EL-2025-00018"),
        paying("400.00", 11, AGAIN, "EL-2025-00017 EL-2025-00018"),
    ]
    result = reconcile([PAID, OTHER], lines)
    assert len(result.matches) == 2
    assert kinds(result) == ["UNMATCHED_PAYMENT", "UNMATCHED_PAYMENT"]


def test_guard_a_rejected_repeat_is_not_proposed_again() -> None:
    rejected = decide(DecisionKind.REJECT, [PAID], ONCE_THEN_PARTS[1:])
    result = reconcile([PAID], ONCE_THEN_PARTS, decisions=[rejected])
    assert settlements(result) == [("auto", (5,), "reference EL-2025-00017 in text")]
    assert kinds(result) == ["UNMATCHED_PAYMENT", "UNMATCHED_PAYMENT"]
    assert "the accountant rejected it, with bank.csv row 11" in result.discrepancies[0].explanation


# -- one line, one match --

BETA_PAID = invoice("XY-2025-00099", "400.00", payee="Beta Corp", issue=date(2025, 3, 1))
EARLY = invoice("EL-2025-00017", "1000.00", issue=date(2025, 2, 1))


def rows_filed(result: Reconciliation) -> list[int]:
    return [ln.row for m in result.matches for ln in m.lines]


def test_a_repeat_of_another_invoice_is_not_also_a_part() -> None:
    """Row 11 quotes EL-2025-00017 but is clearly Beta Corp's XY-2025-00099 paid again (its
    payee, its amount less a penny): it is that repeat only, so rows 9 and 11 are not also a
    repeat of EL-2025-00017 in parts, and no line is in two matches."""
    beta = "BETA CORP EL-2025-00017"
    for shared, other in ((11, 9), (9, 11)):  # the shared line last, or first, in the file
        amounts = {shared: "399.99", other: "600.01"}
        lines = [
            paying("400.00", 3, FIRST, "BETA CORP XY-2025-00099"),
            paying("1000.00", 5, FIRST),
            paying(amounts[9], 9, AGAIN, beta if shared == 9 else "EL-2025-00017"),
            paying(amounts[11], 11, AGAIN, beta if shared == 11 else "EL-2025-00017"),
        ]
        result = reconcile([EARLY, BETA_PAID], lines)
        filed = rows_filed(result)
        assert len(filed) == len(set(filed)), filed
        assert [
            (m.invoices[0].number, tuple(ln.row for ln in m.lines)) for m in result.matches
        ] == [
            ("XY-2025-00099", (3,)),
            ("EL-2025-00017", (5,)),
            ("XY-2025-00099", (shared,)),
        ]
        # its repeat a penny short is no AMOUNT_MISMATCH too: it is the duplicate's excess
        assert sorted(kinds(result)) == ["DUPLICATE_PAYMENT", "UNMATCHED_PAYMENT"]
        (duplicate,) = [
            d for d in result.discrepancies if d.type is DiscrepancyType.DUPLICATE_PAYMENT
        ]
        assert duplicate.invoice is not None
        assert duplicate.invoice.number == "XY-2025-00099"


# -- which parts: the earliest day, the fewest parts, and no guess between equals --


def test_the_repeat_takes_the_fewest_parts_complete_that_day() -> None:
    """600 + 400 or 300 + 300 + 400, all paid on one day: the two parts are the repeat, as
    the fewer items are preferred for a split payment; the two of 300 stay unmatched."""
    lines = [
        paying("1000.00", 5, FIRST),
        paying("300.00", 9, AGAIN),
        paying("300.00", 10, AGAIN),
        paying("400.00", 11, AGAIN),
        paying("600.00", 12, AGAIN),
    ]
    result = reconcile([PAID], lines)
    assert settlements(result)[1:] == [("auto", (11, 12), "repeat payment")]
    assert sorted(kinds(result)) == ["DUPLICATE_PAYMENT", "UNMATCHED_PAYMENT", "UNMATCHED_PAYMENT"]


def test_parts_from_days_that_make_two_equal_repeats_are_not_guessed() -> None:
    """Rows 7 + 9 and rows 9 + 11 both make 1,000 complete on 2025-03-10: which two paid it
    again is a guess, so no repeat is claimed and the three stay unmatched, as before."""
    lines = [
        paying("1000.00", 5, FIRST),
        paying("400.00", 7, FIRST),
        paying("600.00", 9, AGAIN),
        paying("400.00", 11, AGAIN),
    ]
    result = reconcile([PAID], lines)
    assert settlements(result) == [("auto", (5,), "reference EL-2025-00017 in text")]
    assert kinds(result) == ["UNMATCHED_PAYMENT"] * 3


def test_two_equal_first_settlements_are_offered_for_review() -> None:
    """600 + 400 or 600 + 400 (rows 6 and 7) on the first day: the first payment is a guess,
    so both are offered for review as before, and nothing is claimed as paid twice."""
    lines = [
        paying("600.00", 5, FIRST),
        paying("400.00", 6, FIRST),
        paying("400.00", 7, FIRST),
        paying("600.00", 9, AGAIN),
        paying("400.00", 11, AGAIN),
    ]
    result = reconcile([PAID], lines)
    assert settlements(result) == [
        ("suggested", (5, 6), "paid in 2 parts"),
        ("suggested", (5, 7), "paid in 2 parts"),
    ]
    assert "DUPLICATE_PAYMENT" not in kinds(result)


# -- paid once by the accountant: only when their pairing pays the invoice in full --


def test_parts_after_a_short_manual_match_are_not_a_repeat() -> None:
    """The accountant matched 600 of 1,000 by hand: the invoice was not paid once, so the
    400 + 600 and 600 + 400 quoting it later are no repeats in parts (which hid that 2,600
    was paid behind a '£400 short'); they stay unmatched payments for the accountant. Each
    400 could be the rest of the 600, so both are offered for review as that (``rest.py``),
    neither settling anything until the accountant chooses.

    Two settlements in parts follow (the parts of one alone would not even be searched: they
    cannot add up to two), so the rule itself is what keeps them unclaimed: an invoice the
    accountant paired with a part of its amount only has no repeat."""
    lines = [
        paying("600.00", 5, FIRST),
        paying("400.00", 9, AGAIN),
        paying("600.00", 11, date(2025, 3, 12)),
        paying("600.00", 12, date(2025, 3, 17)),
        paying("400.00", 14, date(2025, 3, 17)),
    ]
    for kind in (DecisionKind.MANUAL_MATCH, DecisionKind.ACCEPT):
        result = reconcile([PAID], lines, decisions=[decide(kind, [PAID], lines[:1])])
        rest = "could be the rest of EL-2025-00017 after bank.csv row 5 (2025-03-03, £600.00), "
        assert [(state, rows) for state, rows, _ in settlements(result)] == [
            ("manual" if kind is DecisionKind.MANUAL_MATCH else "accepted", (5,)),
            ("suggested", (9,)),
            ("suggested", (14,)),
        ]
        assert all(m.explanation.startswith(rest) for m in result.matches[1:])
        assert sorted(kinds(result)) == ["AMOUNT_MISMATCH", *["UNMATCHED_PAYMENT"] * 4]


def test_a_full_payment_after_a_short_manual_match_is_not_a_repeat() -> None:
    """The same for one line: 1,000 after the accountant's 600 of 1,000 is no repeat."""
    lines = [paying("600.00", 5, FIRST), paying("1000.00", 9, AGAIN)]
    result = reconcile(
        [PAID], lines, decisions=[decide(DecisionKind.MANUAL_MATCH, [PAID], lines[:1])]
    )
    assert [tuple(ln.row for ln in m.lines) for m in result.matches] == [(5,)]
    assert sorted(kinds(result)) == ["AMOUNT_MISMATCH", "UNMATCHED_PAYMENT"]


def test_guard_a_manual_match_short_by_a_fee_is_paid_once() -> None:
    """999.00 of 1,000 (within the fee tolerance) pays it in full: the parts are a repeat."""
    lines = [paying("999.00", 5, FIRST), *ONCE_THEN_PARTS[1:]]
    result = reconcile(
        [PAID], lines, decisions=[decide(DecisionKind.MANUAL_MATCH, [PAID], lines[:1])]
    )
    assert settlements(result)[1] == ("auto", (9, 11), "repeat payment")
    assert kinds(result) == ["DUPLICATE_PAYMENT"]  # the £1.00 short is in its excess


# -- guards, each pinned where it decides (a test that fails when it is removed) --


def test_parts_two_paid_invoices_could_be_repeated_with_belong_to_neither() -> None:
    """As test_guard_parts_quoting_two_paid_invoices_stay_open, where the lower suggestion
    bar lets both invoices' searches find the parts: a line two settlements would hold
    belongs to neither, so no repeat is claimed for either invoice."""
    lines = [
        paying("1000.00", 5, FIRST),
        paying("1000.00", 6, FIRST, "EL-2025-00018"),
        paying("600.00", 9, AGAIN, "EL-2025-00017 EL-2025-00018"),
        paying("400.00", 11, AGAIN, "EL-2025-00017 EL-2025-00018"),
    ]
    settings = MatchSettings(suggest_threshold=0.6, auto_accept_threshold=0.6)
    result = reconcile([PAID, OTHER], lines, settings=settings)
    assert [tuple(ln.row for ln in m.lines) for m in result.matches] == [(5,), (6,)]
    assert kinds(result) == ["UNMATCHED_PAYMENT", "UNMATCHED_PAYMENT"]


def test_a_part_that_pays_a_void_invoice_is_not_a_part() -> None:
    """Row 11 quotes the void EL-2025-00020 with its exact amount too: it is reported as
    that void invoice paid, not claimed for a repeat of EL-2025-00017."""
    void = invoice("EL-2025-00020", "400.00", status=InvoiceStatus.VOID)
    lines = [*ONCE_THEN_PARTS[:2], paying("400.00", 11, AGAIN, "EL-2025-00017 EL-2025-00020")]
    result = reconcile([PAID, void], lines)
    assert settlements(result) == [("auto", (5,), "reference EL-2025-00017 in text")]
    assert kinds(result) == ["UNMATCHED_PAYMENT", "VOID_INVOICE_PAID"]


def test_parts_the_engine_would_not_match_without_asking_are_no_repeat() -> None:
    """With a bar for matching without asking above the parts' score, they are not claimed
    as a repeat: the engine claims 'paid twice' only with the confidence it matches with."""
    settings = MatchSettings(auto_accept_threshold=0.9)
    result = reconcile([PAID], ONCE_THEN_PARTS, settings=settings)
    assert settlements(result) == [("suggested", (5,), "reference EL-2025-00017 in text")]
    assert "DUPLICATE_PAYMENT" not in kinds(result)


def test_a_full_payment_nothing_rivals_is_still_weighed_with_the_parts() -> None:
    """With a suggestion bar above the parts' own pairings with the invoice (reference, no
    amount), row 5's payment competes with nothing; it is still weighed with the parts
    (the invoice may have been paid again), so the repeat in parts is found."""
    settings = MatchSettings(suggest_threshold=0.6, auto_accept_threshold=0.6)
    result = reconcile([PAID], ONCE_THEN_PARTS, settings=settings)
    assert settlements(result) == [
        ("auto", (5,), "reference EL-2025-00017 in text"),
        ("auto", (9, 11), "repeat payment"),
    ]
    assert [d.explanation for d in result.discrepancies] == [TOLD]


def test_a_line_paying_another_invoice_nothing_rivals_is_still_no_part() -> None:
    """Row 11 quotes EL-2025-00017 and pays Beta Corp's XY-2025-00099 (399.00), a pound over.
    With the suggestion bar above its pairing with EL-2025-00017, that payment competes
    with nothing; it is still weighed with the parts, so row 11 is that payment only, not
    also part of a repeat of EL-2025-00017 (a line in two matches)."""
    beta = invoice("XY-2025-00099", "399.00", payee="Beta Corp")
    lines = [*ONCE_THEN_PARTS[:2], paying("400.00", 11, AGAIN, "EL-2025-00017 XY-2025-00099")]
    settings = MatchSettings(suggest_threshold=0.6, auto_accept_threshold=0.6)
    result = reconcile([PAID, beta], lines, settings=settings)
    assert [(m.invoices[0].number, tuple(ln.row for ln in m.lines)) for m in result.matches] == [
        ("EL-2025-00017", (5,)),
        ("XY-2025-00099", (11,)),
    ]
    assert kinds(result) == ["UNMATCHED_PAYMENT", "AMOUNT_MISMATCH"]


def test_a_first_settlement_in_parts_is_weighed_once_against_its_rival() -> None:
    """Rows 5 + 6 pay EL-2025-00017 first; row 6 names Beta Corp, and 400.00 nearly pays
    its XY-2025-00099 (400.50), close enough (under this margin) to make the first
    settlement a guess: it is offered for review with that rival. The search for repeats
    holds the same settlement as the split payment search does: were it weighed twice, its
    copy would stand in for it when the rival is sought, and hide the rival."""
    beta = invoice("XY-2025-00099", "400.50", payee="Beta Corp")
    lines = [
        paying("600.00", 5, FIRST),
        paying("400.00", 6, FIRST, "EL-2025-00017 BETA CORP"),
        paying("600.00", 9, AGAIN),
        paying("400.00", 11, AGAIN),
    ]
    result = reconcile([PAID, beta], lines, settings=MatchSettings(ambiguity_margin=0.1))
    assert [
        (m.state.value, m.invoices[0].number, tuple(ln.row for ln in m.lines))
        for m in result.matches
    ] == [
        ("suggested", "EL-2025-00017", (5, 6)),
        ("suggested", "XY-2025-00099", (6,)),
        ("suggested", "EL-2025-00017", (9, 11)),
    ]
    assert (result.matches[0].runner_up or "").startswith("could also be Elevate XY-2025-00099")


def test_parts_quoting_an_invoice_paid_in_full_that_a_pairing_names_are_not_parts() -> None:
    """Rows 9 and 11 quote EL-2025-00018 too, which row 6 paid in full (so it could not take
    them as parts while open); their pairings with it name it, and they quote it: they may
    be its repeat as well as EL-2025-00017's, so they are neither's."""
    other = invoice("EL-2025-00018", "2000.00")
    both = "EL-2025-00017 EL-2025-00018"
    lines = [
        paying("1000.00", 5, FIRST),
        paying("2000.00", 6, FIRST, "EL-2025-00018"),
        paying("600.00", 9, AGAIN, both),
        paying("400.00", 11, AGAIN, both),
    ]
    result = reconcile([PAID, other], lines)
    assert [tuple(ln.row for ln in m.lines) for m in result.matches] == [(5,), (6,)]
    assert kinds(result) == ["UNMATCHED_PAYMENT", "UNMATCHED_PAYMENT"]


def test_parts_quoting_an_open_invoice_they_could_pay_part_of_are_not_parts() -> None:
    """Rows 9 and 11 quote the open EL-2025-00018 (1,500) too, of which each could pay a
    part. With a suggestion bar above their pairings with it, nothing holding them names
    it; they are still left to it, not claimed as EL-2025-00017's repeat."""
    other = invoice("EL-2025-00018", "1500.00")
    both = "EL-2025-00017 EL-2025-00018"
    lines = [
        paying("1000.00", 5, FIRST),
        paying("600.00", 9, AGAIN, both),
        paying("400.00", 11, AGAIN, both),
    ]
    settings = MatchSettings(suggest_threshold=0.6, auto_accept_threshold=0.6)
    result = reconcile([PAID, other], lines, settings=settings)
    assert settlements(result) == [("auto", (5,), "reference EL-2025-00017 in text")]
    assert kinds(result) == ["UNPAID_INVOICE", "UNMATCHED_PAYMENT", "UNMATCHED_PAYMENT"]
