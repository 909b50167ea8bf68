"""Figures the Overview and Discrepancies screens show, computed from domain objects.

Pure functions (no Qt), so the arithmetic is tested on its own. Totals are kept per
currency: pounds and euros are never added together.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from types import MappingProxyType

from desktop_app.domain import (
    Coverage,
    Direction,
    Discrepancy,
    DiscrepancyType,
    Invoice,
    InvoiceKey,
    Match,
    MatchState,
    Money,
    Reconciliation,
    Side,
    sum_money,
)
from desktop_app.domain.period import invoice_currencies

# A total per currency code (a group's discrepancies, added up in each): not the import
# wizard's ``services.CurrencyTotals``, one currency's lines and money in and out.
TotalsByCurrency = dict[str, Decimal]


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


def discrepancy_amounts(discrepancy: Discrepancy) -> tuple[Money, ...]:
    """What a discrepancy adds to its group's totals, in each currency: its difference in
    each currency (``Discrepancy.differences``: a currency mismatch's shortfall in the
    invoice's currency and what came in each other), else ``discrepancy_amount``.

    A currency mismatch without a difference was totalled at what was invoiced (its group
    said £1,479.98, every other group a difference), and the €780 and $290 received were
    nowhere; the report's Summary sums the same differences."""
    differences = discrepancy.differences
    if differences:
        return differences
    amount = discrepancy_amount(discrepancy)
    return () if amount is None else (amount,)


def format_totals(totals: TotalsByCurrency) -> str:
    return " · ".join(Money(totals[c], c).format() for c in sorted(totals)) or "-"


@dataclass(frozen=True, slots=True)
class DiscrepancyGroup:
    type: DiscrepancyType
    side: Side
    count: int
    totals: TotalsByCurrency

    @property
    def key(self) -> GroupKey:
        return (self.type, self.side)


GroupKey = tuple[DiscrepancyType, Side]


def group_key(discrepancy: Discrepancy) -> GroupKey:
    """The group a discrepancy is counted in: its type and whose money it is about."""
    return (discrepancy.type, discrepancy.side)


def group_discrepancies(
    discrepancies: Sequence[Discrepancy], keys: Sequence[GroupKey] | None = None
) -> list[DiscrepancyGroup]:
    """One group per type and side present (``Discrepancy.side``), in the contract's
    order of types, receivable before payable, with counts and totals per currency.
    ``keys``: each discrepancy's ``group_key`` where the caller has them already (the
    screen keeps them to narrow its list: a side is worked out once per run).

    A type's total over both sides added what we are owed to what we owe (an unpaid
    receivable's -£300 and an unpaid bill's -£200 were "-£500", owed by no one), and an
    unexplained receipt to an unexplained payment; a side with none of a type has no row.
    """
    counts: defaultdict[GroupKey, int] = defaultdict(int)
    totals: defaultdict[GroupKey, TotalsByCurrency] = defaultdict(dict)
    if keys is None:
        keys = [group_key(discrepancy) for discrepancy in discrepancies]
    for discrepancy, key in zip(discrepancies, keys, strict=True):
        counts[key] += 1
        for amount in discrepancy_amounts(discrepancy):
            bucket = totals[key]
            bucket[amount.currency] = bucket.get(amount.currency, Decimal(0)) + amount.amount
    return [
        DiscrepancyGroup(kind, side, counts[kind, side], dict(totals[kind, side]))
        for kind in DiscrepancyType
        for side in Side
        if counts[kind, side]
    ]


@dataclass(frozen=True, slots=True)
class DiscrepancyList:
    """A run's discrepancies as the Discrepancies screen lists them: each with its place
    in the run (``rows``, the list's items), the group each is counted in (``keys``, by
    place: the groups chosen narrow the list by them) and the groups, with their counts
    and totals (``groups``, as ``group_discrepancies`` gives them).

    Worked out where the run is made (``RunRows.landed``, on its worker): 180,000
    discrepancies held the window for a second and a half as a run landed. They are the
    run's alone, so no decision makes them stale: the screen says to run matching again."""

    rows: tuple[tuple[int, Discrepancy], ...]
    keys: tuple[GroupKey, ...]
    groups: tuple[DiscrepancyGroup, ...]

    @classmethod
    def of(cls, discrepancies: Sequence[Discrepancy]) -> DiscrepancyList:
        keys = tuple(map(group_key, discrepancies))
        groups = tuple(group_discrepancies(discrepancies, keys))
        return cls(tuple(enumerate(discrepancies)), keys, groups)


@dataclass(frozen=True, slots=True)
class MonthFigures:
    """Invoiced against matched for one month, one currency (and one provider or all)."""

    month: date  # the first of the month
    invoiced: Decimal
    matched: Decimal


def monthly_figures(
    reconciliation: Reconciliation,
    currency: str,
    provider: str | None = None,
    direction: Direction | None = None,
) -> list[MonthFigures]:
    """Per month of the invoice's reference date: what was invoiced and expects a payment,
    and what was matched against it (``matched_amounts``).

    The invoices are those the report's "Invoices reconciled" is a share of
    (``Invoice.expects_payment``): a void or written-off invoice asks nobody for money, so
    it is not invoiced here either (the demo's September counted void invoice 3385's
    £26,942.09). ``direction`` keeps what we are owed apart from what we owe: added
    together, they are no figure at all, as pounds and euros are none."""
    paid = matched_amounts(reconciliation)
    invoiced: defaultdict[date, Decimal] = defaultdict(Decimal)
    matched: defaultdict[date, Decimal] = defaultdict(Decimal)
    for invoice in reconciliation.invoices:
        month = _chart_month(invoice)
        if month is None or not _charted(invoice, currency, provider, direction):
            continue
        invoiced[month] += invoice.gross.amount
        amount = paid.get(invoice.key)
        if amount is not None:
            matched[month] += amount.amount
    return [MonthFigures(m, invoiced[m], matched[m]) for m in sorted(invoiced)]


def _charted(
    invoice: Invoice, currency: str, provider: str | None, direction: Direction | None
) -> bool:
    """Whether ``invoice`` is one of ``monthly_figures``' for this choice: dated (a month to
    chart it in), in ``currency``, expecting a payment, of the provider and direction
    chosen (None: any). What was paid of it in other currencies is said of the same ones."""
    return (
        _chart_month(invoice) is not None
        and invoice.currency == currency
        and provider in (None, invoice.provider)
        and direction in (None, invoice.direction)
    )


def _chart_month(invoice: Invoice) -> date | None:
    """The month ``invoice`` is charted in (the first day of its reference date's); None
    where it is charted in none: undated, or expecting no payment. The rule of
    ``monthly_figures`` and ``chart_figures`` both."""
    day = invoice.reference_date
    return None if day is None or not invoice.expects_payment else day.replace(day=1)


def matched_amounts(reconciliation: Reconciliation) -> dict[InvoiceKey, Money]:
    """What the reconciling matches paid against each invoice that expects a payment, in
    its currency and sign convention (a credit note's refund is negative), never more
    than its gross: the Overview's "Matched".

    The invoices are the report's reconciled ones (``Reconciliation.coverage``: its
    ``reconciling_matches`` and ``Invoice.expects_payment``), but each counts the money
    that paid it, not its gross: a payment of part of an invoice (the demo's
    EL-2025-00149, £193.43 of £1,673.67) counts that part; one paid twice counts its gross
    once; an overpayment no more than the gross (the excess is a discrepancy, not a
    larger invoice). What was paid before, outside the statements (an invoice's gross
    less its ``amount_outstanding``), is no payment matched here.

    A payment of several invoices is shared among them in proportion to their gross (in
    full, each its gross): the chart puts each invoice in its month, and a batch's
    invoices may fall in several. Where the payment cannot be measured in the invoices'
    currency (paid in their agreed settlement currency, or invoices of two currencies
    paired by hand), the engine counts them settled, and each counts its gross. Money
    paid in a currency the invoices are not agreed to be settled in (a CURRENCY_MISMATCH)
    is no money received in theirs and counts nothing: EL-2025-00180 paid £600.00 and
    €780.00 counts £600.00, not its £1,264.26 (``paid_in_other_currencies`` says the
    €780.00).
    """
    expecting = {inv.key: inv for inv in reconciliation.invoices if inv.expects_payment}
    totals: dict[InvoiceKey, Decimal] = {}
    for match in reconciliation.reconciling_matches():
        for key, amount in _shares(match):
            if key in expecting:
                totals[key] = totals.get(key, Decimal(0)) + amount
    result: dict[InvoiceKey, Money] = {}
    for key, amount in totals.items():
        gross = expecting[key].gross
        capped = min(amount, gross.amount) if gross.amount >= 0 else max(amount, gross.amount)
        result[key] = Money(capped, gross.currency)
    return result


def _shares(match: Match) -> list[tuple[InvoiceKey, Decimal]]:
    """Each of the match's invoices and the part of its payment that counts against it:
    the payment's share of their gross total, from none to all (``matched_amounts``)."""
    invoices = match.invoices
    invoiced = match.invoiced_total()
    paid = None if invoiced is None else _paid_in(match, invoiced.currency)
    if invoiced is None or paid is None or invoiced.is_zero() or paid == invoiced.amount:
        return [(invoice.key, invoice.gross.amount) for invoice in invoices]
    ratio = paid / invoiced.amount
    if ratio >= 1:
        return [(invoice.key, invoice.gross.amount) for invoice in invoices]
    if ratio <= 0:  # the money moved the other way: it pays none of them
        return [(invoice.key, Decimal(0)) for invoice in invoices]
    shares = [(invoice.key, invoice.gross.amount * ratio) for invoice in invoices[:-1]]
    # the last takes what is left, so the shares add up to the payment exactly
    shares.append((invoices[-1].key, paid - sum((part for _, part in shares), Decimal(0))))
    return shares


def _paid_in(match: Match, currency: str) -> Decimal | None:
    """The match's lines added up in the invoices' sign convention, a line whose
    statement gives no currency counted in ``currency``, as the engine compares it (its
    AMOUNT_MISMATCH "paid"); None when a line is in a currency an invoice is agreed to be
    settled in (not measured in ``currency``). A line in a currency none of them is
    agreed in (the engine's CURRENCY_MISMATCH, its ``_paid_abroad`` rule read from the
    invoices: ``domain.invoice_currencies``) is left out: it paid nothing in theirs."""
    agreed = invoice_currencies(match.invoices)
    total = Decimal(0)
    for line in match.lines:
        if line.currency in (None, currency):
            total += line.amount
        elif line.currency in agreed:
            return None
    return total * match.invoices[0].direction.expected_sign


def paid_in_other_currencies(
    reconciliation: Reconciliation,
    currency: str,
    provider: str | None = None,
    direction: Direction | None = None,
) -> TotalsByCurrency:
    """What the reconciling matches of ``monthly_figures``' invoices received in
    currencies those invoices are not agreed to be settled in, per currency, in the
    invoices' sign convention: money ``matched_amounts`` leaves out of "matched", said
    beside it so it is not lost (the Overview's "paid in another currency €780.00")."""
    totals: TotalsByCurrency = {}
    for match in reconciliation.reconciling_matches():
        if not any(_charted(invoice, currency, provider, direction) for invoice in match.invoices):
            continue
        agreed = invoice_currencies(match.invoices)
        for other, amount in _paid_elsewhere(match, currency, agreed):
            totals[other] = totals.get(other, Decimal(0)) + amount
    return totals


def _paid_elsewhere(
    match: Match, currency: str, agreed: AbstractSet[str]
) -> Iterator[tuple[str, Decimal]]:
    """Each line of ``match`` in a currency neither ``currency`` nor one its invoices are
    agreed to be settled in (``agreed``: ``invoice_currencies``), as that currency and the
    amount in the invoices' sign convention, in the lines' order: money no "matched" in
    ``currency`` counts. The rule of ``paid_in_other_currencies`` and ``chart_figures``."""
    sign = match.invoices[0].direction.expected_sign
    for line in match.lines:
        other = line.currency
        if other is not None and other != currency and other not in agreed:
            yield other, line.amount * sign


# What the Overview's chart is of: a currency, a provider (None: all of them) and a
# direction, as its pickers choose them.
ChartChoice = tuple[str, str | None, Direction]


@dataclass(frozen=True, slots=True)
class ChartFigures:
    """The Overview's chart and the totals beside it for one ``ChartChoice``: what
    ``monthly_figures`` gives (``months``) and ``paid_in_other_currencies``
    (``elsewhere``, by currency code, in its order)."""

    months: tuple[MonthFigures, ...] = ()
    elsewhere: tuple[tuple[str, Decimal], ...] = ()

    def elsewhere_totals(self) -> TotalsByCurrency:
        return dict(self.elsewhere)


_NO_CHART = ChartFigures()


def chart_figures(reconciliation: Reconciliation) -> dict[ChartChoice, ChartFigures]:
    """``monthly_figures`` and ``paid_in_other_currencies`` of every choice the pickers
    offer at once, each equal to theirs: every dated invoice that expects a payment
    counts in its currency, provider and direction, and in its currency and direction
    for all providers; a reconciling match's money in a currency not agreed counts for
    each choice one of its invoices is charted in. ``matched_amounts`` is worked out once
    for them all, and the sums are made in the same order, so the figures are the same
    to the last digit.

    Worked out with the Overview's figures off the GUI thread (``OverviewFigures``):
    every change of a picker then reads its figures, rather than adding up 20,000
    invoices' payments again (a second, on the GUI thread)."""
    paid = matched_amounts(reconciliation)
    invoiced: dict[ChartChoice, dict[date, Decimal]] = {}
    matched: dict[ChartChoice, dict[date, Decimal]] = {}
    for invoice in reconciliation.invoices:
        month = _chart_month(invoice)
        if month is None:
            continue
        amount = paid.get(invoice.key)
        for choice in _choices(invoice):
            months = invoiced.setdefault(choice, {})
            months[month] = months.get(month, Decimal(0)) + invoice.gross.amount
            if amount is not None:
                got = matched.setdefault(choice, {})
                got[month] = got.get(month, Decimal(0)) + amount.amount
    elsewhere: dict[ChartChoice, TotalsByCurrency] = {}
    for match in reconciliation.reconciling_matches():
        charted = {
            choice
            for invoice in match.invoices
            if _chart_month(invoice) is not None
            for choice in _choices(invoice)
        }
        if not charted:
            continue
        agreed = invoice_currencies(match.invoices)
        for choice in charted:
            for other, received in _paid_elsewhere(match, choice[0], agreed):
                totals = elsewhere.setdefault(choice, {})
                totals[other] = totals.get(other, Decimal(0)) + received
    charts = {}
    for choice, months in invoiced.items():
        got = matched.get(choice, {})
        figures = tuple(MonthFigures(m, months[m], got.get(m, Decimal(0))) for m in sorted(months))
        charts[choice] = ChartFigures(figures, tuple(sorted(elsewhere.get(choice, {}).items())))
    return charts


def _choices(invoice: Invoice) -> tuple[ChartChoice, ChartChoice]:
    """The chart choices an invoice is charted in: its provider's, and all providers'."""
    return (
        (invoice.currency, invoice.provider, invoice.direction),
        (invoice.currency, None, invoice.direction),
    )


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
        # the reconciled count is the share's own (a payment of a written-off invoice is
        # no reconciled invoice), so the tile's "40 of 60 (67%)" adds up
        coverage = reconciliation.coverage()
        return cls(
            invoices=len(reconciliation.invoices),
            lines=len(reconciliation.lines),
            reconciled_invoices=coverage.reconciled,
            suggestions=sum(1 for m in reconciliation.matches if m.state is MatchState.SUGGESTED),
            unmatched_lines=sum(1 for ln in reconciliation.lines if ln.key not in matched_lines),
            discrepancies=len(reconciliation.discrepancies),
            coverage=coverage,
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


@dataclass(frozen=True, slots=True)
class OverviewFigures:
    """What the Overview shows of the review as it stands: its tiles' counts
    (``headline``: None without a run) and its chart's figures for each choice of the
    pickers (``charts``, read with ``chart``).

    They walk every invoice, line and match (a second and more at 20,000 invoices and
    200,000 lines), so they are worked out off the GUI thread: by a run's worker as it
    lands (``RunRows.landed``), and after a decision or a fetch on a worker again
    (``ReviewSession.overview_figures``), never on the thread that paints the window."""

    headline: Headline | None
    charts: Mapping[ChartChoice, ChartFigures]

    @classmethod
    def of(
        cls,
        run: Reconciliation | None,
        invoices: Sequence[Invoice],
        matches: Sequence[Match],
    ) -> OverviewFigures:
        """The figures of ``run`` (None: matching has not run) as reviewed so far: its
        matches replaced by ``matches`` (the rows shown), and of ``invoices`` (those
        held, as fetched), which the chart is of, as the report's rule reads what is
        matched (``Reconciliation.reconciling_matches``)."""
        matches = tuple(matches)
        headline = None if run is None else Headline.of(replace(run, matches=matches))
        reviewed = Reconciliation(tuple(invoices), (), matches, ())
        return cls(headline, MappingProxyType(chart_figures(reviewed)))

    def chart(self, currency: str, provider: str | None, direction: Direction) -> ChartFigures:
        """The chart of the invoices in ``currency`` of ``provider`` (None: all) and
        ``direction``: empty where none is charted."""
        return self.charts.get((currency, provider, direction), _NO_CHART)
