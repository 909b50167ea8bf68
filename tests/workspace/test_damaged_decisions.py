"""A decision changed outside the application is the damaged workspace it is, named.

Only the statement removal read decisions under the workspace's guard: the matcher's
``effective_decisions``, the audit trail, recording a decision and undoing one raised the
store's bare ``StoredValueError``, naming neither the workspace nor how to act on it. Now
the guard is where the workspace reads and writes, so every reader says the same, and a
refused change leaves the file as it was.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop_app.domain import DecisionKind
from desktop_app.workspace import Workspace, WorkspaceCorruptError
from tests.workspace.damage import damaged_decision_time
from tests.workspace.factories import decision

NAMED = "decision #1: Invalid isoformat string: 'last Tuesday'"


def _rows(path: Path) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT * FROM decisions ORDER BY id").fetchall()
    finally:
        connection.close()


READERS: list[object] = [
    pytest.param(lambda workspace: workspace.effective_decisions(), id="effective_decisions"),
    pytest.param(lambda workspace: workspace.audit(), id="audit"),
    pytest.param(
        lambda workspace: workspace.record_decision(
            decision(DecisionKind.UNMATCH, ("INV-1",), (2,))
        ),
        id="record_decision",
    ),
    pytest.param(
        lambda workspace: workspace.record_decisions(
            [decision(DecisionKind.REJECT, ("INV-1",), (3,))]
        ),
        id="record_decisions",
    ),
    pytest.param(lambda workspace: workspace.undo(1), id="undo"),
]


@pytest.mark.parametrize("use", READERS)
def test_every_reader_of_a_damaged_decision_names_the_workspace(
    tmp_path: Path, use: Callable[[Workspace], object]
) -> None:
    path = damaged_decision_time(tmp_path / "book.reconcile")
    before = _rows(path)
    with Workspace.open(path) as workspace, pytest.raises(WorkspaceCorruptError) as refused:
        use(workspace)
    message = str(refused.value)
    assert message.startswith(f"workspace {path} is damaged and cannot be opened (")
    assert f"({NAMED})" in message
    assert refused.value.path == path
    assert _rows(path) == before  # nothing recorded beside the damage
