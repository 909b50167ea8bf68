"""Invoices, lines, matches, discrepancies and the reconciliation that holds them."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from desktop_app.domain import (
    Counterparty,
    Direction,
    Discrepancy,
    DiscrepancyType,
    DocumentType,
    InvoiceKey,
    InvoiceStatus,
    LineKey,
    Match,
    MatchState,
    MissingCurrencyError,
    Money,
    Reconciliation,
    Severity,
    Side,
    Signal,
    StatementLine,
)
from tests.domain.builders import make_invoice, make_line


def test_eight_discrepancy_types_exactly_as_the_contract_names_them() -> None:
    assert [t.value for t in DiscrepancyType] == [
        "UNPAID_INVOICE",
        "STATUS_CONFLICT",
        "UNMATCHED_PAYMENT",
        "AMOUNT_MISMATCH",
        "DUPLICATE_PAYMENT",
        "VOID_INVOICE_PAID",
        "CURRENCY_MISMATCH",
        "LINE_ITEMS_MISMATCH",
    ]
    assert all(t.meaning and isinstance(t.severity, Severity) for t in DiscrepancyType)


def test_invoice_amounts_must_share_its_currency() -> None:
    with pytest.raises(ValueError, match="net is in EUR"):
        make_invoice(net=Money("100", "EUR"))


def test_invoice_key_and_expected_bank_amount_follow_direction() -> None:
    receivable = make_invoice()
    assert receivable.key == InvoiceKey("Elevate", "17")
    assert receivable.expected_bank_amount() == Money("120.00", "GBP")
    payable = make_invoice(direction=Direction.PAYABLE)
    assert payable.expected_bank_amount() == Money("-120.00", "GBP")
    credit = make_invoice(gross=Money("-30", "GBP"), document_type=DocumentType.CREDIT_NOTE)
    assert credit.is_credit_note
    assert credit.expected_bank_amount() == Money("-30", "GBP")


def test_line_items_total_counts_chargeable_items_only() -> None:
    assert make_invoice().line_items_total() == Money("120.00", "GBP")
    assert make_invoice(line_items=()).line_items_total() is None


def test_label_is_the_number_or_for_a_link_only_invoice_its_period() -> None:
    assert make_invoice().label == "EL-2025-00017"
    url = "https://invoice.stripe.com/i/acct_1/live_abc?s=ap"
    versori = make_invoice(
        number=url,
        invoice_id=url,
        document_url=url,
        period_start=date(2025, 9, 1),
        period_end=date(2025, 9, 30),
    )
    assert versori.label == "period 2025-09-01 to 2025-09-30"
    assert versori.number == url  # the report's Invoice Number stays the contract's
    linked_with_number = make_invoice(document_url=url, period_start=date(2025, 9, 1))
    assert linked_with_number.label == "EL-2025-00017"
    assert make_invoice(number=url, document_url=url).label == url  # no period to show


def test_invoices_are_immutable() -> None:
    invoice = make_invoice()
    with pytest.raises(dataclasses.FrozenInstanceError):
        invoice.gross = Money("1", "GBP")  # type: ignore[misc]


def test_statuses_that_expect_payment() -> None:
    assert InvoiceStatus.OPEN.expects_payment
    assert not InvoiceStatus.VOID.expects_payment
    assert not InvoiceStatus.DRAFT.expects_payment
    assert InvoiceStatus.PAID.claims_paid
    assert not InvoiceStatus.OPEN.claims_paid


def test_statement_line_keeps_file_row_and_refuses_floats() -> None:
    line = make_line()
    assert line.key == LineKey("bank.csv", 2)
    assert line.money == Money("120.00", "GBP")
    with pytest.raises(TypeError, match=r"bank\.csv row 3"):
        StatementLine("bank.csv", 3, date(2025, 1, 1), 1.5, "GBP")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="1-based"):
        StatementLine("bank.csv", 0, date(2025, 1, 1), Decimal(1), "GBP")


def test_statement_line_without_currency_says_which_line() -> None:
    with pytest.raises(MissingCurrencyError, match=r"bank\.csv row 9"):
        _ = make_line(row=9, currency=None).money


def test_match_validates_score_and_totals_in_invoice_sign() -> None:
    invoice = make_invoice(direction=Direction.PAYABLE)
    lines = (make_line(2, "-100.00"), make_line(3, "-20.00"))
    match = Match((invoice,), lines, 0.9, (Signal("amount", 1.0, 0.4, "equal"),), "split payment")
    assert match.paid_total() == Money("120.00", "GBP")
    assert match.invoiced_total() == Money("120.00", "GBP")
    assert match.line_keys == (LineKey("bank.csv", 2), LineKey("bank.csv", 3))
    with pytest.raises(ValueError, match="outside"):
        Match((invoice,), lines, 1.5, (), "x")
    with pytest.raises(ValueError, match="at least one"):
        Match((), lines, 0.5, (), "x")
    with pytest.raises(ValueError, match="signal"):
        Signal("amount", -0.1, 1.0, "x")


def test_invoices_in_several_currencies_have_a_total_per_currency_and_no_one_total() -> None:
    """A pairing of pounds and euros made by hand: never one total adding them up."""
    pounds = make_invoice()
    more_pounds = make_invoice(invoice_id="18", gross=Money("30.00", "GBP"))
    euros = make_invoice(
        invoice_id="19",
        currency="EUR",
        gross=Money("50.00", "EUR"),
        net=None,
        tax=None,
        line_items=(),
    )
    match = Match((pounds, euros, more_pounds), (make_line(),), 1.0, (), "matched by hand")
    assert match.invoiced_total() is None
    assert match.invoiced_totals() == (Money("150.00", "GBP"), Money("50.00", "EUR"))
    alone = Match((pounds, more_pounds), (make_line(),), 1.0, (), "one payment for two")
    assert alone.invoiced_totals() == (alone.invoiced_total(),)


def test_discrepancy_needs_a_subject_and_knows_its_provider() -> None:
    with pytest.raises(ValueError, match="concerns"):
        Discrepancy(DiscrepancyType.UNMATCHED_PAYMENT, "nothing")
    unpaid = Discrepancy(DiscrepancyType.UNPAID_INVOICE, "no payment", invoice=make_invoice())
    assert unpaid.provider == "Elevate"
    assert unpaid.severity is Severity.MEDIUM


def test_a_discrepancy_is_on_its_invoices_side_or_its_lines_way() -> None:
    """Whose money it is about, so no total adds what we are owed to what we owe: its
    invoices' direction (a batch's too); both, for invoices of both paired by hand; for
    lines alone, the way the money moved."""
    owed_to_us = make_invoice()
    we_owe = make_invoice(invoice_id="18", direction=Direction.PAYABLE)
    kind = DiscrepancyType.AMOUNT_MISMATCH
    assert Discrepancy(kind, "x", invoice=owed_to_us).side is Side.RECEIVABLE
    assert Discrepancy(kind, "x", invoice=we_owe).side is Side.PAYABLE
    batch = (we_owe, dataclasses.replace(we_owe, invoice_id="19"))
    assert Discrepancy(kind, "x", group=batch).side is Side.PAYABLE
    assert Discrepancy(kind, "x", group=(owed_to_us, we_owe)).side is Side.BOTH
    unmatched = DiscrepancyType.UNMATCHED_PAYMENT
    assert Discrepancy(unmatched, "x", lines=(make_line(),)).side is Side.MONEY_IN
    assert Discrepancy(unmatched, "x", lines=(make_line(amount="-5"),)).side is Side.MONEY_OUT
    # named in the window as the Overview names a direction
    assert Side.RECEIVABLE.label == Direction.RECEIVABLE.label == "Receivable (money in)"
    assert Side.PAYABLE.label == "Payable (money out)"
    assert Side.MONEY_OUT.label == "Money out, no invoice"


GBP, EUR = Money(Decimal("150.00"), "GBP"), Money(Decimal("150.00"), "EUR")


@pytest.mark.parametrize(
    ("paid", "each"),
    [
        (GBP, (GBP, EUR)),  # one amount and amounts in each currency: which is it?
        (None, (GBP,)),  # one currency is one amount (paid_amount)
        (None, (GBP, Money(Decimal("5.00"), "GBP"))),  # a currency twice: not summed
    ],
    ids=["with-one-amount", "one-currency", "currency-twice"],
)
def test_paid_in_each_currency_is_several_currencies_once_each(
    paid: Money | None, each: tuple[Money, ...]
) -> None:
    """The report shows what was paid in each currency only where no one amount can be
    said; a row holding both, or one currency twice, would show a wrong total."""
    with pytest.raises(ValueError, match="paid in each of several currencies"):
        Discrepancy(
            DiscrepancyType.CURRENCY_MISMATCH,
            "paid in two currencies",
            invoice=make_invoice(),
            paid_amount=paid,
            paid_in_each=each,
        )
    both = Discrepancy(
        DiscrepancyType.CURRENCY_MISMATCH,
        "paid in two",
        invoice=make_invoice(),
        paid_in_each=(GBP, EUR),
    )
    assert both.paid_in_each == (GBP, EUR)
    assert both.paid_amount is None


def test_reconciliation_states_and_share_reconciled() -> None:
    paid, unpaid = make_invoice(), make_invoice(invoice_id="18", number="EL-18")
    void = make_invoice(invoice_id="19", status=InvoiceStatus.VOID)
    line, other = make_line(2), make_line(3)
    matches = (
        Match((paid,), (line,), 0.97, (), "reference found", MatchState.ACCEPTED),
        Match((unpaid,), (other,), 0.3, (), "weak", MatchState.REJECTED),
    )
    result = Reconciliation((paid, unpaid, void), (line, other), matches, ())
    assert result.invoice_state(paid.key) is MatchState.ACCEPTED
    assert result.invoice_state(unpaid.key) is MatchState.REJECTED
    assert result.invoice_state(void.key) is None
    assert result.matched_line_keys() == {line.key}
    assert result.share_reconciled() == 0.5


def test_coverage_gives_no_share_when_no_invoice_expects_a_payment() -> None:
    """The report's Summary and the Overview read it: "1 of 2", or none and why."""
    paid, unpaid = make_invoice(), make_invoice(invoice_id="18", number="EL-18")
    void = make_invoice(invoice_id="19", status=InvoiceStatus.VOID)
    draft = make_invoice(invoice_id="20", status=InvoiceStatus.DRAFT)
    line = make_line(2)
    match = Match((paid,), (line,), 0.97, (), "reference found", MatchState.AUTO)
    some = Reconciliation((paid, unpaid, void), (line,), (match,), ()).coverage()
    assert (some.expecting_payment, some.reconciled, some.share) == (2, 1, 0.5)
    assert not some.nothing_expected
    assert some.note("in this report") == "1 of 2 invoices that expect a payment"
    for invoices in ((void, draft), ()):
        idle = Reconciliation(invoices, (line,), (), ()).coverage()
        assert idle.nothing_expected
        assert idle.note("fetched") == "no invoice fetched expects a payment"


