"""Figures for the Overview and Discrepancies screens: per currency, never mixed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from desktop_app.domain import (
    Direction,
    Discrepancy,
    DiscrepancyType,
    DocumentType,
    Invoice,
    InvoiceStatus,
    Match,
    MatchState,
    Money,
    Reconciliation,
    Settlement,
    Side,
)
from desktop_app.matching import reconcile
from desktop_app.ui.summaries import (
    ChartScale,
    DiscrepancyGroup,
    Headline,
    chart_scale,
    discrepancy_amount,
    format_totals,
    group_discrepancies,
    matched_amounts,
    monthly_figures,
    paid_in_other_currencies,
)
from tests.matching.builders import invoice, line
from tests.ui import factories as f


def test_groups_keep_currencies_apart_and_follow_the_contract_order() -> None:
    gbp, eur = f.invoice(1, "10.00"), f.invoice(2, "5.00", currency="EUR")
    discrepancies = [
        Discrepancy(DiscrepancyType.UNMATCHED_PAYMENT, "x", lines=(f.line(3, "-7.00"),)),
        Discrepancy(DiscrepancyType.UNPAID_INVOICE, "x", invoice=gbp),
        Discrepancy(DiscrepancyType.UNPAID_INVOICE, "x", invoice=eur),
        Discrepancy(
            DiscrepancyType.AMOUNT_MISMATCH, "x", invoice=gbp, difference=Money.of("-1.50", "GBP")
        ),
    ]
    groups = group_discrepancies(discrepancies)
    assert [g.type for g in groups] == [
        DiscrepancyType.UNPAID_INVOICE,
        DiscrepancyType.UNMATCHED_PAYMENT,
        DiscrepancyType.AMOUNT_MISMATCH,
    ]
    assert groups[0].count == 2
    assert groups[0].totals == {"GBP": Decimal("10.00"), "EUR": Decimal("5.00")}
    assert format_totals(groups[0].totals) == "€5.00 · £10.00"
    assert groups[2].totals == {"GBP": Decimal("-1.50")}


def test_groups_keep_what_we_are_owed_apart_from_what_we_owe() -> None:
    """An unpaid bill and an unpaid invoice we issued, in pounds both, are two groups, and
    so are a receipt and a payment no invoice explains: added, they are no figure."""
    bill = f.invoice(1, "200.00")
    issued = replace(f.invoice(2, "300.00"), direction=Direction.RECEIVABLE)
    unpaid = DiscrepancyType.UNPAID_INVOICE
    discrepancies = [
        Discrepancy(unpaid, "x", invoice=bill, difference=Money.of("-200.00", "GBP")),
        Discrepancy(unpaid, "x", invoice=issued, difference=Money.of("-300.00", "GBP")),
        Discrepancy(DiscrepancyType.UNMATCHED_PAYMENT, "x", lines=(f.line(3, "-7.00"),)),
        Discrepancy(DiscrepancyType.UNMATCHED_PAYMENT, "x", lines=(f.line(4, "5.00"),)),
    ]
    groups = group_discrepancies(discrepancies)
    assert [(g.type, g.side, g.count, g.totals) for g in groups] == [
        (unpaid, Side.RECEIVABLE, 1, {"GBP": Decimal("-300.00")}),
        (unpaid, Side.PAYABLE, 1, {"GBP": Decimal("-200.00")}),
        (DiscrepancyType.UNMATCHED_PAYMENT, Side.MONEY_IN, 1, {"GBP": Decimal("5.00")}),
        (DiscrepancyType.UNMATCHED_PAYMENT, Side.MONEY_OUT, 1, {"GBP": Decimal("-7.00")}),
    ]


def test_discrepancy_amount_prefers_the_difference() -> None:
    inv = f.invoice(1, "10.00")
    with_difference = Discrepancy(
        DiscrepancyType.AMOUNT_MISMATCH,
        "x",
        invoice=inv,
        invoice_amount=inv.gross,
        difference=Money.of("2.00", "GBP"),
    )
    assert discrepancy_amount(with_difference) == Money.of("2.00", "GBP")
    no_currency = Discrepancy(
        DiscrepancyType.UNMATCHED_PAYMENT, "x", lines=(f.line(2, currency=None),)
    )
    assert discrepancy_amount(no_currency) is None


def _paid(*pairs: tuple[Invoice | tuple[Invoice, ...], str]) -> tuple[Match, ...]:
    """Automatic matches, each of its invoices and one statement line of this amount
    (money out, the invoices being payable)."""
    return tuple(
        f.match(invoices, f.line(row, amount)) for row, (invoices, amount) in enumerate(pairs, 2)
    )


def _run(invoices: list[Invoice], matches: tuple[Match, ...] = ()) -> Reconciliation:
    return Reconciliation(tuple(invoices), (), matches, ())


def test_monthly_figures_per_currency_and_provider() -> None:
    invoices = [
        f.invoice(1, "100.00", issued=date(2026, 1, 5), provider="A"),
        f.invoice(2, "50.00", issued=date(2026, 1, 20), provider="B"),
        f.invoice(3, "30.00", issued=date(2026, 2, 2), provider="A"),
        f.invoice(4, "99.00", issued=date(2026, 2, 2), currency="EUR"),
    ]
    matched = _run(invoices, _paid((invoices[0], "-100.00"), (invoices[2], "-30.00")))
    months = monthly_figures(matched, "GBP")
    assert [(m.month, m.invoiced, m.matched) for m in months] == [
        (date(2026, 1, 1), Decimal("150.00"), Decimal("100.00")),
        (date(2026, 2, 1), Decimal("30.00"), Decimal("30.00")),
    ]
    only_b = monthly_figures(matched, "GBP", provider="B")
    assert [(m.invoiced, m.matched) for m in only_b] == [(Decimal("50.00"), Decimal(0))]


def test_invoiced_counts_only_what_expects_a_payment() -> None:
    """The demo's September counted void invoice 3385's £26,942.09 as invoiced: nobody
    pays a void, written-off or draft invoice, nor a provider's preview of its next one,
    and the report's share reconciled leaves them out (``Invoice.expects_payment``)."""
    day = date(2026, 9, 1)
    idle = [
        f.invoice(n, "26942.09", issued=day, status=status)
        for n, status in (
            (1, InvoiceStatus.VOID),
            (2, InvoiceStatus.UNCOLLECTIBLE),
            (3, InvoiceStatus.DRAFT),
        )
    ]
    preview = replace(f.invoice(4, "10.00", issued=day), document_type=DocumentType.UPCOMING)
    open_ = f.invoice(5, "100.00", issued=day)
    run = _run([*idle, preview, open_], _paid((idle[1], "-26942.09"), (open_, "-100.00")))
    (september,) = monthly_figures(run, "GBP")
    assert (september.invoiced, september.matched) == (Decimal("100.00"), Decimal("100.00"))
    assert matched_amounts(run).keys() == {open_.key}  # the written-off one's payment too
    assert Headline.of(run).reconciled_invoices == run.coverage().reconciled == 1


