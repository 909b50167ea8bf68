"""The period a set of statement lines covers, and the period invoices were fetched for.

The headless ``reconcile`` command and the demo both fetch the invoices of the
statements' period by default; one definition keeps the two from drifting apart. The
window asks the accountant for the period (``FetchPeriod``), and what it holds and
reports is bound by the one asked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from desktop_app.domain.invoice import Invoice
from desktop_app.domain.statement import StatementLine


def statement_period(lines: Iterable[StatementLine]) -> tuple[dt.date, dt.date] | None:
    """First and last booking date, or None when there are no lines."""
    dates = [line.date for line in lines]
    if not dates:
        return None
    return min(dates), max(dates)


def within(day: dt.date | None, start: dt.date | None, end: dt.date | None) -> bool:
    """Whether an invoice dated ``day`` is in the inclusive bounds (either open): the one
    rule of what a fetch brings in, the providers' windows' and the window's period's.
    An undated invoice is in every period: no date puts it outside one."""
    if day is None:
        return True
    return (start is None or day >= start) and (end is None or day <= end)


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