def test_coverage_counts_the_matched_invoices_a_discrepancy_still_names() -> None:
    """A £3.21 payment matched by hand to a £100 invoice reconciles it in the share, yet
    is no settlement: the note says how many of those counted are still named by a
    discrepancy, so "1 of 2" is not read as "settled"."""
    short, settled = make_invoice(), make_invoice(invoice_id="18", number="EL-18")
    unpaid = make_invoice(invoice_id="19", number="EL-19")
    first, second = make_line(2), make_line(3)
    matches = (
        Match((short,), (first,), 1.0, (), "by hand", MatchState.MANUAL),
        Match((settled,), (second,), 0.97, (), "reference found", MatchState.AUTO),
    )
    paid_short = Discrepancy(DiscrepancyType.AMOUNT_MISMATCH, "paid short", short, (first,))
    not_paid = Discrepancy(DiscrepancyType.UNPAID_INVOICE, "no payment", unpaid)
    result = Reconciliation(
        (short, settled, unpaid), (first, second), matches, (paid_short, not_paid)
    )
    coverage = result.coverage()
    assert (coverage.reconciled, coverage.with_discrepancy) == (2, 1)
    assert coverage.note("in this report") == (
        "2 of 3 invoices that expect a payment; "
        "1 of them with a discrepancy still to look at (see Discrepancies)"
    )