def test_matched_counts_what_was_paid_against_each_invoice() -> None:
    """The demo's EL-2025-00149 counted its £1,673.67 gross where £193.43 was paid. An
    invoice paid twice counts its gross once; an overpayment no more than its gross."""
    partly = replace(
        f.invoice(1, "1673.67", status=InvoiceStatus.PARTIALLY_PAID),
        amount_outstanding=Money.of("1480.24", "GBP"),
    )
    twice, over = f.invoice(2, "70.00"), f.invoice(3, "50.00")
    run = _run(
        [partly, twice, over],
        _paid((partly, "-193.43"), (twice, "-70.00"), (twice, "-70.00"), (over, "-55.00")),
    )
    assert matched_amounts(run) == {
        partly.key: Money.of("193.43", "GBP"),
        twice.key: Money.of("70.00", "GBP"),
        over.key: Money.of("50.00", "GBP"),
    }


def test_a_batch_payment_is_shared_by_its_invoices_months() -> None:
    """One payment of two invoices in two months, £30.00 short: each month counts its
    invoice's share of what was paid, and the two add up to the payment."""
    january = f.invoice(1, "100.00", issued=date(2026, 1, 20))
    february = f.invoice(2, "50.00", issued=date(2026, 2, 3))
    run = _run([january, february], _paid(((january, february), "-120.00")))
    months = monthly_figures(run, "GBP")
    assert [(m.invoiced, m.matched) for m in months] == [
        (Decimal("100.00"), Decimal("80.00")),
        (Decimal("50.00"), Decimal("40.00")),
    ]
    in_full = _run([january, february], _paid(((january, february), "-150.00")))
    assert [m.matched for m in monthly_figures(in_full, "GBP")] == [
        Decimal("100.00"),
        Decimal("50.00"),
    ]


def test_a_line_without_currency_is_read_in_the_invoices_and_an_agreed_one_counts_the_gross() -> (
    None
):
    """As the engine compares them: a statement that gives no currency is in the
    invoice's; a payment in the invoice's agreed settlement currency is not measured in
    the invoice's, and the engine counts the invoice settled. A payment in a currency it
    is not agreed in (a CURRENCY_MISMATCH) received nothing in the invoice's currency: it
    counted the gross too, the explorer's EL-2025-00177 £215.72 "matched" by $290.00."""
    unlabelled, abroad = f.invoice(1, "100.00"), f.invoice(2, "100.00")
    agreed = replace(f.invoice(3, "100.00"), settlement=Settlement("EUR"))
    matches = (
        f.match(unlabelled, f.line(2, "-60.00", currency=None)),
        f.match(abroad, f.line(3, "-60.00", currency="EUR")),
        f.match(agreed, f.line(4, "-60.00", currency="EUR")),
    )
    run = _run([unlabelled, abroad, agreed], matches)
    assert matched_amounts(run) == {
        unlabelled.key: Money.of("60.00", "GBP"),
        abroad.key: Money.of("0", "GBP"),
        agreed.key: Money.of("100.00", "GBP"),
    }
    # what came in euros for the invoice not agreed in them, said beside "matched"
    assert paid_in_other_currencies(run, "GBP") == {"EUR": Decimal("60.00")}


