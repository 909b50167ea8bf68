"""The shapes payments take, one hand-built case each, checked end to end through reconcile."""

from __future__ import annotations

from datetime import date

from desktop_app.domain import Direction, DiscrepancyType, InvoiceStatus, Money
from desktop_app.matching import MatchSettings, reconcile
from tests.matching.builders import credit_note, invoice, kinds, line, pairs


def test_one_line_one_invoice_by_reference_with_an_explanation() -> None:
    result = reconcile([invoice()], [line(description="FPS el 2025 00017 thank you")])
    (match,) = result.matches
    assert match.state.value == "auto"
    assert (
        match.explanation
        == "reference EL-2025-00017 in text; amount equal; paid 3 days after issue"
    )
    assert {s.name for s in match.signals} == {
        "reference",
        "amount",
        "counterparty",
        "date",
        "currency",
    }
    assert 0.0 <= match.score <= 1.0
    assert result.discrepancies == ()


def test_payee_and_amount_without_reference_auto_match() -> None:
    result = reconcile([invoice()], [line(description="FASTER PAYMENT ACME TRADING")])
    assert pairs(result, state="auto") == {("EL-2025-00017", 2)}
    assert "payee Acme Trading Ltd (100%)" in result.matches[0].explanation


def test_an_amount_alone_is_only_offered_for_review() -> None:
    result = reconcile([invoice()], [line(description="FPS J SMITH")])
    assert pairs(result, state="suggested") == {("EL-2025-00017", 2)}
    assert sorted(kinds(result)) == ["UNMATCHED_PAYMENT", "UNPAID_INVOICE"]
    unpaid = next(d for d in result.discrepancies if d.type is DiscrepancyType.UNPAID_INVOICE)
    assert "a possible payment awaits review: bank.csv row 2" in unpaid.explanation


def test_one_payment_quoting_several_invoices() -> None:
    invoices = [invoice("EL-2025-00017", "120.00"), invoice("EL-2025-00018", "80.50")]
    result = reconcile(invoices, [line("200.50", "BGC EL-2025-00017 EL-2025-00018")])
    (match,) = result.matches
    assert match.state.value == "auto"
    assert len(match.invoices) == 2
    assert match.explanation.startswith("one payment for 2 invoices; reference")
    assert result.discrepancies == ()


def test_one_payment_for_several_invoices_found_by_subset_sum() -> None:
    invoices = [
        invoice("EL-2025-00017", "120.00"),
        invoice("EL-2025-00018", "80.50"),
        invoice("EL-2025-00019", "999.99"),
    ]
    result = reconcile(invoices, [line("1119.99", "ACME TRADING LTD PAYMENT")])
    assert pairs(result, state="auto") == {("EL-2025-00017", 2), ("EL-2025-00019", 2)}
    assert kinds(result) == ["UNPAID_INVOICE"]


def test_several_payments_for_one_invoice() -> None:
    lines = [
        line("70.00", "PART PAYMENT EL-2025-00017", row=2),
        line("50.00", "ACME TRADING BALANCE", row=3, day=date(2025, 3, 20)),
    ]
    result = reconcile([invoice()], lines)
    (match,) = result.matches
    assert match.state.value == "auto"
    assert len(match.lines) == 2
    assert match.explanation.startswith("paid in 2 parts")
    assert result.discrepancies == ()


def test_one_payment_short_for_several_invoices_names_them_all() -> None:
    """The shortfall is the batch's: the discrepancy names every invoice of it (none of
    them alone is short) and is filed under their provider, or their providers."""
    for second in (invoice("EL-2025-00018", "80.50"), invoice("CI-0042", "80.50", provider="CI")):
        invoices = [invoice("EL-2025-00017", "120.00"), second]
        result = reconcile(invoices, [line("198.50", f"BGC EL-2025-00017 {second.number}")])
        assert pairs(result, state="auto") == {("EL-2025-00017", 2), (second.number, 2)}
        (short,) = result.discrepancies
        assert short.type is DiscrepancyType.AMOUNT_MISMATCH
        assert short.invoice is None
        assert {i.number for i in short.invoices} == {"EL-2025-00017", second.number}
        assert short.invoice_currency == "GBP"
        assert (short.invoice_amount, short.paid_amount, short.difference) == (
            Money("200.50", "GBP"),
            Money("198.50", "GBP"),
            Money("-2.00", "GBP"),
        )
    assert short.provider == "CI; Elevate"  # in the match's order