def test_an_upcoming_preview_expects_no_payment_and_is_left_out_of_the_share() -> None:
    """A provider's preview of its next invoice is billed when it is issued, as an invoice
    of its own: nobody pays the preview, and the engine never lists it as unpaid. The share
    counted it among the invoices expecting a payment: "1 of 3" where it is "1 of 2"."""
    paid, unpaid = make_invoice(), make_invoice(invoice_id="18", number="EL-18")
    preview = make_invoice(invoice_id="19", document_type=DocumentType.UPCOMING)
    assert not preview.expects_payment
    assert not preview.is_billed
    line = make_line(2)
    match = Match((paid,), (line,), 0.97, (), "reference found", MatchState.AUTO)
    result = Reconciliation((paid, unpaid, preview), (line,), (match,), ())
    coverage = result.coverage()
    assert (coverage.expecting_payment, coverage.reconciled) == (2, 1)
    assert result.share_reconciled() == 0.5
    assert coverage.note("in this report") == "1 of 2 invoices that expect a payment"
    only_preview = Reconciliation((preview,), (line,), (), ()).coverage()
    assert only_preview.nothing_expected


def test_what_is_billed_and_what_expects_payment() -> None:
    """Billed: issued and of some amount, whatever the status says after; expecting a
    payment: billed, and not void or written off."""
    zero = make_invoice(gross=Money("0.00", "GBP"), net=None, tax=None)
    draft = make_invoice(status=InvoiceStatus.DRAFT)
    void = make_invoice(status=InvoiceStatus.VOID)
    written_off = make_invoice(status=InvoiceStatus.UNCOLLECTIBLE)
    credit = make_invoice(gross=Money("-20.00", "GBP"), net=None, tax=None)
    assert [i.is_billed for i in (zero, draft, void, written_off, credit)] == [
        False, False, True, True, True,
    ]  # fmt: skip
    assert [i.expects_payment for i in (zero, draft, void, written_off, credit)] == [
        False, False, False, False, True,
    ]  # fmt: skip