def test_an_invoice_paid_partly_abroad_counts_its_own_currencys_part() -> None:
    """The explorer's EL-2025-00180: £1,264.26 paid £600.00 and €780.00 counted its
    gross; only the £600.00 came in pounds."""
    sigma = f.invoice(1, "1264.26")
    run = _run(
        [sigma], (f.match(sigma, (f.line(2, "-600.00"), f.line(3, "-780.00", currency="EUR"))),)
    )
    assert matched_amounts(run) == {sigma.key: Money.of("600.00", "GBP")}
    assert paid_in_other_currencies(run, "GBP") == {"EUR": Decimal("780.00")}
    assert paid_in_other_currencies(run, "EUR") == {}  # no invoice in euros


def test_what_an_undated_invoice_received_abroad_is_not_said_beside_the_months() -> None:
    """The chart's months leave out an invoice with no date to place it by; what it was
    paid in another currency was still said beside their "matched", as if part of them."""
    undated = replace(f.invoice(1, "100.00"), issue_date=None, period_end=None, due_date=None)
    dated = f.invoice(2, "50.00")
    run = _run(
        [undated, dated],
        (
            f.match(undated, f.line(2, "-80.00", currency="EUR")),
            f.match(dated, f.line(3, "-45.00", currency="USD")),
        ),
    )
    assert [m.invoiced for m in monthly_figures(run, "GBP")] == [Decimal("50.00")]
    assert paid_in_other_currencies(run, "GBP") == {"USD": Decimal("45.00")}


def test_what_we_owe_and_what_we_are_owed_are_kept_apart() -> None:
    payable = f.invoice(1, "100.00")
    receivable = replace(f.invoice(2, "40.00"), direction=Direction.RECEIVABLE)
    matches = (f.match(payable, f.line(2, "-100.00")), f.match(receivable, f.line(3, "25.00")))
    run = _run([payable, receivable], matches)
    (we_owe,) = monthly_figures(run, "GBP", None, Direction.PAYABLE)
    assert (we_owe.invoiced, we_owe.matched) == (Decimal("100.00"), Decimal("100.00"))
    (owed_to_us,) = monthly_figures(run, "GBP", None, Direction.RECEIVABLE)
    assert (owed_to_us.invoiced, owed_to_us.matched) == (Decimal("40.00"), Decimal("25.00"))


def test_headline_counts() -> None:
    rec = f.reconciliation()
    head = Headline.of(rec)
    assert head.invoices == 6
    assert head.reconciled_invoices == 2
    assert head.suggestions == 1
    assert head.unmatched_lines == 4
    assert head.discrepancies == 4
    assert MatchState.SUGGESTED not in {m.state for m in rec.reconciling_matches()}


def test_a_chart_of_large_amounts_is_labelled_in_thousands_or_millions() -> None:
    """The Overview's axis read "51448" and "12862": now "50k" and the like, in GBP."""
    assert chart_scale(Decimal("51448.00"), "GBP") == ChartScale(Decimal(1000), "%.0fk", "GBP")
    assert chart_scale(Decimal("9999.99"), "GBP") == ChartScale(Decimal(1), "%.0f", "GBP")
    assert chart_scale(Decimal("-12000000"), "EUR") == ChartScale(
        Decimal(1_000_000), "%.0fm", "EUR"
    )


def test_a_written_off_invoice_paid_short_is_one_discrepancy_in_the_overview() -> None:
    """The Overview counts and adds the engine's discrepancies: a written-off invoice's
    payment £4.40 short is one VOID_INVOICE_PAID of -£4.40, not that and an
    AMOUNT_MISMATCH of the same -£4.40 (design.md: one line's money on one row)."""
    written_off = invoice("EL-2025-00173", "534.40", status=InvoiceStatus.UNCOLLECTIBLE)
    result = reconcile([written_off], [line("530.00", "EL-2025-00173")])
    assert group_discrepancies(result.discrepancies) == [
        DiscrepancyGroup(
            DiscrepancyType.VOID_INVOICE_PAID, Side.RECEIVABLE, 1, {"GBP": Decimal("-4.40")}
        )
    ]
    assert Headline.of(result).discrepancies == 1
