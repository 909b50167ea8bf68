"""The period invoices were fetched for, and what it leaves out.

The statements' own period, which ``reconcile`` fetches by default and the window
offers, is ``statements.covered.statements_range``. The window asks the accountant for
the period (``FetchPeriod``), and what it holds and reports is bound by the one asked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from desktop_app.domain.discrepancy import DiscrepancyType
from desktop_app.domain.invoice import Invoice
from desktop_app.domain.reconciliation import Reconciliation
from desktop_app.domain.statement import StatementLine

# Payment terms past a month are rare: money received in a period's first month may well
# settle an invoice issued before the period began.
EARLY_PAYMENT_DAYS = 31


def within(day: dt.date | None, start: dt.date | None, end: dt.date | None) -> bool:
    """Whether an invoice dated ``day`` is in the inclusive bounds (either open): the one
    rule of what a fetch brings in, the providers' windows' and the window's period's.
    An undated invoice is in every period: no date puts it outside one."""
    if day is None:
        return True
    return (start is None or day >= start) and (end is None or day <= end)


def dated_outside(
    lines: Iterable[StatementLine], start: dt.date | None, end: dt.date | None
) -> list[StatementLine]:
    """The ``lines`` dated outside the period fetched (inclusive bounds, either open).

    The period bounds the invoices, never the statements: the window matches every line
    it holds with the period's invoices (and those a decision of the accountant's names),
    and ``reconcile --workspace`` the same, so a line outside it that pays none of them
    is an unmatched payment, though the invoice it pays was simply not fetched. This is
    the one rule for which lines those are, by which the report and the command line say
    so."""
    return [line for line in lines if not within(line.date, start, end)]


@dataclass(frozen=True, slots=True)
class OutsidePeriod:
    """The run's statement lines dated outside the period its invoices were fetched for
    (``dated_outside``), and how many of them pay none of its invoices: those are
    on the Discrepancies sheet as UNMATCHED_PAYMENT, perhaps for want of an invoice that
    was not fetched, which the report, the command line and the window say, naming the
    period (the window, of those after its end: ``Workflows._say_late_lines``)."""

    lines: tuple[StatementLine, ...] = ()
    unmatched: int = 0


def outside_period(
    reconciliation: Reconciliation, start: dt.date | None, end: dt.date | None
) -> OutsidePeriod:
    """The lines of ``reconciliation`` dated outside ``start`` to ``end`` (either open:
    neither is every date, which none is outside)."""
    outside = dated_outside(reconciliation.lines, start, end)
    if not outside:
        return OutsidePeriod()
    unpaired = {
        line.key
        for discrepancy in reconciliation.discrepancies
        if discrepancy.type is DiscrepancyType.UNMATCHED_PAYMENT
        for line in discrepancy.lines
    }
    return OutsidePeriod(tuple(outside), sum(line.key in unpaired for line in outside))


def period_text(
    start: dt.date | None,
    end: dt.date | None,
    day: Callable[[dt.date], str] = dt.date.isoformat,
) -> str:
    """A period fetched in words, its days written by ``day``: by default as the command
    line's --from/--to give them (``2025-02-01 to 2025-02-28``); ``from``/``up to`` a day
    where one end is open. ``wording.period_text`` writes them as a sentence does."""
    if start is not None and end is not None:
        return f"{day(start)} to {day(end)}"
    if start is not None:
        return f"from {day(start)}"
    if end is not None:
        return f"up to {day(end)}"
    return "every date"


@dataclass(frozen=True, slots=True)
class FetchPeriod:
    """The invoices asked of the providers: those dated ``start`` to ``end`` (inclusive),
    each None where unbounded; both None is every date (the window's "All dates").

    Invoices are reviewed and reported for the period they were fetched for: an invoice
    an earlier, wider fetch brought in is not unpaid in a month it was not issued in."""

    start: dt.date | None = None
    end: dt.date | None = None

    def __post_init__(self) -> None:
        if not FetchPeriod.can_span(self.start, self.end):
            raise ValueError(f"the period starts ({self.start}) after it ends ({self.end})")

    @staticmethod
    def can_span(start: dt.date | None, end: dt.date | None) -> bool:
        """Whether a period can run from ``start`` to ``end`` (either open): not one that
        ends before it starts. For a question that says so before building one."""
        return start is None or end is None or start <= end

    @classmethod
    def of(cls, period: tuple[dt.date, dt.date] | None) -> FetchPeriod:
        """A first and last day, or None for every date."""
        return cls() if period is None else cls(*period)

    @property
    def all_dates(self) -> bool:
        return self.start is None and self.end is None

    def days(self) -> tuple[dt.date, dt.date] | None:
        """The first and last day, or None for every date (or a half-open period)."""
        if self.start is None or self.end is None:
            return None
        return self.start, self.end

    def holds(self, invoice: Invoice) -> bool:
        """Whether a fetch of this period brings ``invoice`` in, by the date each
        provider's window is applied to (its issue date; Versori's, which has none, the
        end of its billing period). An undated invoice is in every period, as the
        providers keep it in every window (``providers.base.DateWindow``)."""
        return within(invoice.issue_date or invoice.period_end, self.start, self.end)

    def covers(self, other: FetchPeriod) -> bool:
        """Whether a fetch of this period brings in every invoice a fetch of ``other``
        does: it starts no later and ends no earlier (an open end is the furthest)."""
        starts = _starts_first(self, other)
        ends = self.end is None or (other.end is not None and self.end >= other.end)
        return starts and ends

    def overlaps(self, other: FetchPeriod) -> bool:
        """Whether this period and ``other`` share a day (an open end reaches any)."""
        begins_in_time = self.start is None or other.end is None or self.start <= other.end
        ends_in_time = self.end is None or other.start is None or self.end >= other.start
        return begins_in_time and ends_in_time

    def joined(self, other: FetchPeriod) -> FetchPeriod | None:
        """The one period this and ``other`` make together where they overlap or one
        runs on the day after the other ends; None where days lie between them."""
        first, second = (self, other) if _starts_first(self, other) else (other, self)
        gap_after = None if first.end is None else first.end + dt.timedelta(days=1)
        if gap_after is not None and second.start is not None and second.start > gap_after:
            return None
        end = None if first.end is None or second.end is None else max(first.end, second.end)
        return FetchPeriod(first.start, end)

    def to_json(self) -> dict[str, Any]:
        """As a workspace setting keeps it: ISO dates, null where unbounded."""
        return {
            "from": None if self.start is None else self.start.isoformat(),
            "to": None if self.end is None else self.end.isoformat(),
        }

    @classmethod
    def from_json(cls, value: Any) -> FetchPeriod | None:
        """A period as ``to_json`` wrote it; None for anything else (a setting written by
        hand, or damaged), which then counts as no period remembered."""
        if not isinstance(value, dict):
            return None
        try:
            start, end = (
                None if value.get(key) is None else dt.date.fromisoformat(value[key])
                for key in ("from", "to")
            )
            return cls(start, end)
        except (TypeError, ValueError):
            return None


def invoice_currencies(invoices: Iterable[Invoice]) -> frozenset[str]:
    """Every currency ``invoices`` are in or agreed to be settled in (an invoice's own,
    and its settlement's): the currencies a payment of one of them may arrive in."""
    found: set[str] = set()
    for invoice in invoices:
        found.add(invoice.currency)
        if invoice.settlement is not None and invoice.settlement.currency is not None:
            found.add(invoice.settlement.currency)
    return frozenset(found)


def early_unmatched_payments(reconciliation: Reconciliation, start: dt.date) -> int:
    """How many of ``reconciliation``'s lines might pay invoices issued before ``start``
    that a fetch from ``start`` did not bring in: money in (a payment received; a fee,
    rent or a transfer out pays none of them), matched to nothing (UNMATCHED_PAYMENT),
    dated within ``EARLY_PAYMENT_DAYS`` of ``start``, and in a currency the fetched
    invoices are in or settled in (one of none stated may be in one, as the matcher
    compares it with every invoice). Each line once, however many discrepancies name it.
    They are counted, not guessed at: ``EarlyPayments`` says so."""
    end = start + dt.timedelta(days=EARLY_PAYMENT_DAYS - 1)
    currencies = invoice_currencies(reconciliation.invoices)
    counted = {
        line.key
        for discrepancy in reconciliation.discrepancies
        if discrepancy.type is DiscrepancyType.UNMATCHED_PAYMENT
        for line in discrepancy.lines
        if start <= line.date <= end
        and line.amount > 0
        and (line.currency is None or line.currency in currencies)
    }
    return len(counted)


@dataclass(frozen=True, slots=True)
class EarlyPayments:
    """Payments received and unmatched early in a period whose invoices were fetched from
    the statements' first date (``start``): invoices issued before it were not fetched,
    so a payment of one early in the statements is unmatched for want of its invoice.
    ``reconcile``'s note on stderr, the report's Summary and the window's banner count
    them by one rule (``early_unmatched_payments``), each naming its own way to fetch
    from an earlier start (``wording.early_payments``)."""

    count: int
    start: dt.date

    @classmethod
    def of(cls, reconciliation: Reconciliation, start: dt.date) -> EarlyPayments | None:
        """Those of ``reconciliation`` from ``start``; None where there are none."""
        count = early_unmatched_payments(reconciliation, start)
        return cls(count, start) if count else None


def fetched_from_statements(
    period: FetchPeriod | None,
    reconciliation: Reconciliation,
    statements_from: dt.date | None = None,
) -> dt.date | None:
    """The start of ``period`` where it is the first date of the run's statements (the
    period *Fetch invoices* offers for them, as ``reconcile`` fetches by default): the
    first day they cover (``statements_from``: a statement stating its period covers its
    first day, though its first movement is later), or their first movement. Else None:
    an earlier start was chosen to take in invoices paid early in them, or every date was
    fetched, or none is known."""
    if period is None or period.start is None:
        return None
    firsts = (reconciliation.period_start, statements_from)
    return period.start if period.start in firsts else None


def _starts_first(one: FetchPeriod, other: FetchPeriod) -> bool:
    """Whether ``one`` starts no later than ``other`` (an open start is the earliest)."""
    if one.start is None:
        return True
    return other.start is not None and one.start <= other.start
