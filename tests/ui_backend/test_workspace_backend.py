"""Switching workspaces from a worker thread: the current one stays in force until the new
one has loaded, so a file that fails half-way leaves the accountant where they were."""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.domain import Decision, DecisionKind, InvoiceKey, LineKey, StatementLine
from desktop_app.refusal import Refusal, Refused
from desktop_app.ui.backend.workspace_backend import NoWorkspaceError, WorkspaceBackend
from desktop_app.workspace import (
    RecentWorkspaces,
    WorkspaceClosedError,
    WorkspaceCorruptError,
    file_sha256,
)


def _line(row: int) -> StatementLine:
    return StatementLine("bank.csv", row, date(2026, 1, row), Decimal("-10.00"), "GBP", "X")


def _decision() -> Decision:
    return Decision(
        DecisionKind.REJECT,
        invoice_keys=(InvoiceKey("Elevate", "17"),),
        line_keys=(LineKey("bank.csv", 2),),
        user="tester",
    )


def _workspace_with_a_bad_line(folder: Path) -> Path:
    """A real workspace whose stored amount was damaged outside the application."""
    backend = WorkspaceBackend(RecentWorkspaces(folder))
    path = folder / "damaged.reconcile"
    backend.open(path, create=True)
    source = folder / "bank.csv"
    source.write_text("Date,Amount\n2026-01-02,-10.00\n", encoding="utf-8")
    backend.store_statement(source.name, file_sha256(source), {"format": "csv"}, [_line(2)], None)
    backend.close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE statement_lines SET amount = 'ten pounds'")
    connection.close()
    return path


def test_a_workspace_that_fails_to_load_leaves_the_current_one_in_force(tmp_path: Path) -> None:
    damaged = _workspace_with_a_bad_line(tmp_path)
    backend = WorkspaceBackend(RecentWorkspaces(tmp_path))
    current = tmp_path / "current.reconcile"
    backend.open(current, create=True)
    with pytest.raises(WorkspaceCorruptError) as refused:
        backend.open(damaged)
    assert str(damaged) in str(refused.value)
    assert "statement line bank.csv row 2: a stored number is not a number" in str(refused.value)
    assert backend.path == current
    backend.record(_decision())  # still open and writable
    assert [d.kind for d in backend.decisions()] == [DecisionKind.REJECT]
    reopened = WorkspaceBackend(RecentWorkspaces(tmp_path))
    with pytest.raises(WorkspaceCorruptError):
        reopened.open(damaged)  # the failed open released the file: the same error, not "in use"
    backend.close()


def test_opening_switches_only_once_loaded_and_lists_it_first(tmp_path: Path) -> None:
    backend = WorkspaceBackend(RecentWorkspaces(tmp_path))
    first = backend.open(tmp_path / "a.reconcile", create=True)
    second = backend.open(tmp_path / "b.reconcile", create=True)
    assert (first.invoices, first.lines, second.decisions) == ((), (), ())
    assert backend.path == tmp_path / "b.reconcile"
    assert backend.recent.paths()[:2] == [tmp_path / "b.reconcile", tmp_path / "a.reconcile"]
    again = backend.open(tmp_path / "b.reconcile")  # the same file again: not "in use"
    assert again.path == tmp_path / "b.reconcile"
    backend.close()


def test_no_workspace_open_is_a_refusal_saying_to_open_one(tmp_path: Path) -> None:
    backend = WorkspaceBackend(RecentWorkspaces(tmp_path))
    with pytest.raises(NoWorkspaceError, match="no workspace is open: create or open one") as no:
        backend.record(_decision())
    assert isinstance(no.value, Refusal)
    assert no.value.refused is Refused.NO_WORKSPACE


def test_a_workspace_closed_behind_the_backend_s_back_is_a_bug_not_none_open(
    tmp_path: Path,
) -> None:
    """A workspace is closed only by the backend, which lets go of it then: one held but
    closed is the code's mistake, and saying "no workspace is open: create or open one"
    (a refusal, without a traceback) would hide it."""
    backend = WorkspaceBackend(RecentWorkspaces(tmp_path))
    backend.open(tmp_path / "books.reconcile", create=True)
    backend.workspace.close()
    with pytest.raises(WorkspaceClosedError) as closed:
        backend.record(_decision())
    assert not isinstance(closed.value, Refusal)
