"""Opening a workspace is all or nothing, through the real services and real files.

``open_workspace`` made the file current, then read more of it (its providers' fetch
records, its statements, its settings): a failure there left the new file current, its
path set, the statements imported this session cleared and its period change forgotten,
while the window, told the open failed, went on showing the workspace before. Everything is
now read before the file is made current: a failure closes it and leaves the workspace
open before (or none) as it was. The failure is real: a fetch record damaged by another
program, which the workspace refuses as it reads it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.domain import CancelToken, Decision, DecisionKind, no_progress
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.workspace import Workspace, WorkspaceCorruptError
from tests.ui.engine_window import engine_services
from tests.workspace.damage import NOVEMBER, damaged_fetch_record
from tests.workspace.factories import PROVIDER, full_invoice, line, sha


def _book(path: Path) -> Path:
    """A sound workspace holding a statement and an invoice."""
    with Workspace.create(path) as workspace:
        workspace.save_invoices(PROVIDER, [full_invoice("INV-1")])
        workspace.add_statement(
            "march.csv", sha("march"), {"format": "csv"}, [line(2, "-100.00", day=2)]
        )
    return path


def _refused(services: EngineServices, path: Path) -> WorkspaceCorruptError:
    with pytest.raises(WorkspaceCorruptError) as refused:
        services.open_workspace(path)
    said = str(refused.value)
    assert said.startswith(f"workspace {path} is damaged and cannot be opened (")
    assert "the fetch record of Elevate is unreadable" in said
    return refused.value


def test_a_workspace_failing_as_it_opens_leaves_the_one_open_before_current(
    tmp_path: Path,
) -> None:
    services = engine_services(tmp_path)
    book = _book(tmp_path / "book.reconcile")
    damaged = damaged_fetch_record(tmp_path / "damaged.reconcile")
    try:
        opened = services.open_workspace(book)
        _refused(services, damaged)

        assert services.workspace_path() == book
        # The workspace before still takes decisions, into its own file.
        services.record_decision(
            Decision(DecisionKind.ACCEPT, (opened.invoices[0].key,), (opened.lines[0].key,))
        )
    finally:
        services.workspace.close()
    with Workspace.open(book) as workspace:
        assert [e.decision.kind for e in workspace.audit()] == [DecisionKind.ACCEPT]
    # The damaged file was closed (not left "in use"), and its period change not forgotten.
    with Workspace.open(damaged) as workspace:
        change = workspace.period_change()
        assert change is not None
        assert change.after == NOVEMBER


def test_with_none_open_before_none_is_open_after_and_the_sessions_statements_stay(
    tmp_path: Path,
) -> None:
    services = engine_services(tmp_path)
    statement = tmp_path / "march.csv"
    statement.write_text("Date,Amount,Description\n2025-03-02,-100.00,Shop\n", "utf-8")
    services.import_statement(statement, None, no_progress, CancelToken())
    damaged = damaged_fetch_record(tmp_path / "damaged.reconcile")

    _refused(services, damaged)

    assert services.workspace_path() is None
    assert services.recent_workspaces() == []  # not among those opened
    # The statement imported this session is still held: imported again, it is the same.
    again = services.import_statement(statement, None, no_progress, CancelToken())
    assert (again.lines, again.same_file_as) == ((), "march.csv")
