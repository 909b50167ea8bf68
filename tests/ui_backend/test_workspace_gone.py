"""The window's engine side, without Qt, when the open workspace's file is removed or
replaced: it says so (``workspace_gone``), refuses each change as the refusal it is, and
a copy saved (``save_workspace_copy``) holds everything and is the workspace from then
on: decisions, imports and the recent list go on in it."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.domain import CancelToken, Decision, DecisionKind, InvoiceKey, no_progress
from desktop_app.refusal import Refusal
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.backend.provider_settings import ProviderSettings
from desktop_app.ui.backend.workspace_backend import WorkspaceBackend
from desktop_app.ui.services import WorkspaceGone
from desktop_app.workspace import RecentWorkspaces, Workspace, WorkspaceGoneError


def _statement(folder: Path, name: str, day: int) -> Path:
    path = folder / name
    path.write_text(
        f"Date,Amount,Description\n2026-01-{day:02d},-10.00,COFFEE\n2026-01-{day + 1:02d},"
        "-20.00,TEA\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def services(tmp_path: Path) -> Iterator[EngineServices]:
    engine = EngineServices(
        ProviderSettings(tmp_path / "providers.toml"), WorkspaceBackend(RecentWorkspaces(tmp_path))
    )
    engine.open_workspace(tmp_path / "month.reconcile", create=True)
    yield engine
    asyncio.run(engine.aclose())


def _reject(services: EngineServices, row: int) -> int:
    [line] = [line for line in services.workspace.workspace.load_lines() if line.row == row]
    return services.record_decision(
        Decision(DecisionKind.REJECT, (InvoiceKey("Elevate", "17"),), (line.key,), user="ann")
    )


def test_a_removed_file_is_said_refused_and_kept_by_a_copy(
    services: EngineServices, tmp_path: Path
) -> None:
    path = tmp_path / "month.reconcile"
    services.import_statement(_statement(tmp_path, "jan.csv", 5), None, no_progress, CancelToken())
    _reject(services, 2)
    assert services.workspace_gone() is None
    os.remove(path)

    assert services.workspace_gone() == WorkspaceGone(path, "removed or moved away")
    with pytest.raises(WorkspaceGoneError) as refused:
        _reject(services, 3)
    assert isinstance(refused.value, Refusal)  # the accountant's to act on, not a bug
    with pytest.raises(WorkspaceGoneError):
        services.import_statement(
            _statement(tmp_path, "feb.csv", 9), None, no_progress, CancelToken()
        )

    copy = tmp_path / "kept" / "month.reconcile"
    copy.parent.mkdir()
    assert services.save_workspace_copy(copy) == copy
    assert services.workspace_gone() is None
    assert services.workspace_path() == copy
    assert services.recent_workspaces()[0] == copy
    _reject(services, 3)  # refused before, made in the copy
    services.import_statement(_statement(tmp_path, "feb.csv", 9), None, no_progress, CancelToken())
    asyncio.run(services.aclose())
    with Workspace.open(copy) as opened:
        assert opened.statement_files() == ("jan.csv", "feb.csv")
        assert len(opened.effective_decisions()) == 2


def test_a_replaced_file_is_said_replaced(services: EngineServices, tmp_path: Path) -> None:
    path = tmp_path / "month.reconcile"
    other = tmp_path / "other.reconcile"
    Workspace.create(other).close()
    os.replace(other, path)
    assert services.workspace_gone() == WorkspaceGone(path, "replaced by another file")


def test_no_workspace_open_is_nothing_gone(tmp_path: Path) -> None:
    engine = EngineServices(
        ProviderSettings(tmp_path / "providers.toml"), WorkspaceBackend(RecentWorkspaces(tmp_path))
    )
    assert engine.workspace_gone() is None
