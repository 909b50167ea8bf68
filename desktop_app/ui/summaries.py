"""Figures the Overview and Discrepancies screens show, computed from domain objects.

Pure functions (no Qt), so the arithmetic is tested on its own. Totals are kept per
currency: pounds and euros are never added together.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from desktop_app.domain import (
    Coverage,
    Discrepancy,
    DiscrepancyType,
    Invoice,
    InvoiceKey,
    MatchState,
    Money,
    Reconciliation,
    sum_money,
)

CurrencyTotals = dict[str, Decimal]


def discrepancy_amount(discrepancy: Discrepancy) -> Money | None:
    """The amount a discrepancy is about: the difference when there is one, else what was
    invoiced, else what was paid."""
    for amount in (discrepancy.difference, discrepancy.invoice_amount, discrepancy.paid_amount):
        if amount is not None:
            return amount
    if discrepancy.invoice is not None:
        return discrepancy.invoice.gross
    currencies = {line.currency for line in discrepancy.lines}
    if len(currencies) == 1 and None not in currencies:
        (currency,) = currencies
        assert currency is not None
        return sum_money((line.money for line in discrepancy.lines), currency)
    return None


def format_totals(totals: CurrencyTotals) -> str:
    return " · ".join(Money(totals[c], c).format() for c in sorted(totals)) or "-"


@dataclass(frozen=True, slots=True)
class DiscrepancyGroup:
    type: DiscrepancyType
    count: int
    totals: CurrencyTotals


def group_discrepancies(discrepancies: Iterable[Discrepancy]) -> list[DiscrepancyGroup]:
    """One group per type present, in the contract's order, with counts and totals."""
    counts: defaultdict[DiscrepancyType, int] = defaultdict(int)
    totals: defaultdict[DiscrepancyType, CurrencyTotals] = defaultdict(dict)
    for discrepancy in discrepancies:
        counts[discrepancy.type] += 1
        amount = discrepancy_amount(discrepancy)
        if amount is not None:
            bucket = totals[discrepancy.type]
            bucket[amount.currency] = bucket.get(amount.currency, Decimal(0)) + amount.amount
    return [
        DiscrepancyGroup(kind, counts[kind], dict(totals[kind]))
        for kind in DiscrepancyType
        if counts[kind]
    ]


@dataclass(frozen=True, slots=True)
class MonthFigures:
    """Invoiced against matched for one month, one currency (and one provider or all)."""

    month: date  # the first of the month
    invoiced: Decimal
    matched: Decimal


def monthly_figures(
    invoices: Sequence[Invoice],
    matched: frozenset[InvoiceKey],
    currency: str,
    provider: str | None = None,
) -> list[MonthFigures]:
    """Per month of the invoice's reference date: the invoiced total and the matched part."""
    invoiced: defaultdict[date, Decimal] = defaultdict(Decimal)
    paid: defaultdict[date, Decimal] = defaultdict(Decimal)
    for invoice in invoices:
        day = invoice.reference_date
        if day is None or invoice.currency != currency:
            continue
        if provider is not None and invoice.provider != provider:
            continue
        month = day.replace(day=1)
        invoiced[month] += invoice.gross.amount
        if invoice.key in matched:
            paid[month] += invoice.gross.amount
    return [MonthFigures(m, invoiced[m], paid[m]) for m in sorted(invoiced)]


@dataclass(frozen=True, slots=True)
class Headline:
    invoices: int
    lines: int
    reconciled_invoices: int
    suggestions: int
    unmatched_lines: int
    discrepancies: int
    coverage: Coverage  # of the invoices expecting a payment, as the report's Summary

    @classmethod
    def of(cls, reconciliation: Reconciliation) -> Headline:
        matched_lines = reconciliation.matched_line_keys()
        return cls(
            invoices=len(reconciliation.invoices),
            lines=len(reconciliation.lines),
            reconciled_invoices=len(reconciliation.matched_invoice_keys()),
            suggestions=sum(1 for m in reconciliation.matches if m.state is MatchState.SUGGESTED),
            unmatched_lines=sum(1 for ln in reconciliation.lines if ln.key not in matched_lines),
            discrepancies=len(reconciliation.discrepancies),
            coverage=reconciliation.coverage(),
        )


@dataclass(frozen=True, slots=True)
class ChartScale:
    """How a chart's money axis is labelled: bars in ``unit``s ("50k" rather than
    "51448"), the axis's printf label format, and its title (the currency: Qt's chart
    labels take no "£", which it turns into a replacement character)."""

    unit: Decimal
    label_format: str
    title: str


_SCALES = ((Decimal(1_000_000), "m"), (Decimal(1_000), "k"))


def chart_scale(largest: Decimal, currency: str) -> ChartScale:
    """Thousands or millions once bars reach ten of them, so the axis reads at a glance;
    the bars stay exact in that unit (their heights are pixels, never money)."""
    unit, suffix = next(
        ((unit, suffix) for unit, suffix in _SCALES if abs(largest) >= 10 * unit),
        (Decimal(1), ""),
    )
    return ChartScale(unit, f"%.0f{suffix}", currency)
