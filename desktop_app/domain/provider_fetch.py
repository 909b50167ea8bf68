"""What each provider's invoices were fetched for: one record per provider, not one period
for all.

A fetch asks every provider for one period, but they answer apart: one may fail (a wrong
password), be stopped by Cancel, or answer in full. Only a provider that answered may be
said to have had its invoices of the period fetched; a report that states the period as
fetched for all of them would hide a provider whose invoices are not in it (its payments
then read as unmatched, as if no invoice existed). So each provider keeps the period its
invoices were fetched for in full, and how its last attempt ended; a failed or cancelled
attempt keeps the period fetched before, since the invoices of it are still held.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from desktop_app.domain.period import FetchPeriod
from desktop_app.domain.problem import InvoiceProblem
from desktop_app.domain.reconciliation import Reconciliation


class FetchOutcome(StrEnum):
    """How a provider's last fetch ended."""

    FETCHED = "fetched"  # it answered (its period's invoices are held)
    FAILED = "failed"  # it could not be read (the reason is kept)
    CANCELLED = "cancelled"  # Cancel stopped it before it answered
    # Kept by a workspace format that held one period for every provider (format 6 and
    # before): whether this provider's last fetch finished was not recorded.
    UNRECORDED = "unrecorded"


@dataclass(frozen=True, slots=True)
class ProviderFetchRecord:
    """One provider's fetches: ``fetched`` the period its invoices were fetched for in
    full (None where none was), at ``fetched_at``; ``outcome`` how its last attempt, of
    ``attempted`` at ``attempted_at``, ended, and ``reason`` why where it failed."""

    provider: str
    fetched: FetchPeriod | None
    fetched_at: dt.datetime | None
    outcome: FetchOutcome
    attempted: FetchPeriod
    attempted_at: dt.datetime
    reason: str = ""

    def covers(self, period: FetchPeriod) -> bool:
        """Whether every invoice of ``period`` was fetched from this provider."""
        return self.fetched is not None and self.fetched.covers(period)


@dataclass(frozen=True, slots=True)
class FetchShortfall:
    """A provider whose invoices of a period are not all held, and why, in words
    (``desktop_app.fetch_coverage``): a report of that period lacks them."""

    provider: str
    why: str


def attempted(
    previous: ProviderFetchRecord | None,
    provider: str,
    outcome: FetchOutcome,
    period: FetchPeriod,
    at: dt.datetime,
    reason: str = "",
) -> ProviderFetchRecord:
    """The record of ``provider`` after an attempt to fetch ``period`` ended in ``outcome``.

    Answered, the period joins the one fetched before where the two meet or overlap (the
    invoices of both are held: October fetched after September is September to October)
    and replaces it otherwise (what was held of the other dates is not under review). A
    failed or cancelled attempt fetched nothing: what was fetched before stays.
    """
    fetched = None if previous is None else previous.fetched
    fetched_at = None if previous is None else previous.fetched_at
    if outcome is FetchOutcome.FETCHED:
        joined = None if fetched is None else fetched.joined(period)
        fetched, fetched_at = joined or period, at
    return ProviderFetchRecord(provider, fetched, fetched_at, outcome, period, at, reason)


def after_fetch(
    records: Mapping[str, ProviderFetchRecord],
    answered: Iterable[str],
    failed: Mapping[str, str],
    cancelled: Iterable[str],
    period: FetchPeriod,
    at: dt.datetime,
) -> dict[str, ProviderFetchRecord]:
    """The records of the providers a fetch of ``period`` asked, once it ended: those that
    ``answered``, those that ``failed`` (with why) and those a Cancel stopped, each by
    ``attempted`` from its record in ``records``. The one rule a workspace keeps them by
    (``Workspace.save_fetch``) and the window keeps them by for a session without one."""
    ended = [(provider, FetchOutcome.FETCHED, "") for provider in answered]
    ended += [(provider, FetchOutcome.FAILED, why) for provider, why in failed.items()]
    ended += [(provider, FetchOutcome.CANCELLED, "") for provider in cancelled]
    return {
        provider: attempted(records.get(provider), provider, outcome, period, at, reason)
        for provider, outcome, reason in ended
    }


def problems_after(
    kept: Iterable[InvoiceProblem], answered: Iterable[str], problems: Iterable[InvoiceProblem]
) -> tuple[InvoiceProblem, ...]:
    """The invoices left out once a fetch ended: those of the providers that ``answered``
    (the fetch's invoices by provider name every one, with none where all were unusable)
    are this fetch's ``problems``; the others keep those ``kept`` from their last answer,
    as they keep the invoices it brought (a failed or cancelled fetch returned neither).
    The one rule a workspace keeps them by and the window keeps them by without one."""
    answered = set(answered)
    return (
        *(problem for problem in kept if problem.provider not in answered),
        *(problem for problem in problems if problem.provider in answered),
    )


def left_out_of(
    problems: Iterable[InvoiceProblem],
    records: Mapping[str, ProviderFetchRecord],
    providers: Collection[str],
    period: FetchPeriod,
) -> tuple[InvoiceProblem, ...]:
    """The invoices left out (``problems_after``'s) that a review of ``period`` is short
    of: those of the ``providers`` configured whose invoices held (their record's
    ``fetched``) reach into ``period``. A provider's kept problems are of its last
    answer, which a later fetch of another period it failed in does not replace: the
    invoices of that answer are not under review, nor then is what it left out. And a
    provider no longer configured (removed, renamed) will not answer again to clear its
    own: the report and the window leave it out, as they leave out its fetch record."""
    named = set(providers)
    return tuple(
        problem
        for problem in problems
        if problem.provider in named
        and (record := records.get(problem.provider)) is not None
        and record.fetched is not None
        and record.fetched.overlaps(period)
    )


def report_period(
    reconciliation: Reconciliation, fetched: FetchPeriod | None = None
) -> FetchPeriod:
    """The period a report of ``reconciliation`` is of, whose invoices it should hold: the
    one ``fetched`` for, or where none is known, the statements' dates (as its Summary
    says the period then)."""
    if fetched is not None:
        return fetched
    return FetchPeriod(reconciliation.period_start, reconciliation.period_end)