def test_one_invoice_paid_short_in_several_parts_is_its_own() -> None:
    lines = [
        line("70.00", "PART PAYMENT EL-2025-00017", row=2),
        line("48.50", "ACME TRADING BALANCE", row=3, day=date(2025, 3, 20)),
    ]
    result = reconcile([invoice()], lines)
    (short,) = result.discrepancies
    assert short.type is DiscrepancyType.AMOUNT_MISMATCH
    assert short.invoices == (short.invoice,)
    assert short.invoice is not None
    assert short.invoice.number == "EL-2025-00017"
    assert [ln.row for ln in short.lines] == [2, 3]
    assert short.difference == Money("-1.50", "GBP")


def test_the_same_invoice_paid_twice_keeps_both_lines() -> None:
    lines = [
        line(description="DD EL-2025-00017", row=2),
        line(description="DD EL-2025-00017", row=3),
    ]
    result = reconcile([invoice()], lines)
    assert pairs(result, state="auto") == {("EL-2025-00017", 2), ("EL-2025-00017", 3)}
    (duplicate,) = result.discrepancies
    assert duplicate.type is DiscrepancyType.DUPLICATE_PAYMENT
    assert [ln.row for ln in duplicate.lines] == [2, 3]
    assert duplicate.paid_amount == Money("240.00", "GBP")
    assert duplicate.difference == Money("120.00", "GBP")


def test_a_fee_within_tolerance_matches_and_is_reported() -> None:
    result = reconcile([invoice()], [line("118.50", "EL-2025-00017")])
    assert pairs(result, state="auto") == {("EL-2025-00017", 2)}
    (fee,) = result.discrepancies
    assert fee.type is DiscrepancyType.AMOUNT_MISMATCH
    assert (fee.invoice_amount, fee.paid_amount, fee.difference) == (
        Money("120.00", "GBP"),
        Money("118.50", "GBP"),
        Money("-1.50", "GBP"),
    )
    assert "likely a bank fee" in fee.explanation


def test_under_and_over_payment_quoting_the_reference() -> None:
    for paid, side in (("60.00", "short"), ("180.00", "over")):
        result = reconcile([invoice()], [line(paid, "EL-2025-00017")])
        assert pairs(result, state="auto") == {("EL-2025-00017", 2)}
        assert kinds(result) == ["AMOUNT_MISMATCH"]
        assert side in result.discrepancies[0].explanation


def test_a_weak_early_match_cannot_steal_a_better_later_one() -> None:
    # Row 2 (earlier, amount only) could pay the invoice; row 3 quotes it: row 3 wins.
    lines = [
        line(description="CARD REFUND", row=2, day=date(2025, 3, 2)),
        line(description="EL-2025-00017", row=3),
    ]
    result = reconcile([invoice()], lines)
    assert pairs(result, state="auto") == {("EL-2025-00017", 3)}
    assert kinds(result) == ["UNMATCHED_PAYMENT"]


def test_twin_invoices_are_offered_not_guessed() -> None:
    invoices = [invoice("EL-2025-00017", "99.00"), invoice("EL-2025-00018", "99.00")]
    lines = [line("99.00", "ACME TRADING", row=2), line("99.00", "ACME TRADING", row=3)]
    result = reconcile(invoices, lines)
    assert {m.state.value for m in result.matches} == {"suggested"}
    assert len(pairs(result)) == 4
    assert all(m.runner_up and "could also be" in m.runner_up for m in result.matches)
    assert kinds(result).count("UNPAID_INVOICE") == 2


