"""The invoices a provider returned that could not be used are kept with the workspace.

Only the session that fetched them knew them before format 8, so a report made after the
workspace was reopened lost its "Invoices left out" section: their payments read as
unmatched with nothing saying why. They are now kept per provider, until that provider
answers again; a failed or cancelled fetch brought none, and keeps those of its last answer.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from desktop_app.domain import FetchPeriod, InvoiceProblem
from desktop_app.domain.provider_fetch import problems_after
from desktop_app.workspace import CURRENT_VERSION, Workspace, WorkspaceCorruptError
from tests.workspace.test_fetch_records import _fetch

OCTOBER = FetchPeriod(date(2025, 10, 1), date(2025, 10, 31))
NOVEMBER = FetchPeriod(date(2025, 11, 1), date(2025, 11, 30))

BAD_TOTAL = InvoiceProblem(
    "Elevate", "elevate", "53716", "EL-2025-00056", "the total is not a number (total: 'n/a')"
)
NO_ID = InvoiceProblem("Elevate", "elevate", None, None, "the record has no id")
BAD_DATE = InvoiceProblem(
    "Content Ignite", "content_ignite", "3354", None, "the issue date '31/02/2025' is no date"
)


def test_the_invoices_left_out_of_a_fetch_are_there_after_a_reopen(tmp_path: Path) -> None:
    path = tmp_path / "book.reconcile"
    with Workspace.create(path) as workspace:
        _fetch(
            workspace,
            OCTOBER,
            invoices={"Elevate": [], "Content Ignite": []},
            problems=[BAD_TOTAL, BAD_DATE, NO_ID],
        )
    with Workspace.open(path) as reopened:
        assert reopened.fetch_problems() == (BAD_TOTAL, BAD_DATE, NO_ID)


def test_a_provider_that_answers_again_replaces_only_its_own(tmp_path: Path) -> None:
    with Workspace.create(tmp_path / "book.reconcile") as workspace:
        _fetch(
            workspace,
            OCTOBER,
            invoices={"Elevate": [], "Content Ignite": []},
            problems=[BAD_TOTAL, BAD_DATE],
        )
        # Elevate's record mended at the provider; Content Ignite answers with no problem.
        _fetch(workspace, NOVEMBER, invoices={"Elevate": [], "Content Ignite": []})
        assert workspace.fetch_problems() == ()
        _fetch(workspace, NOVEMBER, invoices={"Elevate": []}, problems=[NO_ID])
        assert workspace.fetch_problems() == (NO_ID,)


def test_a_failed_or_cancelled_fetch_keeps_the_last_answers_invoices_left_out(
    tmp_path: Path,
) -> None:
    with Workspace.create(tmp_path / "book.reconcile") as workspace:
        _fetch(
            workspace,
            OCTOBER,
            invoices={"Elevate": [], "Content Ignite": []},
            problems=[BAD_TOTAL, BAD_DATE],
        )
        _fetch(
            workspace,
            NOVEMBER,
            invoices={"Content Ignite": []},
            failed={"Elevate": "HTTP 401: the user name or password is wrong"},
        )
        assert workspace.fetch_problems() == (BAD_TOTAL,)  # Content Ignite answered, clean
        _fetch(workspace, NOVEMBER, cancelled=["Elevate", "Content Ignite"])
        assert workspace.fetch_problems() == (BAD_TOTAL,)


def test_a_provider_whose_every_invoice_was_unusable_answered_all_the_same() -> None:
    # Its answer held no usable invoice (the fetch names it with none): its problems are
    # still its answer's, in place of those kept before.
    assert problems_after([BAD_TOTAL], {"Elevate"}, [NO_ID]) == (NO_ID,)
    assert problems_after([BAD_TOTAL, BAD_DATE], {"Content Ignite"}, []) == (BAD_TOTAL,)


def test_a_workspace_whose_kept_problem_was_damaged_says_it_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "book.reconcile"
    with Workspace.create(path) as workspace:
        _fetch(workspace, OCTOBER, invoices={"Elevate": []}, problems=[BAD_TOTAL])
    connection = sqlite3.connect(path)
    connection.execute("UPDATE fetch_problems SET reason = x'00ff'")  # a blob, not text
    connection.commit()
    connection.close()
    with Workspace.open(path) as reopened, pytest.raises(WorkspaceCorruptError) as raised:
        reopened.fetch_problems()
    assert "Elevate" in str(raised.value)
    assert str(path.name) in str(raised.value)


def test_an_upgraded_format_7_file_keeps_no_invoices_left_out(tmp_path: Path) -> None:
    """Format 7 kept none: the upgraded file starts with none, and its next fetch's are kept."""
    path = tmp_path / "old.reconcile"
    with Workspace.create(path) as workspace:
        _fetch(workspace, OCTOBER, invoices={"Elevate": []})
    connection = sqlite3.connect(path)
    connection.execute("DROP TABLE decision_restores")  # format 11's
    connection.execute("ALTER TABLE statements DROP COLUMN import_warnings")  # format 10's
    connection.execute("DROP TABLE fetch_problems")
    connection.execute("PRAGMA user_version = 7")
    connection.commit()
    connection.close()
    with Workspace.open(path) as upgraded:
        assert upgraded.fetch_problems() == ()
        _fetch(upgraded, NOVEMBER, invoices={"Elevate": []}, problems=[NO_ID])
    with Workspace.open(path) as reopened:
        assert reopened.fetch_problems() == (NO_ID,)
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION == 11
    connection.close()
    backup = sqlite3.connect(path.with_name("old.format7-backup.reconcile"))
    assert backup.execute("PRAGMA user_version").fetchone()[0] == 7
    backup.close()
