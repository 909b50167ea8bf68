"""Each provider's fetch record (``domain.provider_fetch``), one row per provider, and the
invoices its last answer returned that could not be used.

Kept beside the invoice cache, not in it: a provider that answered with no invoice for
the period was fetched all the same, and one that failed holds invoices of earlier
fetches that say nothing of this one. Likewise its unusable invoices are replaced only
when it answers: a failed or cancelled fetch returned none, so those of its last answer
still stand beside the invoices it left.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import date, datetime

from desktop_app.domain import FetchOutcome, FetchPeriod, InvoiceProblem, ProviderFetchRecord
from desktop_app.workspace.errors import DECODE_ERRORS, StoredValueError

_COLUMNS = (
    "provider, fetched_from, fetched_to, fetched_at, outcome,"
    " attempted_from, attempted_to, attempted_at, reason"
)


def load(connection: sqlite3.Connection) -> dict[str, ProviderFetchRecord]:
    """Every provider's record, by provider."""
    rows = connection.execute(f"SELECT {_COLUMNS} FROM provider_fetches ORDER BY provider")
    return {row[0]: _record(tuple(row)) for row in rows}


def save(connection: sqlite3.Connection, record: ProviderFetchRecord) -> None:
    """Keep ``record`` as its provider's, in place of the one before."""
    fetched = record.fetched or FetchPeriod()
    connection.execute(
        f"INSERT OR REPLACE INTO provider_fetches ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            record.provider,
            _day(fetched.start),
            _day(fetched.end),
            None if record.fetched_at is None else record.fetched_at.isoformat(),
            record.outcome.value,
            _day(record.attempted.start),
            _day(record.attempted.end),
            record.attempted_at.isoformat(),
            record.reason,
        ),
    )


def load_problems(connection: sqlite3.Connection) -> tuple[InvoiceProblem, ...]:
    """Every provider's unusable invoices of its last answer, in the order kept."""
    rows = connection.execute(
        "SELECT provider, provider_kind, invoice_id, number, reason FROM fetch_problems"
        " ORDER BY position"
    )
    return tuple(_problem(tuple(row)) for row in rows)


def keep_problems(connection: sqlite3.Connection, problems: Iterable[InvoiceProblem]) -> None:
    """Keep ``problems`` (``provider_fetch.problems_after``) in place of those kept before."""
    connection.execute("DELETE FROM fetch_problems")
    connection.executemany(
        "INSERT INTO fetch_problems (position, provider, provider_kind, invoice_id, number,"
        " reason) VALUES (?, ?, ?, ?, ?, ?)",
        [(position, *_problem_fields(problem)) for position, problem in enumerate(problems)],
    )


def _problem_fields(problem: InvoiceProblem) -> tuple[str | None, ...]:
    return (
        problem.provider,
        problem.provider_kind,
        problem.invoice_id,
        problem.number,
        problem.reason,
    )


def _problem(row: tuple[object, ...]) -> InvoiceProblem:
    provider, kind, invoice_id, number, reason = row
    texts, optional = (provider, kind, reason), (invoice_id, number)
    if not all(isinstance(value, str) for value in texts) or not all(
        value is None or isinstance(value, str) for value in optional
    ):
        raise StoredValueError(f"an invoice left out of a fetch of {provider} is unreadable")
    return InvoiceProblem(*row)  # type: ignore[arg-type]  # each checked above


def _day(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _record(row: tuple[object, ...]) -> ProviderFetchRecord:
    provider = str(row[0])
    try:
        fetched_at = None if row[3] is None else datetime.fromisoformat(str(row[3]))
        fetched = None if fetched_at is None else _period(row[1], row[2])
        return ProviderFetchRecord(
            provider,
            fetched,
            fetched_at,
            FetchOutcome(str(row[4])),
            _period(row[5], row[6]),
            datetime.fromisoformat(str(row[7])),
            str(row[8]),
        )
    except DECODE_ERRORS as error:
        raise StoredValueError(f"the fetch record of {provider} is unreadable: {error}") from None


def _period(start: object, end: object) -> FetchPeriod:
    return FetchPeriod(
        None if start is None else date.fromisoformat(str(start)),
        None if end is None else date.fromisoformat(str(end)),
    )