def test_same_amount_from_an_unrelated_payee_is_not_matched() -> None:
    lines = [
        line(description="EL-2025-00017 ACME", row=2),
        line(description="FPS ZORBLAX PLC", row=3),
    ]
    result = reconcile([invoice()], lines)
    assert pairs(result) == {("EL-2025-00017", 2)}
    assert kinds(result) == ["UNMATCHED_PAYMENT"]


def test_a_void_invoice_replaced_by_a_new_one_of_the_same_amount() -> None:
    invoices = [
        invoice("EL-2025-00017", status=InvoiceStatus.VOID),
        invoice("EL-2025-00021", issue=date(2025, 3, 2)),
    ]
    result = reconcile(invoices, [line(description="ACME TRADING LTD")])
    assert pairs(result, state="auto") == {("EL-2025-00021", 2)}
    assert result.discrepancies == ()


def test_a_payment_only_a_void_invoice_explains() -> None:
    invoices = [invoice(status=InvoiceStatus.VOID)]
    result = reconcile(invoices, [line(description="ACME EL-2025-00017")])
    assert result.matches == ()
    (void,) = result.discrepancies
    assert void.type is DiscrepancyType.VOID_INVOICE_PAID
    assert void.invoice is not None
    assert void.invoice.number == "EL-2025-00017"
    assert "which is VOID; no live invoice fits it" in void.explanation


def test_numeric_ids_need_the_amount_or_the_payee() -> None:
    supplier = invoice(
        "186204", "15.00", provider="Content Ignite", payee=None, direction=Direction.PAYABLE
    )
    lines = [
        line("-15.00", "DD 186204", row=2),  # exact amount: counts
        line("-16.39", "PARKING REF 186204", row=3, day=date(2025, 3, 5)),  # neither: ignored
        line("-15.00", "CARD 9186204 TESCO", row=4, day=date(2025, 3, 6)),  # inside a number
    ]
    result = reconcile([supplier], lines)
    assert pairs(result, state="auto") == {("186204", 2)}
    unmatched = [d for d in result.discrepancies if d.type is DiscrepancyType.UNMATCHED_PAYMENT]
    assert sorted(d.lines[0].row for d in unmatched) == [3, 4]


def test_credit_notes_are_settled_the_other_way() -> None:
    ours = credit_note("EL-2025-00030", "-40.00")  # we refund a customer: money out
    theirs = credit_note("PI000040", "-25.00", direction=Direction.PAYABLE, payee="Zorblax Plc")
    lines = [
        line("-40.00", "REFUND EL-2025-00030", row=2),
        line("25.00", "ZORBLAX PLC PI000040", row=3),
    ]
    result = reconcile([ours, theirs], lines)
    assert pairs(result, state="auto") == {("EL-2025-00030", 2), ("PI000040", 3)}
    assert result.discrepancies == ()


def test_payable_and_receivable_of_the_same_amount_are_told_apart_by_sign() -> None:
    sale = invoice("EL-2025-00017", "50.00")
    bill = invoice("PI000050", "50.00", direction=Direction.PAYABLE, payee="Acme Trading Ltd")
    lines = [line("-50.00", "ACME TRADING", row=2), line("50.00", "ACME TRADING", row=3)]
    result = reconcile([sale, bill], lines)
    assert pairs(result, state="auto") == {("PI000050", 2), ("EL-2025-00017", 3)}


def test_unpaid_status_conflict_and_invoices_nobody_pays() -> None:
    invoices = [
        invoice("EL-2025-00017"),
        invoice("EL-2025-00018", status=InvoiceStatus.PAID),
        invoice("EL-2025-00019", status=InvoiceStatus.DRAFT),
        invoice("EL-2025-00020", "0.00"),
        invoice("EL-2025-00021", status=InvoiceStatus.VOID),
    ]
    result = reconcile(invoices, [])
    assert [
        (d.type.value, d.invoice.number if d.invoice else None) for d in result.discrepancies
    ] == [
        ("UNPAID_INVOICE", "EL-2025-00017"),
        ("STATUS_CONFLICT", "EL-2025-00018"),
    ]
    conflict = result.discrepancies[1]
    assert "says EL-2025-00018 is PAID" in conflict.explanation
    assert conflict.paid_amount == Money("0", "GBP")


