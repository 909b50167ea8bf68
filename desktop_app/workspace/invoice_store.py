"""The invoice cache: saving a provider's fetch, noticing what changed, loading it back.

A re-fetch replaces each invoice's fields (status, amounts, line items) but never deletes
an invoice: one the provider no longer returns is marked missing and kept, because
decisions and the audit trail still name it. Any decision in force on an invoice whose
amount changed, that became void, or that disappeared is flagged for review.

Absence means something only where the provider was asked: a fetch of one month says
nothing about the invoices of other months. So a complete fetch of a period marks missing
only the cached invoices dated inside it, by the date each provider's window is applied
to (the issue date; Versori, which has none, the end of the billing period). An undated
invoice is inside only an unbounded fetch: a provider may leave it out of a bounded one.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from desktop_app.domain import Invoice, InvoiceKey, InvoiceStatus, LineItem, Money
from desktop_app.domain.period import within
from desktop_app.workspace import decision_log
from desktop_app.workspace.errors import DECODE_ERRORS, unreadable
from desktop_app.workspace.invoice_codec import (
    INVOICE_COLUMNS,
    LINE_ITEM_COLUMNS,
    invoice_from_row,
    invoice_row,
    line_item_from_row,
    line_item_rows,
)
from desktop_app.workspace.records import REASON_SEPARATOR, ReviewCause

_FIELD_COUNT = INVOICE_COLUMNS.count(",") + 1
_UPSERT = (
    f"INSERT INTO invoices ({INVOICE_COLUMNS}) VALUES ({', '.join('?' * _FIELD_COUNT)})"
    " ON CONFLICT (provider, invoice_id) DO UPDATE SET "
    + ", ".join(
        f"{name.strip()} = excluded.{name.strip()}" for name in INVOICE_COLUMNS.split(",")[2:]
    )
    + ", missing_since = NULL"
)


@dataclass(frozen=True, slots=True)
class SaveCounts:
    added: int
    changed: int
    unchanged: int
    disappeared: int
    gone: tuple[str, ...] = ()  # the ids of those that disappeared, now marked missing


@dataclass(frozen=True, slots=True)
class Period:
    """The first and last day a fetch asked for (inclusive); None where it was unbounded."""

    start: date | None = None
    end: date | None = None

    def asked_about(self, day: date | None) -> bool:
        """Whether a fetch of this period asked the provider about an invoice dated
        ``day``: only then does its absence from the answer mean it is gone."""
        if day is None:
            return self.start is None and self.end is None
        return within(day, self.start, self.end)


@dataclass(frozen=True, slots=True)
class _Stored:
    row: tuple[Any, ...]  # the invoice row without fetched_at
    items: list[tuple[Any, ...]]
    missing: bool
    day: date | None  # the date the provider's window is applied to


def save(
    connection: sqlite3.Connection,
    provider: str,
    invoices: Sequence[Invoice],
    *,
    complete: bool,
    now: str,
    period: Period = Period(),
) -> SaveCounts:
    """Store one provider's answer. ``complete`` says it returned every invoice it has in
    ``period``: the cached ones dated in it that it did not return are marked missing."""
    _validate(provider, invoices)
    stored = _stored(connection, provider)
    added = changed = 0
    for invoice in invoices:
        row = invoice_row(invoice, now)
        items = line_item_rows(invoice)
        before = stored.get(invoice.invoice_id)
        if before is None:
            added += 1
        elif before.row != row[:-1] or before.items != items:
            changed += 1
            _flag_changes(connection, invoice, before, now)
        connection.execute(_UPSERT, row)
        connection.execute(
            "DELETE FROM line_items WHERE provider = ? AND invoice_id = ?",
            (provider, invoice.invoice_id),
        )
        connection.executemany(
            f"INSERT INTO line_items ({LINE_ITEM_COLUMNS}) VALUES ({', '.join('?' * 13)})", items
        )
    gone: list[str] = []
    if complete:
        fetched = {invoice.invoice_id for invoice in invoices}
        gone = [
            i
            for i, s in stored.items()
            if i not in fetched and not s.missing and period.asked_about(s.day)
        ]
        for invoice_id in gone:
            _mark_missing(connection, InvoiceKey(provider, invoice_id), now)
    unchanged = len(invoices) - added - changed
    return SaveCounts(added, changed, unchanged, len(gone), tuple(gone))


def _validate(provider: str, invoices: Sequence[Invoice]) -> None:
    seen: set[str] = set()
    for invoice in invoices:
        if invoice.provider != provider:
            raise ValueError(
                f"invoice {invoice.key} belongs to provider {invoice.provider!r}, "
                f"not to {provider!r} whose invoices are being saved"
            )
        if invoice.invoice_id in seen:
            raise ValueError(f"provider {provider!r} returned invoice {invoice.key} twice")
        seen.add(invoice.invoice_id)


def _stored(connection: sqlite3.Connection, provider: str) -> dict[str, _Stored]:
    items: defaultdict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for row in connection.execute(
        f"SELECT {LINE_ITEM_COLUMNS} FROM line_items WHERE provider = ?"
        " ORDER BY invoice_id, position",
        (provider,),
    ):
        items[row[1]].append(tuple(row))
    return {
        row[1]: _Stored(tuple(row)[:-3], items[row[1]], row[-2] is not None, _day(row))
        for row in connection.execute(
            f"SELECT {INVOICE_COLUMNS}, missing_since, coalesce(issue_date, period_end)"
            " FROM invoices WHERE provider = ?",
            (provider,),
        )
    }


def _day(row: sqlite3.Row) -> date | None:
    """The stored invoice's window date (the last column ``_stored`` selects)."""
    try:
        return None if row[-1] is None else date.fromisoformat(row[-1])
    except DECODE_ERRORS as error:
        raise unreadable(_record(row), error) from None


