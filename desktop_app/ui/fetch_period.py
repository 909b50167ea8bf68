"""What *Fetch invoices* offers as the period to fetch, before the accountant changes it.

Without a period a fetch takes the providers' whole history, and every old invoice the
month's statements do not pay is a discrepancy. So the question starts at the period
``desktop-app reconcile`` fetches by default, the statements' dates (the period a
statement states, widened by its movements: ``statements.covered``); at the period last
fetched where it was chosen for these statements (it takes in their dates: an earlier
start, to take in invoices paid early in them, is kept), or where no statement is held;
else at last month, the month usually closed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from desktop_app.domain import FetchPeriod
from desktop_app.wording import day_text, moment_text, period_text
from desktop_app.workspace.records import PeriodChange

# The banner's title when command-line runs changed the period under review since the
# window last showed the workspace (``period_change_said``).
PERIOD_CHANGED_TITLE = "The period under review was changed by a command-line run"


@dataclass(frozen=True, slots=True)
class PeriodOffer:
    """The dates the question starts at, whether "All dates" starts chosen, and where
    they come from (a sentence the question shows).

    The question's answer is the offer as the accountant changed it (``changed``): what
    it fetches (``period``) and why it cannot be fetched (``problem``) are said here
    once, for the offer and the answer alike, not by the dialog's widgets."""

    start: date
    end: date
    all_dates: bool
    source: str

    def changed(self, start: date, end: date, all_dates: bool) -> PeriodOffer:
        """The offer with the dates and the choice the accountant set."""
        return replace(self, start=start, end=end, all_dates=all_dates)

    def problem(self) -> str | None:
        """Why ``period`` cannot be fetched (dates that end before they start; they do not
        count where every date is chosen); None when it can."""
        if self.all_dates or FetchPeriod.can_span(self.start, self.end):
            return None
        return "The period ends before it starts: set the first day before the last."

    def period(self) -> FetchPeriod:
        """The period fetched if the accountant takes the offer as it is (``problem``
        is None)."""
        return FetchPeriod() if self.all_dates else FetchPeriod(self.start, self.end)


def previous_month(today: date) -> tuple[date, date]:
    """The calendar month before ``today``'s: its first and last day."""
    last = today.replace(day=1) - timedelta(days=1)
    return last.replace(day=1), last


def offered_period(
    statements: tuple[date, date] | None, last: FetchPeriod | None, today: date
) -> PeriodOffer:
    """The offer for statements covering the dates ``statements`` (None: no dates), the
    dates ``reconcile`` fetches by default (``statements.covered.statements_range``), in a
    workspace (or session) whose invoices were last fetched for ``last`` (None: never)."""
    if last is not None and (last.all_dates or last.days() is not None):
        days = last.days()
        if days is None or statements is None or _takes_in(days, statements):
            start, end = days or statements or previous_month(today)
            return PeriodOffer(start, end, last.all_dates, "The period last fetched.")
    if statements is not None:
        start, end = statements
        return PeriodOffer(
            start,
            end,
            False,
            f"The statements' dates ({day_text(start)} to {day_text(end)}), as "
            "desktop-app reconcile fetches by default.",
        )
    start, end = previous_month(today)
    return PeriodOffer(start, end, False, "Last month: no statement is imported yet.")


def _takes_in(period: tuple[date, date], statements: tuple[date, date]) -> bool:
    return period[0] <= statements[0] and statements[1] <= period[1]


def period_change_said(change: PeriodChange) -> str:
    """What the window says on opening a workspace whose period under review a
    command-line run changed (``reconcile --workspace`` given --from/--to, or a statement
    past it): its lists now show another period's invoices than the accountant left, and
    discrepancies of the period it last showed may be gone from them, which must not
    pass unnoticed."""
    return (
        f"The period under review was {period_text(change.before)} when this window last "
        f"showed the workspace; desktop-app reconcile, run by {change.by} on "
        f"{moment_text(change.at, seconds=False)}, made it {period_text(change.after)}, "
        "and the lists show that period's invoices. To review the earlier period again, "
        "fetch it (Fetch invoices, F5)."
    )
