"""Which providers' invoices of the report's period were fetched, and why not where not.

The window's export asks before writing a report with a provider's invoices missing, and
the Summary names each such provider with the reason (``export.summary_sheet``): a
payment of one of its invoices is otherwise an UNMATCHED_PAYMENT "no invoice matches its
amount" with nothing saying the invoice was never asked for. ``reconcile`` fetches every
provider for its period or fails, so its report says each was fetched. The rule, and its
words, are here once for both.

It stands apart from ``pipeline`` and ``export`` because the window asks it on its GUI
thread as Export is chosen: importing either package there loaded the workbook writer
(openpyxl and the sheets, 0.2-0.4 s) before the export's worker had even begun.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from desktop_app.domain import FetchOutcome, FetchPeriod, FetchShortfall, ProviderFetchRecord
from desktop_app.wording import moment_text, period_text


@dataclass(frozen=True, slots=True)
class ProviderFetchStatus:
    """What the report says of one provider's fetch: the period its invoices were fetched
    for in full (None where none was; an open bound is unbounded) and when, whether that
    holds the report's period, and why not where it does not (its fetch failed, or was
    cancelled): its invoices of the period are then not in the report."""

    provider: str
    fetched: FetchPeriod | None
    fetched_at: dt.datetime | None
    for_period: bool
    why_not: str = ""


def shortfalls(
    providers: Sequence[str], records: Mapping[str, ProviderFetchRecord], period: FetchPeriod
) -> tuple[FetchShortfall, ...]:
    """Each of ``providers`` (in their order) whose invoices of ``period`` were not all
    fetched by its ``records``, with why: what the Summary says of them (``statuses``)."""
    return tuple(
        FetchShortfall(status.provider, status.why_not)
        for status in statuses(providers, records, period)
        if not status.for_period
    )


def statuses(
    providers: Sequence[str], records: Mapping[str, ProviderFetchRecord], period: FetchPeriod
) -> tuple[ProviderFetchStatus, ...]:
    """What the Summary says of each of ``providers``: the period its invoices were
    fetched for, when, and whether that holds the report's ``period`` (why not, if not)."""
    result = []
    for provider in providers:
        record = records.get(provider)
        covered = _covered(record, period)
        fetched = None if record is None else record.fetched
        result.append(
            ProviderFetchStatus(
                provider,
                fetched,
                None if record is None else record.fetched_at,
                covered,
                "" if covered else _why(record, period),
            )
        )
    return tuple(result)


def _covered(record: ProviderFetchRecord | None, period: FetchPeriod) -> bool:
    return record is not None and record.covers(period)


def _why(record: ProviderFetchRecord | None, period: FetchPeriod) -> str:
    """Why ``record`` does not hold the invoices of ``period``: how its last fetch ended,
    and what was fetched before (which stays held)."""
    if record is None:
        return "its invoices were never fetched into this workspace"
    asked = period_text(record.attempted)
    when = moment_text(record.attempted_at, seconds=False)
    if record.outcome is FetchOutcome.FAILED:
        why = f"its fetch of {asked} failed on {when}: {record.reason}"
    elif record.outcome is FetchOutcome.CANCELLED:
        why = f"its fetch of {asked} was cancelled on {when} before it finished"
    elif record.outcome is FetchOutcome.UNRECORDED:
        why = (
            f"an earlier version of the application fetched {asked} without recording "
            "whether this provider's fetch finished"
        )
    else:
        fetched = record.fetched or record.attempted
        return f"its invoices were fetched for {period_text(fetched)} only, on {when}"
    if record.fetched is not None:
        why += f"; its invoices of {period_text(record.fetched)} were fetched before"
    return why
