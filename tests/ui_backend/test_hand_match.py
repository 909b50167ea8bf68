"""Matching by hand, before it is made: the selection's totals, what is wrong with it, and
how the match made says what it paid (``desktop_app.ui.hand_match``, ``review``; no Qt).

The UX audit's case: a receivable of £955.43 matched to an insurance premium of £612.00
going out was taken silently, its detail saying "score 100%" and nothing of the
-£1,567.43 between them.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from desktop_app.domain import Direction, Invoice, MatchState, Money, Settlement, StatementLine
from desktop_app.matching import MatchSettings
from desktop_app.matching.normalise import to_minor, tolerance_minor
from desktop_app.ui import formatting as fmt
from desktop_app.ui import hand_match
from desktop_app.ui.review import MatchIndex, manual_match
from tests.ui import factories as f

RECEIVABLE = replace(
    f.invoice(138, "955.43"), direction=Direction.RECEIVABLE, number="EL-2025-00138"
)
PREMIUM = f.line(11, "-612.00", description="INSURANCE PREMIUM")
DEFAULTS = MatchSettings()


def _receipt(amount: str) -> StatementLine:
    return f.line(12, amount, description="BANK GIRO CREDIT")


def test_the_audits_receivable_paid_by_money_out_is_totalled_and_both_problems_named() -> None:
    checked = hand_match.check([RECEIVABLE], [PREMIUM], DEFAULTS)
    assert checked.totals.lines() == [
        "Σ invoices: £955.43",
        "Σ lines: -£612.00",
        "Difference: -£1,567.43",
    ]
    (total,) = checked.totals.totals
    assert total.invoiced == Money.of("955.43", "GBP")
    assert total.paid == Money.of("-612.00", "GBP")
    assert total.difference == Money.of("-1567.43", "GBP")
    assert checked.concerns == (
        "EL-2025-00138 is a receivable: money due in, but the line selected pays £612.00 out.",
        (
            "A difference of -£1,567.43: more than the £28.66 matching tolerates "
            "(£2.00 or 3 % of £955.43, whichever is larger)."
        ),
    )
    assert hand_match.confirmation([RECEIVABLE], [PREMIUM], checked.concerns) == (
        "Match EL-2025-00138 ↔ bank.csv:11 by hand?\n\n"
        f"• {checked.concerns[0]}\n• {checked.concerns[1]}\n\n"
        "Match them all the same?"
    )


def test_a_payable_paid_by_money_in_goes_the_wrong_way_and_a_refund_does_not() -> None:
    payable = f.invoice(4, "400.00")
    wrong_way, difference = hand_match.check([payable], [f.line(5, "400.00")], DEFAULTS).concerns
    assert wrong_way == (
        "INV-00004 is a payable: money due out, but the line selected pays £400.00 in."
    )
    assert difference.startswith("A difference of -£800.00: ")
    # A supplier's credit note is a refund coming in: money in is the right way for it.
    credit = f.invoice(5, "-80.00")
    assert hand_match.check([credit], [f.line(6, "80.00")], DEFAULTS).concerns == ()
    refund_out, _ = hand_match.check([credit], [f.line(6, "-80.00")], DEFAULTS).concerns
    assert refund_out == (
        "INV-00005 is a credit note on a payable: money due in, but the line selected pays "
        "£80.00 out."
    )


def test_the_tolerance_is_the_engines_rule_of_the_run_shown() -> None:
    """Within the engine's tolerance (the larger of £2.00 and 3 % of the total expected,
    ``tolerance_minor``) nothing is asked; a penny beyond, it is. The run's own settings
    decide, as its matches were judged by them."""
    allowed = tolerance_minor(to_minor(Decimal("955.43"), "GBP"), "GBP", Decimal(2), Decimal(3))
    assert allowed == 2866
    assert hand_match.check([RECEIVABLE], [_receipt("926.77")], DEFAULTS).concerns == ()
    checked = hand_match.check([RECEIVABLE], [_receipt("926.76")], DEFAULTS)
    assert checked.tolerance == Money.of("28.66", "GBP")
    (beyond,) = checked.concerns
    assert beyond.startswith("A difference of -£28.67: more than the £28.66 matching tolerates")
    assert hand_match.check([RECEIVABLE], [_receipt("1984.09")], DEFAULTS).concerns != ()

    wider = {  # as the engine writes them on the run, with a count beside
        "amount_tolerance_absolute": "50.00",
        "amount_tolerance_percent": "0",
        "decisions_not_applied": 2,
    }
    settings = hand_match.run_tolerance(wider)
    assert hand_match.check([RECEIVABLE], [_receipt("926.76")], settings).concerns == ()
    assert hand_match.check([RECEIVABLE], [_receipt("905.43")], settings).concerns == ()
    assert hand_match.check([RECEIVABLE], [_receipt("905.42")], settings).concerns != ()
    assert hand_match.run_tolerance({}) == DEFAULTS


def test_each_currency_is_totalled_apart_and_nothing_compared_across_them() -> None:
    """One invoice paid from two accounts: the pounds and the euros are never added, each
    currency has its own difference, and no tolerance is judged across them."""
    pounds = f.invoice(1, "100.00")
    parts = [f.line(6, "-60.00"), f.line(7, "-40.00", currency="EUR")]
    checked = hand_match.check([pounds], parts, DEFAULTS)
    assert checked.totals.lines() == [
        "Σ invoices: £100.00",
        "Σ lines: -£60.00; -€40.00",
        "Difference: -£40.00; €40.00",
    ]
    # Asked about, as the engine reports it: a CURRENCY_MISMATCH (no tolerance judged).
    abroad = (
        "INV-00001 is in GBP, but bank.csv:7 is in EUR: a payment in another currency than "
        "its invoice is not compared with it (no amount is agreed in EUR), and the report "
        "lists the match as a CURRENCY_MISMATCH."
    )
    assert checked.concerns == (abroad,)
    assert checked.tolerance is None
    assert hand_match.hand_note(checked.totals) == (
        "paid £60.00 out and €40.00 out for £100.00 invoiced: not compared (different currencies)"
    )
    # Across currencies the money goes the wrong way only when every line moves it so.
    some_in = [f.line(6, "60.00"), parts[1]]
    assert hand_match.check([pounds], some_in, DEFAULTS).concerns == (abroad,)
    all_in = [f.line(6, "60.00"), f.line(7, "40.00", currency="EUR")]
    wrong, _ = hand_match.check([pounds], all_in, DEFAULTS).concerns
    assert wrong == (
        "INV-00001 is a payable: money due out, but the 2 lines selected pay £60.00 in and "
        "€40.00 in."
    )


def test_an_invoice_agreed_in_the_payments_currency_counts_at_the_agreed_amount() -> None:
    pounds = f.invoice(1, "100.00")
    euros = replace(
        f.invoice(2, "50.00", currency="EUR"),
        settlement=Settlement("GBP", Money.of("43.00", "GBP")),
    )
    checked = hand_match.check([pounds, euros], [f.line(5, "-143.00")], DEFAULTS)
    assert checked.totals.lines() == [
        "Σ invoices: £143.00 as agreed",
        "Σ lines: -£143.00",
        "Difference: £0.00",
    ]
    assert checked.concerns == ()


def test_a_line_in_no_stated_currency_is_summed_apart_and_not_compared() -> None:
    checked = hand_match.check(
        [f.invoice(1, "100.00")], [f.line(5, "-100.00", currency=None)], DEFAULTS
    )
    assert checked.totals.lines() == [
        "Σ invoices: £100.00",
        "Σ lines: -100.00 (no currency)",
        "Difference: not known (a line states no currency)",
    ]
    assert checked.concerns == ()


@pytest.mark.parametrize(
    ("invoices", "lines", "shown"),
    [
        ((), (), []),
        ((RECEIVABLE,), (), ["Σ invoices: £955.43", "Σ lines: —"]),
        ((), (PREMIUM,), ["Σ invoices: —", "Σ lines: -£612.00"]),
    ],
)
def test_one_side_selected_shows_its_total_and_no_difference(
    invoices: tuple[Invoice, ...], lines: tuple[StatementLine, ...], shown: list[str]
) -> None:
    checked = hand_match.check(invoices, lines, DEFAULTS)
    assert checked.totals.lines() == shown
    assert checked.concerns == ()


def test_a_match_by_hand_has_no_score_and_says_what_it_paid_for_what_was_invoiced() -> None:
    """It said "score 100%" and "Matched by hand by root." whatever was paid."""
    at = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    change = manual_match([RECEIVABLE], [PREMIUM], MatchIndex(), "root", at)
    (made,) = change.added
    assert made.state is MatchState.MANUAL
    assert not made.scored
    assert fmt.match_score(made) == "—"
    assert made.explanation == (
        "matched by hand by root; paid £612.00 out for £955.43 invoiced: a difference of -£1,567.43"
    )
    exact = manual_match([RECEIVABLE], [_receipt("955.43")], MatchIndex(), "", at)
    assert exact.added[0].explanation == (
        "matched by hand by the user; paid £955.43 in for £955.43 invoiced"
    )
    scored = f.match(RECEIVABLE, PREMIUM, state=MatchState.MANUAL, score=0.05)
    assert scored.scored  # as a run scores it: its evidence's score, as the report's
    assert fmt.match_score(scored) == "5%"


def test_a_part_paid_invoices_remainder_paid_exactly_is_not_warned_of() -> None:
    """The engine measures a payment of an invoice partly paid before against what the
    provider says is still owed; the check compared it with the gross alone and warned
    of a -£193.43 difference "more than matching tolerates" where the engine scores the
    pair exact."""
    from desktop_app.domain import InvoiceStatus

    part_paid = replace(
        RECEIVABLE,
        gross=Money.of("1673.67", "GBP"),
        status=InvoiceStatus.PARTIALLY_PAID,
        amount_outstanding=Money.of("1480.24", "GBP"),
    )
    checked = hand_match.check([part_paid], [_receipt("1480.24")], DEFAULTS)
    assert checked.concerns == ()
    short = hand_match.check([part_paid], [_receipt("1000.00")], DEFAULTS)
    assert [c for c in short.concerns if c.startswith("A difference of")]
