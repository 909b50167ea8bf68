"""A payment in the invoice's agreed settlement currency (Content Ignite's target leg) is
measured against the settlement amount: short of it is an AMOUNT_MISMATCH like any other
short payment, in that currency; exactly it is none."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import pytest

from desktop_app.domain import Direction, DiscrepancyType, Invoice, Money, Settlement, StatementLine
from desktop_app.matching import MatchSettings, outcome, reconcile
from desktop_app.matching.prepare import SETTLEMENT, PreparedInvoice, PreparedLine, Target
from desktop_app.matching.scoring import AmountFit, fit_against
from tests.matching.builders import invoice, kinds, line

IN_EUROS = invoice(
    "CI-0042",
    "85.00",
    provider="Content Ignite",
    direction=Direction.PAYABLE,
    settlement=Settlement("EUR", Money("100.00", "EUR"), Decimal("1.1765")),
)


def test_a_short_payment_in_the_settlement_currency_is_an_amount_mismatch() -> None:
    result = reconcile([IN_EUROS], [line("-90.00", "CI-0042", currency="EUR")])
    assert [m.state.value for m in result.matches] == ["auto"]
    (mismatch,) = result.discrepancies
    assert mismatch.type is DiscrepancyType.AMOUNT_MISMATCH
    assert mismatch.explanation == (
        "CI-0042: paid €90.00 of €100.00 (the agreed settlement amount of £85.00), €10.00 short"
    )
    assert (mismatch.invoice_amount, mismatch.paid_amount, mismatch.difference) == (
        Money("100.00", "EUR"),
        Money("90.00", "EUR"),
        Money("-10.00", "EUR"),
    )


def test_a_fee_in_the_settlement_currency_is_within_tolerance() -> None:
    """A fee makes a payment we make larger: €103.00 out for €100.00 agreed."""
    (mismatch,) = reconcile([IN_EUROS], [line("-103.00", "CI-0042", currency="EUR")]).discrepancies
    assert mismatch.difference == Money("3.00", "EUR")
    assert mismatch.explanation.endswith("(within tolerance: likely a bank fee or charge)")


def test_less_paid_in_the_settlement_currency_is_an_underpayment() -> None:
    """Paid out less than agreed, within tolerance: no fee makes a payment smaller."""
    (mismatch,) = reconcile([IN_EUROS], [line("-97.00", "CI-0042", currency="EUR")]).discrepancies
    assert mismatch.difference == Money("-3.00", "EUR")
    assert mismatch.explanation.endswith(
        "€3.00 short (within tolerance: an underpayment; a bank fee would have made it larger)"
    )


def test_guard_the_settlement_amount_paid_exactly_or_none_agreed_is_no_mismatch() -> None:
    exact = reconcile([IN_EUROS], [line("-100.00", "CI-0042", currency="EUR")])
    assert kinds(exact) == []
    no_amount = invoice(
        "CI-0043",
        "85.00",
        provider="Content Ignite",
        direction=Direction.PAYABLE,
        settlement=Settlement("EUR"),
    )
    unknown = reconcile([no_amount], [line("-90.00", "CI-0043", currency="EUR")])
    assert kinds(unknown) == []


def _amount_note(lines: list[StatementLine], invoices: list[Invoice] | None = None) -> str:
    (match,) = reconcile(invoices or [IN_EUROS], lines).matches
    return next(s.detail for s in match.signals if s.name == "amount")


def test_the_match_note_names_the_agreed_settlement_amount_it_was_measured_against() -> None:
    """Not "than invoiced": £85.00 was invoiced, €100.00 agreed; the note says which."""
    fee = [line("-103.00", "CI-0042", currency="EUR")]
    assert (
        _amount_note(fee)
        == "€3.00 more than the agreed settlement amount (within tolerance: a fee?)"
    )
    short = [line("-90.00", "CI-0042", currency="EUR")]
    assert _amount_note(short) == "paid €90.00 of the €100.00 agreed settlement amount"


def test_a_batch_in_the_settlement_currency_names_the_agreed_amounts_too() -> None:
    other = invoice(
        "CI-0043",
        "170.00",
        provider="Content Ignite",
        direction=Direction.PAYABLE,
        settlement=Settlement("EUR", Money("200.00", "EUR"), Decimal("1.1765")),
    )
    batch = [line("-301.50", "CI-0042 CI-0043", currency="EUR")]
    assert _amount_note(batch, [IN_EUROS, other]) == (
        "€1.50 more than the agreed settlement amount (within tolerance: a fee?)"
    )


def test_the_note_and_the_row_read_the_amount_the_match_was_compared_with(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One source: what a payment in the settlement currency was compared with is found
    once, where the match is built, and the amount's note and the AMOUNT_MISMATCH row
    both read it, whichever amount that rule chose (here, a stand-in of €95.00 for the
    €100.00 agreed), never comparing again by themselves."""

    def stand_in(
        lines: Sequence[PreparedLine], invoices: Sequence[PreparedInvoice], settings: MatchSettings
    ) -> AmountFit:
        agreed = (Target("EUR", invoices[0].sign * 9500, SETTLEMENT, settings),)
        return fit_against(sum(line.minor_in("EUR") for line in lines), agreed, settings)

    monkeypatch.setattr(outcome, "amount_fit", stand_in)
    result = reconcile([IN_EUROS], [line("-90.00", "CI-0042", currency="EUR")])
    (match,) = result.matches
    assert next(s.detail for s in match.signals if s.name == "amount") == (
        "paid €90.00 of the €95.00 agreed settlement amount"
    )
    (mismatch,) = result.discrepancies
    assert mismatch.explanation == (
        "CI-0042: paid €90.00 of €95.00 (the agreed settlement amount of £85.00), €5.00 short"
    )
    assert (mismatch.invoice_amount, mismatch.difference) == (
        Money("95.00", "EUR"),
        Money("-5.00", "EUR"),
    )


def test_a_payment_in_a_third_currency_says_it_was_not_compared() -> None:
    """An invoice with an agreed amount in another currency, paid in a third: the engine
    compares neither amount, and the note says so rather than naming one."""
    (match,) = reconcile([IN_EUROS], [line("-120.00", "CI-0042", currency="USD")]).matches
    amount = next(signal for signal in match.signals if signal.name == "amount")
    assert amount.detail == "amount in USD, invoice in GBP: not compared"