def test_decision_names_a_pairing_independent_of_order() -> None:
    from desktop_app.domain import Decision, DecisionKind

    a, b = InvoiceKey("Elevate", "1"), InvoiceKey("Elevate", "2")
    line = LineKey("bank.csv", 4)
    first = Decision(DecisionKind.REJECT, (a, b), (line,))
    second = Decision(DecisionKind.REJECT, (b, a), (line,))
    assert first.pairing == second.pairing
    with pytest.raises(ValueError, match="at least one invoice"):
        Decision(DecisionKind.ACCEPT, (), (line,))


def test_cancel_token_raises_once_cancelled() -> None:
    from desktop_app.domain import CancelToken, OperationCancelledError

    token = CancelToken()
    token.raise_if_cancelled()
    token.cancel()
    assert token.cancelled
    with pytest.raises(OperationCancelledError):
        token.raise_if_cancelled()


@pytest.mark.parametrize(
    ("state", "reconciles", "decided_by_user"),
    [
        (MatchState.AUTO, True, False),
        (MatchState.SUGGESTED, False, False),
        (MatchState.ACCEPTED, True, True),
        (MatchState.MANUAL, True, True),
        (MatchState.REJECTED, False, True),
    ],
)
def test_which_states_settle_invoices_and_which_the_user_made(
    state: MatchState, reconciles: bool, decided_by_user: bool
) -> None:
    assert state.reconciles is reconciles
    assert state.decided_by_user is decided_by_user


def test_the_counterparty_label_falls_back_from_name_to_alias_to_id() -> None:
    """The window's and workbook's Counterparty: never blank while the provider says
    anything about whom the invoice is with."""

    def label(counterparty: Counterparty, direction: Direction = Direction.RECEIVABLE) -> str:
        return make_invoice(counterparty=counterparty, direction=direction).counterparty_label

    assert label(Counterparty(name="Acme", id="9", aliases=("ACME LTD",))) == "Acme"
    assert label(Counterparty(id="01ORG", aliases=("Versori", "VRS"))) == "Versori"
    assert label(Counterparty(id="1014")) == "customer 1014"
    assert label(Counterparty(id="77"), Direction.PAYABLE) == "supplier 77"
    assert label(Counterparty()) == ""
