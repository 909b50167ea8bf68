"""Each provider keeps what its invoices were fetched for: a fetch one provider failed in,
or that was cancelled, records nothing fetched of that provider, and keeps what it had.

Format 6 kept one period for every provider, set by every fetch however it ended, so a
report of a fetch Elevate failed in said its period was fetched, Elevate's invoices and
all. A file of that format, upgraded, says for none that its invoices were fetched.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

from desktop_app.domain import FetchOutcome, FetchPeriod
from desktop_app.workspace import CURRENT_VERSION, Workspace
from tests.workspace.factories import full_invoice

SEP_NOV = FetchPeriod(date(2025, 9, 1), date(2025, 11, 30))
OCTOBER = FetchPeriod(date(2025, 10, 1), date(2025, 10, 31))
NOVEMBER = FetchPeriod(date(2025, 11, 1), date(2025, 11, 30))


def _invoice(provider: str, invoice_id: str, day: date):  # type: ignore[no-untyped-def]
    return replace(full_invoice(invoice_id), provider=provider, issue_date=day)


def _fetch(workspace: Workspace, period: FetchPeriod, **kwargs: object) -> None:
    workspace.save_fetch(
        kwargs.pop("invoices", {}),  # type: ignore[arg-type]
        date_from=period.start,
        date_to=period.end,
        **kwargs,  # type: ignore[arg-type]
    )


def test_a_provider_that_failed_is_not_recorded_as_fetched_for_the_period(tmp_path: Path) -> None:
    path = tmp_path / "book.reconcile"
    with Workspace.create(path) as workspace:
        _fetch(
            workspace,
            SEP_NOV,
            invoices={"Content Ignite": [_invoice("Content Ignite", "1", date(2025, 10, 2))]},
            failed={"Elevate": "HTTP 401: the user name or password is wrong"},
            cancelled=["Versori"],
        )
    with Workspace.open(path) as reopened:
        records = reopened.fetch_records()
        assert reopened.fetch_period() == SEP_NOV  # the period under review, as asked
    assert records["Content Ignite"].covers(SEP_NOV)
    assert records["Content Ignite"].outcome is FetchOutcome.FETCHED
    elevate, versori = records["Elevate"], records["Versori"]
    assert not elevate.covers(SEP_NOV)
    assert elevate.fetched is None
    assert (elevate.outcome, elevate.reason) == (
        FetchOutcome.FAILED,
        "HTTP 401: the user name or password is wrong",
    )
    assert elevate.attempted == SEP_NOV
    assert not versori.covers(SEP_NOV)
    assert versori.outcome is FetchOutcome.CANCELLED


def test_a_failed_fetch_keeps_what_the_provider_had_fetched_before(tmp_path: Path) -> None:
    with Workspace.create(tmp_path / "book.reconcile") as workspace:
        _fetch(
            workspace, OCTOBER, invoices={"Elevate": [_invoice("Elevate", "7", date(2025, 10, 3))]}
        )
        _fetch(workspace, SEP_NOV, failed={"Elevate": "connection refused"})
        elevate = workspace.fetch_records()["Elevate"]
        assert elevate.fetched == OCTOBER
        assert elevate.covers(OCTOBER)
        assert not elevate.covers(SEP_NOV)
        assert elevate.outcome is FetchOutcome.FAILED
        assert [invoice.invoice_id for invoice in workspace.load_invoices("Elevate")] == ["7"]


def test_a_fetch_of_the_next_month_joins_the_period_fetched_before(tmp_path: Path) -> None:
    with Workspace.create(tmp_path / "book.reconcile") as workspace:
        _fetch(workspace, OCTOBER, invoices={"Elevate": []})
        _fetch(workspace, NOVEMBER, invoices={"Elevate": []})
        joined = workspace.fetch_records()["Elevate"]
        assert joined.fetched == FetchPeriod(date(2025, 10, 1), date(2025, 11, 30))
        _fetch(
            workspace, FetchPeriod(date(2026, 2, 1), date(2026, 2, 28)), invoices={"Elevate": []}
        )
        apart = workspace.fetch_records()["Elevate"]
        assert apart.fetched == FetchPeriod(date(2026, 2, 1), date(2026, 2, 28))


def _format_6_file(path: Path) -> None:
    """A format 6 file, as format 6 left one after a fetch of September to November
    that Elevate failed in: Content Ignite's invoices saved, one period for all."""
    with Workspace.create(path) as workspace:
        _fetch(
            workspace,
            SEP_NOV,
            invoices={"Content Ignite": [_invoice("Content Ignite", "1", date(2025, 10, 2))]},
        )
        workspace.save_invoices("Elevate", [_invoice("Elevate", "7", date(2025, 8, 3))])
    connection = sqlite3.connect(path)
    connection.execute("DROP TABLE decision_restores")  # format 11's
    connection.execute("ALTER TABLE statements DROP COLUMN import_warnings")  # format 10's
    connection.execute("DROP TABLE fetch_problems")  # format 8's
    connection.execute("DROP TABLE provider_fetches")
    connection.execute("PRAGMA user_version = 6")
    connection.commit()
    connection.close()


def test_an_upgraded_format_6_file_says_no_provider_is_known_to_be_fetched(tmp_path: Path) -> None:
    path = tmp_path / "old.reconcile"
    _format_6_file(path)
    with Workspace.open(path) as workspace:
        records = workspace.fetch_records()
        assert workspace.fetch_period() == SEP_NOV
        assert len(workspace.load_invoices()) == 2
    assert sorted(records) == ["Content Ignite", "Elevate"]
    for record in records.values():
        assert record.outcome is FetchOutcome.UNRECORDED
        assert record.attempted == SEP_NOV
        assert record.fetched is None
        assert not record.covers(SEP_NOV)
    backup = sqlite3.connect(path.with_name("old.format6-backup.reconcile"))
    assert backup.execute("PRAGMA user_version").fetchone()[0] == 6
    backup.close()
    upgraded = sqlite3.connect(path)
    assert upgraded.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION == 11
    upgraded.close()
    with Workspace.open(path) as workspace:  # fetched again: known from then on
        _fetch(workspace, SEP_NOV, invoices={"Elevate": []})
        assert workspace.fetch_records()["Elevate"].covers(SEP_NOV)
