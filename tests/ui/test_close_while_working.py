"""Closing the window while a fetch runs, through the real window and engine against the
sandbox: it asks first; Stop and close keeps what Cancel keeps (the providers that had
finished, saved) and closes only once the fetch has ended; Keep working leaves the window
open and the fetch running."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.tasks import WhenClosed
from desktop_app.workspace import Workspace
from tests.ui.engine_window import engine_window
from tests.ui.fakes import ScriptedDialogs

pytestmark = pytest.mark.sandbox


def _finished_providers(services: EngineServices) -> list[str]:
    """The "<provider>: N invoices fetched" messages, as the engine reports them."""
    finished: list[str] = []
    fetch = services.fetcher.fetch

    async def watched(date_from, date_to, progress, cancel, *waiting):  # type: ignore[no-untyped-def]
        def spy(done: int, total: int | None, message: str) -> None:
            if message.endswith("invoices fetched"):
                finished.append(message)
            progress(done, total, message)

        return await fetch(date_from, date_to, spy, cancel, *waiting)

    services.fetcher.fetch = watched  # type: ignore[method-assign]
    return finished


def _asked_to_close(dialogs: ScriptedDialogs) -> list[tuple[WhenClosed, ...]]:
    return [args[0] for name, args in dialogs.asked if name == "stop_and_close"]


def test_stop_and_close_during_a_fetch_keeps_the_providers_that_had_finished(
    qtbot, demo, runner, tmp_path: Path, event_loop_qt: asyncio.AbstractEventLoop
) -> None:
    sandbox, services = demo
    sandbox.faults.inject("elevate", "slow", path_contains="/invoices", delay=30.0)
    finished = _finished_providers(services)
    workspace = tmp_path / "month-end.reconcile"
    dialogs = ScriptedDialogs(stop_and_close=[True])
    with engine_window(
        qtbot, runner, tmp_path, dialogs, services=services, workspace=workspace
    ) as window:
        window.fetch_action.trigger()
        qtbot.waitUntil(lambda: len(finished) == 2, timeout=60_000)
        assert window.runner.active(), "Elevate Billing is still waiting for its answer"

        window.close()

        assert not window.isVisible()
        # The fetch has ended, its save with it, before the window said it closed (the
        # application closes the workspace then): nothing of it is left to run.
        assert not [task for task in asyncio.all_tasks(event_loop_qt) if not task.done()]
        assert not window.runner.working
    with Workspace.open(workspace) as reopened:
        kept = {invoice.provider for invoice in reopened.load_invoices()}
    assert kept == {"Content Ignite", "Versori"}


def test_keep_working_leaves_the_window_open_and_the_fetch_running(
    qtbot, demo, runner, tmp_path: Path, event_loop_qt
) -> None:
    sandbox, services = demo
    sandbox.faults.inject("elevate", "slow", path_contains="/invoices", delay=30.0)
    finished = _finished_providers(services)
    dialogs = ScriptedDialogs(stop_and_close=[False])
    with engine_window(
        qtbot,
        runner,
        tmp_path,
        dialogs,
        services=services,
        workspace=tmp_path / "month-end.reconcile",
    ) as window:
        window.fetch_action.trigger()
        qtbot.waitUntil(lambda: len(finished) == 2, timeout=60_000)

        window.close()

        [running] = _asked_to_close(dialogs)
        assert [task.running for task in running] == ["a fetch"]
        assert window.isVisible()
        [fetch] = window.runner.active()
        assert fetch.name == "Fetching invoices"
        assert not fetch.cancelled
        # and the work goes on as before: Cancel still keeps the finished providers
        with qtbot.waitSignal(window.session.invoices_changed, timeout=30_000):
            qtbot.mouseClick(window.task_status.cancel_button, Qt.MouseButton.LeftButton)
        assert {i.provider for i in window.session.invoices} == {"Content Ignite", "Versori"}


def test_closing_with_nothing_running_asks_nothing(
    qtbot, demo, runner, tmp_path: Path, event_loop_qt
) -> None:
    _, services = demo
    dialogs = ScriptedDialogs()
    with engine_window(
        qtbot,
        runner,
        tmp_path,
        dialogs,
        services=services,
        workspace=tmp_path / "month-end.reconcile",
    ) as window:
        qtbot.waitUntil(lambda: not window.runner.active(), timeout=60_000)
        window.close()
        assert not _asked_to_close(dialogs)
        assert not window.isVisible()