def _flag_changes(
    connection: sqlite3.Connection, invoice: Invoice, before: _Stored, now: str
) -> None:
    old_gross = Money(before.row[6], before.row[5])
    old_status = InvoiceStatus(before.row[7])
    changes: dict[ReviewCause, str] = {}
    if old_gross != invoice.gross:
        changes[ReviewCause.AMOUNT] = f"from {old_gross} to {invoice.gross}"
    # The status's rule, not ``Invoice.expects_payment``: this cause is a change of status
    # (its reason names both). An amount become zero is AMOUNT's; an issued invoice does
    # not turn back into an UPCOMING preview, and a preview issued under the same key
    # comes to expect a payment: that calls no decision on it into question.
    if old_status.expects_payment and not invoice.status.expects_payment:
        changes[ReviewCause.VOID] = f"from {old_status} to {invoice.status}"
    if not changes:
        return
    reason = REASON_SEPARATOR.join(f"{cause.reason_start} {how}" for cause, how in changes.items())
    entries = decision_log.in_force_for_invoice(connection, invoice.key)
    decision_log.flag(connection, entries, invoice.key, reason, now, tuple(changes))


def _mark_missing(connection: sqlite3.Connection, key: InvoiceKey, now: str) -> None:
    connection.execute(
        "UPDATE invoices SET missing_since = ? WHERE provider = ? AND invoice_id = ?",
        (now, key.provider, key.invoice_id),
    )
    entries = decision_log.in_force_for_invoice(connection, key)
    reason = f"{ReviewCause.MISSING.reason_start} by {key.provider} (re-fetched {now[:10]})"
    decision_log.flag(connection, entries, key, reason, now, (ReviewCause.MISSING,))


# Keys asked for in one statement, well under SQLite's limit on bound parameters.
_KEYS_PER_QUERY = 400


def load(
    connection: sqlite3.Connection, provider: str | None, include_missing: bool
) -> tuple[Invoice, ...]:
    where, parameters = _where(provider, include_missing)
    return _load(connection, where, parameters)


def load_named(
    connection: sqlite3.Connection, keys: Iterable[InvoiceKey], *, missing: bool = False
) -> tuple[Invoice, ...]:
    """The cached invoices of ``keys`` not marked missing (a key it holds no such invoice
    of is left out), by provider: those the accountant's decisions name, read without
    reading the whole cache. With ``missing``, those marked missing instead (no longer
    returned by their provider), as last fetched."""
    wanted = sorted({(key.provider, key.invoice_id) for key in keys})
    marked = "IS NOT NULL" if missing else "IS NULL"
    found: list[Invoice] = []
    for start in range(0, len(wanted), _KEYS_PER_QUERY):
        chunk = wanted[start : start + _KEYS_PER_QUERY]
        values = ", ".join("(?, ?)" for _ in chunk)
        where = (
            f" WHERE i.missing_since {marked} AND (i.provider, i.invoice_id) IN (VALUES {values})"
        )
        found.extend(_load(connection, where, [v for key in chunk for v in key]))
    return tuple(sorted(found, key=lambda invoice: invoice.provider))


def _load(connection: sqlite3.Connection, where: str, parameters: list[Any]) -> tuple[Invoice, ...]:
    items: defaultdict[tuple[str, str], list[LineItem]] = defaultdict(list)
    for row in connection.execute(
        f"SELECT l.* FROM line_items l JOIN invoices i USING (provider, invoice_id){where}"
        " ORDER BY l.provider, l.invoice_id, l.position",
        parameters,
    ):
        try:
            items[(row["provider"], row["invoice_id"])].append(line_item_from_row(row))
        except DECODE_ERRORS as error:
            raise unreadable(_record(row, "a line item of "), error) from None
    rows = connection.execute(
        f"SELECT i.* FROM invoices i{where} ORDER BY i.provider, i.rowid", parameters
    )
    invoices: list[Invoice] = []
    for row in rows:
        try:
            invoices.append(
                invoice_from_row(row, tuple(items[(row["provider"], row["invoice_id"])]))
            )
        except DECODE_ERRORS as error:
            raise unreadable(_record(row), error) from None
    return tuple(invoices)


def _record(row: sqlite3.Row, prefix: str = "") -> str:
    return f"{prefix}invoice {row['invoice_id']} of {row['provider']}"


def _where(provider: str | None, include_missing: bool) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    parameters: list[Any] = []
    if provider is not None:
        clauses.append("i.provider = ?")
        parameters.append(provider)
    if not include_missing:
        clauses.append("i.missing_since IS NULL")
    return (f" WHERE {' AND '.join(clauses)}" if clauses else ""), parameters


def last_fetched(connection: sqlite3.Connection, provider: str) -> datetime | None:
    row = connection.execute(
        "SELECT max(fetched_at) FROM invoices WHERE provider = ?", (provider,)
    ).fetchone()
    return None if row[0] is None else datetime.fromisoformat(row[0])