def test_a_payment_in_another_currency_is_matched_and_reported() -> None:
    result = reconcile([invoice()], [line("140.40", "EL-2025-00017", currency="EUR")])
    assert pairs(result, state="auto") == {("EL-2025-00017", 2)}
    (mismatch,) = result.discrepancies
    assert mismatch.type is DiscrepancyType.CURRENCY_MISMATCH
    assert mismatch.paid_amount == Money("140.40", "EUR")


def test_the_agreed_settlement_currency_is_not_a_mismatch() -> None:
    from desktop_app.domain import Settlement

    usd = Settlement("USD", Money("152.40", "USD"))
    result = reconcile([invoice(settlement=usd)], [line("152.40", "EL-2025-00017", currency="USD")])
    assert pairs(result, state="auto") == {("EL-2025-00017", 2)}
    assert result.discrepancies == ()
    assert "settlement amount equal" in result.matches[0].explanation


def test_the_outstanding_balance_of_a_partly_paid_invoice() -> None:
    partly = invoice(status=InvoiceStatus.PARTIALLY_PAID, amount_outstanding=Money("45.00", "GBP"))
    result = reconcile([partly], [line("45.00", "EL-2025-00017")])
    assert pairs(result, state="auto") == {("EL-2025-00017", 2)}
    assert result.discrepancies == ()


def test_a_line_without_currency_is_compared_in_the_invoice_currency() -> None:
    result = reconcile([invoice()], [line(description="EL-2025-00017", currency=None)])
    assert pairs(result, state="auto") == {("EL-2025-00017", 2)}
    assert "the statement gives no currency" in result.matches[0].explanation
    settings = MatchSettings(default_currency="EUR")
    assumed = reconcile([invoice()], [line(description="EL-2025-00017", currency=None)], settings)
    assert kinds(assumed) == ["CURRENCY_MISMATCH"]


def test_zero_lines_are_ignored() -> None:
    assert reconcile([], [line("0.00", "INTEREST")]).discrepancies == ()


def test_a_payment_quoting_a_void_invoice_exactly_is_not_given_to_a_lookalike() -> None:
    invoices = [
        invoice("EL-2025-00017", "1980.69", status=InvoiceStatus.VOID),
        invoice("EL-2025-00040", "1967.76"),  # same payee, within the 3 % tolerance
    ]
    result = reconcile(invoices, [line("1980.69", "CREDIT ACME TRADING EL 2025 00017")])
    assert result.matches == ()
    assert sorted(kinds(result)) == ["UNPAID_INVOICE", "VOID_INVOICE_PAID"]


def test_a_coincidence_of_amount_never_tips_a_decision() -> None:
    payable = {"direction": Direction.PAYABLE, "payee": "Prevairk Hiwend Analytics Ltd"}
    invoices = [
        invoice("PI000607", "18.63", issue=date(2025, 7, 28), **payable),
        invoice("PI000608", "12807.16", issue=date(2025, 7, 26), **payable),
        invoice("PI000609", "149.32", issue=date(2025, 7, 23), **payable),
    ]
    lines = [
        line(
            "-12975.11", "DIRECT DEBIT PREVAIRK HIWEND ANALYTICS LTD", row=2, day=date(2025, 8, 5)
        ),
        line("-18.63", "CARD PAYMENT TO PRET 4411", row=3, day=date(2025, 8, 1)),
        line("-149.32", "CARD PAYMENT TO STAPLES 9120", row=4, day=date(2025, 8, 2)),
    ]
    result = reconcile(invoices, lines)
    assert pairs(result, state="auto") == {("PI000607", 2), ("PI000608", 2), ("PI000609", 2)}
    assert sorted(kinds(result)) == ["UNMATCHED_PAYMENT", "UNMATCHED_PAYMENT"]


def test_the_settings_used_travel_with_the_result() -> None:
    settings = MatchSettings(ambiguity_margin=0.1)
    assert reconcile([], [], settings).settings == settings.to_dict()
