"""Removing a statement whose stored records were changed outside the application.

``remove_statement`` read the decisions on the statement's lines and the lines standing in
for its shared movements without the workspace's guard: a decision's time that is no
time came out as a bare ``ValueError``, and a stand-in's unreadable amount as the store's
``StoredValueError``, neither naming the workspace. Now each is the workspace's
``WorkspaceCorruptError``, naming the file and the record, and the removal is all or
nothing: not a row of the workspace is changed by the one that failed. The removal
question (``decisions_on_statement``) reads the same decisions and says the same.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop_app.domain import DecisionKind
from desktop_app.workspace import Workspace, WorkspaceCorruptError
from tests.workspace.factories import PROVIDER, decision, full_invoice, line, sha

LAYOUT = {"format": "csv"}
Contents = dict[str, list[tuple[object, ...]]]


def _held(path: Path) -> Path:
    """march.csv (rows 2 to 4) and late.csv, which repeats march.csv's row 4 (stored once,
    under march.csv: late.csv's copy stands in for it when march.csv is removed), with an
    accept on march.csv's row 2."""
    with Workspace.create(path) as workspace:
        workspace.save_invoices(PROVIDER, [full_invoice("INV-1"), full_invoice("INV-2")])
        march = [line(row, f"-{row}.00", day=row, description=f"Shop {row}") for row in (2, 3, 4)]
        workspace.add_statement("march.csv", sha("march"), LAYOUT, march)
        late = [
            line(2, "-4.00", source_file="late.csv", day=4, description="Shop 4"),
            line(3, "-9.00", source_file="late.csv", day=9, description="Shop 9"),
        ]
        outcome = workspace.add_statement("late.csv", sha("late"), LAYOUT, late)
        assert outcome.skipped_duplicates == 1
        workspace.record_decision(decision(DecisionKind.ACCEPT, ("INV-1",), (2,)))
    return path


def _damage(path: Path, sql: str) -> None:
    """``sql`` run by another program, which steps past the audit trail's append-only
    triggers (dropped, then made again as they were)."""
    connection = sqlite3.connect(path)
    with connection:
        triggers = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
        ).fetchall()
        for name, _ in triggers:
            connection.execute(f'DROP TRIGGER "{name}"')
        assert connection.execute(sql).rowcount == 1
        for _, made in triggers:
            connection.execute(made)
    connection.close()


def _contents(path: Path) -> Contents:
    """Every row of every table of the file, as another program reads it."""
    connection = sqlite3.connect(path)
    try:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {
            table: sorted(connection.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
            for table in tables
        }
    finally:
        connection.close()


DAMAGES = [
    pytest.param(
        "UPDATE decisions SET at = 'last Tuesday'",
        "decision #1: Invalid isoformat string: 'last Tuesday'",
        id="a decision's time",
    ),
    pytest.param(
        "UPDATE repeated_lines SET amount = 'four pounds'",
        "statement line late.csv row 2: a stored number is not a number",
        id="the line standing in",
    ),
]


@pytest.mark.parametrize(("damage", "named"), DAMAGES)
def test_a_damaged_record_refuses_the_removal_naming_it_and_changes_nothing(
    tmp_path: Path, damage: str, named: str
) -> None:
    path = _held(tmp_path / "month.reconcile")
    _damage(path, damage)
    with Workspace.open(path):  # what opening alone does to the file (its indexes)
        pass
    before = _contents(path)
    with Workspace.open(path) as workspace, pytest.raises(WorkspaceCorruptError) as refused:
        workspace.remove_statement("march.csv", user="alice")
    message = str(refused.value)
    assert message.startswith(f"workspace {path} is damaged and cannot be opened (")
    assert f"({named})" in message
    assert _contents(path) == before  # all or nothing: not a row changed


def test_the_removal_question_names_a_damaged_decision_too(tmp_path: Path) -> None:
    path = _held(tmp_path / "month.reconcile")
    _damage(path, "UPDATE decisions SET at = 'last Tuesday'")
    with Workspace.open(path) as workspace, pytest.raises(WorkspaceCorruptError) as refused:
        workspace.decisions_on_statement("march.csv")
    assert "decision #1: Invalid isoformat string: 'last Tuesday'" in str(refused.value)
    assert str(path) in str(refused.value)


def test_an_undamaged_workspace_still_removes_as_before(tmp_path: Path) -> None:
    path = _held(tmp_path / "month.reconcile")
    with Workspace.open(path) as workspace:
        removed = workspace.remove_statement("march.csv", user="alice")
        assert (removed.lines_removed, removed.decisions_withdrawn) == (3, 1)
        assert [kept.key.source_file for kept in removed.kept_lines] == ["late.csv"]
        assert workspace.statement_files() == ("late.csv",)
