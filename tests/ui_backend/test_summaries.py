"""Figures for the Overview and Discrepancies screens: per currency, never mixed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from desktop_app.domain import Discrepancy, DiscrepancyType, MatchState, Money
from desktop_app.ui.summaries import (
    ChartScale,
    Headline,
    chart_scale,
    discrepancy_amount,
    format_totals,
    group_discrepancies,
    monthly_figures,
)
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


def test_monthly_figures_per_currency_and_provider() -> None:
    invoices = [
        f.invoice(1, "100.00", issued=date(2026, 1, 5), provider="A"),
        f.invoice(2, "50.00", issued=date(2026, 1, 20), provider="B"),
        f.invoice(3, "30.00", issued=date(2026, 2, 2), provider="A"),
        f.invoice(4, "99.00", issued=date(2026, 2, 2), currency="EUR"),
    ]
    matched = frozenset({invoices[0].key, invoices[2].key})
    months = monthly_figures(invoices, matched, "GBP")
    assert [(m.month, m.invoiced, m.matched) for m in months] == [
        (date(2026, 1, 1), Decimal("150.00"), Decimal("100.00")),
        (date(2026, 2, 1), Decimal("30.00"), Decimal("30.00")),
    ]
    only_b = monthly_figures(invoices, matched, "GBP", provider="B")
    assert [(m.invoiced, m.matched) for m in only_b] == [(Decimal("50.00"), Decimal(0))]


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
